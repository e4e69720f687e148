"""Homework checks with vectors and matrices: items.py's items, entry by entry.

An expected array must have the shape of what it is compared with, and every
entry must agree (within rtol or atol); the item's error is the largest
relative error, and a failure's message names the first entry that differs.
"""

from __future__ import annotations

from ..core.array_rules import numpy
from ..core.arrays import describe, format_value
from .verdicts import relative_error
from ..errors import InputError, UnreadableAnswer
from .rounded import NO_ROUNDING, Rounding, accepted, why_wrong
from .items import CheckItem
from ..core.status import FAIL, PASS

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
