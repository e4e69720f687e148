"""A numeric check that scales: centered differences along random directions.

When SymPy cannot differentiate the whole expression in time (or the graph is
too large to try), the gradient is still verified independently of backprop:
for a random ±1 direction v over all entries of all variables,
(f(x + h v) - f(x - h v)) / 2h must equal the backprop directional derivative
g . v. It costs two forward passes per direction, whatever the number of
variables. One check for numbers and arrays (probes.py's point spaces).

A step that crosses a kink (relu near 0, max near a tie) measures another piece
of the function: the step shrinks (down to STEP_SHRINKS tenths) until no kinked
gate changes side. If it never does, the verdict is "kink", not a failure.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.graph import Graph
from ..engines.trace import Trace
from ..errors import MathError
from .probes import Around

DIRECTIONS = 2
STEP = 1e-4  # relative to the point's scale; halved once for Richardson extrapolation
STEP_SHRINKS = 6  # steps tried along a direction: STEP, STEP/10, ... past kinks
RTOL = 1e-5
ATOL = 1e-8
EPS = 2.2e-16
SEED = 20260  # fixed, so a check is reproducible


@dataclass
class DirectionCheck:
    numeric: float | None  # None when f is undefined at x +- h v
    backprop: float
    rel_error: float | None
    ok: bool


def directional_check(graph: Graph, trace: Trace) -> tuple[list[DirectionCheck], bool]:
    """Per random direction v: Richardson-extrapolated centered differences against g . v,
    and whether some direction found no step that crosses no kink.

    The tolerance adds the method's own error estimate (the change between steps h
    and h/2, and rounding eps*|f|/h), so rapidly varying functions, whose plain
    centered differences are off by their third derivative, are not failed.
    """
    around = Around.of(graph, trace)
    space, point = around.space, around.point
    grads = {graph.nodes[i].id: trace.grads[i] for i in graph.variables}
    h = STEP * max([1.0] + [space.largest(x) for x in point.values()])
    rng = space.rng(SEED)
    checks, at_kink = [], False
    for _ in range(DIRECTIONS):
        v = {n: space.direction(rng, x) for n, x in point.items()}
        along = sum(space.dot(grads[n], v[n]) for n in point)
        scale = sum(space.abs_dot(grads[n], v[n]) for n in point)
        check = _direction(around, v, h, along, scale)
        at_kink = at_kink or check is None
        checks.append(check or DirectionCheck(None, along, None, False))
    return checks, at_kink


def _direction(around: Around, v: dict, h: float, along: float,
               scale: float) -> DirectionCheck | None:
    """The check along v with the largest step (h, h/10, ...) that crosses no kink."""
    for _ in range(STEP_SHRINKS):
        try:
            wide = _along(around, v, h)
            narrow = _along(around, v, h / 2)
        except MathError:
            return DirectionCheck(None, along, None, False)
        if wide is not None and narrow is not None:
            return judge(along, scale, wide[0], narrow[0], max(wide[1], narrow[1]), h)
        h /= 10
    return None


def _along(around: Around, v: dict, h: float):
    """(f(x + hv) - f(x - hv)) / 2h and the larger |f|; None when the step crosses a kink."""
    outputs = []
    for step in (h, -h):
        values, crossed = around.run({n: x + step * v[n] for n, x in around.point.items()})
        if crossed:
            return None
        outputs.append(float(values[around.graph.output]))
    return (outputs[0] - outputs[1]) / (2 * h), max(abs(outputs[0]), abs(outputs[1]))


def judge(along: float, scale: float, wide: float, narrow: float, size: float,
          h: float) -> DirectionCheck:
    """Backprop's g . v against the differences with steps h (``wide``) and h/2, Richardson-
    extrapolated; ``scale`` is sum |g_i v_i|, ``size`` the largest |f| met at a probe."""
    numeric = (4 * narrow - wide) / 3
    estimate = abs(narrow - wide) + 10 * EPS * size / (h / 2)
    error = abs(numeric - along)
    magnitude = max(abs(numeric), abs(along), scale)
    rel = 0.0 if magnitude == 0 else error / magnitude
    return DirectionCheck(numeric, along, rel, error <= RTOL * magnitude + estimate + ATOL)
