"""Worksheet pictures (SVG, PNG through Graphviz): the lecture's circuit with two boxes on
each node's wire, the forward value above and the gradient below.

The blank has empty boxes (an input's value filled in), the key every number; a graded
worksheet shows the student's numbers, each marked ✓ correct, ≈ consistent (follows from
an earlier wrong number), ✗ wrong or ? blank, with wrong wires drawn red and consistent
ones orange and dashed. A node whose value fans out carries its boxes on the wire into
its branch point; the branches themselves stay bare.
"""

from __future__ import annotations

import html

from ..api import Result
from ..checks.worksheet import CONSISTENT, CORRECT, MISSING, WRONG, Sheet, WorksheetReport
from ..core.arrays import format_value
from .circuit import NODE
from .drawing import GRAD_COLOR, VALUE_COLOR
from .picture import picture
from .worksheet_sheet import sheet_numbers

WRONG_COLOR = "#cc0000"
CONSISTENT_COLOR = "#e08000"
MISSING_COLOR = "#888888"
MARKS = {CORRECT: ("✓", VALUE_COLOR), CONSISTENT: ("≈", CONSISTENT_COLOR),
         WRONG: ("✗", WRONG_COLOR), MISSING: ("?", MISSING_COLOR)}
_BARE = 'label=""'


def _cell(text: str, color: str, border: str) -> str:
    shown = f'<FONT COLOR="{color}">{html.escape(text)}</FONT>' if text else " "
    return (f'<TR><TD BORDER="1" COLOR="{border}" WIDTH="52" HEIGHT="20">{shown}</TD></TR>')


def _boxes(top: tuple[str, str, str], bottom: tuple[str, str, str]) -> str:
    """Two boxes, each (text, text colour, border colour), as a Graphviz HTML label."""
    return (f'label=<<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="2">'
            f"{_cell(*top)}{_cell(*bottom)}</TABLE>>")


def sheet_attributes(sheet: Sheet, digits: int | None = None):
    """The wires of a blank (or key): each node's boxes on its own wire."""
    fmt = sheet_numbers(sheet, digits)
    rows = sheet.rows

    def attributes(start, end, wire):
        if start[0] != NODE:
            return _BARE
        row = rows[start[1]]
        shown = ["" if v is None else format_value(v, fmt) for v in (row.value, row.grad)]
        return _boxes((shown[0], VALUE_COLOR, VALUE_COLOR), (shown[1], GRAD_COLOR, GRAD_COLOR))

    return attributes


def _drawn(fmt: str, marks):
    """A renderer of ``fmt`` for a sheet or a report, its wires drawn by ``marks``."""
    def draw(shown, digits: int | None = None):
        return picture(Result(shown.graph, shown.trace, None), fmt, digits, marks(shown, digits))

    return draw


def graded_attributes(report: WorksheetReport, digits: int | None = None):
    """The wires of a graded worksheet: the student's numbers marked, wrong wires red."""
    from ..core.numfmt import number_formatter

    fmt = number_formatter(digits)
    marks = {(m.node, m.field): m for m in report.grading.marks}

    def attributes(start, end, wire):
        if start[0] != NODE:
            return _BARE
        node = report.graph.nodes[start[1]].id
        pair = [marks[(node, "value")], marks[(node, "grad")]]
        cells = [_marked(mark, fmt) for mark in pair]
        statuses = {mark.status for mark in pair}
        style = ""
        if WRONG in statuses:
            style = f', color="{WRONG_COLOR}", penwidth=2.5'
        elif CONSISTENT in statuses:
            style = f', color="{CONSISTENT_COLOR}", style=dashed, penwidth=1.8'
        return _boxes(*cells) + style

    return attributes


def _marked(mark, fmt) -> tuple[str, str, str]:
    symbol, color = MARKS[mark.status]
    number = "" if mark.given is None else format_value(mark.given, fmt)
    border = WRONG_COLOR if mark.status == WRONG else "#000000"
    return (f"{number} {symbol}".strip(), color, border)


sheet_svg, sheet_png = _drawn("svg", sheet_attributes), _drawn("png", sheet_attributes)
graded_svg, graded_png = _drawn("svg", graded_attributes), _drawn("png", graded_attributes)
