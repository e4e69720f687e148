"""The README and docs say what the code does."""

import json
import re
from pathlib import Path

import click
import pytest

from support import doc_examples

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


def test_walkthrough_is_there():
    assert len(list(doc_examples([ROOT / "README.md"], "## Learning backprop with gradcli"))) == 4


@pytest.mark.parametrize("command", ["explain", "ops"])
def test_usage_doc_lists_every_option_of(command):
    from gradcli.cli import main

    usage = (ROOT / "docs" / "usage.md").read_text()
    for param in main.get_command(click.Context(main), command).params:
        for opt in getattr(param, "opts", []) + getattr(param, "secondary_opts", []):
            if opt.startswith("--"):
                assert f"`{opt}" in usage, (command, opt)
