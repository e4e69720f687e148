"""Results in notebooks (Jupyter, JupyterLab, VS Code, Colab): MIME bundles built by gradcli.

IPython asks an object for ``_repr_mimebundle_``; the API's results answer with what
this module builds from gradcli's own renderers: plain text (the terminal's tables,
without colour), an HTML table with the lecture's colours (values green, gradients
red) and the circuit as inline SVG (circuit_svg.py), and for an explanation Markdown
and LaTeX (explain/). api.py finds these functions by name, as the CLI finds a format
(formats.py), so the API never imports the output layer; it also makes sure that a
display method never raises.

``explain`` is the API's explanation object: ``gradcli.explain("(x+y)*z", x=-2, y=5, z=-4)``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape

from ..api import CheckReport, Gradients, Result, evaluate
from ..core.display import bundle, install
from .drawing import GRAD_COLOR, VALUE_COLOR
from .explain.latex import explain_latex
from .explain.narrate import explain_markdown, explain_text
from .picture import MAX_PICTURE_NODES

# Rich styles of the terminal tables -> the lecture's colours in HTML
_COLOURS = {"green": VALUE_COLOR, "red": GRAD_COLOR, "bold green": VALUE_COLOR,
            "bold red": GRAD_COLOR, "yellow": "#9a6700", "dim": "#666666"}
# Tables and circuits in a notebook round to 6 significant digits: float noise such as
# 0.5200000000000001 would hide the numbers (the result keeps them all: r.value, r.gradients).
DIGITS = 6
_TABLE_STYLE = ("border-collapse:collapse;font-family:ui-monospace,Menlo,Consolas,monospace;"
                "margin:0.3em 0")
_CELL_STYLE = "border:1px solid #ccc;padding:2px 8px;white-space:pre"


def plain_text(renderable, width: int = 120) -> str:
    """A Rich renderable as the terminal shows it, without colour."""
    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, color_system=None, width=width, highlight=False, force_jupyter=False,
            soft_wrap=False).print(renderable)
    return "\n".join(line.rstrip() for line in buffer.getvalue().rstrip("\n").splitlines())


def _colour(style) -> str:
    colour = _COLOURS.get(str(style or ""))
    return f";color:{colour}" if colour else ""


def table_html(table) -> str:
    """A Rich table as an HTML table: the same title, headers and cells, the same colours."""
    head = "".join(f'<th style="{_CELL_STYLE}">{escape(str(c.header))}</th>'
                   for c in table.columns)
    rows = []
    for r in range(table.row_count):
        cells = []
        for column in table.columns:
            cell = column._cells[r]  # Rich keeps each column's cells; this reads them as they are
            style = getattr(cell, "style", "") or column.style
            align = ";text-align:right" if column.justify == "right" else ""
            cells.append(f'<td style="{_CELL_STYLE}{align}{_colour(style)}">'
                         f"{escape(str(cell))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    caption = f"<caption style=\"text-align:left\">{escape(str(table.title))}</caption>" \
        if table.title else ""
    return (f'<table class="gradcli" style="{_TABLE_STYLE}">{caption}<thead><tr>{head}</tr>'
            f"</thead><tbody>{''.join(rows)}</tbody></table>")


def group_html(group) -> str:
    """A Rich group of tables and lines of text as HTML."""
    from rich.table import Table

    parts = []
    for item in group.renderables:
        if isinstance(item, Table):
            parts.append(table_html(item))
        else:
            parts.append(f'<p style="margin:0.2em 0{_colour(item.style)}">{escape(str(item))}</p>')
    return "\n".join(parts)


def _circuit(result: Result) -> str:
    if len(result.graph.nodes) > MAX_PICTURE_NODES:
        return ""
    from .circuit_svg import circuit_svg

    return f'<div style="overflow-x:auto">{circuit_svg(result, DIGITS)}</div>'


def result_bundle(result: Result) -> dict[str, str]:
    """``evaluate()``'s result: the eval table and the check, and the circuit."""
    if result.trace is None:
        from .tree import graph_tree

        tree = graph_tree(result, DIGITS)
        return {"text/plain": plain_text(tree), "text/html": _circuit(result)}
    from .table import eval_table

    tables = eval_table(result, DIGITS)
    return {"text/plain": plain_text(tables), "text/html": group_html(tables) + _circuit(result)}


def check_bundle(report: CheckReport) -> dict[str, str]:
    """``check()``'s report: one row per thing checked, and the verdict."""
    from .check_table import check_table

    tables = check_table(report)
    return {"text/plain": plain_text(tables), "text/html": group_html(tables)}


def gradients_bundle(found: Gradients) -> dict[str, str]:
    """``grad()``'s answer: the dict, and a table of the gradients."""
    from rich.table import Table

    from ..core.arrays import format_value
    from ..core.numfmt import number_formatter

    rounded = number_formatter(DIGITS)
    table = Table(title=f"gradients of {found.output}", title_justify="left")
    table.add_column("node")
    table.add_column(f"∂{found.output}/∂node", style="red", justify="right")
    for name, value in found.items():
        number = str(value) if hasattr(value, "is_Number") else format_value(value, rounded)
        table.add_row(name, number)
    return {"text/plain": repr(dict(found)), "text/html": table_html(table)}


@dataclass
class Explanation:
    """Backprop narrated step by step (``gradcli explain``), for notebooks and scripts."""

    result: Result
    digits: int | None = None

    @property
    def text(self) -> str:
        return explain_text(self.result, self.digits)

    @property
    def markdown(self) -> str:
        return explain_markdown(self.result, self.digits)

    @property
    def latex(self) -> str:
        return explain_latex(self.result, self.digits)

    def __str__(self) -> str:
        return self.text

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return bundle(self, "explanation")


def explanation_bundle(story: Explanation) -> dict[str, str]:
    return {"text/plain": story.text, "text/markdown": story.markdown,
            "text/latex": story.latex}


def explain(text, values=None, *, digits: int | None = None, exact: bool = False,
            output: str | None = None, form: str = "written", **more_values) -> Explanation:
    """The explanation of ``text`` at the values: ``.text``, ``.markdown``, ``.latex``;
    a notebook shows its Markdown."""
    result = evaluate(text, values, check=False, exact=exact, output=output, form=form,
                      **more_values)
    return Explanation(result, digits)


# The results' _repr_mimebundle_ (core/display.py) finds these once this module is loaded.
install({"result": result_bundle, "check": check_bundle, "gradients": gradients_bundle,
         "explanation": explanation_bundle})
