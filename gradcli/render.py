"""Rich renderables for the terminal. Pure functions of the result: no printing.

The lecture's colours: forward values green, gradients red. User text goes in
``Text`` objects, never in markup strings, so ``[x]`` is never read as markup.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .api import Result
from .check import FAIL, KINK, OK, RTOL
from .numfmt import number_format

VALUE_STYLE = "green"
GRAD_STYLE = "red"
_METHOD_TITLES = {"sympy": "SymPy"}
_MARKS = {OK: ("✓", "bold green"), FAIL: ("✗", "bold red"), KINK: ("~ kink", "yellow")}


def node_table(result: Result, digits: int | None = None) -> Table:
    fmt = number_format(digits)
    graph, trace = result.graph, result.trace
    out = result.output
    table = Table(title=Text(f"{out} = {graph.text}"), title_justify="left")
    table.add_column("node")
    table.add_column("gate")
    table.add_column("inputs")
    table.add_column("value", style=VALUE_STYLE, justify="right")
    table.add_column("local gradient", justify="right")
    table.add_column(f"grad ∂{out}/∂node", style=GRAD_STYLE, justify="right")
    for i, node in enumerate(graph.nodes):
        is_var = node.op.name == "var"
        table.add_row(
            Text(node.id),
            Text("input" if is_var else node.label),
            Text(", ".join(graph.nodes[j].id for j in node.inputs)),
            fmt(trace.values[i]),
            "" if is_var else ", ".join(fmt(x) for x in trace.locals[i]),
            fmt(trace.grads[i]),
        )
    return table


def gradient_summary(result: Result, digits: int | None = None) -> Table:
    fmt = number_format(digits)
    out = result.output
    table = Table(title=Text(f"gradients of {out}"), title_justify="left")
    table.add_column("input")
    table.add_column(f"∂{out}/∂input (backprop)", style=GRAD_STYLE, justify="right")
    if result.check is None:
        for name, grad in result.gradients.items():
            table.add_row(Text(name), fmt(grad))
        return table
    table.add_column(_METHOD_TITLES.get(result.check.method, result.check.method), justify="right")
    table.add_column("rel. error", justify="right")
    table.add_column("check")
    for v in result.check.variables:
        mark, style = _MARKS.get(v.status, ("? " + v.status, "yellow"))
        table.add_row(
            Text(v.name),
            fmt(v.backprop),
            "—" if v.reference is None else fmt(v.reference),
            "—" if v.rel_error is None else f"{v.rel_error:.1e}",
            Text(mark, style=style),
        )
    return table


def check_line(result: Result) -> Text:
    if result.check is None:
        return Text("not checked (--no-check)", style="dim")
    if result.check.ok:
        kinked = [v.name for v in result.check.variables if v.status == KINK]
        if not kinked:
            return Text(f"check: backprop agrees with SymPy's derivative (rel. error ≤ {RTOL:g})",
                        style="green")
        return Text(
            f"check: passed; {', '.join(kinked)} at a kink, where the derivative does not exist "
            f"and SymPy picks another subgradient; the rest agree (rel. error ≤ {RTOL:g})",
            style="yellow",
        )
    return Text("check FAILED: backprop disagrees with SymPy's derivative", style="bold red")


def eval_table(result: Result, digits: int | None = None) -> Group:
    return Group(node_table(result, digits), gradient_summary(result, digits), check_line(result))
