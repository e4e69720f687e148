"""Homework checks with vectors and matrices: items.py's items, entry by entry.

An expected array must have the shape of what it is compared with, and every
entry must agree (within rtol or atol); the item's error is the largest
relative error, and a failure's message names the first entry that differs.
"""

from __future__ import annotations

from ..core.array_rules import numpy
from ..core.arrays import describe, format_value
from .verdicts import DIRECTIONS, relative_error
from ..errors import InputError, UnreadableAnswer
from .rounded import NO_ROUNDING, Rounding, accepted, why_wrong
from .items import CheckItem
from ..core.status import FAIL, KINK, PASS, UNDEFINED
from .differences import STEP, verdict
from .array_oracle import (affordable, centered_agreement, centered_gradients, directional_check,
                           rounding_error)
from ..engines.arrays import TensorTrace

def _index(index: tuple) -> str:
    return "[" + ", ".join(map(str, index)) + "]"


def expect_array(kind: str, what: str, name: str, expected, right, rtol: float,
                 atol: float, rounding: Rounding = NO_ROUNDING) -> CheckItem:
    """An expected vector or matrix (or an expected number for an array) against the truth."""
    np = numpy()
    want, have = np.asarray(expected, dtype=float), np.asarray(right, dtype=float)
    if want.shape and not have.shape:
        raise UnreadableAnswer(f"{what}: the answer is {describe(want)}, where a number was "
                               "asked")
    if want.shape != have.shape:
        message = f"{what}: expected {describe(want)}, but it is {describe(have)}: " \
                  f"{format_value(have)}"
        return CheckItem(kind, name, what, expected, right, None, FAIL, message)
    pairs = list(zip(want.ravel().tolist(), have.ravel().tolist()))
    error = max(relative_error(a, b) for a, b in pairs)
    wrong = [k for k, (a, b) in enumerate(pairs) if not accepted(a, b, rtol, atol, rounding)]
    if not wrong:
        return CheckItem(kind, name, what, expected, right, error, PASS,
                         f"{what} = {format_value(have)} as expected")
    index = np.unravel_index(wrong[0], have.shape)
    a, b = pairs[wrong[0]]
    message = (f"{what}: expected {format_value(want)}, but it is {format_value(have)} "
               f"({len(wrong)} of {len(pairs)} entries differ; entry {_index(index)}: expected "
               f"{format_value(a)}, it is {format_value(b)}, {why_wrong(a, b, rtol, rounding)})")
    return CheckItem(kind, name, what, expected, right, error, FAIL, message)


def refuse_formulas(formulas) -> None:
    if formulas:
        raise InputError("--derivative checks formulas of scalar expressions; with vectors "
                         "and matrices give the expected gradient with --expect NAME=[[...]]")


def numeric_items(graph, trace: TensorTrace) -> list[CheckItem]:
    """The course's gradient check, entry by entry (along random directions when the
    arrays have too many entries for two forward passes per entry)."""
    out = graph.output_node.id
    if not affordable(graph, trace.values):
        return _directional_items(graph, trace)
    estimates, crossed = centered_gradients(graph, trace.values)
    agree = centered_agreement(rounding_error(trace))
    items = []
    for i in graph.variables:
        name = graph.nodes[i].id
        items.append(_numeric_item(f"∂{out}/∂{name} (numeric)", name, trace.grads[i],
                                   estimates[name], [graph.nodes[k].id for k in crossed[name]],
                                   agree))
    return items


def _numeric_item(what: str, name: str, backprop, numeric, kinks: list[str],
                  agree) -> CheckItem:
    np = numpy()
    if not np.isfinite(numeric).all():
        return CheckItem("numeric", name, what, None, backprop, None, UNDEFINED,
                         f"{what}: a step of ± {STEP:g} leaves the expression's domain")
    pairs = list(zip(backprop.ravel().tolist(), numeric.ravel().tolist()))
    errors = [relative_error(a, b) for a, b in pairs]
    worst = int(np.argmax(errors))
    error = errors[worst]
    status = KINK if kinks else PASS if all(agree(a, b) for a, b in pairs) else FAIL
    a, b = pairs[worst]
    where = f" at entry {_index(np.unravel_index(worst, numeric.shape))}" if numeric.shape else ""
    message = (f"{what}: centered differences (h = {STEP:g}) entry by entry, largest rel. "
               f"error {error:.2g}{where} (backprop {format_value(a)}, centered difference "
               f"{format_value(b)}): {verdict(error)}")
    if kinks:
        message += (f"; the step crosses a kink at {', '.join(kinks)}, "
                    "so the estimate is unreliable")
    return CheckItem("numeric", name, what, numeric, backprop, error, status, message,
                     verdict(error), kinks)


def _directional_items(graph, trace: TensorTrace) -> list[CheckItem]:
    entries = sum(trace.values[i].size for i in graph.variables)
    reason = f"{entries:,} entries are too many for two forward passes each"
    result = directional_check(graph, trace, reason)
    out = graph.output_node.id
    items = []
    for v in result.variables:
        what = f"∂{out}/∂{v.name} (numeric)"
        status = v.status.as_item()
        words = "agree with" if status == PASS else "DISAGREE with"
        message = (f"{what}: {reason}; centered differences along {DIRECTIONS} random "
                   f"directions {words} backprop")
        items.append(CheckItem("numeric", v.name, what, None, v.backprop, None, status,
                               message))
    return items
