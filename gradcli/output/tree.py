"""The circuit as a Rich tree rooted at the output: pure ``(result) -> Tree``.

Each line is a node: its id and gate (a variable, its name), and with values
its forward value (green) and gradient (red). A gate that feeds several others
is expanded the first time and named after that (``n3  +  (see above)``), so
a DAG with heavy sharing prints one line per use, never an exponential tree.

The tree is built with an explicit stack. A huge graph is cut: at most
``MAX_LINES`` lines and ``MAX_DEPTH`` levels, and a last line says how many
nodes were shown; ``--format json`` or ``dot`` give the whole graph.
"""

from __future__ import annotations

from rich.text import Text
from rich.tree import Tree

from ..api import Result
from ..core.array_rules import shape_text
from .drawing import numbers
from .table import GRAD_STYLE, VALUE_STYLE

MAX_LINES = 1000
MAX_DEPTH = 100


def graph_tree(result: Result, digits: int | None = None) -> Tree:
    graph = result.graph
    line = _line_maker(result, digits)
    root = Tree(line(graph.output))
    expanded, shown = {graph.output}, {graph.output}
    stack = [(j, root, 1) for j in reversed(graph.output_node.inputs)]
    lines, cut = 1, False
    while stack:
        index, parent, depth = stack.pop()
        if lines >= MAX_LINES:
            cut = True
            break
        lines += 1
        node = graph.nodes[index]
        if index in expanded:
            parent.add(_reference(node.id, node.label))
            continue
        branch = parent.add(line(index))
        shown.add(index)
        if not node.inputs:
            continue
        if depth >= MAX_DEPTH:
            branch.add(Text("…", style="dim"))
            lines, cut = lines + 1, True
            continue
        expanded.add(index)
        stack.extend((j, branch, depth + 1) for j in reversed(node.inputs))
    if cut:
        root.add(_cut_note(len(shown), len(graph.nodes)))
    return root


def _cut_note(shown: int, total: int) -> Text:
    return Text(f"… tree cut at {MAX_LINES} lines or {MAX_DEPTH} levels: {shown} of {total} "
                "nodes shown; --format json or dot give the whole graph", style="dim")


def _line_maker(result: Result, digits: int | None):
    fmt = numbers(digits)
    graph, trace = result.graph, result.trace

    def line(index: int) -> Text:
        node = graph.nodes[index]
        text = Text()
        text.append(node.id, style="bold")
        if node.op.name != "var":
            text.append(f"  {node.label}")
        if trace is not None and trace.arrays:
            text.append(f"  shape {shape_text(trace.values[index].shape)}", style="dim")
        if trace is not None:
            text.append("  ")
            text.append(f"value {fmt(trace.values[index])}{exact('values', index)}",
                        style=VALUE_STYLE)
            text.append("  ")
            text.append(f"grad {fmt(trace.grads[index])}{exact('grads', index)}",
                        style=GRAD_STYLE)
        return text

    def exact(kind: str, index: int) -> str:
        """With --exact, the exact form beside the decimal: ``value 0.75 (= 3/4)``."""
        if result.exact is None:
            return ""
        from ..engines.exact import exact_text

        return f" (= {exact_text(getattr(result.exact, kind)[index])})"

    return line


def _reference(node_id: str, label: str) -> Text:
    return Text.assemble((node_id, "bold"), f"  {label}  ", ("(see above)", "dim"))
