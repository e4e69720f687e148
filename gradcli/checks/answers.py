"""Expected numbers against the truth: a student's gradient or value, a number or an array.

One comparison for both (a number has one entry): every entry must be accepted
(within rtol or atol, or rounded as asked); the item's error is the largest
relative error. An expected array must have the shape of what it is compared
with, and a failure's message names the first entry that differs.
"""

from __future__ import annotations

from ..core.array_rules import numpy
from ..core.arrays import describe, format_value, is_array
from ..core.graph import Graph, node_index
from ..core.status import FAIL, PASS
from ..engines.trace import Trace
from ..errors import InputError, UnreadableAnswer
from .entries import indices
from .items import CheckItem
from .rounded import NO_ROUNDING, Rounding, accepted, why_wrong
from .verdicts import relative_error


def expect_number(kind: str, what: str, name: str, expected, right, rtol: float,
                  atol: float, rounding: Rounding = NO_ROUNDING) -> CheckItem:
    """A student's number (a gradient or a value), or vector or matrix, against the right one."""
    want, have = expected, right
    pairs = [(expected, right)]  # a number is one entry
    if is_array(expected) or is_array(right):  # vectors and matrices: entry by entry
        np = numpy()
        want, have = np.asarray(expected, dtype=float), np.asarray(right, dtype=float)
        mismatch = _shape_mismatch(what, want, have)
        if mismatch:
            return CheckItem(kind, name, what, expected, right, None, FAIL, mismatch)
        pairs = list(zip(want.ravel().tolist(), have.ravel().tolist()))
    error = max(relative_error(a, b) for a, b in pairs)
    wrong = [k for k, (a, b) in enumerate(pairs) if not accepted(a, b, rtol, atol, rounding)]
    if not wrong:
        return CheckItem(kind, name, what, expected, right, error, PASS,
                         f"{what} = {format_value(have)} as expected")
    a, b = pairs[wrong[0]]
    if is_array(have):
        where = indices(have)[wrong[0]]
        differ = (f"{len(wrong)} of {len(pairs)} entries differ; entry "
                  f"[{', '.join(map(str, where))}]: expected {format_value(a)}, it is "
                  f"{format_value(b)}, ")
    else:
        differ = ""
    message = (f"{what}: expected {format_value(want)}, but it is {format_value(have)} "
               f"({differ}{why_wrong(a, b, rtol, rounding)})")
    return CheckItem(kind, name, what, expected, right, error, FAIL, message)


def _shape_mismatch(what: str, want, have) -> str:
    """What is wrong when an expected array does not have the shape of the truth ("" if it does)."""
    if want.shape and not have.shape:
        raise UnreadableAnswer(f"{what}: the answer is {describe(want)}, where a number was "
                               "asked")
    if want.shape != have.shape:
        return f"{what}: expected {describe(want)}, but it is {describe(have)}: " \
               f"{format_value(have)}"
    return ""


def expect_gradient(graph: Graph, trace: Trace, name: str, expected, rtol: float,
                    atol: float, rounding: Rounding = NO_ROUNDING) -> CheckItem:
    what = f"∂{graph.output_node.id}/∂{name}"
    right = trace.grads[node_index(graph, name)]
    return expect_number("gradient", what, name, expected, right, rtol, atol, rounding)


def expect_value(graph: Graph, trace: Trace, name: str, expected, rtol: float,
                 atol: float, rounding: Rounding = NO_ROUNDING) -> CheckItem:
    right = trace.values[node_index(graph, name)]
    return expect_number("value", f"value of {name}", name, expected, right, rtol, atol,
                         rounding)


def refuse_formulas(formulas) -> None:
    if formulas:
        raise InputError("--derivative checks formulas of scalar expressions; with vectors "
                         "and matrices give the expected gradient with --expect NAME=[[...]]")
