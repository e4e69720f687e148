"""The README and docs say what the code does."""

import json
import re
import shlex
from pathlib import Path

import click
import pytest

ROOT = Path(__file__).parent.parent


def readme_commands():
    return re.findall(r"```\n(python3 -m venv .*)\n```", (ROOT / "README.md").read_text())


def test_readme_starts_with_the_two_setup_commands():
    install_and_run, install_and_test = readme_commands()[:2]
    assert install_and_run.endswith('gradcli eval "(x+y)*z" --x -2 --y 5 --z -4')
    assert install_and_test.endswith("python -m pytest")


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert readme_commands()[1] in ci.splitlines()


def test_readme_tour_output_is_real(cli):
    readme = (ROOT / "README.md").read_text()
    block = readme.split('$ gradcli eval "(x+y)*z" --x -2 --y 5 --z -4\n', 1)[1].split("```")[0]
    result = cli("eval", "(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4")
    assert "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n" == block


def test_json_doc_example_is_real_output(cli):
    doc = (ROOT / "docs" / "json.md").read_text()
    example = json.loads(doc.split("```json\n", 1)[1].split("```")[0])
    result = cli("eval", "(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4", "--format", "json")
    assert json.loads(result.stdout) == example


def test_usage_doc_lists_every_eval_option():
    from gradcli.cli.eval_cmd import eval_command

    usage = (ROOT / "docs" / "usage.md").read_text()
    for param in eval_command.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--"):
                assert f"`{opt}" in usage, opt


def shown_runs(path: Path, heading: str | None = None):
    """(command, output) of each ```-block that starts with ``$ gradcli``, under ``heading``."""
    text = path.read_text()
    if heading is not None:
        text = text.split(heading, 1)[1].split("\n## ", 1)[0]
    for block in re.findall(r"```\n\$ (gradcli [^\n]*)\n(.*?)```", text, re.S):
        yield block


WALKTHROUGH = list(shown_runs(ROOT / "README.md", "## Learning backprop with gradcli"))
DOC_RUNS = [run for doc in ("explain.md", "exact.md", "latex.md", "vectors.md")
            for run in shown_runs(ROOT / "docs" / doc)]


@pytest.mark.parametrize("command, shown", WALKTHROUGH + DOC_RUNS,
                         ids=[c for c, _ in WALKTHROUGH + DOC_RUNS])
def test_shown_output_is_real(cli, command, shown):
    result = cli(*shlex.split(command)[1:])
    assert "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n" == shown


def test_walkthrough_is_there():
    assert len(WALKTHROUGH) == 4


@pytest.mark.parametrize("command", ["explain", "ops"])
def test_usage_doc_lists_every_option_of(command):
    from gradcli.cli import main

    usage = (ROOT / "docs" / "usage.md").read_text()
    for param in main.get_command(click.Context(main), command).params:
        for opt in getattr(param, "opts", []) + getattr(param, "secondary_opts", []):
            if opt.startswith("--"):
                assert f"`{opt}" in usage, (command, opt)
