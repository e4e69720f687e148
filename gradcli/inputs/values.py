"""Values as users give them: numbers, fractions, vectors and matrices, checked.

``float()`` alone would accept ``nan``, ``inf``, ``1_000`` and non-ASCII digits, so
every value is matched against a finite-decimal pattern first.
"""

from __future__ import annotations

import math
import re
from typing import Mapping

from ..core.arrays import is_array
from .array_text import array_from_lists, array_from_text, looks_like_array
from ..errors import ValueInputError, printable, quoted
from ..core.graph import Graph
from ..frontends.plain import NAME_TEXT

_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(NAME_TEXT)  # as the parser reads names (Greek letters too)
MINUS_SIGN = "\u2212"  # what a PDF's "−2" copies as: a minus all the same


def ascii_minus(text: str) -> str:
    return text.replace(MINUS_SIGN, "-")


def parse_value(name: str, text: str | float | int) -> float:
    """A variable's value: a finite decimal number (``-2``, ``0.5``, ``-2.5e-3``)."""
    if isinstance(text, bool):
        raise ValueInputError(f"value of {name} must be a number, not {text!r}")
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        text = ascii_minus(text)
        value = float(text) if _DECIMAL.fullmatch(text.strip()) else constant_value(name, text)
    if not math.isfinite(value):
        raise ValueInputError(
            f"value of {printable(name)} is not a finite float64: {printable(str(text), 40)}"
        )
    return value


def constant_value(name: str, text: str) -> float:
    """A value written as a constant expression (``1/3``, ``pi/2``, ``2^-3``): its float64."""
    from ..errors import GradcliError
    from ..frontends.constant import constant_of

    try:
        return constant_of(text).value
    except GradcliError:  # not a constant: say what a value may be
        raise ValueInputError(
            f"value of {printable(name)} is {quoted(text, 40)}: expected a finite decimal "
            "number such as -2, 0.5 or 1e-3, or a constant expression such as 1/3 or pi/2"
        ) from None


def point_value(name: str, value):
    """A variable's value: a number (``parse_value``), or a vector or matrix as nested
    lists (``[[0.1, 0.5], [-0.3, 0.8]]``, as text or as Python lists or a NumPy
    array), which becomes a float64 NumPy array."""
    if is_array_value(value):
        return array_from_text(name, value) if isinstance(value, str) else \
            array_from_lists(name, value)
    return parse_value(name, value)


def is_array_value(value) -> bool:
    """Whether a value as given is a vector or matrix (text starting with ``[``, lists)."""
    if isinstance(value, str):
        return looks_like_array(value)
    return isinstance(value, (list, tuple)) or is_array(value)


def parse_expected(label: str, given: str | float) -> float:
    """An expected number: a decimal as for values, or a fraction of two (``1/3``).

    The float nearest to the quotient of the two float64 numbers; exact mode reads
    the text itself instead (exact.exact_number).
    """
    if not isinstance(given, str):
        return parse_value(label, given)
    given = ascii_minus(given)
    numerator, slash, denominator = given.partition("/")
    parts = (numerator, denominator) if slash else (numerator,)
    if not all(_DECIMAL.fullmatch(part.strip()) for part in parts):
        raise ValueInputError(f"value of {printable(label)} is {quoted(given, 40)}: expected a "
                              "number such as -2, 0.5 or 1e-3, or a fraction such as 1/3")
    if not slash:
        return parse_value(label, given)
    divisor = parse_value(label, denominator)
    if divisor == 0:
        raise ValueInputError(f"value of {printable(label)} is {quoted(given, 40)}: "
                              "a fraction cannot divide by zero")
    value = parse_value(label, numerator) / divisor
    if not math.isfinite(value):
        raise ValueInputError(f"value of {printable(label)} is not a finite float64: "
                              f"{printable(given, 40)}")
    return value


def parse_values(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """``[(name, text), ...]`` from the command line -> ``{name: float or array}``."""
    values: dict[str, float] = {}
    for name, text in pairs:
        if not _NAME.fullmatch(name):
            raise ValueInputError(f"{quoted(name)} is not a variable name (letters, digits, _)")
        if name in values:
            raise ValueInputError(f"value of {name} is given more than once")
        values[name] = point_value(name, text)
    return values


def resolve_values(graph: Graph, values: Mapping[str, object]) -> tuple[dict, list[str]]:
    """Exactly one value per input variable, keyed by its name (LaTeX's ``w_0`` is ``w0``).

    Also returns the names whose values are not needed: inputs of the program
    that the chosen ``output`` does not depend on.
    """
    expected = graph.variable_names
    resolved: dict[str, object] = {}
    ignored: list[str] = []
    for name, value in values.items():
        variable = graph.spellings.get(name, name)
        if variable in graph.unused:
            ignored.append(name)
            continue
        if variable not in expected:
            if name in graph.names:
                raise ValueInputError(f"{name} is computed by the expression; it takes no value")
            have = ", ".join(expected) if expected else "none"
            raise ValueInputError(
                f"{printable(name)} is not a variable of the expression (it has: {have})"
            )
        if variable in resolved:
            raise ValueInputError(f"value of {variable} is given more than once")
        resolved[variable] = value
    missing = [n for n in expected if n not in resolved]
    if missing:
        flags = " ".join(f"--{n} VALUE" for n in missing)
        hint = _close_hint(graph.idle, missing)
        raise ValueInputError(f"no value for {', '.join(missing)}: give {flags}{hint}")
    return {n: resolved[n] for n in expected}, ignored


def idle_note(graph: Graph) -> str | None:
    """One line naming the values the expression does not use, or None when it uses all."""
    if not graph.idle:
        return None
    names = ", ".join(printable(n) for n in graph.idle)
    one = len(graph.idle) == 1
    verb, its = ("is", "its gradient is") if one else ("are", "their gradients are")
    used = [n for n in graph.variable_names if n not in graph.idle]
    return f"{names} {verb} not used by the expression: {its} 0{_close_hint(graph.idle, used)}"


def _close_hint(given: list[str], names: list[str]) -> str:
    """`` (did you mean z for zz?)`` when a given name is close to one of ``names``."""
    import difflib

    for name in given:
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        if close:
            return f" (did you mean {printable(close[0])} for {printable(name)}?)"
    return ""


def validate_values(graph: Graph, values: Mapping[str, float]) -> dict[str, float]:
    """Exactly one value for each input variable of the graph, no others."""
    resolved, _ = resolve_values(graph, values)
    return {n: v if is_array(v) else float(v) for n, v in resolved.items()}
