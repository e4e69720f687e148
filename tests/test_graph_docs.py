"""README.md and docs/graph.md show what ``gradcli graph`` really does."""

import html
import re
import shlex
import shutil
from collections import Counter
from pathlib import Path

import pytest

from support import require_program
from test_cli import strip_right

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()
GRAPH_DOC = (ROOT / "docs" / "graph.md").read_text()
PICTURE_COMMAND = ('gradcli graph "1/(1+exp(-(w0*x0+w1*x1+w2)))" --w0 2 --x0 -1 --w1 -3 '
                   "--x1 -2 --w2 -3 --digits 2 --format svg -o docs/sigmoid.svg")


def shown_runs(text):
    """Each ``$ gradcli ...`` line of a code block and the output pasted under it."""
    for block in re.findall(r"```\n(.*?)```", text, re.S):
        if block.startswith("$ gradcli graph"):
            command, _, output = block.partition("\n")
            yield shlex.split(command[2:])[1:], output


@pytest.mark.parametrize("doc", ["README.md", "docs/graph.md"])
def test_pasted_graph_output_is_real(cli, doc, monkeypatch):
    # The only picture shown as text is the error without Graphviz.
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    runs = list(shown_runs((ROOT / doc).read_text()))
    assert runs
    for args, output in runs:
        if not output:  # a command shown without its output
            continue
        result = cli(*args, env={"COLUMNS": "80"})
        assert strip_right(result.stdout + result.stderr) == output, args


def test_graph_doc_lists_every_graph_option():
    from gradcli.cli.graph_cmd import graph_command

    for param in graph_command.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("-"):
                assert f"`{opt}" in GRAPH_DOC, opt


def coloured_texts(svg):
    return Counter((colour, html.unescape(text)) for colour, text in
                   re.findall(r'<text [^>]*fill="(#[0-9a-f]+)"[^>]*>([^<]*)</text>', svg))


def test_readme_picture_is_what_the_documented_command_draws(cli, tmp_path):
    require_program("dot")
    assert "![" in README and "](docs/sigmoid.svg)" in README
    assert PICTURE_COMMAND in README and PICTURE_COMMAND in GRAPH_DOC
    args = shlex.split(PICTURE_COMMAND)[1:-1] + [str(tmp_path / "sigmoid.svg")]
    assert cli(*args).exit_code == 0
    committed = (ROOT / "docs" / "sigmoid.svg").read_text()
    # Graphviz versions place things differently; the labels and their colours must agree.
    assert coloured_texts(committed) == coloured_texts((tmp_path / "sigmoid.svg").read_text())
    assert ("#008000", "0.73") in coloured_texts(committed)
    assert ("#cc0000", "-0.59") in coloured_texts(committed)
