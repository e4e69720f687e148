"""docs/homework-checks.md, docs/usage.md and README.md say what gradcli does.

Every ``$ gradcli ...`` example whose output is shown is run and compared, the
grading script in the cookbook is the file the suite runs, and its documented
output is what it prints.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from conftest import gradcli_command
from support import code_blocks

ROOT = Path(__file__).parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXAMPLES = ROOT / "docs" / "examples"


def test_the_cookbook_script_is_the_file_the_suite_runs():
    doc = (ROOT / "docs" / "homework-checks.md").read_text()
    (script,) = code_blocks(doc, "python")
    assert script == (EXAMPLES / "grade.py").read_text()
    csv_block = next(b for b in code_blocks(doc) if b.startswith("student,"))
    assert csv_block == (EXAMPLES / "answers.csv").read_text()


def test_the_grading_script_prints_the_documented_scores():
    doc = (ROOT / "docs" / "homework-checks.md").read_text()
    shown = doc.split("$ python docs/examples/grade.py docs/examples/answers.csv\n", 1)[1]
    shown = shown.split("```", 1)[0]
    env = dict(os.environ)
    bin_dir = os.path.dirname(gradcli_command()[0])
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    script, answers = str(EXAMPLES / "grade.py"), str(EXAMPLES / "answers.csv")
    proc = subprocess.run([sys.executable, script, answers], capture_output=True, text=True,
                          env=env, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == shown
    assert proc.stdout.splitlines()[0] == "alice\t5/5"


def test_the_check_json_example_is_real_output(cli):
    import json

    doc = (ROOT / "docs" / "homework-checks.md").read_text()
    example = json.loads(code_blocks(doc, "json")[0])
    result = cli("check", "(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4", "--expect", "x=-4",
                 "--expect", "z=-4", "--format", "json")
    assert json.loads(result.stdout) == example


@pytest.mark.parametrize("command", ["check", "grad", "eval"])
def test_every_option_is_documented(command):
    from gradcli.cli import main

    docs = "".join((ROOT / "docs" / name).read_text()
                   for name in ("usage.md", "homework-checks.md"))
    for param in main.get_command(click.Context(main), command).params:
        for opt in getattr(param, "opts", []) + getattr(param, "secondary_opts", []):
            if opt.startswith("--"):
                assert f"`{opt}" in docs, opt


def test_every_check_json_key_is_documented(cli):
    import json

    doc = (ROOT / "docs" / "homework-checks.md").read_text()
    result = cli("check", "relu(x)", "--x", "1", "--derivative", "x=1", "--expect", "x=1",
                 "--numeric", "--format", "json")
    data = json.loads(result.stdout)
    for key in data:
        assert f"`{key}`" in doc, key
    for item in data["checks"]:
        for key in item:
            assert f"`checks[].{key}`" in doc or f".{key}`" in doc, key


def test_every_case_key_is_documented():
    from gradcli.cases import CASE_KEYS

    doc = (ROOT / "docs" / "homework-checks.md").read_text()
    batch = doc.split("## Batch", 1)[1].split("## Cookbook", 1)[0]
    for key in CASE_KEYS:
        assert re.search(rf"^\| [^|]*`{key}`", batch, flags=re.M), key
