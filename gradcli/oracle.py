"""The oracle: SymPy's own derivative of the whole expression, at the point.

The SymPy expression is built from our graph (never from user text), each
variable a real Symbol. Its derivative is evaluated by substituting 30-digit
Floats, which SymPy evaluates on the spot; ``evalf(subs=...)`` is avoided
because it can take seconds. SymPy is imported here only, lazily, so that
``--no-check`` and ``--help`` never pay for it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .directional import ATOL as DIRECTIONAL_ATOL, RTOL as DIRECTIONAL_RTOL
from .directional import DIRECTIONS, DirectionCheck, directional_check
from .engine import Trace
from .graph import Graph
from .limits import Limits, TimeLimitExceeded, time_limit
from .limits import active as active_limits

# Backprop agrees with the oracle when the relative error is at most RTOL, or
# the absolute error at most ATOL (both near zero, relative error means nothing).
RTOL = 1e-9
ATOL = 1e-12
ORACLE_DIGITS = 30
# Centered differences entry by entry (arrays too large for SymPy) agree with backprop
# within the course's "uncomfortable" relative error, or within ten estimated
# rounding errors of the differences (tensor_check.py).
CENTERED_RTOL = 1e-4
CENTERED_ATOL = 1e-8

OK, FAIL, KINK, UNDEFINED = "ok", "fail", "kink", "undefined"


@dataclass
class VariableCheck:
    name: str
    backprop: float
    reference: float | None  # None when the oracle has no finite value
    rel_error: float | None
    status: str  # ok | fail | kink | undefined


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


def to_sympy(graph: Graph):
    """The graph as one SymPy expression, plus the Symbol of each variable."""
    exprs, symbols = sympy_nodes(graph)
    return exprs[graph.output], symbols


def sympy_nodes(graph: Graph, cut: dict[int, object] | None = None):
    """Every node as a SymPy expression, plus the Symbol of each variable.

    ``cut`` replaces chosen nodes by given SymPy objects (a Symbol standing for
    an intermediate, to differentiate with respect to it).
    """
    import sympy

    cut = cut or {}
    symbols = {}
    exprs: list = [None] * len(graph.nodes)
    for i, node in enumerate(graph.nodes):
        op = node.op
        if op.name == "var":
            symbols[node.id] = sympy.Symbol(node.id, real=True)
        if i in cut:
            exprs[i] = cut[i]
        elif op.name == "var":
            exprs[i] = symbols[node.id]
        else:
            args = [exprs[j] for j in node.inputs]
            if node.const is not None:
                args.append(sympy_number(node.const.value))
            exprs[i] = op.sympy_form(sympy, *args)
    return exprs, symbols


def sympy_number(x: float):
    import sympy

    if x.is_integer() and abs(x) < 2**53:
        return sympy.Integer(int(x))
    return sympy.Float(x, ORACLE_DIGITS)  # exactly the float64 the engine used


def sympy_derivatives(graph: Graph):
    """SymPy's ∂output/∂variable for every input variable, and the variables' Symbols."""
    import sympy

    expr, symbols = to_sympy(graph)
    return {name: sympy.diff(expr, symbols[name]) for name in graph.variable_names}, symbols


def sympy_check(graph: Graph, trace: Trace, derivatives=None) -> CheckResult:
    """Backprop against SymPy; ``derivatives`` from ``sympy_derivatives`` may be reused."""
    import sympy

    derivs, symbols = derivatives or sympy_derivatives(graph)
    point = {
        symbols[graph.nodes[i].id]: sympy.Float(trace.values[i], ORACLE_DIGITS)
        for i in graph.variables
    }
    kinked = kink_variables(graph, trace)
    result = CheckResult("sympy")
    for i in graph.variables:
        name = graph.nodes[i].id
        reference = to_float(derivs[name].xreplace(point))
        result.variables.append(_verdict(name, trace.grads[i], reference, name in kinked))
    return result


def to_float(value) -> float | None:
    """A SymPy number as a float; None unless it is a finite real number."""
    try:
        number = complex(value)
    except (TypeError, ValueError):
        return None  # still symbolic: SymPy could not evaluate it
    if number.imag != 0 or not math.isfinite(number.real):
        return None
    return number.real


def _verdict(name: str, backprop: float, reference: float | None, kinked: bool) -> VariableCheck:
    if reference is None:
        status = KINK if kinked else UNDEFINED
        return VariableCheck(name, backprop, None, None, status)
    error = relative_error(backprop, reference)
    if kinked:
        status = KINK
    else:
        status = OK if agrees(backprop, reference) else FAIL
    return VariableCheck(name, backprop, reference, error, status)


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


def verify(graph: Graph, trace: Trace, limits: Limits | None = None,
           derivatives=None) -> CheckResult:
    """SymPy's derivative when it can finish; else a numeric check independent of backprop.

    ``derivatives``, if given, is a function returning ``sympy_derivatives(graph)``
    (a cache's); it runs inside the time limit too.
    """
    limits = limits or active_limits()
    if trace.arrays:  # vectors and matrices: entry by entry (tensor_check.py)
        from .tensor_check import verify as verify_arrays

        return verify_arrays(graph, trace, limits)
    size = f"the graph has {len(graph.nodes):,} nodes"
    return sympy_or_fallback(
        len(graph.nodes), size, limits,
        lambda: sympy_check(graph, trace, derivatives() if derivatives else None),
        lambda reason: numeric_fallback(graph, trace, reason))


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


def numeric_fallback(graph: Graph, trace: Trace, reason: str) -> CheckResult:
    return directional_result(graph, trace, directional_check(graph, trace), reason)


def directional_result(graph: Graph, trace: Trace, directions: list[DirectionCheck],
                       reason: str, at_kink: bool = False) -> CheckResult:
    """The verdict of the directional check, the same for every variable (``at_kink``:
    the steps could not avoid crossing a kink, so a disagreement is no failure)."""
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
