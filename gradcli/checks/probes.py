"""Running a graph at moved points, for the numeric checks (differences.py, directional.py).

A *point space* per engine (HIPS autograd's ``VSpace``, small): how to run the
forward pass at a point, move a variable, draw a random ±1 direction and tell
whether a step crossed a kink. ``NUMBERS`` keeps the scalar engine's floats (and
never imports NumPy), ``ARRAYS`` the array engine's float64 arrays; each check is
written once over them.

The kinked gates (relu, abs, max, min) have piecewise-constant local gradients,
so a change between the center and a probe means the step touches or crosses
the kink: a difference over that step measures another piece of the function.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..core.array_rules import numpy
from ..core.graph import Graph
from ..engines import arrays as array_engine
from ..engines import scalar as scalar_engine
from ..engines.trace import Trace


class Numbers:
    """The scalar engine's points: each variable a Python float."""

    forward = staticmethod(scalar_engine.forward)

    @staticmethod
    def rng(seed: int):
        return random.Random(seed)

    @staticmethod
    def direction(rng, x):
        return rng.choice((-1.0, 1.0))

    @staticmethod
    def dot(g, v) -> float:
        return g * v

    @staticmethod
    def abs_dot(g, v) -> float:
        return abs(g * v)

    @staticmethod
    def largest(x) -> float:
        return abs(x)

    @staticmethod
    def moved_entry(x, index: tuple, step: float):
        return x + step

    @staticmethod
    def local(node, args: list, out, c: tuple):
        return node.op.partials(*args, out, *c)

    @staticmethod
    def same(a, b) -> bool:
        return a == b


class Arrays:
    """The array engine's points: each variable a float64 array (0-d for a number)."""

    @staticmethod
    def forward(graph: Graph, point: dict) -> list:
        return array_engine.forward(graph, point)

    @staticmethod
    def rng(seed: int):
        return numpy().random.default_rng(seed)

    @staticmethod
    def direction(rng, x):
        return rng.choice([-1.0, 1.0], size=x.shape)

    @staticmethod
    def dot(g, v) -> float:
        return float((g * v).sum())

    @staticmethod
    def abs_dot(g, v) -> float:
        return float(numpy().abs(g * v).sum())

    @staticmethod
    def largest(x) -> float:
        return float(numpy().abs(x).max())

    @staticmethod
    def moved_entry(x, index: tuple, step: float):
        moved = x.copy()
        moved[index] += step
        return moved

    @staticmethod
    def local(node, args: list, out, c: tuple):
        with numpy().errstate(all="ignore"):
            return node.op.arrays.local(*args, out, *c)

    @staticmethod
    def same(a, b) -> bool:
        np = numpy()
        return all(np.array_equal(x, y) for x, y in zip(a, b))


NUMBERS, ARRAYS = Numbers(), Arrays()


def space_of(trace: Trace):
    return ARRAYS if trace.arrays else NUMBERS


def _sides(space, graph: Graph, values: list, kinked: list[int]) -> list:
    """Each kinked gate's local gradients at ``values``."""
    out = []
    for i in kinked:
        node = graph.nodes[i]
        c = () if node.const is None else (node.const.value,)
        out.append(space.local(node, [values[j] for j in node.inputs], values[i], c))
    return out


@dataclass
class Around:
    """A point of a graph, and what a step away from it is measured against."""

    graph: Graph
    space: Numbers | Arrays
    point: dict  # each variable's value, by name
    kinked: list[int]  # the kinked gates
    center: list  # their local gradients at the point

    @classmethod
    def of(cls, graph: Graph, trace: Trace) -> Around:
        return cls.at(graph, space_of(trace), trace.values)

    @classmethod
    def at(cls, graph: Graph, space, values: list) -> Around:
        """Around the point whose node values are ``values`` (a forward pass's)."""
        point = {graph.nodes[i].id: values[i] for i in graph.variables}
        kinked = [i for i, node in enumerate(graph.nodes) if node.op.kink is not None]
        return cls(graph, space, point, kinked, _sides(space, graph, values, kinked))

    def run(self, point: dict) -> tuple[list, list[int]]:
        """Every node's value at ``point``, and the kinked gates whose local gradients
        differ there from the center's (MathError where the point leaves the domain)."""
        values = self.space.forward(self.graph, point)
        if not self.kinked:
            return values, []
        now = _sides(self.space, self.graph, values, self.kinked)
        same = self.space.same
        return values, [k for k, a, b in zip(self.kinked, now, self.center) if not same(a, b)]
