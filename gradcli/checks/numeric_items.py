"""The course's gradient check as homework items, for numbers and arrays alike.

One item per input: backprop against its centered difference (differences.py; an
array entry by entry), with the course's words for the error. Arrays with too many
entries for two forward passes each are checked along random directions instead.
"""

from __future__ import annotations

from ..core.arrays import format_value
from ..core.graph import Graph
from ..core.numfmt import format_number
from ..core.status import OK, PASS
from ..engines.trace import Trace
from .differences import STEP, UNCOMFORTABLE, NumericCheck, numeric_check
from .items import CheckItem
from .verdicts import DIRECTIONS, directional_result


def numeric_items(graph: Graph, trace: Trace) -> list[CheckItem]:
    """Backprop against centered differences, one item per input."""
    if trace.arrays:
        from .array_oracle import affordable

        if not affordable(graph, trace.values):
            return _directional_items(graph, trace)
    out = graph.output_node.id
    message = _array_message if trace.arrays else _number_message
    items = []
    for c in numeric_check(graph, trace):
        what = f"∂{out}/∂{c.name} (numeric)"
        kinks = [graph.nodes[k].id for k in c.kinks]
        items.append(CheckItem("numeric", c.name, what, c.numeric, c.backprop, c.rel_error,
                               c.status.as_item(), message(what, c, kinks), c.verdict, kinks))
    return items


def _number_message(what: str, c: NumericCheck, kinks: list[str]) -> str:
    if c.numeric is None:
        return f"{what}: no centered difference: {c.problem}"
    head = (f"{what}: backprop {format_number(c.backprop)}, centered difference "
            f"(h = {STEP:g}) {format_number(c.numeric)}, "
            f"rel. error {c.rel_error:.2g}: {c.verdict}")
    if kinks:
        return head + _kinks_words(kinks)
    if c.status == OK and c.rel_error >= UNCOMFORTABLE:
        return (f"{head}, but within rounding: this graph's values limit a centered difference "
                f"to about ±{c.rounding:.1g}")
    return head


def _array_message(what: str, c: NumericCheck, kinks: list[str]) -> str:
    if c.numeric is None:
        return f"{what}: a step of ± {STEP:g} leaves the expression's domain"
    a, b = float(c.backprop[c.worst]), float(c.numeric[c.worst])
    where = f" at entry [{', '.join(map(str, c.worst))}]" if c.worst else ""
    message = (f"{what}: centered differences (h = {STEP:g}) entry by entry, largest rel. "
               f"error {c.rel_error:.2g}{where} (backprop {format_value(a)}, centered difference "
               f"{format_value(b)}): {c.verdict}")
    return message + _kinks_words(kinks) if kinks else message


def _kinks_words(kinks: list[str]) -> str:
    return f"; the step crosses a kink at {', '.join(kinks)}, so the estimate is unreliable"


def _directional_items(graph: Graph, trace: Trace) -> list[CheckItem]:
    entries = sum(trace.values[i].size for i in graph.variables)
    reason = f"{entries:,} entries are too many for two forward passes each"
    result = directional_result(graph, trace, reason)
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
