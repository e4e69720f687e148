"""JSON objects of a values file or a batch case, read into gradcli's values and answers.

``number_map`` reads ``{"x": -2, "W": [[0.1, 0.5], [-0.3, 0.8]]}``, ``answer_map`` expected
answers, ``text_map`` formulas; each refuses the wrong kind of JSON value with a one-line
message naming the key.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError, UnreadableAnswer, printable
from .strict_json import JsonNumber
from .values import parse_expected, parse_value, point_value


def number(label: str, value: Any) -> float:
    """A JSON number as a finite float; anything else is an InputError."""
    if not isinstance(value, JsonNumber):
        raise InputError(f"{printable(label)} must be a number, not {_kind(value)}")
    return parse_value(label, str(value))


def number_map(label: str, value: Any, as_text: bool = False) -> dict[str, Any]:
    """A JSON object of names to numbers (``{"x": -2, "y": 5}``), or to nested lists of
    numbers, vectors and matrices (``{"W": [[0.1, 0.5], [-0.3, 0.8]], "x": [0.2, 0.4]}``),
    read into float64 arrays.

    ``label`` names the object in messages and prefixes each name ("expect x");
    for variables' values it is "values" and the names stand alone. ``as_text``
    keeps each number's text once checked (exact mode reads ``0.1`` as 1/10).
    """
    items = mapping(label, value).items()
    prefix = "" if label == "values" else f"{label} "
    arrays = {name: point_value(prefix + name, v) for name, v in items if isinstance(v, list)}
    numbers = {name: number(prefix + name, v) for name, v in items if name not in arrays}
    if as_text:
        numbers = {name: str(v) for name, v in items if name in numbers}
    return {name: arrays.get(name, numbers.get(name)) for name, _ in items}


def answer_map(label: str, value: Any) -> dict[str, Any]:
    """Expected numbers: JSON numbers, or strings as on the command line (``"1/3"``), as
    text; or vectors and matrices (nested lists), as arrays."""
    items = mapping(label, value).items()
    out: dict[str, Any] = {}
    for name, v in items:
        if not isinstance(v, (str, list)):
            raise InputError(f"{label} {printable(name)} must be a number or a string such as "
                             f"\"1/3\", not {_kind(v)}")
        try:  # a student's answer that cannot be read is theirs to fix, not the case's
            if isinstance(v, list):
                out[name] = point_value(f"{label} {name}", v)
                continue
            parse_expected(f"{label} {name}", str(v))
        except InputError as error:
            raise UnreadableAnswer(str(error)) from None
        out[name] = str(v)
    return out


def text_map(label: str, value: Any) -> dict[str, str]:
    """A JSON object of names to strings (``{"x": "3*x**2"}``)."""
    items = mapping(label, value).items()
    for name, v in items:
        if not isinstance(v, str) or isinstance(v, JsonNumber):
            raise InputError(f"{label} {printable(name)} must be a string, not {_kind(v)}")
    return dict(items)


def mapping(label: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{label} must be a JSON object, not {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    if isinstance(value, JsonNumber):
        return "a number"
    if isinstance(value, str):
        return "a string"
    names = {dict: "an object", list: "an array", bool: "true/false", type(None): "null"}
    return names.get(type(value), type(value).__name__)
