"""README.md and docs/graph.md show what ``gradcli graph`` really does."""

import html
import re
import shlex
from collections import Counter
from pathlib import Path


from support import require_program

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()
GRAPH_DOC = (ROOT / "docs" / "graph.md").read_text()
PICTURE_COMMAND = ('gradcli graph "1/(1+exp(-(w0*x0+w1*x1+w2)))" --w0 2 --x0 -1 --w1 -3 '
                   "--x1 -2 --w2 -3 --digits 2 --format svg -o docs/sigmoid.svg")


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
