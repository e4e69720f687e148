"""Forward and backward passes: two short loops over the node list.

The forward loop computes every node's value; the backward loop walks the
nodes in reverse, asks each gate for its local gradients and adds
``upstream * local`` into each input's gradient (``+=``, so gradients add at
branches). No recursion: a graph 10^5 nodes deep is just a long list.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .errors import MathError
from .graph import Graph, Node
from .numfmt import format_number
from .ops import MATH_FAILURES, failure_words



@dataclass(frozen=True)
class Kink:
    node: int
    message: str


@dataclass
class Trace:
    values: list[float]
    locals: list[tuple[float, ...]] = field(default_factory=list)
    grads: list[float] = field(default_factory=list)
    kinks: list[Kink] = field(default_factory=list)


def forward(graph: Graph, values: dict[str, float]) -> list[float]:
    """Every node's value at the point ``values`` (one float per variable name)."""
    nodes = graph.nodes
    out = [0.0] * len(nodes)
    i = 0
    try:
        for i, node in enumerate(nodes):
            op = node.op
            if op.arity == 0:
                out[i] = values[node.id] if node.const is None else node.const.value
            elif node.const is None:
                out[i] = op.forward(*[out[j] for j in node.inputs])
            else:
                out[i] = op.forward(out[node.inputs[0]], node.const.value)
    except MATH_FAILURES as exc:
        raise MathError(_undefined(graph, i, out, failure_words(exc))) from None
    if not all(map(math.isfinite, out)):
        bad = next(i for i, v in enumerate(out) if not math.isfinite(v))
        raise MathError(_undefined(graph, bad, out, f"overflows to {format_number(out[bad])}"))
    return out


def backward(graph: Graph, values: list[float]) -> Trace:
    """Local gradients and d(output)/d(node) for every node, output seeded with 1."""
    nodes = graph.nodes
    grads = [0.0] * len(nodes)
    local: list[tuple[float, ...]] = [()] * len(nodes)
    kinks: list[Kink] = []
    grads[graph.output] = 1.0
    i = len(nodes)
    try:
        for i in range(len(nodes) - 1, -1, -1):
            node = nodes[i]
            op = node.op
            if op.arity == 0:
                continue
            args = [values[j] for j in node.inputs]
            if node.const is None:
                partials = op.partials(*args, values[i])
            else:
                partials = op.partials(*args, values[i], node.const.value)
                args.append(node.const.value)
            local[i] = partials
            if op.kink is not None and op.kink(*args):
                kinks.append(Kink(i, _kink_message(node, args)))
            upstream = grads[i]
            for j, partial in zip(node.inputs, partials):
                grads[j] += upstream * partial
    except MATH_FAILURES:
        raise MathError(_undefined(graph, i, values, "has no finite local gradient")) from None
    for i in range(len(nodes) - 1, -1, -1):
        if not (math.isfinite(grads[i]) and all(map(math.isfinite, local[i]))):
            what = "local gradient" if not all(map(math.isfinite, local[i])) else "gradient"
            raise MathError(
                _undefined(graph, i, values, f"has a {what} that overflows to inf or nan")
            )
    kinks.reverse()  # report in topological order
    return Trace(values, local, grads, kinks)


def run(graph: Graph, values: dict[str, float]) -> Trace:
    return backward(graph, forward(graph, values))


def describe_inputs(graph: Graph, index: int, values: list[float]) -> str:
    node = graph.nodes[index]
    parts = [f"{graph.nodes[j].id} = {format_number(values[j])}" for j in node.inputs]
    return ", ".join(parts)


def _undefined(graph: Graph, index: int, values: list[float], what: str) -> str:
    node = graph.nodes[index]
    where = f"node {node.id} ({node.label})"
    inputs = describe_inputs(graph, index, values)
    domain = f"; {node.label} needs {node.op.domain}" if node.op.domain else ""
    return f"{where} {what} at {inputs or 'this point'}{domain}"


def _kink_message(node: Node, args: list[float]) -> str:
    shown = ", ".join(format_number(a) for a in args[: node.op.arity])
    plural = "s" if node.op.arity > 1 else ""
    return (
        f"kink at node {node.id} ({node.label}) with input{plural} {shown}: "
        f"not differentiable there; convention: {node.op.convention}"
    )
