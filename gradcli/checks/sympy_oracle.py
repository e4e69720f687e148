"""The oracle: SymPy's own derivative of the whole expression, at the point.

The SymPy expression is built from our graph (never from user text), each
variable a real Symbol. For vectors and matrices each variable is an array of
real Symbols, one per entry (``W[0, 1]``), and every node an array of SymPy
expressions (elementwise gates entry by entry, array gates on the whole arrays).
One check serves both (entries.py: a number has one entry): the output's
derivative by each entry's Symbol, evaluated by substituting 30-digit Floats,
which SymPy evaluates on the spot (``evalf(subs=...)`` is avoided because it can
take seconds), is compared with backprop's gradient entry by entry. SymPy is
imported here only, lazily, so that ``--no-check`` and ``--help`` never pay for it.
"""

from __future__ import annotations

from ..core.array_rules import numpy
from ..core.graph import Graph
from ..engines.trace import Trace
from .entries import entries, entry_name, indices
from .verdicts import ORACLE_DIGITS, CheckResult, compare, kink_variables, to_float


def to_sympy(graph: Graph):
    """The graph as one SymPy expression, plus the Symbol of each variable.

    A chain of ``+`` gates (or of ``*`` gates), each read by the next only, becomes one
    ``Add`` (``Mul``) of all its operands: built gate by gate, SymPy would flatten the
    growing sum again at every gate, quadratic in its length. The expression is the
    gate-by-gate one (up to the rounding of 30-digit products of constants).
    """
    import sympy

    chains = {"add": sympy.Add, "mul": sympy.Mul}
    inner = _chain_links(graph, chains)
    exprs: list = [None] * len(graph.nodes)
    operands: dict[int, list] = {}  # an inner link's operands, for the next link to take
    symbols = {}
    for i, node in enumerate(graph.nodes):
        if node.op.name == "var":
            exprs[i] = symbols[node.id] = sympy.Symbol(node.id, real=True)
        elif node.op.name in chains:
            terms = _gather(node.inputs, exprs, operands)
            if i in inner:
                operands[i] = terms
            else:
                exprs[i] = chains[node.op.name](*terms)
        else:
            exprs[i] = _gate(sympy, node, [exprs[j] for j in node.inputs])
    return exprs[graph.output], symbols


def _chain_links(graph: Graph, chains) -> set[int]:
    """The gates of ``chains``' ops whose one reader is a gate of the same op."""
    readers = [0] * len(graph.nodes)
    for node in graph.nodes:
        for j in node.inputs:
            readers[j] += 1
    nodes = graph.nodes
    return {j for node in nodes if node.op.name in chains for j in node.inputs
            if readers[j] == 1 and nodes[j].op.name == node.op.name and j != graph.output}


def _gather(inputs, exprs: list, operands: dict[int, list]) -> list:
    """A chain gate's operands: its inputs', an inner link's own taken over (the longest
    list is extended, so a chain's operands are copied once in all)."""
    parts = [operands.pop(j) if j in operands else [exprs[j]] for j in inputs]
    terms = max(parts, key=len)
    for part in parts:
        if part is not terms:
            terms.extend(part)
    return terms


def sympy_nodes(graph: Graph, cut: dict[int, object] | None = None, values: list | None = None):
    """Every node as a SymPy expression, plus the Symbol of each variable.

    ``cut`` replaces chosen nodes by given SymPy objects (a Symbol standing for
    an intermediate, to differentiate with respect to it). With ``values`` (the
    array engine's), every node is an object array of SymPy expressions, one per
    entry, and every variable an array of Symbols.
    """
    import sympy

    cut = cut or {}
    symbols = {}
    exprs: list = [None] * len(graph.nodes)
    for i, node in enumerate(graph.nodes):
        op = node.op
        if op.name == "var":
            symbols[node.id] = (sympy.Symbol(node.id, real=True) if values is None
                                else _symbol_array(sympy, node.id, values[i]))
        if i in cut:
            exprs[i] = cut[i]
        elif op.name == "var":
            exprs[i] = symbols[node.id]
        elif values is None:
            exprs[i] = _gate(sympy, node, [exprs[j] for j in node.inputs])
        else:
            exprs[i] = _entrywise(sympy, op, [exprs[j] for j in node.inputs], _constant(node))
    return exprs, symbols


def _constant(node) -> list:
    """The gate's folded constant as a SymPy number, as a list of none or one."""
    return [sympy_number(node.const.value)] if node.const is not None else []


def _gate(sympy, node, args: list):
    return node.op.sympy_form(sympy, *args, *_constant(node))


def _symbol_array(sympy, name: str, value):
    symbols = numpy().empty(value.shape, dtype=object)
    for index in indices(value):
        symbols[index] = sympy.Symbol(entry_name(name, index), real=True)
    return symbols


def _entrywise(sympy, op, args: list, c: list):
    """A gate on arrays of SymPy expressions: elementwise gates entry by entry."""
    if not args:  # a constant expression
        return _object_array(c[0])
    if op.array_only:
        return _object_array(op.sympy_form(sympy, *args, *c))

    def entry(*parts):
        return op.sympy_form(sympy, *parts, *c)

    return _object_array(numpy().vectorize(entry, otypes=[object])(*args))


def _object_array(value):
    np = numpy()
    if isinstance(value, np.ndarray):
        return value
    array = np.empty((), dtype=object)
    array[()] = value
    return array


def sympy_number(x: float):
    import sympy

    if x.is_integer() and abs(x) < 2**53:
        return sympy.Integer(int(x))
    return sympy.Float(x, ORACLE_DIGITS)  # exactly the float64 the engine used


def sympy_derivatives(graph: Graph):
    """SymPy's ∂output/∂variable for every input variable, and the variables' Symbols."""
    import sympy

    expr, symbols = to_sympy(graph)
    expr = _zero_base_powers(sympy, expr)
    return {name: sympy.diff(expr, symbols[name]) for name in graph.variable_names}, symbols


def _zero_base_powers(sympy, expr):
    """``0**t`` as 0 where it is defined and not constant (t > 0): SymPy differentiates
    ``0**t`` to ``0**t*log(0)``, which is nan everywhere."""
    def is_zero_power(e) -> bool:
        return e.is_Pow and e.base == 0 and not e.exp.is_number

    return expr.replace(is_zero_power,
                        lambda e: sympy.Piecewise((sympy.Integer(0), e.exp > 0), (e, True)))


def entry_derivatives(graph: Graph, trace: Trace, derivatives=None):
    """Per variable, SymPy's derivative by each entry's Symbol, and those Symbols.

    For numbers ``derivatives`` from ``sympy_derivatives`` may be reused."""
    import sympy

    if not trace.arrays:
        derivs, symbols = derivatives or sympy_derivatives(graph)
        names = graph.variable_names
        return {n: [derivs[n]] for n in names}, {n: [symbols[n]] for n in names}
    exprs, arrays = sympy_nodes(graph, values=trace.values)
    output = exprs[graph.output][()]
    symbols = {name: list(array.flat) for name, array in arrays.items()}
    return {name: [sympy.diff(output, s) for s in entry] for name, entry in symbols.items()}, \
        symbols


def sympy_check(graph: Graph, trace: Trace, derivatives=None) -> CheckResult:
    """Backprop against SymPy, entry by entry; ``derivatives`` from ``sympy_derivatives``
    may be reused (numbers only)."""
    import sympy

    derivs, symbols = entry_derivatives(graph, trace, derivatives)
    point = {}
    for i in graph.variables:
        for symbol, x in zip(symbols[graph.nodes[i].id], entries(trace.values[i])):
            point[symbol] = sympy.Float(x, ORACLE_DIGITS)
    kinked = kink_variables(graph, trace)
    result = CheckResult("sympy")
    for i in graph.variables:
        name = graph.nodes[i].id
        reference = [_at_point(d, point) for d in derivs[name]]
        result.variables.append(compare(name, trace.grads[i], reference, name in kinked))
    return result


def _at_point(derivative, point: dict) -> float | None:
    """The derivative at the point; where its formula reads 0·log 0 or 0/0 there (``x**y``
    at x = 0), its limit at the point from where the expression is defined."""
    value = to_float(derivative.xreplace(point))
    if value is not None or not derivative.free_symbols:
        return value
    return _limit_where_defined(derivative, point)


def _limit_where_defined(derivative, point: dict) -> float | None:
    """The limit in one variable, the others at their values: both one-sided limits that
    exist (a side where the expression is not real does not count) must agree."""
    import sympy

    exact = {symbol: sympy.Rational(float(value)) for symbol, value in point.items()}
    for symbol in sorted(derivative.free_symbols, key=str):
        along = derivative.xreplace({s: v for s, v in exact.items() if s != symbol})
        sides = [_one_sided(sympy, along, symbol, exact[symbol], side) for side in "+-"]
        found = [side for side in sides if side is not None]
        if found and all(abs(f - found[0]) <= 1e-12 * max(1.0, abs(found[0])) for f in found):
            return found[0]
    return None


def _one_sided(sympy, expr, symbol, at, side: str) -> float | None:
    try:
        return to_float(sympy.limit(expr, symbol, at, side))
    except (NotImplementedError, ValueError, TypeError, ZeroDivisionError):
        return None
