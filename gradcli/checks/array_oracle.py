"""The check for arrays: SymPy entry by entry when small, centered differences when large.

SymPy's check is sympy_oracle.py's, the same for numbers and arrays; here is when
it runs. When the arrays are too large for SymPy (the expression written out entry by
entry has more gates than ``--sympy-max-nodes``) or SymPy runs out of time, the
gradient is checked by centered differences, independently of backprop: entry
by entry when there are few entries, along random directions when there are many
(each direction costs two forward passes, whatever the number of entries).
"""

from __future__ import annotations

import math
import sys

from ..core.array_rules import numpy
from .sympy_oracle import sympy_check
from .verdicts import (CENTERED_ATOL, CENTERED_RTOL, CheckResult, agrees, compare,
                       directional_result, kink_variables, sympy_or_fallback)
from .directional import directional_check as directions_check
from ..errors import MathError
from ..core.graph import Graph
from ..limits import DEFAULT_LIMITS, Limits
from .differences import ROUNDING_SLACK, STEP
from ..engines.arrays import TensorTrace, forward

# SymPy differentiates the whole expression once per entry: entries × gates above
# this take seconds (20×20 @ 20: 420 × 1,280, 3.5 s), and centered differences do.
SYMPY_MAX_WORK = 100_000
CENTERED_MAX_ENTRIES = 2_000  # more entries than this: random directions instead
CENTERED_MAX_WORK = 20_000_000  # entries × values per forward pass, the same way


def scalar_size(graph: Graph, values: list) -> int:
    """How many scalar gates the expression has when written out entry by entry."""
    size = 0
    for i, node in enumerate(graph.nodes):
        rules = node.op.arrays
        inputs = [values[j] for j in node.inputs]
        if rules is not None and rules.cost is not None:
            size += rules.cost(values[i], *inputs)
        else:  # one scalar gate per entry of the largest of its output and inputs
            size += max([values[i].size] + [v.size for v in inputs])
    return size


def verify(graph: Graph, trace: TensorTrace, limits: Limits = DEFAULT_LIMITS) -> CheckResult:
    """SymPy entry by entry when it can finish; else centered differences."""
    size = scalar_size(graph, trace.values)
    entries = sum(trace.values[i].size for i in graph.variables)
    if entries * size > SYMPY_MAX_WORK:  # one derivative of the whole expression per entry
        reason = (f"{entries:,} entries, each a derivative of an expression of {size:,} gates, "
                  "are too many for SymPy")
        return numeric_fallback(graph, trace, reason)
    words = f"written out entry by entry the expression has {size:,} gates"
    return sympy_or_fallback(size, words, limits, lambda: sympy_check(graph, trace),
                             lambda reason: numeric_fallback(graph, trace, reason))


# --- centered differences


def numeric_fallback(graph: Graph, trace: TensorTrace, reason: str) -> CheckResult:
    if affordable(graph, trace.values):
        return centered_check(graph, trace, reason)
    return directional_check(graph, trace, reason)


def centered_gradients(graph: Graph, values: list, h: float = STEP) -> tuple[dict, dict]:
    """(f(x + h) - f(x - h)) / 2h for every entry of every input (nan where a probe
    leaves the expression's domain), and per input the kinked gates that a step
    crosses (their local gradient changes between the probes: the estimate is
    unreliable there)."""
    np = numpy()
    point = {graph.nodes[i].id: values[i] for i in graph.variables}
    center = _sides(graph, values)
    estimates, crossed = {}, {}
    for i in graph.variables:
        name = graph.nodes[i].id
        estimate = np.empty(values[i].shape)
        kinks: set[int] = set()
        for index in np.ndindex(values[i].shape):
            estimate[index] = _difference(graph, point, name, index, h, center, kinks)
        estimates[name], crossed[name] = estimate, sorted(kinks)
    return estimates, crossed


def _difference(graph: Graph, point: dict, name: str, index: tuple, h: float,
                center: dict, kinks: set) -> float:
    outputs = []
    for step in (h, -h):
        moved = point[name].copy()
        moved[index] += step
        try:
            values = forward(graph, {**point, name: moved})
        except MathError:
            return float("nan")
        outputs.append(float(values[graph.output]))
        kinks.update(_crossed(graph, values, center))
    return (outputs[0] - outputs[1]) / (2 * h)


def _sides(graph: Graph, values: list) -> dict:
    """Each kinked gate's local gradients: piecewise constant, so a change is a crossing."""
    np = numpy()
    sides = {}
    with np.errstate(all="ignore"):
        for i, node in enumerate(graph.nodes):
            if node.op.kink is not None:
                c = () if node.const is None else (node.const.value,)
                args = [values[j] for j in node.inputs]
                sides[i] = node.op.arrays.local(*args, values[i], *c)
    return sides


def rounding_error(trace: TensorTrace, h: float = STEP) -> float:
    """How far rounding alone can move a centered difference (numeric.rounding_error)."""
    carried = sum(float(abs(v * g).sum()) for v, g in zip(trace.values, trace.grads))
    return sys.float_info.epsilon * carried / h


def centered_agreement(rounding: float):
    def agree(a: float, b: float) -> bool:
        return agrees(a, b, CENTERED_RTOL, max(CENTERED_ATOL, ROUNDING_SLACK * rounding))

    return agree


def centered_check(graph: Graph, trace: TensorTrace, reason: str) -> CheckResult:
    estimates, crossed = centered_gradients(graph, trace.values)
    agree = centered_agreement(rounding_error(trace))
    kinked = kink_variables(graph, trace)
    result = CheckResult("centered", note=reason)
    for i in graph.variables:
        name = graph.nodes[i].id
        at_kink = name in kinked or bool(crossed[name])
        estimate = [x if math.isfinite(x) else None for x in estimates[name].ravel().tolist()]
        result.variables.append(compare(name, trace.grads[i], estimate, at_kink, agree))
    return result


def affordable(graph: Graph, values: list) -> bool:
    """Whether centered differences entry by entry (two forward passes each) are cheap."""
    entries = sum(values[i].size for i in graph.variables)
    work = entries * sum(v.size for v in values)
    return entries <= CENTERED_MAX_ENTRIES and work <= CENTERED_MAX_WORK


def directional_check(graph: Graph, trace: TensorTrace, reason: str) -> CheckResult:
    """Backprop's ∇f·v against differences along random directions (directional.py)."""
    directions, at_kink = directions_check(graph, trace)
    return directional_result(graph, trace, directions, reason, at_kink)


def _crossed(graph: Graph, values: list, center: dict) -> list[int]:
    """The kinked gates whose local gradient differs from the center's: the step crossed."""
    np = numpy()
    sides = _sides(graph, values)
    return [k for k in sides if not all(np.array_equal(a, b) for a, b in zip(sides[k], center[k]))]
