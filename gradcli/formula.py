"""A student's formula for a derivative, checked against SymPy's own derivative.

The formula is parsed by gradcli's parser and built into a graph like any
expression, and that graph is turned into SymPy (``check.sympy_nodes``): user
text never reaches ``sympify``. Its names are the expression's input variables
or its named nodes (``q`` in ``q = x + y; f = q*z``, the output ``f``), which
stand for what they compute.

Two formulas are the same derivative when they agree at several random points
near the given one (a deterministic seed, so a verdict never changes between
runs) and SymPy simplifies their difference to 0. The points come first: they
reject a formula that is right only at the given point (``3*x`` for the
derivative of ``x**3`` at ``x = 1``) quickly, without asking SymPy to simplify.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .check import ORACLE_DIGITS, agrees, relative_error, sympy_nodes, to_float
from .errors import InputError, ParseError, printable
from .graph import Graph, build_graph
from .parse import parse

POINTS = 5  # random points where the formulas must agree
MAX_SAMPLES = 60  # samples drawn to find POINTS where the derivative is defined
SPREAD = 0.5  # a sample moves each input by up to SPREAD * max(|value|, 1)
SEED = 20240415

OK, FAIL, UNDECIDED, UNDEFINED = "ok", "fail", "undecided", "undefined"


@dataclass
class FormulaCheck:
    name: str
    formula: str  # as the student wrote it
    truth: str  # SymPy's derivative, as text
    at_point: float | None  # the formula's value at the given point
    truth_at_point: float | None
    error: float | None  # the largest relative error seen at the points compared
    status: str  # ok | fail | undecided | undefined
    points: int = 0  # random points where both were compared
    witness: dict[str, float] = field(default_factory=dict)  # a point where they differ
    witness_values: tuple[float | None, float | None] = (None, None)  # formula, truth there


class Symbolic:
    """SymPy's view of one graph, built on first use and kept for reuse.

    Graders check many students on the same expression: the derivatives, the
    parsed formulas and SymPy's simplifications are computed once per graph.
    """

    def __init__(self, graph: Graph):
        self.graph = graph
        self._nodes = None
        self._derivatives: dict[int, object] = {}
        self._formulas: dict[str, object] = {}
        self._proven: dict[tuple[int, str], bool] = {}

    def nodes(self):
        if self._nodes is None:
            self._nodes = sympy_nodes(self.graph)
        return self._nodes

    def derivative(self, index: int):
        """SymPy's ∂output/∂node, in terms of the input variables."""
        if index not in self._derivatives:
            self._derivatives[index] = self._differentiate(index)
        return self._derivatives[index]

    def _differentiate(self, index: int):
        import sympy

        exprs, symbols = self.nodes()
        graph = self.graph
        node = graph.nodes[index]
        if node.op.name == "var":
            return sympy.diff(exprs[graph.output], symbols[node.id])
        # An intermediate: stand a symbol in for it downstream, differentiate, put it back.
        stand_in = sympy.Dummy("node", real=True)
        cut, _ = sympy_nodes(graph, {index: stand_in})
        return sympy.diff(cut[graph.output], stand_in).xreplace({stand_in: exprs[index]})

    def input_derivatives(self):
        """What ``check.sympy_check`` needs: ∂output/∂variable by name, and the Symbols."""
        graph = self.graph
        derivs = {graph.nodes[i].id: self.derivative(i) for i in graph.variables}
        return derivs, self.nodes()[1]

    def formula(self, text: str, what: str):
        """The student's formula as SymPy, its names bound to the expression's."""
        if text not in self._formulas:
            self._formulas[text] = self._to_sympy(text, what)
        return self._formulas[text]

    def _to_sympy(self, text: str, what: str):
        graph = self.graph
        try:
            formula_graph = build_graph(parse(text), frozenset(graph.variable_names))
        except ParseError as error:
            raise ParseError(f"in the formula for {what}: {error.message}", error.text,
                             error.start, error.end) from None
        exprs, symbols = self.nodes()
        f_exprs, f_symbols = sympy_nodes(formula_graph)
        bind = {}
        for name, symbol in f_symbols.items():
            index = graph.index(name)
            if index is None:
                have = ", ".join(graph.names)
                raise InputError(f"the formula for {what} uses {printable(name)}, which is not "
                                 f"a variable or named node of the expression (it has: {have})")
            bind[symbol] = exprs[index]
        return f_exprs[formula_graph.output].xreplace(bind)

    def proven_equal(self, index: int, text: str) -> bool:
        """Does SymPy simplify (formula - derivative) to 0?"""
        key = (index, text)
        if key not in self._proven:
            import sympy

            difference = self._formulas[text] - self.derivative(index)
            self._proven[key] = sympy.simplify(difference) == 0
        return self._proven[key]


def check_formula(
    symbolic: Symbolic, index: int, text: str, what: str, point: dict[str, float]
) -> FormulaCheck:
    """Is ``text`` the derivative ∂output/∂node ``index``? Decided as the module says."""
    student = symbolic.formula(text, what)
    truth = symbolic.derivative(index)
    name = symbolic.graph.nodes[index].id
    here = (at(student, symbolic, point), at(truth, symbolic, point))
    result = FormulaCheck(name, text, printable(str(truth), 300), *here, error=None, status=OK)
    _compare(result, point, here)
    if result.status == FAIL:
        return result
    for sample in _samples(point):
        values = (at(student, symbolic, sample), at(truth, symbolic, sample))
        if values[1] is None:
            continue  # outside the derivative's domain: this point says nothing
        _compare(result, sample, values)
        if result.status == FAIL:
            return result
        result.points += 1
        if result.points == POINTS:
            break
    if here[1] is None and result.points == 0:
        result.status = UNDEFINED
    elif not symbolic.proven_equal(index, text):
        result.status = UNDECIDED
    return result


def _compare(result: FormulaCheck, point: dict[str, float], values) -> None:
    student, truth = values
    if truth is None:
        return
    if student is None or not agrees(student, truth):
        result.status = FAIL
        result.witness, result.witness_values = dict(point), (student, truth)
    if student is not None:
        error = relative_error(student, truth)
        result.error = error if result.error is None else max(result.error, error)


def _samples(point: dict[str, float]):
    rng = random.Random(SEED)
    for _ in range(MAX_SAMPLES):
        yield {name: v + rng.uniform(-1, 1) * SPREAD * max(abs(v), 1.0) for name, v in point.items()}


def at(expr, symbolic: Symbolic, point: dict[str, float]) -> float | None:
    """A SymPy expression's value at a point, or None where it has no finite real value."""
    import sympy

    symbols = symbolic.nodes()[1]
    subs = {symbols[name]: sympy.Float(v, ORACLE_DIGITS) for name, v in point.items()}
    try:
        return to_float(expr.xreplace(subs))
    except (ArithmeticError, ValueError, TypeError):
        return None
