"""One number format for everything gradcli prints.

The shortest text that reads back to the same float64: integers without a
trailing ``.0`` and never ``-0`` (a student comparing answers should not be
told that -0 and 0 differ).
"""

from __future__ import annotations

import math


def format_number(x: float) -> str:
    if x == 0:
        return "0"  # also folds -0.0
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x.is_integer() and abs(x) < 1e16:
        return str(int(x))
    return repr(float(x))


def format_rounded(x: float, digits: int) -> str:
    """``x`` to ``digits`` significant digits, in the same style (no ``-0``)."""
    if x == 0 or not math.isfinite(x):
        return format_number(x)
    text = f"{x:.{digits}g}"
    if "e" not in text and "." in text:
        text = text.rstrip("0").rstrip(".")
    if "e+" in text and abs(x) < 1e16:
        return format_number(float(text))  # 106 to 2 digits reads 110, not 1.1e+02
    return "0" if float(text) == 0 else text


class DecimalPlaces(int):
    """``--decimals N`` for display: N decimal places, as the slides round (1.37, -0.20).
    An int, so that every renderer that takes ``digits`` takes it unchanged."""


def format_decimals(x: float, places: int) -> str:
    """``x`` to ``places`` decimal places, trailing zeros kept (-0.20), never ``-0``."""
    if not math.isfinite(x):
        return format_number(x)
    text = f"{x:.{places}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def number_formatter(digits: int | None):
    """Full precision (shortest round-trip) by default; ``digits`` significant digits if asked,
    or decimal places for a ``DecimalPlaces``."""
    if digits is None:
        return format_number
    if isinstance(digits, DecimalPlaces):
        return lambda x: format_decimals(x, digits)
    return lambda x: format_rounded(x, digits)


def json_number(x: float) -> float | int | None:
    """A JSON-safe number: no NaN/Infinity tokens, integers as ints, no -0."""
    if not math.isfinite(x):
        return None
    if x == 0:
        return 0
    if x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x
