"""A graded worksheet as JSON and as a table: pure functions of a ``WorksheetReport``.

JSON keys (docs/worksheets.md) are a contract: add freely, never rename or remove.
The ``worksheet`` object holds ``first_wrong``, ``mistakes`` (in the order the walk meets
them) and each node's two statuses; ``items`` has one entry per number for graders.
"""

from __future__ import annotations


from ..checks.worksheet import (CONSISTENT, CORRECT, MISSING, WRONG, WorksheetReport, items,
                                worked)
from ..core.arrays import format_value, to_json
from ..core.numfmt import json_number, number_formatter
from .json_text import dumps


def mistake_dicts(report: WorksheetReport) -> list[dict]:
    """The mistakes at the report's feedback level: none hides them, hint drops the number."""
    if report.feedback == "none":
        return []
    out = []
    for mark in report.grading.marks:
        if mark.mistake is None:
            continue
        m = mark.mistake
        entry = {"node": m.node, "field": m.field, "gate": m.gate, "code": m.code,
                 "hint": m.hint}
        if report.feedback == "full":
            entry["expected"] = to_json(mark.truth)
        out.append(entry)
    return out


def worksheet_dict(report: WorksheetReport) -> dict:
    grading = report.grading
    first = grading.first_wrong
    statuses: dict[str, dict[str, str]] = {node.id: {} for node in report.graph.nodes}
    for mark in grading.marks:
        statuses[mark.node][mark.field] = mark.status
    return {"first_wrong": None if first is None else {"node": first.node,
                                                       "field": first.field},
            "mistakes": mistake_dicts(report),
            "nodes": {node: {"value": s["value"], "grad": s["grad"]}
                      for node, s in statuses.items()}}


def graded_dict(report: WorksheetReport) -> dict:
    graded = items(report)
    return {"expression": report.expression, "ok": report.ok,
            "follow_through": report.grading.follow_through,
            "tolerance": report.grading.tolerance.describe(),
            "points": json_number(sum(item.points for item in graded)),
            "max_points": len(graded),
            "worksheet": worksheet_dict(report),
            "items": [{"name": i.name, "points": json_number(i.points), "passed": i.passed,
                       "message": i.message} for i in graded]}


def graded_json(report: WorksheetReport, digits: int | None = None) -> str:
    return pretty_json(graded_dict(report))


LINE = 120


def pretty_json(data, indent: int = 0) -> str:
    """Indented JSON where every object or list that fits on a line stays on one (a node's
    statuses, a mistake, an item): long documents a person can still read. The depth is
    the report's own (a few levels, and an array's dimensions)."""
    one_line = dumps(data)
    if len(one_line) + indent <= LINE or not isinstance(data, (dict, list)) or not data:
        return one_line
    pad = " " * (indent + 2)
    if isinstance(data, dict):
        inner = [f"{pad}{dumps(k)}: {pretty_json(v, indent + 2)}"
                 for k, v in data.items()]
        return "{\n" + ",\n".join(inner) + "\n" + " " * indent + "}"
    inner = [pad + pretty_json(v, indent + 2) for v in data]
    return "[\n" + ",\n".join(inner) + "\n" + " " * indent + "]"


_VERDICTS = {CORRECT: ("✓", "green"), CONSISTENT: ("≈", "yellow"), WRONG: ("✗", "bold red"),
             MISSING: ("?", "dim")}


def graded_table(report: WorksheetReport, digits: int | None = None):
    """node, gate, your value, your gradient, verdict, mistake; then a summary line."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    fmt = number_formatter(digits)
    marks = {(m.node, m.field): m for m in report.grading.marks}
    table = Table(title=Text(f"worksheet: {report.expression}"), title_justify="left")
    for column in ("node", "gate", "your value", "your gradient", "verdict"):
        table.add_column(column, justify="right" if column.startswith("your") else "left")
    table.add_column("mistake", max_width=72, overflow="fold")
    for node in report.graph.nodes:
        pair = [marks[(node.id, "value")], marks[(node.id, "grad")]]
        verdict = Text()
        for mark in pair:
            symbol, style = _VERDICTS[mark.status]
            verdict.append(f"{'  ' if mark.field == 'grad' else ''}{mark.field} {symbol} "
                           f"{mark.status}", style=style)
        table.add_row(Text(node.id), Text("input" if node.op.name == "var" else node.label),
                      *(_number(mark, fmt) for mark in pair), verdict, _mistake_cell(report,
                                                                                     pair))
    return Group(table, Text(summary(report)))


def _number(mark, fmt):
    from rich.text import Text

    if mark.given is None:
        return Text("—", style="dim")
    return Text(format_value(mark.given, fmt, rows=True),
                style="bold red" if mark.status == WRONG else "")


def _mistake_cell(report: WorksheetReport, pair):
    from rich.text import Text

    found = [m for m in pair if m.mistake is not None]
    if not found or report.feedback == "none":
        return Text("")
    parts = []
    for mark in found:
        text = f"{mark.mistake.code} at {mark.mistake.gate}: {mark.mistake.hint}"
        if report.feedback == "full":
            text += f" (right: {format_value(mark.truth)})"
        parts.append(text)
    return Text("\n".join(parts), style="red")


def summary(report: WorksheetReport) -> str:
    grading = report.grading
    counts = {status: 0 for status in _VERDICTS}
    marks = worked(report)
    for mark in marks:
        counts[mark.status] += 1
    credit = "credited" if grading.follow_through else "not credited: --no-follow-through"
    head = (f"{counts[CORRECT]} correct, {counts[CONSISTENT]} consistent ({credit}), "
            f"{counts[WRONG]} wrong, {counts[MISSING]} blank of {len(marks)} numbers")
    first = grading.first_wrong
    if first is None:
        return head + ("; the worksheet passes" if report.ok else "")
    return head + f"; the first wrong number is {first.node}'s {first.field}"


def worksheet_details(report: WorksheetReport):
    """A batch table's cell: the summary, then each mistake (at the feedback level)."""
    from rich.text import Text

    lines = [summary(report)]
    lines += [f"{m['node']} {m['field']}: {m['code']} at {m['gate']}"
              for m in mistake_dicts(report)]
    return Text("\n".join(lines))
