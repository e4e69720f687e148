"""Rich renderables for the terminal. Pure functions of the result: no printing.

The lecture's colours: forward values green, gradients red. User text goes in
``Text`` objects, never in markup strings, so ``[x]`` is never read as markup.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..api import Result
from ..core.arrays import format_value
from ..checks.verdicts import METHOD_NAMES, RTOL
from ..core.status import FAIL, KINK, OK
from ..core.numfmt import number_formatter


VALUE_STYLE = "green"
GRAD_STYLE = "red"
_METHOD_TITLES = {"sympy": "SymPy", "centered": "centered diff."}
_MARKS = {OK: ("✓", "bold green"), FAIL: ("✗", "bold red"), KINK: ("~ kink", "yellow")}


TITLE_LIMIT = 160  # characters of an expression shown in a title
# Rows a table shows: the first and last half of them. Rich lays out a table in about
# a millisecond a row, so a 300,000-node table took over 5 minutes; json, tsv and csv
# list every node.
TABLE_MAX_ROWS = 1_000


def brief(text: str, limit: int = TITLE_LIMIT) -> str:
    """An expression on one line, cut to ``limit`` characters: a 100,000-statement
    program must not become a 3 MB table title (Rich wraps titles in quadratic time)."""
    one_line = "; ".join(line.strip() for line in text.strip().splitlines() if line.strip())
    if len(one_line) <= limit:
        return one_line
    return f"{one_line[:limit]}… ({len(text):,} characters)"


def title(result: Result) -> str:
    """``f = (x+y)*z`` for an expression; a program (``q = x + y; f = q*z``) names its stages."""
    graph = result.graph
    program = graph.output_node.named or "=" in graph.text  # "=" only ever assigns
    return brief(graph.text) if program else f"{result.output} = {brief(graph.text)}"


def shown(fmt):
    """Numbers as ``fmt`` writes them; arrays as nested lists, abbreviated when large,
    a matrix row by row."""
    return lambda value: format_value(value, fmt, rows=True)


def local_cell(result: Result, i: int, fmt) -> str:
    """A gate's local gradients; an array gate's VJP rules, as its Jacobian is never formed."""
    node = result.graph.nodes[i]
    if node.op.name == "var":
        return ""
    if node.op.array_only:
        from .json_eval import vjp_texts

        return "VJP: " + ", ".join(vjp_texts(result.graph, node))
    between = ",\n" if result.arrays and any(
        getattr(x, "ndim", 0) >= 2 for x in result.trace.locals[i]) else ", "
    return between.join(fmt(x) for x in result.trace.locals[i])


def node_table(result: Result, digits: int | None = None) -> Table:
    fmt = shown(number_formatter(digits))
    out, exact = result.output, result.exact
    table = Table(title=Text(title(result)), title_justify="left")
    table.add_column("node")
    table.add_column("gate")
    table.add_column("inputs")
    if result.arrays:
        table.add_column("shape", justify="right")
    justify = "left" if result.arrays else "right"  # a matrix's rows line up on the left
    table.add_column("value", style=VALUE_STYLE, justify=justify)
    if exact is not None:
        table.add_column("exact value", style=VALUE_STYLE)
    table.add_column("local gradient", justify=justify)
    table.add_column(f"grad ∂{out}/∂node", style=GRAD_STYLE, justify=justify)
    if exact is not None:
        table.add_column(f"exact ∂{out}/∂node", style=GRAD_STYLE)
    for i in shown_rows(len(result.graph.nodes)):
        if i is None:
            table.add_row(*skipped_row(len(result.graph.nodes), "nodes", len(table.columns)))
        else:
            table.add_row(*node_row(result, i, fmt))
    return table


def shown_rows(count: int, limit: int = TABLE_MAX_ROWS) -> list[int | None]:
    """The row indices a table shows: all, or the first and last ``limit // 2`` with
    None between them, where a row says how many are left out."""
    if count <= limit:
        return list(range(count))
    half = limit // 2
    return [*range(half), None, *range(count - half, count)]


def skipped_row(count: int, what: str, columns: int, limit: int = TABLE_MAX_ROWS) -> list:
    note = Text(f"… {count - limit // 2 * 2:,} {what} not shown (--format json, tsv or csv "
                "list them all)", style="dim")
    return ["…", note] + [""] * (columns - 2)


def node_row(result: Result, i: int, fmt) -> list:
    """A node's cells, in the columns of ``node_table``."""
    graph, trace, exact = result.graph, result.trace, result.exact
    node = graph.nodes[i]
    cells = [Text(node.id), Text("input" if node.op.name == "var" else node.label),
             Text(", ".join(graph.nodes[j].id for j in node.inputs))]
    if result.arrays:
        from ..core.array_rules import shape_text

        cells.append(shape_text(trace.values[i].shape))
    cells.append(fmt(trace.values[i]))
    if exact is not None:
        from ..engines.exact import exact_text  # exact mode only

        cells.append(Text(exact_text(exact.values[i])))
    cells += [Text(local_cell(result, i, fmt)), fmt(trace.grads[i])]
    if exact is not None:
        cells.append(Text(exact_text(exact.grads[i])))
    return cells


def gradient_summary(result: Result, digits: int | None = None) -> Table:
    fmt = shown(number_formatter(digits))
    out = result.output
    table = Table(title=Text(f"gradients of {out}"), title_justify="left")
    table.add_column("input")
    justify = "left" if result.arrays else "right"
    table.add_column(f"∂{out}/∂input (backprop)", style=GRAD_STYLE, justify=justify)
    exact = exact_gradients(result)
    if exact:
        table.add_column("exact", style=GRAD_STYLE)
    if result.check is None:
        names = list(result.gradients.items())
        for k in shown_rows(len(names)):
            if k is None:
                table.add_row(*skipped_row(len(names), "inputs", len(table.columns)))
            else:
                table.add_row(Text(names[k][0]), fmt(names[k][1]), *exact.get(names[k][0], ()))
        return table
    table.add_column(_METHOD_TITLES.get(result.check.method, result.check.method),
                     justify=justify)
    table.add_column("rel. error", justify="right")
    table.add_column("check")
    variables = result.check.variables
    for k in shown_rows(len(variables)):
        if k is None:
            table.add_row(*skipped_row(len(variables), "inputs", len(table.columns)))
            continue
        v = variables[k]
        mark, style = _MARKS.get(v.status, ("? " + v.status, "yellow"))
        table.add_row(
            Text(v.name),
            fmt(v.backprop),
            *exact.get(v.name, ()),
            "—" if v.reference is None else fmt(v.reference),
            "—" if v.rel_error is None else f"{v.rel_error:.1e}",
            Text(mark, style=style),
        )
    return table


def exact_gradients(result: Result) -> dict[str, tuple[Text]]:
    """Each input's exact gradient as a table cell; empty without --exact."""
    if result.exact is None:
        return {}
    from ..engines.exact import exact_text  # exact mode only

    return {result.graph.nodes[i].id: (Text(exact_text(result.exact.grads[i])),)
            for i in result.graph.variables}


def check_line(result: Result) -> Text:
    if result.check is None:
        return Text("not checked (--no-check)", style="dim")
    if result.check.method != "sympy":
        verdict = "agree with backprop" if result.check.ok else "DISAGREE with backprop"
        return Text(
            f"check: {METHOD_NAMES[result.check.method]} {verdict} "
            f"(SymPy skipped: {result.check.note})",
            style="green" if result.check.ok else "bold red",
        )
    if result.check.ok:
        kinked = [v.name for v in result.check.variables if v.status == KINK]
        if not kinked:
            entrywise = ", entry by entry" if result.arrays else ""
            return Text(f"check: backprop agrees with SymPy's derivative{entrywise} "
                        f"(rel. error ≤ {RTOL:g})", style="green")
        return Text(
            f"check: passed; {', '.join(kinked)} at a kink, where the derivative does not exist "
            f"and SymPy picks another subgradient; the rest agree (rel. error ≤ {RTOL:g})",
            style="yellow",
        )
    return Text("check FAILED: backprop disagrees with SymPy's derivative", style="bold red")


def eval_table(result: Result, digits: int | None = None) -> Group:
    return Group(node_table(result, digits), gradient_summary(result, digits), check_line(result))
