"""Forward and backward passes: two short loops over the node list.

The forward loop computes every node's value; the backward loop walks the
nodes in reverse, asks each gate for its local gradients and adds
``upstream * local`` into each input's gradient (``+=``, so gradients add at
branches). No recursion: a graph 10^5 nodes deep is just a long list.

Both loops run over a *plan*: one flat tuple per node, made once per graph,
holding the rule functions and input indices, so the inner loops do no
attribute look-ups or argument-list building (this made them ~3x faster).
"""

from __future__ import annotations

import math
from math import exp

from ..errors import MathError
from ..core.graph import Graph, Node
from ..core.numfmt import format_number
from ..core.ops import MATH_FAILURES, failure_words
from .messages import (GRADIENT_OVERFLOWS, NO_LOCAL_GRADIENT, domain_words, gate_words,
                       kink_message)
from .trace import Kink, Trace

# Plan kinds: how a node's inputs reach its rules. The gates that generated
# programs and networks are made of (+, *, +c, *c, exp, tanh, sigmoid) run inline,
# with no call per node; every other gate calls its registry rules.
# tests/test_engine.py checks every inline gate against the registry's rules.
VAR, CONST, UNARY, BINARY, FOLDED, ADD, MUL, ADDC, MULC, EXP, TANH, SIGMOID = range(12)
_INLINE = {"add": ADD, "mul": MUL, "addc": ADDC, "mulc": MULC, "exp": EXP, "tanh": TANH,
           "sigmoid": SIGMOID}
_ONE, _ONE_ONE = (1.0,), (1.0, 1.0)  # the local gradients of +c and +, shared


def plan(graph: Graph) -> tuple[list, list, list, list, list]:
    """Five columns, one entry per node: kind, forward, partials, a, b. ``b`` is the
    second input's index, the folded constant (FOLDED, ADDC, MULC) or the value
    (CONST); MULC's partials slot holds its local gradient (c,). Columns, not a tuple
    per node: half the memory of 10^6 five-tuples."""
    if graph.plan is None:
        columns = kinds, fns, partials, firsts, seconds = [], [], [], [], []
        singles: dict[float, tuple[float]] = {}  # one (c,) per constant, not per gate
        for node in graph.nodes:
            kind, fn, local, a, b = _step(node, singles)
            kinds.append(kind)
            fns.append(fn)
            partials.append(local)
            firsts.append(a)
            seconds.append(b)
        graph.plan = columns
    return graph.plan


def _step(node: Node, singles: dict[float, tuple[float]]) -> tuple:
    op = node.op
    inline = _INLINE.get(op.name)
    if inline is not None:
        if inline == ADD or inline == MUL:
            return (inline, None, None, node.inputs[0], node.inputs[1])
        if inline >= EXP:
            return (inline, op.forward, None, node.inputs[0], None)
        c = node.const.value
        local = _ONE if inline != MULC else singles.setdefault(c, (c,)) if c else (c,)  # -0.0 == 0.0
        return (inline, None, local, node.inputs[0], c)
    if op.name == "var":
        return (VAR, None, None, node.id, None)
    if op.arity == 0:
        return (CONST, None, op.partials, None, node.const.value)
    a = node.inputs[0]
    if node.const is not None:
        return (FOLDED, op.forward, op.partials, a, node.const.value)
    if op.arity == 1:
        return (UNARY, op.forward, op.partials, a, None)
    return (BINARY, op.forward, op.partials, a, node.inputs[1])


def forward(graph: Graph, values: dict[str, float]) -> list[float]:
    """Every node's value at the point ``values`` (one float per variable name)."""
    kinds, fns, _, firsts, seconds = plan(graph)
    out = [0.0] * len(kinds)
    i = 0
    try:
        for i, kind, fn, a, b in zip(range(len(kinds)), kinds, fns, firsts, seconds):
            if kind == MUL:
                out[i] = out[a] * out[b]
            elif kind == ADD:
                out[i] = out[a] + out[b]
            elif kind == MULC:
                out[i] = out[a] * b
            elif kind == ADDC:
                out[i] = out[a] + b
            elif kind >= EXP:  # exp, tanh, sigmoid: one C call or the stable sigmoid
                x = out[a]
                if kind == SIGMOID:
                    if x >= 0:
                        out[i] = 1.0 / (1.0 + exp(-x))
                    else:
                        z = exp(x)
                        out[i] = z / (1.0 + z)
                else:
                    out[i] = fn(x)
            elif kind == BINARY:
                out[i] = fn(out[a], out[b])
            elif kind == FOLDED:
                out[i] = fn(out[a], b)
            elif kind == UNARY:
                out[i] = fn(out[a])
            elif kind == VAR:
                out[i] = values[a]
            else:
                out[i] = b
    except MATH_FAILURES as exc:
        # an overflow is no domain error: x**2 at 1e155 is defined, only too large
        domain = not isinstance(exc, OverflowError)
        raise MathError(_undefined(graph, i, out, failure_words(exc), domain)) from None
    if not all(map(math.isfinite, out)):
        bad = next(i for i, v in enumerate(out) if not math.isfinite(v))
        what = f"overflows to {format_number(out[bad])}"
        raise MathError(_undefined(graph, bad, out, what, domain=False))
    return out


def backward(graph: Graph, values: list[float]) -> Trace:
    """Local gradients and d(output)/d(node) for every node, output seeded with 1."""
    kinds, _, partial_rules, firsts, seconds = plan(graph)
    n = len(kinds)
    grads = [0.0] * n
    local: list[tuple[float, ...]] = [()] * n
    kinked: list[int] = []
    nodes = graph.nodes
    grads[graph.output] = 1.0
    i = n
    try:
        for i, kind, partials, a, b in zip(range(n - 1, -1, -1), reversed(kinds),
                                           reversed(partial_rules), reversed(firsts),
                                           reversed(seconds)):
            if kind == MUL:
                g, x, y = grads[i], values[a], values[b]
                grads[a] += g * y
                grads[b] += g * x
                local[i] = (y, x)
            elif kind == ADD:
                g = grads[i]
                grads[a] += g
                grads[b] += g
                local[i] = _ONE_ONE
            elif kind == MULC:
                grads[a] += grads[i] * b
                local[i] = partials
            elif kind == ADDC:
                grads[a] += grads[i]
                local[i] = _ONE
            elif kind >= EXP:  # the registry's rules, inline (tests/test_engine.py)
                if kind == EXP:
                    p = values[i]
                elif kind == TANH:  # 1/cosh², from the input: relative accuracy at saturation
                    z = exp(-2.0 * abs(values[a]))
                    p = 4.0 * z / ((1.0 + z) * (1.0 + z))
                else:  # σ(x)σ(-x)
                    z = exp(-abs(values[a]))
                    p = z / ((1.0 + z) * (1.0 + z))
                grads[a] += grads[i] * p
                local[i] = (p,)
            elif kind == BINARY:
                x, y = values[a], values[b]
                local[i] = pa, pb = partials(x, y, values[i])
                g = grads[i]
                grads[a] += g * pa
                grads[b] += g * pb
                kink = nodes[i].op.kink  # (only gates that call their rules can have kinks)
                if kink is not None and kink(x, y):
                    kinked.append(i)
            elif kind >= UNARY:
                x = values[a]
                if kind == UNARY:
                    local[i] = (pa,) = partials(x, values[i])
                    kink = nodes[i].op.kink
                    at_kink = kink is not None and kink(x)
                else:
                    local[i] = (pa,) = partials(x, values[i], b)
                    kink = nodes[i].op.kink
                    at_kink = kink is not None and kink(x, b)
                grads[a] += grads[i] * pa
                if at_kink:
                    kinked.append(i)
    except MATH_FAILURES as exc:
        raise MathError(_local_failure(graph, i, values, exc)) from None
    # An infinite local gradient shows up here too: g * inf is inf, and 0 * inf is nan.
    if not all(map(math.isfinite, grads)):
        bad = max(i for i, g in enumerate(grads) if not math.isfinite(g))
        raise MathError(_undefined(graph, bad, values, GRADIENT_OVERFLOWS, domain=False))
    kinks = [Kink(i, kink_message(graph.nodes[i], values)) for i in reversed(kinked)]
    return Trace(values, local, grads, kinks)


def run(graph: Graph, values: dict[str, float]) -> Trace:
    return backward(graph, forward(graph, values))


def describe_inputs(graph: Graph, index: int, values: list[float]) -> str:
    node = graph.nodes[index]
    parts = [f"{graph.nodes[j].id} = {format_number(values[j])}" for j in node.inputs]
    return ", ".join(parts)


def _undefined(graph: Graph, index: int, values: list[float], what: str,
               domain: bool = True) -> str:
    """The message for a node that fails; its gate's domain only when the failure may be
    one (never for an overflow)."""
    node = graph.nodes[index]
    inputs = describe_inputs(graph, index, values)
    clause = domain_words(node) if domain else ""
    return f"{gate_words(node)} {what} at {inputs or 'this point'}{clause}"


def _local_failure(graph: Graph, index: int, values: list[float], exc: Exception) -> str:
    # 1/x at 1e-300: -1/x**2 divides by x*x, which underflows to 0; with no input 0 a
    # division by zero is the overflow of the local gradient, not a domain error
    inputs = [values[j] for j in graph.nodes[index].inputs]
    if isinstance(exc, OverflowError) or (isinstance(exc, ZeroDivisionError) and all(inputs)):
        return _undefined(graph, index, values, "has a local gradient that overflows float64",
                          domain=False)
    return _undefined(graph, index, values, NO_LOCAL_GRADIENT)
