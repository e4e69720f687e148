"""The circuit as Graphviz DOT and as a Mermaid flowchart: pure ``(result) -> str``.

Drawn as the lecture draws it: inputs on the left, one box per gate, the output
on the right. With values, each wire shows its forward value above (green) and
below it the gradient flowing back along it (red). A node whose value feeds
several wires gets a small branch point: the wire into the point carries the
node's own gradient, each branch the part that flows back along it, and the
branches add up to it (circuit.py).

Output is deterministic (nodes in topological order, one fixed attribute order)
so that files diff cleanly. Imports neither Rich nor SymPy.
"""

from __future__ import annotations

import html

from ..api import Result
from .circuit import BRANCH, NODE, OUTPUT, Wire, branch_points, strokes
from ..core.arrays import format_value, is_array
from ..core.numfmt import number_formatter

VALUE_COLOR = "#008000"  # the slides' green: forward values
GRAD_COLOR = "#cc0000"  # the slides' red: gradients
ID_COLOR = "#666666"
_DOT_HEADER = [
    "digraph circuit {",
    "  graph [rankdir=LR, nodesep=0.4, ranksep=0.5];",
    '  node [shape=box, fontname="Helvetica", fontsize=14];',
    '  edge [fontname="Helvetica", fontsize=11, arrowsize=0.6];',
]


def to_dot(result: Result, digits: int | None = None, wire_attributes=None) -> str:
    """Graphviz source of the circuit (render with ``dot -Tsvg``).

    ``wire_attributes(start, end, wire) -> str | None``, if given, writes a stroke's
    attributes itself (a worksheet's boxes, a graded wire's colour); ``start`` and ``end``
    are ``(kind, index)`` as ``circuit.strokes`` gives them, None keeps the usual label.
    """
    fmt = numbers(digits)
    graph = result.graph
    drawn = strokes(result)
    branched = set(branch_points(drawn))
    # Ids with a colon cannot clash with a node id (letters, digits, _ and #).
    names = {NODE: lambda i: graph.nodes[i].id, BRANCH: lambda i: f"{graph.nodes[i].id}:branch",
             OUTPUT: lambda i: ":output"}
    lines = _DOT_HEADER + _declarations(
        result, branched,
        variable=lambda i, node: f"  {_quote(node.id)} [shape=plaintext, label={_quote(node.id)}];",
        gate=lambda i, node: f"  {_quote(node.id)} [label=<{_gate_html(node.label, node.id)}>];",
        branch=lambda i: f"  {_quote(names[BRANCH](i))} [shape=point, width=0.06];",
    )
    lines.append(f'  ":output" [shape=plaintext, label={_quote(graph.output_node.id)}];')
    if graph.variables:  # inputs in one column on the left, in order from the top
        ranked = " -> ".join(_quote(graph.nodes[i].id) for i in graph.variables)
        style = " [style=invis]" if len(graph.variables) > 1 else ""
        lines.append(f"  {{ rank=source; {ranked}{style}; }}")
    for (kind, i), (end_kind, j), wire in drawn:
        own = wire_attributes and wire_attributes((kind, i), (end_kind, j), wire)
        start, end = _quote(names[kind](i)), _quote(names[end_kind](j))
        lines.append(f"  {start} -> {end} [{own}];" if own else
                     _dot_edge(names[kind](i), names[end_kind](j), wire, fmt))
    return "\n".join(lines + ["}"]) + "\n"


def _declarations(result: Result, branched: set[int], variable, gate, branch) -> list[str]:
    """One line per node in topological order, each branch point right after its node."""
    lines = []
    for i, node in enumerate(result.graph.nodes):
        lines.append(variable(i, node) if node.op.name == "var" else gate(i, node))
        if i in branched:
            lines.append(branch(i))
    return lines


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _gate_html(label: str, node_id: str) -> str:
    return (f'{html.escape(label)}<BR/><FONT POINT-SIZE="10" COLOR="{ID_COLOR}">'
            f"{html.escape(node_id)}</FONT>")


def numbers(digits: int | None):
    """Numbers as everywhere; vectors and matrices as nested lists, abbreviated when large."""
    fmt = number_formatter(digits)
    return lambda value: format_value(value, fmt)


def wire_shape(wire: Wire) -> str | None:
    """With vectors and matrices, the shape a wire carries (``2×2``, ``2``, ``scalar``)."""
    if not is_array(wire.value):
        return None
    from ..core.array_rules import shape_text

    return shape_text(wire.value.shape)


def _dot_edge(start: str, end: str, wire: Wire, fmt) -> str:
    if wire.value is None:
        return f"  {_quote(start)} -> {_quote(end)};"
    shape = wire_shape(wire)
    label = (f'<FONT COLOR="{ID_COLOR}">{html.escape(shape)}</FONT><BR/>' if shape else "")
    label += (f'<FONT COLOR="{VALUE_COLOR}">{html.escape(fmt(wire.value))}</FONT><BR/>'
              f'<FONT COLOR="{GRAD_COLOR}">{html.escape(fmt(wire.grad))}</FONT>')
    return f"  {_quote(start)} -> {_quote(end)} [label=<{label}>];"


def to_mermaid(result: Result, digits: int | None = None) -> str:
    """A Mermaid flowchart of the circuit (renders in GitHub and GitLab Markdown)."""
    fmt = numbers(digits)
    graph = result.graph
    drawn = strokes(result)
    branched = set(branch_points(drawn))
    # Mermaid ids by position: plain, and never a keyword such as "end".
    names = {NODE: lambda i: f"N{i}", BRANCH: lambda i: f"N{i}b", OUTPUT: lambda i: "OUT"}
    lines = ["flowchart LR"] + _declarations(
        result, branched,
        variable=lambda i, node: f'    N{i}["{_mermaid_text(node.id)}"]:::input',
        gate=lambda i, n: f'    N{i}["{_mermaid_text(n.label)}<br/>{_mermaid_text(n.id)}"]',
        branch=lambda i: f"    N{i}b(( )):::branch",
    )
    lines.append(f'    OUT["{_mermaid_text(graph.output_node.id)}"]:::input')
    for (kind, i), (end_kind, j), wire in drawn:
        lines.append(_mermaid_edge(names[kind](i), names[end_kind](j), wire, fmt))
    lines.append("    classDef input fill:none,stroke:none")
    lines.append("    classDef branch fill:#000,stroke:#000")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    # Mermaid reads #name; as an entity and " ends the label.
    return "".join({"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;"}.get(c, c) for c in text)


def _mermaid_edge(start: str, end: str, wire: Wire, fmt) -> str:
    if wire.value is None:
        return f"    {start} --> {end}"
    shape = wire_shape(wire)
    label = f"shape {shape}<br/>" if shape else ""
    label += f"value {_mermaid_text(fmt(wire.value))}<br/>grad {_mermaid_text(fmt(wire.grad))}"
    return f'    {start} -->|"{label}"| {end}'
