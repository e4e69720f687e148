"""Every ``$ gradcli ...`` example in README.md and docs/ shows real output.

The one harness for documentation examples: each command runs through the CLI in a
folder holding the files the docs' examples read, and its output (stderr's lines first,
as on a terminal, or stdout alone) must be what the doc shows: the same text, with
numbers equal to 1e-12 relative (the last digit of a NumPy/BLAS result is the machine's).
"""

import shlex
import shutil

import pytest

from support import ROOT, code_blocks, doc_examples, same_output

EXAMPLES = [pytest.param(command, output, id=f"{doc}: {command}")
            for doc, command, output in doc_examples()]


# Files the docs' examples read, each a fenced block of a doc: (doc, language, opening).
DOC_FILES = {
    "cases.jsonl": ("homework-checks.md", "", '{"id": "alice"'),
    "answer.json": ("worksheets.md", "json", '{\n  "expression"'),
    "class.jsonl": ("worksheets.md", "json", '{"id": "ana"'),
}


def file_from_the_docs(name: str) -> str:
    doc, language, opening = DOC_FILES[name]
    text = (ROOT / "docs" / doc).read_text()
    return next(b for b in code_blocks(text, language) if b.startswith(opening))


@pytest.mark.parametrize("command, output", EXAMPLES)
def test_shown_output_is_real(cli, tmp_path, monkeypatch, command, output):
    monkeypatch.chdir(tmp_path)
    for name in DOC_FILES:
        (tmp_path / name).write_text(file_from_the_docs(name))
    if "which is not on PATH" in output:  # an example of the message without Graphviz
        monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    result = cli(*shlex.split(command)[1:])
    shown = [result.stderr + result.stdout, result.stdout]
    assert any(same_output(s, output) for s in shown), result.stderr + result.stdout


def test_every_doc_with_examples_is_covered():
    docs = {param.id.split(":")[0] for param in EXAMPLES}
    assert {"README.md", "explain.md", "exact.md", "latex.md", "vectors.md", "graph.md",
            "homework-checks.md", "exit-codes.md", "worksheets.md"} <= docs


@pytest.mark.parametrize("actual, shown, same", [
    ("x\t-0.11200000000000003\n", "x\t-0.11200000000000002\n", True),  # BLAS's last digit
    ("│ 0.26000000000000006 │\n", "│ 0.26 │\n", True),  # and the padding that follows it
    ("x\t-0.112\n", "x\t-0.113\n", False),
    ("∂f/∂x = 3\n", "∂f/∂y = 3\n", False),
    ("a 1 b\n", "a 1\n", False),
])
def test_the_comparison_tolerates_only_the_last_digits(actual, shown, same):
    assert same_output(actual, shown) is same
