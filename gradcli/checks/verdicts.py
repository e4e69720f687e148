"""The verdict vocabulary every check shares: statuses, tolerances, results, relative error.

A check's result is a ``CheckResult``: the method that ran (SymPy, centered
differences, random directions), one ``VariableCheck`` per input with its status
(ok, fail, kink, undefined), and why the method is not SymPy's when it is not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..core.graph import Graph
from ..core.status import FAIL, KINK, OK, UNDEFINED, Status
from ..engines.trace import Trace
from ..limits import Limits, TimeLimitExceeded, time_limit
from .entries import entries, shaped_like
from .directional import ATOL as DIRECTIONAL_ATOL, RTOL as DIRECTIONAL_RTOL
from .directional import DIRECTIONS, DirectionCheck, directional_check

# Backprop agrees with the oracle when the relative error is at most RTOL, or
# the absolute error at most ATOL (both near zero, relative error means nothing).
RTOL = 1e-9
ATOL = 1e-12
ORACLE_DIGITS = 30
# Centered differences entry by entry (arrays too large for SymPy) agree with backprop
# within the course's "uncomfortable" relative error, or within ten estimated
# rounding errors of the differences (array_oracle.py).
CENTERED_RTOL = 1e-4
CENTERED_ATOL = 1e-8

@dataclass
class VariableCheck:
    name: str
    backprop: float
    reference: float | None  # None when the oracle has no finite value
    rel_error: float | None
    status: Status  # ok | fail | kink | undefined


@dataclass
class CheckResult:
    method: str  # "sympy" or "directional" (finite differences along random directions)
    variables: list[VariableCheck] = field(default_factory=list)
    note: str = ""  # why the method is not SymPy's, when it is not
    directions: list[DirectionCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        # "undefined" counts against: an answer that was not verified is not passed.
        return all(v.status in (OK, KINK) for v in self.variables)

    @property
    def gradients(self) -> dict[str, float | None]:
        return {v.name: v.reference for v in self.variables}


def relative_error(a: float, b: float) -> float:
    """|a - b| / max(|a|, |b|), 0 when both are 0 (the course's definition)."""
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale


def agrees(a: float, b: float, rtol: float = RTOL, atol: float = ATOL) -> bool:
    return abs(a - b) <= atol or relative_error(a, b) <= rtol


def compare(name: str, backprop, reference: list[float | None], kinked: bool,
            agree=agrees) -> VariableCheck:
    """One variable's verdict (a number, or an array entry by entry): every entry of
    ``reference`` (None where it has no finite value) must agree with backprop's; the
    error is the largest one."""
    have = entries(backprop)
    pairs = [(a, b) for a, b in zip(have, reference) if b is not None]
    complete = len(pairs) == len(have)
    error = max((relative_error(a, b) for a, b in pairs), default=0.0) if complete else None
    if kinked:
        status = KINK
    elif not complete:
        status = UNDEFINED
    else:
        status = OK if all(agree(a, b) for a, b in pairs) else FAIL
    shown = shaped_like(backprop, reference) if pairs else None
    return VariableCheck(name, backprop, shown, error, status)


def to_float(value) -> float | None:
    """A SymPy number as a float; None unless it is a finite real number."""
    try:
        number = complex(value)
    except (TypeError, ValueError):
        return None  # still symbolic: SymPy could not evaluate it
    if number.imag != 0 or not math.isfinite(number.real):
        return None
    return number.real


def kink_variables(graph: Graph, trace: Trace) -> set[str]:
    """Input variables whose gradient flows through a kink."""
    stack = [k.node for k in trace.kinks]
    seen = set(stack)
    while stack:
        for j in graph.nodes[stack.pop()].inputs:
            if j not in seen:
                seen.add(j)
                stack.append(j)
    return {graph.nodes[i].id for i in graph.variables if i in seen}


def sympy_or_fallback(size: int, size_words: str, limits: Limits, oracle, fallback):
    """``oracle()`` (SymPy) within the limits, else ``fallback(reason)``."""
    if size > limits.sympy_max_nodes:
        return fallback(f"{size_words}, more than SymPy is given "
                        f"(--sympy-max-nodes {limits.sympy_max_nodes:,})")
    try:
        with time_limit(limits.check_timeout):
            return oracle()
    except TimeLimitExceeded:
        reason = f"SymPy did not finish within {limits.check_timeout:g} s (--check-timeout)"
    except RecursionError:
        reason = "the expression is nested too deeply for SymPy"
    return fallback(reason)


def directional_result(graph: Graph, trace: Trace, reason: str) -> CheckResult:
    """The verdict of the directional check (directional.py), numbers and arrays alike, the
    same for every variable. When the steps could not avoid crossing a kink, a disagreement
    is no failure."""
    directions, at_kink = directional_check(graph, trace)
    passed = all(d.ok for d in directions)
    status = OK if passed else KINK if trace.kinks or at_kink else FAIL
    result = CheckResult("directional", note=reason, directions=directions)
    for i in graph.variables:
        name = graph.nodes[i].id
        result.variables.append(VariableCheck(name, trace.grads[i], None, None, status))
    return result


# Each method's tolerances (rtol, atol), as reported with its verdict.
METHOD_TOLERANCES = {
    "sympy": (RTOL, ATOL),
    "centered": (CENTERED_RTOL, CENTERED_ATOL),
    "directional": (DIRECTIONAL_RTOL, DIRECTIONAL_ATOL),
}

METHOD_NAMES = {
    "sympy": "SymPy's derivative",
    "centered": "centered differences, entry by entry",
    "directional": f"extrapolated centered differences along {DIRECTIONS} random directions",
}
