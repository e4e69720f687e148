"""A numeric check that scales: centered differences along random directions.

When SymPy cannot differentiate the whole expression in time (or the graph is
too large to try), the gradient is still verified independently of backprop:
for a random direction v, (f(x + h v) - f(x - h v)) / 2h must equal the
backprop directional derivative g . v. It costs two forward passes per
direction, whatever the number of variables.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..engines.scalar import forward
from ..engines.trace import Trace
from ..errors import MathError
from ..core.graph import Graph

DIRECTIONS = 2
STEP = 1e-4  # relative to the point's scale; halved once for Richardson extrapolation
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


def directional_check(graph: Graph, trace: Trace) -> list[DirectionCheck]:
    """Per random direction v: Richardson-extrapolated centered differences against g . v.

    The tolerance adds the method's own error estimate (the change between steps h
    and h/2, and rounding eps*|f|/h), so rapidly varying functions, whose plain
    centered differences are off by their third derivative, are not failed.
    """
    rng = random.Random(SEED)
    names = graph.variable_names
    point = [trace.values[i] for i in graph.variables]
    grads = [trace.grads[i] for i in graph.variables]
    h = STEP * max([1.0] + [abs(x) for x in point])
    results = []
    for _ in range(DIRECTIONS):
        v = [rng.choice((-1.0, 1.0)) for _ in names]
        along = sum(g * d for g, d in zip(grads, v))
        scale = sum(abs(g * d) for g, d in zip(grads, v))
        try:
            wide, wide_size = _centered(graph, names, point, v, h)
            narrow, narrow_size = _centered(graph, names, point, v, h / 2)
        except MathError:
            results.append(DirectionCheck(None, along, None, False))
            continue
        results.append(judge(along, scale, wide, narrow, max(wide_size, narrow_size), h))
    return results


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


def _centered(graph: Graph, names: list[str], point: list[float], v: list[float], h: float):
    plus = _output(graph, names, [x + h * d for x, d in zip(point, v)])
    minus = _output(graph, names, [x - h * d for x, d in zip(point, v)])
    return (plus - minus) / (2 * h), max(abs(plus), abs(minus))


def _output(graph: Graph, names: list[str], point: list[float]) -> float:
    return forward(graph, dict(zip(names, point)))[graph.output]
