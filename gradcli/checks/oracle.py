"""The check of a result: SymPy's derivative when it can finish, else numeric differences.

Scalars go to SymPy's derivative of the whole expression (sympy_oracle.py), arrays
entry by entry (array_oracle.py); either falls back to extrapolated centered
differences along random directions when SymPy is over its limits.
"""

from __future__ import annotations

from ..core.graph import Graph
from ..engines.trace import Trace
from ..limits import Limits
from ..limits import active as active_limits
from .sympy_oracle import sympy_check
from .verdicts import CheckResult, directional_result, sympy_or_fallback


def verify(graph: Graph, trace: Trace, limits: Limits | None = None,
           derivatives=None) -> CheckResult:
    """SymPy's derivative when it can finish; else a numeric check independent of backprop.

    ``derivatives``, if given, is a function returning ``sympy_derivatives(graph)``
    (a cache's); it runs inside the time limit too.
    """
    limits = limits or active_limits()
    if trace.arrays:  # vectors and matrices: entry by entry (array_oracle.py)
        from .array_oracle import verify as verify_arrays

        return verify_arrays(graph, trace, limits)
    size = f"the graph has {len(graph.nodes):,} nodes"
    return sympy_or_fallback(
        len(graph.nodes), size, limits,
        lambda: sympy_check(graph, trace, derivatives() if derivatives else None),
        lambda reason: directional_result(graph, trace, reason))


