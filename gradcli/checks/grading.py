"""Homework checks: expected gradients, values and formulas against the truth.

One ``CheckItem`` per thing checked, each with what was expected, what is
right, an error and a one-line message that says both. The truth is backprop
(gradients, values), SymPy (formulas; backprop itself when nothing is
expected) and centered differences (``numeric``).

``Cache`` keeps parsed graphs and SymPy's work between checks of the same
expression, which is what a grader's batch of many students looks like.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from ..core.arrays import format_value
from .oracle import verify
from .verdicts import METHOD_NAMES
from ..engines.trace import Trace
from ..errors import InputError, UnreadableAnswer, printable
from .rounded import NO_ROUNDING, Rounding
from .answers import expect_gradient, expect_value, refuse_formulas
from .formula import Symbolic, check_formula
from .numeric_items import numeric_items
from ..core.graph import Graph, node_index  # noqa: F401  (node_index: re-exported)
from ..frontends.build import build_graph
from ..core.numfmt import format_number
from .items import CheckItem, Expectations
from ..core.status import FAIL, KINK, OK, UNDECIDED, UNDEFINED
from ..core.program import Program
from ..frontends.rewrite import apply_form
from ..limits import TimeLimitExceeded, bulk_allocation, time_limit
from ..limits import active as active_limits

@dataclass
class Prepared:
    """One expression, parsed and built, with SymPy's view of it made on demand."""

    graph: Graph
    _symbolic: Symbolic | None = None

    @property
    def symbolic(self) -> Symbolic:
        if self._symbolic is None:
            self._symbolic = Symbolic(self.graph)
        return self._symbolic

class Cache:
    """Prepared expressions by (text, names given a value), least recently used out first."""

    def __init__(self, size: int = 256):
        self.size = size
        self._entries: OrderedDict[tuple[str, frozenset[str]], Prepared] = OrderedDict()

    def prepare(self, text: str | Program, given: frozenset[str],
                form: str = "written") -> Prepared:
        if not isinstance(text, str):  # a parsed program (--latex, --output): built once
            with bulk_allocation():
                return Prepared(apply_form(build_graph(text, given, keep_idle=True), form))
        key = (text, given, form)
        entry = self._entries.pop(key, None)
        if entry is None:
            with bulk_allocation():
                entry = Prepared(apply_form(build_graph(text, given, keep_idle=True), form))
        self._entries[key] = entry  # the most recently used is last
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return entry


def _fmt(x: float | None) -> str:
    return "no finite value" if x is None else format_value(x)

def expect_formula(prepared: Prepared, trace: Trace, name: str, text: str) -> CheckItem:
    graph = prepared.graph
    what = f"∂{graph.output_node.id}/∂{name}"
    timeout = active_limits().check_timeout
    index = node_index(graph, name)  # a name that is no node: the problem's mistake (exit 2)
    try:
        with time_limit(timeout):
            result = check_formula(prepared.symbolic, index, text, what, trace.values,
                                   trace.grads)
    except InputError as error:  # the formula does not parse or names what is not there
        raise UnreadableAnswer(str(error)) from None
    except (TimeLimitExceeded, RecursionError):
        message = (f"{what}: SymPy could not decide whether {printable(text, 120)} is the "
                   f"derivative within {timeout:g} s (--check-timeout)")
        return CheckItem("formula", name, f"{what} (formula)", text, None, None, UNDECIDED,
                         message)
    status = result.status.as_item()
    return CheckItem("formula", name, f"{what} (formula)", text, result.truth, result.error,
                     status, _formula_message(what, result))

def _formula_message(what: str, r) -> str:
    shown = printable(r.formula, 120)
    if r.status == OK:
        return f"{what} = {shown}: the same derivative as SymPy's {r.truth}"
    if r.status == UNDECIDED:
        return (f"{what}: {shown} agrees with SymPy's {r.truth} at {r.points} random points, "
                "but SymPy cannot simplify their difference to 0")
    where = ", ".join(f"{k} = {format_number(v)}" for k, v in r.witness.items()) or "the point"
    mine, right = r.witness_values
    only_here = r.witness_values != (r.at_point, r.truth_at_point)
    note = " (it is right at the given point only)" if only_here else ""
    return (f"{what}: {shown} is not the derivative{note}: at {where} it gives {_fmt(mine)}, "
            f"the derivative {r.truth} gives {_fmt(right)}")

def sympy_items(prepared: Prepared, trace: Trace) -> list[CheckItem]:
    """Backprop against SymPy's derivative, one item per input (nothing expected)."""
    graph = prepared.graph
    result = verify(graph, trace, derivatives=prepared.symbolic.input_derivatives)
    out = graph.output_node.id
    if result.method != "sympy":
        return [_fallback_item(result, f"∂{out}/∂{v.name}", v) for v in result.variables]
    items = []
    for v in result.variables:
        what = f"∂{out}/∂{v.name}"
        if v.status == FAIL:
            message = (f"{what}: backprop gives {format_value(v.backprop)}, but SymPy's "
                       f"derivative is {_fmt(v.reference)}")
        elif v.status == UNDEFINED:
            message = f"{what}: SymPy's derivative has no finite value here; nothing to compare"
        elif v.status == KINK:
            message = f"{what}: at a kink, where backprop and SymPy may pick different subgradients"
        else:
            message = f"{what} = {format_value(v.backprop)}, as SymPy's derivative"
        items.append(CheckItem("sympy", v.name, f"{what} (SymPy)", v.reference, v.backprop,
                               v.rel_error, v.status.as_item(), message))
    return items

def _fallback_item(result, what: str, v) -> CheckItem:
    """A variable checked by centered differences along random directions (SymPy skipped)."""
    how = METHOD_NAMES[result.method]
    verdict = "agree with backprop" if v.status == OK else "disagree with backprop"
    message = f"{what} = {format_value(v.backprop)}: {how} {verdict} ({result.note})"
    return CheckItem("sympy", v.name, f"{what} ({result.method})", v.reference, v.backprop,
                     v.rel_error,
                     v.status.as_item(), message)

def run_checks(prepared: Prepared, trace: Trace, expected: Expectations, rtol: float,
               atol: float, with_numeric: bool, exact=None,
               rounding: Rounding = NO_ROUNDING) -> list[CheckItem]:
    """Every expectation in order, or backprop against SymPy when nothing is expected.

    With ``exact`` (an ``ExactTrace``) expected numbers are compared with it, exactly.
    """
    graph = prepared.graph
    if trace.arrays:
        refuse_formulas(expected.formulas)
    if exact is not None:
        from .exact_answers import exact_items

        items = exact_items(graph, exact, expected)
    else:
        items = [expect_gradient(graph, trace, n, v, rtol, atol, rounding)
                 for n, v in expected.gradients.items()]
        items += [expect_value(graph, trace, n, v, rtol, atol, rounding)
                  for n, v in expected.values.items()]
    items += [expect_formula(prepared, trace, n, t) for n, t in expected.formulas.items()]
    if not expected:
        items += sympy_items(prepared, trace)
    if with_numeric:
        items += numeric_items(graph, trace)
    return items
