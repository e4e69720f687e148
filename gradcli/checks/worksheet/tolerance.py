"""When a student's number counts as a given number: rounded to the worksheet's decimals or
significant figures (checks/rounding.py), else within the answer tolerances of ``check``.

Numbers are NumPy arrays here (0-d for a scalar); an array matches only one of its shape.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...core.array_rules import numpy
from ..rounding import NOISE, accepts_rounded, half_unit

# As ``check``'s answers (grading.ANSWER_RTOL / ANSWER_ATOL): written by hand, a number
# without a rounding rule must be nearly exact.
WORKSHEET_RTOL = 1e-6
WORKSHEET_ATOL = 1e-9


@dataclass(frozen=True)
class Tolerance:
    decimals: int | None = None
    sigfigs: int | None = None
    rtol: float = WORKSHEET_RTOL
    atol: float = WORKSHEET_ATOL

    @property
    def rounds(self) -> bool:
        return self.decimals is not None or self.sigfigs is not None

    def accepts(self, answer, truth, slack=None) -> bool:
        """Whether ``answer`` is ``truth`` (as rounding allows), entry by entry; ``slack``
        (an array like ``truth``) widens it by what rounded earlier numbers can move it."""
        if answer is None or truth is None or answer.shape != truth.shape:
            return False
        if slack is None or not self.rounds:
            slack = numpy().zeros(truth.shape)
        return all(self._entry(float(a), float(t), float(d))
                   for a, t, d in zip(answer.flat, truth.flat, slack.flat))

    def _entry(self, answer: float, truth: float, slack: float) -> bool:
        if not (math.isfinite(answer) and math.isfinite(truth)):
            return False
        if self.rounds:
            return accepts_rounded(answer, truth, self.decimals, self.sigfigs) or \
                abs(answer - truth) <= half_unit(truth, self.decimals, self.sigfigs) + \
                slack * (1 + NOISE)
        return abs(answer - truth) <= max(self.atol, self.rtol * abs(truth))

    def half(self, value):
        """Half a unit of the last digit of each entry: how far rounding moved it (0 when
        numbers are not rounded)."""
        np = numpy()
        if not self.rounds:
            return np.zeros(value.shape)
        flat = [half_unit(float(v), self.decimals, self.sigfigs) for v in value.flat]
        return np.asarray(flat, dtype=np.float64).reshape(value.shape)

    def describe(self) -> str:
        if self.decimals is not None:
            return f"rounded to {self.decimals} decimal{'s' if self.decimals != 1 else ''}"
        if self.sigfigs is not None:
            return f"rounded to {self.sigfigs} significant figure{'s' if self.sigfigs != 1 else ''}"
        return f"within rtol {self.rtol:g}, atol {self.atol:g}"


def numbers(value):
    """A student's number (a float, nested lists, an array) as a float64 array; None stays."""
    if value is None:
        return None
    return numpy().asarray(value, dtype=numpy().float64)
