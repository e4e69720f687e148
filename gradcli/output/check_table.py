"""Rich renderables for ``gradcli check``. Pure functions of the results: no printing.

User text (formulas, ids, messages) goes in ``Text`` objects, never in markup.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..api import CheckReport
from ..cases import CaseResult
from ..core.status import ERROR, FAIL, INVALID, KINK, PASS, UNDECIDED, UNDEFINED
from ..errors import printable, terminal_safe
from ..checks.items import CheckItem
from ..core.arrays import format_value
from ..core.numfmt import format_number, number_formatter
from .table import title as result_title
from .worksheet_report import worksheet_details

_MARKS = {
    PASS: ("✓ pass", "bold green"),
    FAIL: ("✗ FAIL", "bold red"),
    KINK: ("~ kink", "yellow"),
    UNDEFINED: ("? undefined", "bold red"),
    UNDECIDED: ("? undecided", "bold red"),
    INVALID: ("? invalid", "bold yellow"),
    ERROR: ("! error", "bold red"),
}


def _cell(x: float | str | None, shown=format_number) -> Text:
    if x is None:
        return Text("—")
    return Text(x if isinstance(x, str) else format_value(x, shown, rows=True))


def _answer_cells(item: CheckItem, shown=format_number) -> tuple[Text, Text]:
    """Expected and computed: as given and exact in exact mode, else numbers or formulas
    (computed numbers to ``--digits``; a student's expected number as it was written)."""
    if item.exact_computed is not None:
        return Text(item.given), Text(item.exact_computed)
    computed_both = item.kind in ("sympy", "numeric")  # backprop against SymPy or differences
    return _cell(item.expected, shown if computed_both else format_number), \
        _cell(item.computed, shown)


def _error_cell(item: CheckItem) -> Text:
    text = "—" if item.error is None else f"{item.error:.1e}"
    if item.verdict:
        text += f" ({item.verdict})"
    return Text(text)


def _mark(status: str) -> Text:
    mark, style = _MARKS.get(status, (status, "yellow"))
    return Text(mark, style=style)


def _point(report: CheckReport) -> str:
    inputs = report.result.inputs
    return ", ".join(f"{k} = {format_value(v)}" for k, v in inputs.items())


def check_table(report: CheckReport, digits: int | None = None) -> Group:
    result = report.result
    title = result_title(result)
    if result.inputs:
        title += f" at {_point(report)}"
    if any(item.exact_computed is not None for item in report.items):
        title += " (exact)"
    table = Table(title=Text(title), title_justify="left")
    numbers = "left" if result.arrays else "right"  # a matrix's rows line up on the left
    shown = number_formatter(digits)
    for column, justify in (("what", "left"), ("expected", numbers), ("computed", numbers),
                            ("error", "right"), ("result", "left")):
        table.add_column(column, justify=justify)
    for item in report.items:
        table.add_row(Text(item.what), *_answer_cells(item, shown), _error_cell(item),
                      _mark(item.status))
    lines = [Text(item.message, style="red") for item in report.failures]
    return Group(table, *lines, _verdict_line(report))


def _verdict_line(report: CheckReport) -> Text:
    total, failed = len(report.items), len(report.failures)
    if total == 1:
        return Text("the check FAILED", style="bold red") if failed else Text(
            "the check passed", style="green")
    if not failed:
        return Text(f"all {total} checks passed", style="green")
    return Text(f"{failed} of {total} checks FAILED", style="bold red")


def _case_details(case: CaseResult) -> Text:
    if case.status in (ERROR, INVALID):
        return Text(terminal_safe(str(case.error).splitlines()[0]))
    if case.worksheet is not None:
        return worksheet_details(case.worksheet)
    report = case.report
    if case.status == PASS:
        total = len(report.items)
        return Text(f"{total} check{'s' if total != 1 else ''} passed")
    return Text("\n".join(item.message for item in report.failures))


def cases_table(results: Iterable[CaseResult]) -> Iterator[Table]:
    table = Table(title=Text("homework checks"), title_justify="left")
    for column in ("line", "id", "result", "details"):
        table.add_column(column, justify="right" if column == "line" else "left")
    for case in results:
        shown_id = "" if case.id is None else printable(case.id_text or str(case.id), limit=60)
        table.add_row(str(case.line), Text(shown_id), _mark(case.status), _case_details(case))
    yield table
