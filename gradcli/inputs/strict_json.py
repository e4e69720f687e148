"""Strict JSON input: values files (``--values``) and batch cases (``--cases``).

Python's ``json`` accepts ``NaN`` and ``Infinity``, keeps the last of two equal
keys without a word, turns ``1e400`` into ``inf`` and can raise RecursionError
on deep nesting. Here each of these is an ``InputError`` (exit 2), and numbers
keep their text until ``api.parse_value`` reads them, so a number is accepted
exactly when it would be on the command line.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import InputError, printable


class JsonNumber(str):
    """A JSON number, kept as its text."""


def _reject_constant(token: str):
    raise InputError(f"{token} is not a number gradcli accepts (finite decimal numbers only)")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InputError(f"key {printable(key)!r} appears twice")
        out[key] = value
    return out


def loads(text: str) -> Any:
    try:
        return json.loads(text, parse_float=JsonNumber, parse_int=JsonNumber,
                          parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        where = f"column {error.colno}"
        if error.lineno > 1:
            where = f"line {error.lineno}, {where}"
        raise InputError(f"bad JSON: {error.msg} at {where}") from None
    except RecursionError:
        raise InputError("bad JSON: nested too deeply") from None
