"""Rounded answers as a check asks for them: ``--decimals N`` or ``--sigfigs N``.

The comparison itself is ``rounding.accepts_rounded`` (written once); this is what a
check needs around it: the option's words, validation, and what to tell a student whose
answer is right to fewer digits than were asked.

>>> Rounding(decimals=2).accepts(-0.20, -0.19661193), Rounding(decimals=2).shortfall(-0.2, -0.1766)
(True, 'right to 1 decimal place; 2 were asked')
>>> Rounding(sigfigs=3).words
'3 significant figures'
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ValueInputError
from .rounding import MAX_DIGITS, accepts_rounded, decimals_right, sigfigs_right
from .verdicts import agrees, relative_error


@dataclass(frozen=True)
class Rounding:
    decimals: int | None = None
    sigfigs: int | None = None

    def __post_init__(self):
        if self.decimals is not None and self.sigfigs is not None:
            raise ValueInputError("give decimals or sigfigs, not both")
        for name, value, low in (("decimals", self.decimals, 0), ("sigfigs", self.sigfigs, 1)):
            if value is not None and not (isinstance(value, int) and low <= value <= MAX_DIGITS):
                raise ValueInputError(f"{name} must be a whole number from {low} to {MAX_DIGITS}")

    def __bool__(self) -> bool:
        return self.decimals is not None or self.sigfigs is not None

    def accepts(self, answer: float, truth: float) -> bool:
        return accepts_rounded(answer, truth, self.decimals, self.sigfigs)

    @property
    def words(self) -> str:
        return _digits_words(self.decimals, "decimal place") if self.decimals is not None \
            else _digits_words(self.sigfigs, "significant figure")

    def shortfall(self, answer: float, truth: float) -> str | None:
        """``right to 1 decimal place; 2 were asked`` when the answer has fewer right digits."""
        if self.decimals is not None:
            have, asked, unit = decimals_right(answer, truth), self.decimals, "decimal place"
            least = 0
        else:
            have, asked, unit = sigfigs_right(answer, truth), self.sigfigs, "significant figure"
            least = 1
        if least <= have < asked:
            return (f"right to {_digits_words(have, unit)}; "
                    f"{asked} {'was' if asked == 1 else 'were'} asked")
        return None


def _digits_words(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


NO_ROUNDING = Rounding()


def accepted(expected: float, right: float, rtol: float, atol: float,
             rounding: Rounding = NO_ROUNDING) -> bool:
    """A number is right within the tolerances, or rounded as asked (--decimals, --sigfigs)."""
    return rounding.accepts(expected, right) if rounding else agrees(expected, right, rtol, atol)


def why_wrong(expected: float, right: float, rtol: float, rounding: Rounding) -> str:
    """Why a number failed: the digits asked for, or the tolerance it is outside (and how
    many significant figures are right, when some are)."""
    if rounding:
        return rounding.shortfall(expected, right) or f"not it rounded to {rounding.words}"
    words = f"rel. error {relative_error(expected, right):.2g} > rtol {rtol:g}"
    figures = sigfigs_right(expected, right)
    if figures:
        words += f"; right to {_digits_words(figures, 'significant figure')}"
    return words
