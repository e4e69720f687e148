"""Predict mode's named mistakes: the worksheet diagnosis (checks/worksheet/), precomputed.

The page is static, so it cannot ask Python about a typed number. Instead, for each
number it asks, the page carries the wrong numbers the catalogued slips give
(``slips``: the local gradient forgotten, the multiply gate not swapped, e^x's local
taken as x, …) with each one's hint (``hint``: never the number itself); a wrong answer
that matches one is named by it, any other gets the catalogue's "recompute" hint.
"""

from __future__ import annotations

import math

from ..api import Result
from ..checks.worksheet.catalogue import PRIORITY, hint
from ..checks.worksheet.slips import Step, slips
from ..checks.worksheet.walk import consumers_of
from ..core.array_rules import numpy
from .circuit import wire_gradient


def wire_mistakes(result: Result, gate: int, position: int) -> tuple[list[tuple[float, str]], str]:
    """The slips' numbers for the gradient flowing back from ``gate`` along its input
    ``position``, each with its hint, by the catalogue's priority; and the hint otherwise."""
    np = numpy()
    graph, trace = result.graph, result.trace
    node = graph.nodes[gate]
    j = node.inputs[position]
    step = Step(gate, node, position, np.asarray(trace.grads[gate], dtype=np.float64),
                [np.asarray(trace.values[i], dtype=np.float64) for i in node.inputs],
                np.asarray(trace.values[gate], dtype=np.float64),
                np.asarray(wire_gradient(result, gate, position), dtype=np.float64))
    found = slips(step) + [("value-for-grad", np.asarray(trace.values[j]))]
    found.sort(key=lambda pair: PRIORITY.index(pair[0]))
    named: list[tuple[float, str]] = []
    for code, number in found:
        if number is None or number.size != 1:
            continue
        number = float(number)
        if not any(math.isclose(number, seen, rel_tol=1e-12) for seen, _ in named):
            # two slips that give one number: the first in the catalogue's order names it
            named.append((number, hint(code, graph, j, gate, "grad", [(gate, position)])))
    return named, hint("unknown", graph, j, gate, "grad", [(gate, position)])


def value_hint(result: Result, i: int) -> str:
    """The hint for a wrong forward value of node ``i``."""
    return hint("forward", result.graph, i, i, "value", consumers_of(result.graph)[i])
