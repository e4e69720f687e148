"""The check for arrays: SymPy entry by entry when small, centered differences when large.

SymPy: each variable becomes an array of real Symbols, one per entry (``W[0, 1]``),
and every node an array of SymPy expressions, built from the graph with each
gate's SymPy form (ops.py: elementwise gates entry by entry, array gates on the
whole arrays). The output's derivative by each entry's Symbol, evaluated at the
point with 30-digit Floats, is compared with backprop's gradient entry by entry.

When the arrays are too large for SymPy (the expression written out entry by
entry has more gates than ``--sympy-max-nodes``) or SymPy runs out of time, the
gradient is checked by centered differences, independently of backprop: entry
by entry when there are few entries, along random directions when there are many
(each direction costs two forward passes, whatever the number of entries).
"""

from __future__ import annotations

import sys

from ..core.array_rules import numpy
from .sympy_oracle import sympy_number
from .verdicts import (CENTERED_ATOL, CENTERED_RTOL, CheckResult, VariableCheck, agrees,
                       directional_result, kink_variables, sympy_or_fallback, to_float)
from .directional import DIRECTIONS, SEED, STEP as DIRECTION_STEP, DirectionCheck, judge
from ..errors import MathError
from ..core.graph import Graph
from ..limits import DEFAULT_LIMITS, Limits
from .differences import ROUNDING_SLACK, STEP
from ..engines.arrays import TensorTrace, forward

OK, FAIL, KINK, UNDEFINED = "ok", "fail", "kink", "undefined"
# SymPy differentiates the whole expression once per entry: entries × gates above
# this take seconds (20×20 @ 20: 420 × 1,280, 3.5 s), and centered differences do.
SYMPY_MAX_WORK = 100_000
CENTERED_MAX_ENTRIES = 2_000  # more entries than this: random directions instead
CENTERED_MAX_WORK = 20_000_000  # entries × values per forward pass, the same way


def entry_name(name: str, index: tuple) -> str:
    return f"{name}[{', '.join(map(str, index))}]" if index else name


def scalar_size(graph: Graph, values: list) -> int:
    """How many scalar gates the expression has when written out entry by entry."""
    size = 0
    for i, node in enumerate(graph.nodes):
        inputs = [values[j] for j in node.inputs]
        if node.op.name == "matmul":
            a, b = inputs
            size += 2 * values[i].size * a.shape[-1]
        else:
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


def sympy_arrays(graph: Graph, values: list):
    """Every node as an array of SymPy expressions, and each variable's array of Symbols."""
    import sympy

    np = numpy()
    symbols: dict[str, object] = {}
    exprs: list = [None] * len(graph.nodes)
    for i, node in enumerate(graph.nodes):
        op = node.op
        if op.name == "var":
            entries = np.empty(values[i].shape, dtype=object)
            for index in np.ndindex(entries.shape):
                entries[index] = sympy.Symbol(entry_name(node.id, index), real=True)
            exprs[i] = symbols[node.id] = entries
            continue
        c = [sympy_number(node.const.value)] if node.const is not None else []
        args = [exprs[j] for j in node.inputs]
        if not args:
            exprs[i] = _object_array(c[0])
        elif op.array_only:
            exprs[i] = _object_array(op.sympy_form(sympy, *args, *c))
        else:
            def entry(*parts, op=op, c=c):
                return op.sympy_form(sympy, *parts, *c)

            exprs[i] = _object_array(np.vectorize(entry, otypes=[object])(*args))
    return exprs, symbols


def _object_array(value):
    np = numpy()
    if isinstance(value, np.ndarray):
        return value
    array = np.empty((), dtype=object)
    array[()] = value
    return array


def sympy_check(graph: Graph, trace: TensorTrace) -> CheckResult:
    import sympy

    np = numpy()
    exprs, symbols = sympy_arrays(graph, trace.values)
    output = exprs[graph.output][()]
    point = {}
    for i in graph.variables:
        for index, symbol in np.ndenumerate(symbols[graph.nodes[i].id]):
            point[symbol] = sympy.Float(float(trace.values[i][index]), 30)
    kinked = kink_variables(graph, trace)
    result = CheckResult("sympy")
    for i in graph.variables:
        name = graph.nodes[i].id
        reference = np.full(trace.values[i].shape, np.nan)
        for index, symbol in np.ndenumerate(symbols[name]):
            value = to_float(sympy.diff(output, symbol).xreplace(point))
            reference[index] = np.nan if value is None else value
        result.variables.append(compare(name, trace.grads[i], reference, name in kinked, agrees))
    return result


def compare(name: str, backprop, reference, kinked: bool, agree) -> VariableCheck:
    """One variable's verdict: every entry must agree; the error is the largest one."""
    np = numpy()
    defined = np.isfinite(reference)
    errors = [_relative(a, b) for a, b in zip(backprop[defined].tolist(),
                                               reference[defined].tolist())]
    error = max(errors, default=0.0) if defined.all() else None
    shown = reference if defined.any() else None
    if kinked:
        status = KINK
    elif not defined.all():
        status = UNDEFINED
    else:
        ok = all(agree(a, b) for a, b in zip(backprop.ravel().tolist(), reference.ravel().tolist()))
        status = OK if ok else FAIL
    return VariableCheck(name, backprop, shown, error, status)


def _relative(a: float, b: float) -> float:
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale


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
        result.variables.append(compare(name, trace.grads[i], estimates[name], at_kink, agree))
    return result


def affordable(graph: Graph, values: list) -> bool:
    """Whether centered differences entry by entry (two forward passes each) are cheap."""
    entries = sum(values[i].size for i in graph.variables)
    work = entries * sum(v.size for v in values)
    return entries <= CENTERED_MAX_ENTRIES and work <= CENTERED_MAX_WORK


def directional_check(graph: Graph, trace: TensorTrace, reason: str) -> CheckResult:
    """Backprop's ∇f·v against extrapolated centered differences along random ±1
    directions v over all entries at once (directional.py's check, in NumPy).

    With thousands of ReLU entries a step crosses some kink almost surely, and the
    difference then measures another piece of the function: the step shrinks (down
    to STEP_SHRINKS tenths) until no kinked gate changes side. If it never does, the
    verdict is "kink", not a failure.
    """
    np = numpy()
    rng = np.random.default_rng(SEED)
    names = [graph.nodes[i].id for i in graph.variables]
    point = {n: trace.values[i] for n, i in zip(names, graph.variables)}
    grads = {n: trace.grads[i] for n, i in zip(names, graph.variables)}
    h = DIRECTION_STEP * max([1.0] + [float(np.abs(x).max()) for x in point.values()])
    center = _sides(graph, trace.values)
    checks, crossed = [], False
    for _ in range(DIRECTIONS):
        v = {n: rng.choice([-1.0, 1.0], size=x.shape) for n, x in point.items()}
        along = sum(float((grads[n] * v[n]).sum()) for n in names)
        scale = sum(float(np.abs(grads[n] * v[n]).sum()) for n in names)
        check = _direction(graph, point, v, h, center, along, scale)
        crossed = crossed or check is None
        checks.append(check or DirectionCheck(None, along, None, False))
    return directional_result(graph, trace, checks, reason, at_kink=crossed)


STEP_SHRINKS = 6


def _direction(graph: Graph, point: dict, v: dict, h: float, center: dict, along: float,
               scale: float) -> DirectionCheck | None:
    """The check along v with the largest step (h, h/10, ...) that crosses no kink."""
    for _ in range(STEP_SHRINKS):
        try:
            wide = _along(graph, point, v, h, center)
            narrow = _along(graph, point, v, h / 2, center)
        except MathError:
            return DirectionCheck(None, along, None, False)
        if wide is not None and narrow is not None:
            return judge(along, scale, wide[0], narrow[0], max(wide[1], narrow[1]), h)
        h /= 10
    return None


def _along(graph: Graph, point: dict, v: dict, h: float, center: dict):
    """(f(x + hv) - f(x - hv)) / 2h and the larger |f|; None when the step crosses a kink."""
    outputs = []
    for step in (h, -h):
        values = forward(graph, {n: x + step * v[n] for n, x in point.items()})
        if _crossed(graph, values, center):
            return None
        outputs.append(float(values[graph.output]))
    return (outputs[0] - outputs[1]) / (2 * h), max(abs(outputs[0]), abs(outputs[1]))


def _crossed(graph: Graph, values: list, center: dict) -> list[int]:
    """The kinked gates whose local gradient differs from the center's: the step crossed."""
    np = numpy()
    sides = _sides(graph, values)
    return [k for k in sides if not all(np.array_equal(a, b) for a, b in zip(sides[k], center[k]))]
