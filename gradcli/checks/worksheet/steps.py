"""One gate's step at a student's numbers: its forward value, and the share of the gradient
it passes back to each input (the array engine's rules, so scalars and arrays alike).

A student's numbers can put a gate outside its domain (their 0 into ``1/x``): then the step
has no number (None) and nothing can follow from it.
"""

from __future__ import annotations

from ...core.array_rules import numpy
from ...core.graph import Node
from ...core.ops import MATH_FAILURES
from ...engines.arrays import unbroadcast

_FAILURES = MATH_FAILURES + (FloatingPointError, TypeError, IndexError)


def _const(node: Node) -> tuple:
    return () if node.const is None else (node.const.value,)


def _finite(value):
    np = numpy()
    value = np.asarray(value, dtype=np.float64)
    return value if np.isfinite(value).all() else None


def gate_value(node: Node, args: list):
    """The gate's output for inputs ``args`` (arrays), or None where it is undefined."""
    np = numpy()
    try:
        with np.errstate(all="raise"):
            return _finite(node.op.arrays.forward(*args, *_const(node)))
    except _FAILURES:
        return None


def gate_locals(node: Node, args: list, out):
    """An elementwise gate's local gradient per input (None for an array gate or undefined)."""
    np = numpy()
    rules = node.op.arrays
    if rules.local is None:
        return None
    try:
        with np.errstate(all="raise"):
            return [np.asarray(g, dtype=np.float64) for g in
                    rules.local(*args, out, *_const(node))]
    except _FAILURES:
        return None


def gate_parts(node: Node, upstream, args: list, out):
    """Each input's share of the gradient: upstream × local (summed over broadcast axes),
    or the array gate's VJP; None where undefined."""
    np = numpy()
    rules = node.op.arrays
    try:
        with np.errstate(all="raise"):
            if rules.vjp is not None:
                parts = rules.vjp(upstream, *args, out, *_const(node))
            else:
                local = rules.local(*args, out, *_const(node))
                parts = [unbroadcast(np.asarray(upstream * g), a.shape)
                         for g, a in zip(local, args)]
    except _FAILURES:
        return None
    parts = [_finite(p) for p in parts]
    if any(p is None or p.shape != a.shape for p, a in zip(parts, args)):
        return None
    return parts


def times(upstream, local, shape):
    """upstream × local, back to an input's ``shape`` (None where it does not fit)."""
    np = numpy()
    try:
        with np.errstate(all="raise"):
            part = unbroadcast(np.asarray(upstream * local, dtype=np.float64), shape)
    except (ValueError, FloatingPointError):
        return None
    return part if part.shape == tuple(shape) else None


def value_slack(node: Node, args: list, half):
    """How far the gate's value can move when each input moves by its rounding
    (``half(x)``): the sum over inputs of each one's effect, entry by entry."""
    base = gate_value(node, args)
    total = numpy().zeros(() if base is None else base.shape)
    for k, x in enumerate(args):
        moved = gate_value(node, args[:k] + [x + half(x)] + args[k + 1:])
        if base is not None and moved is not None and moved.shape == base.shape:
            total = total + abs(moved - base)
    return total


def part_slack(node: Node, position: int, upstream, args: list, out, half):
    """How far the gate's share for input ``position`` can move when the numbers it is
    computed from (upstream gradient, inputs, the gate's own value) move by their rounding."""
    base = gate_parts(node, upstream, args, out)
    if base is None:
        return None
    base = base[position]
    total = numpy().zeros(base.shape)
    tries = [(upstream + half(upstream), args, out), (upstream, args, out + half(out))]
    tries += [(upstream, args[:k] + [x + half(x)] + args[k + 1:], out)
              for k, x in enumerate(args)]
    for g, moved_args, moved_out in tries:
        moved = gate_parts(node, g, moved_args, moved_out)
        if moved is not None and moved[position].shape == base.shape:
            total = total + abs(moved[position] - base)
    return total
