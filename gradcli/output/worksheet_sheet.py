"""The worksheet to hand out (blank, or the answer key) as JSON, CSV, Markdown or LaTeX:
pure ``(sheet, digits=None) -> str``.

JSON is the self-describing form a student fills in and ``check --worksheet`` reads back;
CSV has the columns ``node,value,grad``; Markdown and LaTeX give a table to fill, every
node in topological order with its gate and inputs.
"""

from __future__ import annotations

import csv
import io

from ..checks.worksheet import Sheet
from ..core.arrays import compact_json, format_value
from ..core.numfmt import format_number, format_rounded, number_formatter
from .json_text import dumps

BLANK_TEX = r"\rule{1.6cm}{0.4pt}"


def sheet_numbers(sheet: Sheet, digits: int | None = None):
    """How the key's numbers read: to the worksheet's decimals or figures, else ``digits``."""
    if sheet.decimals is not None:
        return lambda x: format_number(round(x, sheet.decimals) + 0.0)
    if sheet.sigfigs is not None:
        return lambda x: format_rounded(x, sheet.sigfigs)
    return number_formatter(digits)


def sheet_json(sheet: Sheet, digits: int | None = None) -> str:
    """The self-describing worksheet, one node a line (easy to fill in by hand)."""
    data = sheet.data()
    nodes = data.pop("nodes")
    lines = [f"  {_dumps(key)}: {_dumps(value)}," for key, value in data.items()]
    entries = [f"    {_dumps(node)}: {_dumps(entry)}" for node, entry in nodes.items()]
    return "\n".join(["{", *lines, '  "nodes": {', ",\n".join(entries), "  }", "}"]) + "\n"


def _dumps(value) -> str:
    return dumps(value)


def sheet_csv(sheet: Sheet, digits: int | None = None) -> str:
    """``node,value,grad``: numbers in full (arrays as JSON lists), blanks empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["node", "value", "grad"])
    for row in sheet.rows:
        writer.writerow([row.node, _csv_cell(row.value), _csv_cell(row.grad)])
    return buffer.getvalue()


def _csv_cell(value) -> str:
    return "" if value is None else compact_json(value)


def _cells(sheet: Sheet, digits: int | None, blank: str):
    fmt = sheet_numbers(sheet, digits)
    for row in sheet.rows:
        shown = [blank if v is None else format_value(v, fmt) for v in (row.value, row.grad)]
        yield row, shown


def sheet_markdown(sheet: Sheet, digits: int | None = None) -> str:
    title = "Answer key" if sheet.key else "Worksheet"
    point = ", ".join(f"{name} = {format_value(v)}" for name, v in sheet.values.items())
    task = "Each node's" if sheet.key else "Fill in each node's"
    lines = [f"**{title}:** `{sheet.expression}` at {point}", "",
             f"{task} forward value and its gradient ∂{sheet.graph.output_node.id}/∂node.", "",
             "| node | gate | inputs | value | gradient |", "|---|---|---|---|---|"]
    for row, (value, grad) in _cells(sheet, digits, " "):
        lines.append(f"| {_md(row.node)} | `{_md(row.gate)}` | {_md(', '.join(row.inputs))} | "
                     f"{value} | {grad} |")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def sheet_latex(sheet: Sheet, digits: int | None = None) -> str:
    """A ``tabular`` to fill in (booktabs rules), numbers in math mode."""
    out = sheet.graph.output_node.id
    lines = [r"\begin{tabular}{lllll}", r"\hline",
             rf"node & gate & inputs & value & $\partial {_tex(out)}/\partial\,\text{{node}}$ \\",
             r"\hline"]
    for row, (value, grad) in _cells(sheet, digits, BLANK_TEX):
        shown = [c if c == BLANK_TEX else f"${c}$" for c in (value, grad)]
        lines.append(rf"{_tex(row.node)} & \texttt{{{_tex(row.gate)}}} & "
                     rf"{_tex(', '.join(row.inputs))} & {shown[0]} & {shown[1]} \\")
    lines += [r"\hline", r"\end{tabular}"]
    return "\n".join(lines) + "\n"


_TEX_ESCAPES = {"\\": r"\textbackslash{}", "_": r"\_", "#": r"\#", "&": r"\&", "%": r"\%",
                "$": r"\$", "{": r"\{", "}": r"\}", "^": r"\^{}", "~": r"\~{}"}


def _tex(text: str) -> str:
    return "".join(_TEX_ESCAPES.get(c, c) for c in text)


def sheet_case(sheet: Sheet, case_id: str) -> str:
    """One line of a ``cases.jsonl`` for ``check --cases``: the problem and the worksheet
    to grade (the blank, for a TA to replace by a student's filled one)."""
    data = sheet.data()
    work = {key: data[key] for key in ("decimals", "sigfigs") if data.get(key) is not None}
    work["nodes"] = {node: {"value": entry["value"], "grad": entry["grad"]}
                     for node, entry in data["nodes"].items()}
    case = {"id": case_id, "expression": data["expression"], "values": data["values"],
            "worksheet": work}
    return dumps(case)
