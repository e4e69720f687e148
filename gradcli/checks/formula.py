"""A student's formula for a derivative, checked against the true derivative.

The formula is parsed by gradcli's parser and built into a graph like any
expression: user text never reaches ``sympify``. Its names are the
expression's input variables or its named nodes (``q`` in
``q = x + y; f = q*z``, the output ``f``), which stand for what they compute.

A formula is the derivative ∂f/∂node when

* it agrees with it at the given point and at several random points near it
  (a fixed seed, so a verdict never changes between runs). Here both sides are
  evaluated by the engine: the formula's graph forward, and backprop's
  gradient, which is exact to rounding. This rejects a formula that is right
  only at the given point (``3*x`` for the derivative of ``x**3`` at
  ``x = 1``) in microseconds, without SymPy;
* and SymPy simplifies the difference between the formula (turned into SymPy
  through its graph, ``check.sympy_nodes``) and SymPy's own derivative to 0.
  This is the slow part, so it is kept per formula text in ``Symbolic``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .sympy_oracle import sympy_nodes, to_sympy
from .verdicts import agrees, relative_error
from ..engines.scalar import forward, run
from ..errors import InputError, MathError, ParseError, printable
from ..core.graph import Graph
from ..core.status import FAIL, OK, UNDECIDED, Status
from ..frontends.build import build_graph
from ..frontends.plain import parse

POINTS = 5  # random points where the formulas must agree
MAX_SAMPLES = 60  # samples drawn to find POINTS where the derivative is defined
SPREAD = 0.5  # a sample moves each input by up to SPREAD * max(|value|, 1)
SEED = 20240415
# Both sides are float64 here, computed in different orders: agreement within
# this relative error (or FORMULA_ATOL) is equality; SymPy then decides exactly.
FORMULA_RTOL = 1e-7
FORMULA_ATOL = 1e-10

@dataclass
class FormulaCheck:
    name: str
    formula: str  # as the student wrote it
    truth: str  # SymPy's derivative, as text
    at_point: float | None  # the formula's value at the given point (None: undefined there)
    truth_at_point: float  # the derivative there: backprop's gradient
    error: float | None  # the largest relative error seen at the points compared
    status: Status  # ok | fail | undecided
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
        self._output = None
        self._derivatives: dict[int, object] = {}
        self._formulas: dict[str, tuple[Graph, dict[str, int]]] = {}
        self._texts: dict[int, str] = {}
        self._proven: dict[tuple[int, str], bool] = {}

    def nodes(self):
        if self._nodes is None:
            self._nodes = sympy_nodes(self.graph)
        return self._nodes

    def output(self):
        """The output alone as one SymPy expression (chains of + and * built at once,
        ``to_sympy``), and the variables' Symbols: all that SymPy's check needs."""
        if self._output is None:
            self._output = to_sympy(self.graph)
        return self._output

    def derivative(self, index: int):
        """SymPy's ∂output/∂node, in terms of the input variables."""
        if index not in self._derivatives:
            self._derivatives[index] = self._differentiate(index)
        return self._derivatives[index]

    def _differentiate(self, index: int):
        import sympy

        graph = self.graph
        node = graph.nodes[index]
        if node.op.name == "var":
            output, symbols = self.output()
            return sympy.diff(output, symbols[node.id])
        # An intermediate: stand a symbol in for it downstream, differentiate, put it back.
        exprs = self.nodes()[0]
        stand_in = sympy.Dummy("node", real=True)
        cut, _ = sympy_nodes(graph, {index: stand_in})
        return sympy.diff(cut[graph.output], stand_in).xreplace({stand_in: exprs[index]})

    def input_derivatives(self):
        """What ``check.sympy_check`` needs: ∂output/∂variable by name, and the Symbols."""
        graph = self.graph
        derivs = {graph.nodes[i].id: self.derivative(i) for i in graph.variables}
        return derivs, self.output()[1]

    def formula(self, text: str, what: str) -> tuple[Graph, dict[str, int]]:
        """The formula's graph, and the expression's node each of its variables stands for."""
        if text not in self._formulas:
            self._formulas[text] = self._bind(text, what)
        return self._formulas[text]

    def _bind(self, text: str, what: str) -> tuple[Graph, dict[str, int]]:
        graph = self.graph
        try:
            formula = build_graph(parse(text), frozenset(graph.variable_names))
        except ParseError as error:
            raise ParseError(f"in the formula for {what}: {error.message}", error.text,
                             error.start, error.end) from None
        binding = {}
        for name in formula.variable_names:
            index = graph.index(name)
            if index is None:
                have = ", ".join(graph.names)
                raise InputError(f"the formula for {what} uses {printable(name)}, which is not "
                                 f"a variable or named node of the expression (it has: {have})")
            binding[name] = index
        return formula, binding

    def truth_text(self, index: int) -> str:
        if index not in self._texts:
            self._texts[index] = printable(str(self.derivative(index)), 300)
        return self._texts[index]

    def proven_equal(self, index: int, text: str) -> bool:
        """Does SymPy simplify (formula - derivative) to 0?"""
        key = (index, text)
        if key not in self._proven:
            import sympy

            formula, binding = self._formulas[text]
            exprs = self.nodes()[0]
            f_exprs, f_symbols = sympy_nodes(formula)
            bound = {f_symbols[name]: exprs[i] for name, i in binding.items()}
            student = f_exprs[formula.output].xreplace(bound)
            difference = student - self.derivative(index)
            # tanh, sigmoid and trigonometric identities often need exp to meet.
            self._proven[key] = (sympy.simplify(difference) == 0
                                 or sympy.simplify(difference.rewrite(sympy.exp)) == 0)
        return self._proven[key]


def formula_value(formula: Graph, binding: dict[str, int], values: list[float]) -> float | None:
    """The formula at a point of the expression (``values``: every node's value there)."""
    try:
        return forward(formula, {name: values[i] for name, i in binding.items()})[formula.output]
    except MathError:
        return None


def check_formula(
    symbolic: Symbolic, index: int, text: str, what: str, values: list[float], grads: list[float]
) -> FormulaCheck:
    """Is ``text`` the derivative ∂output/∂node ``index``? Decided as the module says.

    ``values`` and ``grads`` are the trace at the given point.
    """
    graph = symbolic.graph
    formula, binding = symbolic.formula(text, what)
    point = {graph.nodes[i].id: values[i] for i in graph.variables}
    here = (formula_value(formula, binding, values), grads[index])
    result = FormulaCheck(graph.nodes[index].id, text, "", *here, error=None, status=OK)
    _compare(result, point, here)
    for sample in _samples(point) if result.status == OK else ():
        try:
            trace = run(graph, sample)
        except MathError:
            continue  # outside the expression's domain: this point says nothing
        student = formula_value(formula, binding, trace.values)
        _compare(result, sample, (student, trace.grads[index]))
        if result.status == FAIL:
            break
        result.points += 1
        if result.points == POINTS:
            break
    if result.status == OK and not symbolic.proven_equal(index, text):
        result.status = UNDECIDED
    result.truth = symbolic.truth_text(index)
    return result


def _compare(result: FormulaCheck, point: dict[str, float], values) -> None:
    student, truth = values
    if student is None or not agrees(student, truth, FORMULA_RTOL, FORMULA_ATOL):
        result.status = FAIL
        result.witness, result.witness_values = dict(point), (student, truth)
    if student is not None:
        error = relative_error(student, truth)
        result.error = error if result.error is None else max(result.error, error)


def _samples(point: dict[str, float]):
    rng = random.Random(SEED)
    for _ in range(MAX_SAMPLES):
        yield {name: v + rng.uniform(-1, 1) * SPREAD * max(abs(v), 1.0)
               for name, v in point.items()}
