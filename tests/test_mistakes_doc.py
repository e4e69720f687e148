"""docs/mistakes.md names every catalogued mistake with a real example: this test keeps the
two in step (run ``python tests/test_mistakes_doc.py`` to print the sections afresh)."""

import re

import numpy as np

from gradcli.checks.worksheet import CODES, KINDS
from gradcli.core.arrays import format_value
from gradcli.core.numfmt import number_formatter
from support import ROOT
from test_worksheet_diagnosis import CIRCUITS, INJECTED, graded

FMT = number_formatter(3)
DOC = ROOT / "docs" / "mistakes.md"


def example(code: str):
    return next((c, s) for c, s, _ in INJECTED if s.code == code)


def section(code: str) -> str:
    """A code's section: what it means and one example the diagnosis really names."""
    circuit, slip = example(code)
    text, point = CIRCUITS[circuit]
    mark = graded(circuit, slip)[3].first_wrong
    m = mark.mistake
    shown_point = ", ".join(f"{k} = {format_value(np.asarray(v, dtype=float))}"
                            for k, v in point.items())
    return "\n".join([
        f"## `{code}`", "", CODES[code].meaning[0].upper() + CODES[code].meaning[1:] + ".", "",
        f"- circuit: `{text}` at {shown_point}",
        f"- the student writes: {m.node} {m.field} = {format_value(mark.given, FMT)} "
        f"(right: {format_value(mark.truth, FMT)})",
        f"- gradcli names it: `{m.node} {m.field}: {code} at {m.gate}`",
        f"- hint: {m.hint}", ""])


def test_every_code_has_a_section_in_catalogue_order():
    doc = DOC.read_text()
    assert re.findall(r"^## `([a-z-]+)`$", doc, flags=re.M) == [kind.code for kind in KINDS]


def test_every_example_is_what_the_check_says():
    doc = DOC.read_text()
    for kind in KINDS:
        assert section(kind.code) in doc, kind.code


if __name__ == "__main__":
    print("\n".join(section(kind.code) for kind in KINDS))
