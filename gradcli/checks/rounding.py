"""Rounded answers: does a number equal the truth rounded to N decimals or N significant figures?

As PrairieLearn's ``decdig``/``sigfig`` comparisons: an answer passes when it lies within half a
unit of the last asked digit of the true value, plus float noise (so -0.20 passes for -0.19661193
at 2 decimals, and 0.4 does not). Written once for every check that accepts rounded numbers
(``check --decimals/--sigfigs``, worksheets, the step-through page's predict mode).

>>> accepts_rounded(-0.20, -0.19661193, decimals=2), accepts_rounded(-0.19, -0.19661193, decimals=2)
(True, False)
>>> accepts_rounded(0.39, 0.393, sigfigs=2), accepts_rounded(1.4, 1.3679, sigfigs=2)
(True, True)
>>> decimals_right(-0.2, -0.1766), sigfigs_right(-0.2, -0.1766), decimals_right(-0.20, -0.19661193)
(1, 1, 2)
"""

from __future__ import annotations

import math

# Relative slack for the binary rounding of the answer and the truth themselves.
NOISE = 1e-9
MAX_DIGITS = 15  # float64 holds about 15-17 significant digits: more cannot be asked


def half_unit(truth: float, decimals: int | None = None, sigfigs: int | None = None) -> float:
    """Half a unit of the last asked digit of ``truth`` (its absolute size)."""
    if decimals is not None:
        return 0.5 * 10.0 ** (-decimals)
    if sigfigs is not None:
        if truth == 0 or not math.isfinite(truth):
            return 0.5 * 10.0 ** (-sigfigs)
        exponent = math.floor(math.log10(abs(truth)))
        return 0.5 * 10.0 ** (exponent - sigfigs + 1)
    raise ValueError("decimals or sigfigs is needed")


def accepts_rounded(answer: float, truth: float, decimals: int | None = None,
                    sigfigs: int | None = None) -> bool:
    """Whether ``answer`` is ``truth`` rounded to ``decimals`` places or ``sigfigs`` figures."""
    if not (math.isfinite(answer) and math.isfinite(truth)):
        return answer == truth
    slack = NOISE * max(abs(answer), abs(truth), 1e-300)
    return abs(answer - truth) <= half_unit(truth, decimals, sigfigs) + slack


def decimals_right(answer: float, truth: float) -> int:
    """The most decimal places (0..MAX_DIGITS) to which ``answer`` is ``truth``; -1: none."""
    best = -1
    for n in range(MAX_DIGITS + 1):
        if not accepts_rounded(answer, truth, decimals=n):
            break
        best = n
    return best


def sigfigs_right(answer: float, truth: float) -> int:
    """The most significant figures (1..MAX_DIGITS) to which ``answer`` is ``truth``; 0: none."""
    best = 0
    for n in range(1, MAX_DIGITS + 1):
        if not accepts_rounded(answer, truth, sigfigs=n):
            break
        best = n
    return best
