"""Numeric gradients: the course's gradient check with centered differences.

``numeric_gradients(graph, point)`` is the plain function API (graph and a
point in, one gradient per input out); ``numeric_check`` compares backprop with
it the way the course teaches: relative error ``|a - n| / max(|a|, |n|)`` and
its verdict words. No SymPy: this works on any graph the engine can run.

Two things make a centered difference lie, and both are reported instead of
being counted as a wrong gradient:

* a kink inside the step (``relu`` near 0, a ``max`` near a tie): the two
  probes sit on different sides of it;
* rounding: ``f(x+h) - f(x-h)`` loses the digits that the large values inside
  the graph carry, so the estimate is only good to about
  ``eps * sum_i |value_i * grad_i| / h`` (each node's rounding error, carried
  to the output by its gradient, divided by the step).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field

from .verdicts import relative_error
from ..engines.scalar import forward
from ..engines.trace import Trace
from ..errors import MathError
from ..core.graph import Graph
from ..core.status import FAIL, KINK, OK, UNDEFINED, Status

# The step of the centered difference, as the course sets it.
STEP = 1e-5

# The course's verdicts on the relative error between backprop and numeric.
PROBABLY_WRONG = 1e-2  # above: the gradient is probably wrong
UNCOMFORTABLE = 1e-4  # from here up to PROBABLY_WRONG: should make you uncomfortable
HAPPY = 1e-7  # at most this: happy; between HAPPY and UNCOMFORTABLE: ok only with kinks

VERDICT_HAPPY = "happy"
VERDICT_KINKS = "ok only with kinks"
VERDICT_UNCOMFORTABLE = "uncomfortable"
VERDICT_WRONG = "probably wrong"

# A difference within this many estimated rounding errors is rounding, not a bug.
ROUNDING_SLACK = 10.0

@dataclass
class NumericGradient:
    """One input's centered difference and what may spoil it."""

    name: str
    numeric: float | None  # None when a probe leaves the expression's domain
    kinks: list[int] = field(default_factory=list)  # kinked gates whose side changes in the step
    problem: str = ""  # why ``numeric`` is None


@dataclass
class NumericCheck:
    name: str
    backprop: float
    numeric: float | None
    rel_error: float | None
    verdict: str  # one of the VERDICT_* words ("" when undefined)
    status: Status  # ok | fail | kink | undefined
    kinks: list[int] = field(default_factory=list)
    rounding: float = 0.0  # estimated rounding error of ``numeric``
    problem: str = ""


def verdict(rel_error: float) -> str:
    """The course's words for a relative error."""
    if rel_error > PROBABLY_WRONG:
        return VERDICT_WRONG
    if rel_error >= UNCOMFORTABLE:
        return VERDICT_UNCOMFORTABLE
    if rel_error > HAPPY:
        return VERDICT_KINKS
    return VERDICT_HAPPY


def numeric_gradients(
    graph: Graph, point: dict[str, float], h: float = STEP
) -> dict[str, float | None]:
    """∂output/∂input for every input variable, by centered differences.

    ``None`` for an input whose probe ``x ± h`` leaves the expression's domain.
    """
    center = forward(graph, point)
    return {p.name: p.numeric for p in probe_all(graph, point, center, h)}


def probe_all(graph: Graph, point: dict[str, float], center: list[float], h: float = STEP):
    return [probe(graph, point, center, name, h) for name in graph.variable_names]


def probe(
    graph: Graph, point: dict[str, float], center: list[float], name: str, h: float = STEP
) -> NumericGradient:
    """(f(x+h) - f(x-h)) / 2h for one input, and the kinks the step crosses."""
    try:
        plus = forward(graph, {**point, name: point[name] + h})
        minus = forward(graph, {**point, name: point[name] - h})
    except MathError as error:
        problem = f"the step {name} ± {h:g} leaves the domain: {error}"
        return NumericGradient(name, None, problem=problem)
    numeric = (plus[graph.output] - minus[graph.output]) / (2 * h)
    return NumericGradient(name, numeric, kinks_crossed(graph, (minus, center, plus)))


def kinks_crossed(graph: Graph, probes: tuple[list[float], ...]) -> list[int]:
    """Kinked gates whose local gradient is not the same at every probe.

    The kinked gates (relu, abs, max, min) have a piecewise-constant local
    gradient, so a change between ``x - h``, ``x`` and ``x + h`` means the step
    touches or crosses the kink.
    """
    crossed = []
    for i, node in enumerate(graph.nodes):
        if node.op.kink is None:
            continue
        seen = {_local(node, values, i) for values in probes}
        if len(seen) > 1:
            crossed.append(i)
    return crossed


def _local(node, values: list[float], i: int) -> tuple[float, ...]:
    args = [values[j] for j in node.inputs]
    if node.const is None:
        return node.op.partials(*args, values[i])
    return node.op.partials(*args, values[i], node.const.value)


def rounding_error(trace: Trace, h: float = STEP) -> float:
    """How far rounding alone can move a centered difference at this point."""
    carried = math.fsum(abs(v * g) for v, g in zip(trace.values, trace.grads))
    return sys.float_info.epsilon * carried / h


def numeric_check(graph: Graph, trace: Trace, h: float = STEP) -> list[NumericCheck]:
    """Backprop's gradient of each input against its centered difference."""
    point = {graph.nodes[i].id: trace.values[i] for i in graph.variables}
    rounding = rounding_error(trace, h)
    checks = []
    for i, p in zip(graph.variables, probe_all(graph, point, trace.values, h)):
        checks.append(_judge(p, trace.grads[i], rounding))
    return checks


def _judge(p: NumericGradient, backprop: float, rounding: float) -> NumericCheck:
    if p.numeric is None:
        return NumericCheck(p.name, backprop, None, None, "", UNDEFINED, problem=p.problem)
    error = relative_error(backprop, p.numeric)
    if p.kinks:
        status = KINK  # the estimate itself is unreliable across a kink
    elif error < UNCOMFORTABLE or abs(backprop - p.numeric) <= ROUNDING_SLACK * rounding:
        status = OK
    else:
        status = FAIL
    return NumericCheck(p.name, backprop, p.numeric, error, verdict(error), status, p.kinks,
                        rounding)
