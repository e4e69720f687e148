"""A worksheet as data: the problem (expression, values, rounding) and a number or a blank
per wire, read from the JSON or CSV a student filled in.

The JSON form is self-describing::

    {"expression": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}, "decimals": null,
     "nodes": {"x": {"gate": "input", "inputs": [], "value": -2, "grad": null}, ...}}

CSV has the columns ``node,value,grad`` (an empty cell is a blank). Anything a student's
file makes unreadable is ``UnreadableAnswer`` (exit 4): the problem itself is the TA's.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from ...errors import GradcliError, UnreadableAnswer, printable, quoted
from ...inputs.strict_json import JsonNumber, loads
from ...inputs.values import point_value

FIELDS = ("value", "grad")
TOP_KEYS = ("expression", "values", "decimals", "sigfigs", "nodes")
NODE_KEYS = ("gate", "inputs", "value", "grad")
MAX_DIGITS = 15


@dataclass
class Worksheet:
    """What a worksheet file says. ``numbers[node][field]`` is a float, a NumPy array or
    None (a blank); ``expression``/``values`` are None when the file holds only nodes."""

    numbers: dict[str, dict[str, Any]]
    expression: str | None = None
    values: dict[str, Any] | None = None
    decimals: int | None = None
    sigfigs: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def number(self, node: str, what: str):
        return self.numbers.get(node, {}).get(what)


def read_worksheet(data: bytes, name: str = "the worksheet") -> Worksheet:
    """A worksheet from a file's bytes: JSON when it starts with ``{``, else CSV."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableAnswer(f"{name} is not UTF-8 (at byte {error.start})") from None
    try:
        if text.lstrip()[:1] in ("{", "["):
            return _from_json(text)
        return _from_csv(text)
    except UnreadableAnswer as error:
        raise UnreadableAnswer(f"{name}: {error}") from None
    except GradcliError as error:  # bad JSON, a number that is not one, a ragged matrix
        raise UnreadableAnswer(f"{name}: {error}") from None


def _from_json(text: str) -> Worksheet:
    return worksheet_from_object(loads(text))


def worksheet_from_object(obj: Any) -> Worksheet:
    """A worksheet from parsed strict JSON (``inputs.strict_json.loads``): a file's, or a
    batch case's ``worksheet`` object (which may hold only ``nodes``)."""
    try:
        return _from_object(obj)
    except UnreadableAnswer:
        raise
    except GradcliError as error:  # a number that is not one, a ragged matrix
        raise UnreadableAnswer(str(error)) from None


def _from_object(obj: Any) -> Worksheet:
    if not isinstance(obj, dict):
        raise UnreadableAnswer("a worksheet is a JSON object")
    unknown = [key for key in obj if key not in TOP_KEYS]
    if unknown:
        raise UnreadableAnswer(f"unknown key {quoted(unknown[0])} (a worksheet has: "
                               f"{', '.join(TOP_KEYS)})")
    nodes = obj.get("nodes")
    if not isinstance(nodes, dict):
        raise UnreadableAnswer('a worksheet needs "nodes": an object of node ids')
    numbers = {str(node): _entry(str(node), entry) for node, entry in nodes.items()}
    expression = obj.get("expression")
    if expression is not None and (not isinstance(expression, str)
                                   or isinstance(expression, JsonNumber)):
        raise UnreadableAnswer('"expression" must be a string')
    values = obj.get("values")
    if values is not None:
        if not isinstance(values, dict):
            raise UnreadableAnswer('"values" must be an object of names and numbers')
        values = {str(k): _number(f"values {k}", v) for k, v in values.items()}
    return Worksheet(numbers, expression, values, _digits(obj, "decimals", 0),
                     _digits(obj, "sigfigs", 1))


def _entry(node: str, entry: Any) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise UnreadableAnswer(f"node {printable(node)} must be an object with value and grad")
    unknown = [key for key in entry if key not in NODE_KEYS]
    if unknown:
        raise UnreadableAnswer(f"node {printable(node)} has an unknown key "
                               f"{quoted(unknown[0])} (a node has: {', '.join(NODE_KEYS)})")
    return {what: _number(f"{node} {what}", entry.get(what)) for what in FIELDS}


def _number(label: str, value: Any):
    """A student's number: a JSON number, a number in a string, nested lists, or null."""
    if value is None:
        return None
    if isinstance(value, str) and not isinstance(value, JsonNumber):
        value = value.strip()
        if not value:
            return None
    if isinstance(value, bool) or not isinstance(value, (str, list)):
        kind = "true/false" if isinstance(value, bool) else "an object"
        raise UnreadableAnswer(f"{printable(label)} must be a number, not {kind}")
    return point_value(label, value if isinstance(value, list) else str(value))


def _digits(obj: dict, key: str, least: int) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, JsonNumber) or not value.isdigit() or \
            not least <= int(value) <= MAX_DIGITS:
        raise UnreadableAnswer(f'"{key}" must be null or a whole number from {least} '
                               f"to {MAX_DIGITS}")
    return int(value)


def _from_csv(text: str) -> Worksheet:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [cell.strip() for cell in rows[0][:3]] != ["node", "value", "grad"]:
        raise UnreadableAnswer("a CSV worksheet starts with the header node,value,grad")
    numbers: dict[str, dict[str, Any]] = {}
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            raise UnreadableAnswer(f"line {line} has {len(row)} cells, not 3 (node,value,grad)")
        node = row[0].strip()
        if node in numbers:
            raise UnreadableAnswer(f"line {line}: node {printable(node)} appears twice")
        numbers[node] = {what: _number(f"{node} {what}", cell)
                         for what, cell in zip(FIELDS, row[1:])}
    return Worksheet(numbers)
