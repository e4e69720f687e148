"""Worksheets and mistake diagnosis: a student's filled-in circuit, graded the way backprop
runs, with follow-through credit and the named mistakes of catalogue.py.

>>> from gradcli.frontends.build import build_graph
>>> from gradcli.engines.arrays import run
>>> graph = build_graph("(x+y)*z")
>>> trace = run(graph, {"x": -2.0, "y": 5.0, "z": -4.0})
>>> filled = {("n1", "value"): 3, ("f", "value"): -12, ("f", "grad"): 1, ("z", "grad"): 3,
...           ("n1", "grad"): 3, ("x", "grad"): 3, ("y", "grad"): 3}
>>> g = grade(graph, trace, lambda node, what: numbers(filled.get((node, what))))
>>> [(m.node, m.gate, m.code) for m in g.mistakes]
[('n1', 'f', 'mul-not-swapped')]
>>> g.mark("x", "grad").status, g.ok
('consistent', False)
>>> code, hint = explain_number(graph, trace, "n1", "grad", 3, {"f": {"value": -12, "grad": 1}})
>>> code, hint.endswith("the multiply gate swaps")
('mul-not-swapped', True)
"""

from __future__ import annotations

from typing import Mapping

from ...core.graph import Graph
from .catalogue import CODES, KINDS
from .model import Worksheet, read_worksheet, worksheet_from_object
from .sheet import Row, Sheet, make_sheet, plain_number, sheet_data, sheet_rows
from .report import (FEEDBACK, Item, WorksheetReport, check_worksheet, items, tolerance_for,
                     worked)
from .tolerance import Tolerance, numbers
from .walk import (CONSISTENT, CORRECT, MISSING, STATUSES, WRONG, Grading, Mark, Mistake,
                   consumers_of, grade)

__all__ = ["CODES", "KINDS", "Worksheet", "read_worksheet", "Row", "plain_number", "sheet_data",
           "sheet_rows", "Tolerance", "CORRECT", "CONSISTENT", "WRONG", "MISSING", "STATUSES",
           "Grading", "Mark", "Mistake", "consumers_of", "grade", "grade_worksheet",
           "explain_number", "numbers", "FEEDBACK", "Item", "WorksheetReport", "check_worksheet",
           "items", "tolerance_for", "Sheet", "make_sheet", "worksheet_from_object", "worked"]


def grade_worksheet(graph: Graph, trace, sheet: Worksheet, tolerance: Tolerance,
                    follow_through: bool = True) -> Grading:
    """Grade a worksheet read by ``read_worksheet`` against the graph's true ``trace``."""
    return grade(graph, trace, lambda node, what: numbers(sheet.number(node, what)),
                 tolerance, follow_through)


def explain_number(graph: Graph, trace, node: str, field: str, typed,
                   earlier: Mapping[str, Mapping[str, object]],
                   tolerance: Tolerance | None = None) -> tuple[str, str] | None:
    """Name the mistake behind one typed number, for a step-through page's predict mode.

    ``graph``: the circuit (``gradcli.graph.Graph``); ``trace``: its true trace (either
    engine's); ``node``: a node id; ``field``: ``"value"`` or ``"grad"``; ``typed``: the
    number typed (a float, or nested lists for an array); ``earlier``: the student's earlier
    numbers, ``{node_id: {"value": number, "grad": number}}`` (missing ones count as the
    truth); ``tolerance``: how close counts (default: as ``check``'s answers).

    Returns ``(code, hint)`` of the catalogued mistake that explains ``typed`` (the hint
    never gives the number), or None when ``typed`` is right, follows from the earlier
    numbers, or no catalogued mistake explains it. Pure: reads nothing, prints nothing.
    """
    def given(node_id: str, what: str):
        if (node_id, what) == (node, field):
            return numbers(typed)
        return numbers(earlier.get(node_id, {}).get(what))

    mark = grade(graph, trace, given, tolerance).mark(node, field)
    if mark.mistake is None or mark.mistake.code == "unknown":
        return None
    return mark.mistake.code, mark.mistake.hint
