"""Numeric gradients: the course's gradient check with centered differences.

``numeric_gradients(graph, point)`` is the plain function API (graph and a
point in, one gradient per input out); ``numeric_check`` compares backprop with
it the way the course teaches: relative error ``|a - n| / max(|a|, |n|)`` and
its verdict words. No SymPy: this works on any graph the engine can run. One
check for numbers and arrays (an array entry by entry, probes.py's point spaces).

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

from ..core.array_rules import numpy
from ..core.arrays import is_array, needs_arrays
from ..core.graph import Graph
from ..core.status import FAIL, KINK, OK, UNDEFINED, Status
from ..engines.trace import Trace
from ..errors import MathError
from .entries import entry_name, indices, shaped_like
from .probes import ARRAYS, NUMBERS, Around
from .verdicts import CENTERED_ATOL, CENTERED_RTOL, agrees, relative_error

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
    numeric: object  # a number or an array; None (nan entries) where a probe leaves the domain
    kinks: list[int] = field(default_factory=list)  # kinked gates whose side changes in the step
    problem: str = ""  # why an entry of ``numeric`` is missing


@dataclass
class NumericCheck:
    name: str
    backprop: object
    numeric: object  # None when a probe leaves the domain
    rel_error: float | None  # the largest over the entries
    verdict: str  # one of the VERDICT_* words ("" when undefined)
    status: Status  # ok | fail | kink | undefined
    kinks: list[int] = field(default_factory=list)
    rounding: float = 0.0  # estimated rounding error of ``numeric``
    problem: str = ""
    worst: tuple = ()  # arrays: the index of the entry with the largest error


def verdict(rel_error: float) -> str:
    """The course's words for a relative error."""
    if rel_error > PROBABLY_WRONG:
        return VERDICT_WRONG
    if rel_error >= UNCOMFORTABLE:
        return VERDICT_UNCOMFORTABLE
    if rel_error > HAPPY:
        return VERDICT_KINKS
    return VERDICT_HAPPY


def numeric_gradients(graph: Graph, point: dict, h: float = STEP) -> dict:
    """∂output/∂input for every input variable, by centered differences.

    ``None`` for an input whose probe ``x ± h`` leaves the expression's domain
    (for an array: nan in that entry).
    """
    space = ARRAYS if needs_arrays(graph, point) else NUMBERS
    around = Around.at(graph, space, space.forward(graph, point))
    return {p.name: p.numeric for p in probe_all(around, h)}


def probe_all(around: Around, h: float = STEP) -> list[NumericGradient]:
    return [probe(around, name, h) for name in around.point]


def probe(around: Around, name: str, h: float = STEP) -> NumericGradient:
    """(f(x+h) - f(x-h)) / 2h for one input, entry by entry, and the kinks the step crosses."""
    value = around.point[name]
    out = around.graph.output
    estimates, kinks, problem = [], set(), ""
    for index in indices(value):
        try:
            plus, up = around.run({**around.point, name: around.space.moved_entry(value, index, h)})
            minus, down = around.run({**around.point,
                                      name: around.space.moved_entry(value, index, -h)})
        except MathError as error:
            problem = problem or (f"the step {entry_name(name, index)} ± {h:g} leaves the "
                                  f"domain: {error}")
            estimates.append(None)
            continue
        estimates.append((float(plus[out]) - float(minus[out])) / (2 * h))
        kinks.update(up, down)
    return NumericGradient(name, shaped_like(value, estimates), sorted(kinks), problem)


def rounding_error(trace: Trace, h: float = STEP) -> float:
    """How far rounding alone can move a centered difference at this point."""
    if trace.arrays:
        carried = math.fsum(map(ARRAYS.abs_dot, trace.values, trace.grads))
    else:  # the scalar path, inline: it runs for every input of every --numeric check
        carried = math.fsum(abs(v * g) for v, g in zip(trace.values, trace.grads))
    return sys.float_info.epsilon * carried / h


def centered_slack(rounding: float) -> float:
    """The absolute difference a centered difference may have from backprop: rounding's."""
    return max(CENTERED_ATOL, ROUNDING_SLACK * rounding)


def centered_agrees(backprop: float, numeric: float, rounding: float) -> bool:
    """Within the course's "uncomfortable" relative error, or within ROUNDING_SLACK
    estimated rounding errors of the difference."""
    return agrees(backprop, numeric, CENTERED_RTOL, centered_slack(rounding))


def numeric_check(graph: Graph, trace: Trace, h: float = STEP) -> list[NumericCheck]:
    """Backprop's gradient of each input against its centered difference."""
    around = Around.of(graph, trace)
    rounding = rounding_error(trace, h)
    return [_judge(p, trace.grads[i], rounding)
            for i, p in zip(graph.variables, probe_all(around, h))]


def _judge(p: NumericGradient, backprop, rounding: float) -> NumericCheck:
    numeric, arrays = p.numeric, is_array(backprop)
    if numeric is None or (arrays and not numpy().isfinite(numeric).all()):
        return NumericCheck(p.name, backprop, None, None, "", UNDEFINED, problem=p.problem)
    pairs = list(zip(backprop.ravel().tolist(), numeric.ravel().tolist())) if arrays else \
        [(backprop, numeric)]
    errors = [relative_error(a, b) for a, b in pairs]
    worst = errors.index(max(errors))  # the first of the largest
    if p.kinks:
        status = KINK  # the estimate itself is unreliable across a kink
    else:
        slack = centered_slack(rounding)
        status = OK if all(agrees(a, b, CENTERED_RTOL, slack) for a, b in pairs) else FAIL
    error = errors[worst]
    index = indices(backprop)[worst] if arrays else ()
    return NumericCheck(p.name, backprop, numeric, error, verdict(error), status, p.kinks,
                        rounding, problem=p.problem, worst=index)
