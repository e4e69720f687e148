"""The oracle: SymPy's own derivative of the whole expression, at the point.

The SymPy expression is built from our graph (never from user text), each
variable a real Symbol. Its derivative is evaluated by substituting 30-digit
Floats, which SymPy evaluates on the spot; ``evalf(subs=...)`` is avoided
because it can take seconds. SymPy is imported here only, lazily, so that
``--no-check`` and ``--help`` never pay for it.
"""

from __future__ import annotations

from ..core.graph import Graph
from ..engines.trace import Trace
from .verdicts import (FAIL, KINK, OK, ORACLE_DIGITS, UNDEFINED, CheckResult, VariableCheck,
                       agrees, kink_variables, relative_error, to_float)


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


