"""Variants of a worksheet for a class: other points of small whole numbers (like the
lecture's −2, 5, −4) where the circuit is a fair exercise.

A point is kept when every value and gradient is finite, no gate sits at a kink or the
edge of its domain, and every number stays readable (at most ``MAX_READABLE`` in size);
no input is 0 and the scalar inputs differ from each other (so that a swapped multiply
shows), points are all different, and the same seed always gives the same ones.
"""

from __future__ import annotations

import random
import re

from ...core.array_rules import numpy
from ...core.graph import Graph
from ...engines.arrays import run
from ...errors import GradcliError, InputError, printable

MAX_READABLE = 1000.0  # no 10⁹ on a worksheet
TRIES_PER_VARIANT = 200
_RANGE = re.compile(r"\s*(-?\d{1,6})\s*\.\.\s*(-?\d{1,6})\s*")


def parse_range(text: str) -> tuple[int, int]:
    """``-5..5`` -> (-5, 5): the whole numbers values are picked from."""
    match = _RANGE.fullmatch(text)
    if not match or int(match.group(1)) >= int(match.group(2)):
        raise InputError(f"--range takes A..B with whole numbers A < B (such as -5..5), not "
                         f"{printable(text)!r}")
    return int(match.group(1)), int(match.group(2))


def pick_points(graph: Graph, shapes: dict[str, tuple], count: int, seed: int,
                low: int, high: int) -> list[dict]:
    """``count`` different points (name -> array of ``shapes[name]``) fit for a worksheet."""
    rng = random.Random(seed)
    found: list[dict] = []
    seen: set[tuple] = set()
    for _ in range(count * TRIES_PER_VARIANT):
        if len(found) == count:
            break
        point = {name: _draw(rng, shapes.get(name, ()), low, high)
                 for name in graph.variable_names}
        key = tuple(tuple(v.ravel().tolist()) for v in point.values())
        if key not in seen and telling(point) and fair(graph, point):
            seen.add(key)
            found.append(point)
    if len(found) < count:
        raise InputError(f"found only {len(found)} of {count} points in {low}..{high} where "
                         "every number is finite, readable and away from kinks; widen --range "
                         "or ask for fewer --variants")
    return found


def _draw(rng: random.Random, shape: tuple, low: int, high: int):
    size = 1
    for n in shape:
        size *= n
    entries = [float(rng.randint(low, high)) for _ in range(size)]
    return numpy().asarray(entries, dtype=numpy().float64).reshape(shape)


def telling(point: dict) -> bool:
    """No zero entry (it would hide gradients) and no two scalar inputs alike."""
    scalars = [float(v) for v in point.values() if v.ndim == 0]
    return len(set(scalars)) == len(scalars) and all((v != 0).all() for v in point.values())


def fair(graph: Graph, point: dict) -> bool:
    """Whether the circuit at ``point`` is a fair exercise (see the module's docstring)."""
    np = numpy()
    try:
        with np.errstate(all="ignore"):
            trace = run(graph, point)
    except GradcliError:  # undefined, overflowing, a shape that does not fit
        return False
    if trace.kinks:
        return False
    numbers = list(trace.values) + list(trace.grads)
    return all(np.isfinite(v).all() and (np.abs(v) <= MAX_READABLE).all() for v in numbers)
