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
from functools import partial

from .sympy_oracle import sympy_check
from .verdicts import CheckResult, compare, directional_result, kink_variables, sympy_or_fallback
from ..core.graph import Graph
from ..limits import DEFAULT_LIMITS, Limits
from .differences import centered_agrees, probe_all, rounding_error
from .probes import Around
from ..engines.arrays import TensorTrace

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
    return directional_result(graph, trace, reason)


def centered_check(graph: Graph, trace: TensorTrace, reason: str) -> CheckResult:
    """Backprop against centered differences entry by entry (differences.py)."""
    rounding = rounding_error(trace)
    kinked = kink_variables(graph, trace)
    result = CheckResult("centered", note=reason)
    for i, p in zip(graph.variables, probe_all(Around.of(graph, trace))):
        estimate = [x if math.isfinite(x) else None for x in p.numeric.ravel().tolist()]
        at_kink = p.name in kinked or bool(p.kinks)
        result.variables.append(compare(p.name, trace.grads[i], estimate, at_kink,
                                        partial(centered_agrees, rounding=rounding)))
    return result


def affordable(graph: Graph, values: list) -> bool:
    """Whether centered differences entry by entry (two forward passes each) are cheap."""
    entries = sum(values[i].size for i in graph.variables)
    work = entries * sum(v.size for v in values)
    return entries <= CENTERED_MAX_ENTRIES and work <= CENTERED_MAX_WORK
