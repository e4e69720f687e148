"""The circuit's wires, as the lecture draws them: what DOT, Mermaid and JSON show.

A wire carries its source node's forward value to one input of a gate (or, for
the output, out of the circuit). The gradient written under it is the one that
flows back along that wire: the gate's gradient times its local gradient for
that input. Where a node's value fans out to several wires, the branches'
gradients add up to the node's gradient ("gradients add at branches").
"""

from __future__ import annotations

from dataclasses import dataclass

from ..api import Result

# Ends of a stroke in a drawing: (kind, node index)
NODE, BRANCH, OUTPUT = "node", "branch", "output"


@dataclass(frozen=True)
class Wire:
    source: int  # index of the node whose value the wire carries
    target: int | None  # index of the gate it feeds; None for the circuit's output
    position: int  # which input of the target (0 for the output)
    # the source's forward value and the gradient flowing back along this wire (None
    # without values); NumPy arrays of the source's shape with vectors and matrices
    value: float | None
    grad: float | None


def wires(result: Result) -> list[Wire]:
    """Every wire: by target in topological order, then by input position; the output last."""
    graph, trace = result.graph, result.trace
    out = []
    for target, node in enumerate(graph.nodes):
        for position, source in enumerate(node.inputs):
            value = grad = None
            if trace is not None:
                value = trace.values[source]
                grad = wire_gradient(result, target, position)
            out.append(Wire(source, target, position, value, grad))
    value = grad = None
    if trace is not None:  # the output's wire carries the seed: d(out)/d(out) = 1
        value, grad = trace.values[graph.output], 1.0
    out.append(Wire(graph.output, None, 0, value, grad))
    return out


def wire_gradient(result: Result, target: int, position: int):
    """The gradient flowing back along input ``position`` of gate ``target``."""
    trace = result.trace
    if trace.arrays:  # the gate's VJP for that input (engines/arrays.py)
        from ..engines.arrays import input_gradient

        return input_gradient(result.graph, trace, target, position)
    return trace.grads[target] * trace.locals[target][position]


def strokes(result: Result) -> list[tuple[tuple[str, int], tuple[str, int], Wire]]:
    """What a drawing draws: (start, end, wire), the ends as (NODE | BRANCH | OUTPUT, index).

    A node whose value feeds several wires gets a branch point: first the
    node's own wire into the point (its value and its gradient ∂f/∂node), then
    the branches, one per wire, in the order of ``wires``.
    """
    all_wires = wires(result)
    fans = [0] * len(result.graph.nodes)
    for wire in all_wires:
        fans[wire.source] += 1
    trace = result.trace
    drawn = []
    for i, count in enumerate(fans):
        if count > 1:
            numbers = (None, None) if trace is None else (trace.values[i], trace.grads[i])
            drawn.append(((NODE, i), (BRANCH, i), Wire(i, None, 0, *numbers)))
    for wire in all_wires:
        start = (BRANCH if fans[wire.source] > 1 else NODE, wire.source)
        end = (OUTPUT, 0) if wire.target is None else (NODE, wire.target)
        drawn.append((start, end, wire))
    return drawn


def branch_points(drawn: list) -> list[int]:
    """The nodes that have a branch point, in topological order."""
    return [end[1] for _, end, _ in drawn if end[0] == BRANCH]
