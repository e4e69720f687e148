"""What a slip at one gate gives: the number a student gets for an input's gradient when
the step back through that gate goes wrong in one of the catalogued ways.

Each function returns ``(code, number)`` pairs for one step: gate ``gate`` passing its
upstream gradient back to its input at ``position``, at the student's own numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from ...core.array_rules import numpy
from ...core.graph import Node
from .steps import gate_parts, times


@dataclass(frozen=True)
class Step:
    gate: int  # the gate's node index
    node: Node
    position: int  # which of its inputs
    upstream: object  # the student's gradient at the gate (the truth where they have none)
    args: list  # the values of its inputs the student works with
    out: object  # the gate's value the student works with
    part: object  # the correct share at these numbers, or None where undefined


def slips(step: Step) -> list[tuple[str, object]]:
    """Every catalogued wrong share for this step, gate-specific ones first."""
    found = list(_gate_specific(step))
    x = step.args[step.position]
    found.append(("upstream-only", times(step.upstream, 1.0, x.shape)))
    ones = numpy().ones_like(step.upstream)
    parts = gate_parts(step.node, ones, step.args, step.out)
    found.append(("local-only", None if parts is None else parts[step.position]))
    return [(code, number) for code, number in found if number is not None]


def _gate_specific(step: Step):
    np = numpy()
    name, k, g = step.node.op.name, step.position, step.upstream
    x = step.args[k]
    c = None if step.node.const is None else step.node.const.value
    if step.part is not None and _negates(name, k, c):
        yield "sign-dropped", -step.part
    with np.errstate(all="ignore"):
        if name == "mul":
            yield "mul-not-swapped", times(g, x, x.shape)
        elif name == "exp":
            yield "exp-local", times(g, x, x.shape)
        elif name == "recip":
            yield "recip-local", times(g, -c / x, x.shape)
            yield "recip-local", times(g, c / (x * x), x.shape)
        elif name == "sigmoid":
            yield "sigmoid-local", times(g, step.out, x.shape)
            yield "sigmoid-local", times(g, 1.0 - step.out, x.shape)
        elif name == "matmul":
            for wrong in _matmul_orders(step):
                yield "transposed", wrong


def _negates(name: str, position: int, c: float | None) -> bool:
    """Gates whose local gradient is negative by a constant: *-1, *c with c < 0, c - x, a - b."""
    if name in ("mulc", "divc"):
        return c < 0
    return name == "rsubc" or (name == "sub" and position == 1)


def _matmul_orders(step: Step):
    """Products of the upstream gradient and the other input, in either order, either
    transposed, and their transposes: every way but the right one (vectors as the engine
    reads them: a row on the left of @, a column on its right)."""
    a, b = step.args
    g = step.upstream
    a2 = a.reshape(1, -1) if a.ndim == 1 else a
    b2 = b.reshape(-1, 1) if b.ndim == 1 else b
    g2 = g.reshape(a2.shape[0], b2.shape[1])
    other = b2 if step.position == 0 else a2
    seen = []
    for (left, right), flip in product(_pairs(g2, other), (False, True)):
        if left.shape[1] != right.shape[0]:
            continue
        number = left @ right
        number = number.T if flip else number
        if not any(number.shape == s.shape and (number == s).all() for s in seen):
            seen.append(number)
            yield number


def _pairs(g2, other):
    for first, second in product((g2, g2.T), (other, other.T)):
        yield first, second
        yield second, first
