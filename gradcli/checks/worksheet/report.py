"""A graded worksheet as the layers above use it: the grading, the feedback level asked
for, and one item per number (name, points, passed, message) for the grader formats.

Feedback levels, as ``check --feedback``: ``full`` (the hint and the right number),
``hint`` (the hint only: it never gives the number), ``none`` (statuses only).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.arrays import format_value
from ...core.graph import Graph
from ...errors import UnreadableAnswer, quoted
from .model import Worksheet
from .tolerance import Tolerance, numbers
from .walk import CONSISTENT, CORRECT, MISSING, Grading, Mark, grade

FEEDBACK = ("full", "hint", "none")


@dataclass
class WorksheetReport:
    expression: str
    graph: Graph
    trace: object
    grading: Grading
    feedback: str = "full"

    @property
    def ok(self) -> bool:
        return self.grading.ok


@dataclass(frozen=True)
class Item:
    """One number of the worksheet as a grader sees it."""

    name: str  # "n4 grad"
    points: float  # 1 when credited, else 0
    passed: bool
    message: str


def tolerance_for(sheet: Worksheet, decimals: int | None = None, sigfigs: int | None = None,
                  **tolerances: float) -> Tolerance:
    """The options' rounding rule if any, else the worksheet's, else rtol/atol."""
    if decimals is None and sigfigs is None:
        decimals, sigfigs = sheet.decimals, sheet.sigfigs
    return Tolerance(decimals, sigfigs if decimals is None else None, **tolerances)


def node_ids(graph: Graph, sheet: Worksheet) -> Worksheet:
    """The worksheet with its nodes named by their ids (a stage's alias is its node)."""
    numbers = {}
    for name, entry in sheet.numbers.items():
        index = graph.index(name)
        if index is None:
            known = ", ".join(node.id for node in graph.nodes)
            raise UnreadableAnswer(f"the worksheet names node {quoted(name)}, which the "
                                   f"circuit does not have (it has: {known})")
        numbers[graph.nodes[index].id] = entry
    return Worksheet(numbers, sheet.expression, sheet.values, sheet.decimals, sheet.sigfigs)


def check_worksheet(expression: str, graph: Graph, trace, sheet: Worksheet,
                    tolerance: Tolerance, follow_through: bool = True,
                    feedback: str = "full") -> WorksheetReport:
    named = node_ids(graph, sheet)
    grading = grade(graph, trace, lambda node, what: numbers(named.number(node, what)),
                    tolerance, follow_through)
    return WorksheetReport(expression, graph, trace, grading, feedback)


def mark_message(report: WorksheetReport, mark: Mark) -> str:
    """What the student reads about one number, at the report's feedback level."""
    words = {CORRECT: "correct", MISSING: "left blank",
             CONSISTENT: "follows from your earlier numbers"}
    if mark.status in words or report.feedback == "none":
        text = words.get(mark.status, "wrong")
        if mark.status == CONSISTENT and not report.grading.follow_through:
            text += " (no follow-through credit)"
        return text
    text = f"wrong: {mark.mistake.hint}"
    if report.feedback == "full":
        text += f" (the right number is {format_value(mark.truth)})"
    return text


def worked(report: WorksheetReport) -> list[Mark]:
    """The numbers the student works out: every mark but the inputs' values."""
    inputs = {node.id for node in report.graph.nodes if node.op.name == "var"}
    return [m for m in report.grading.marks if not (m.field == "value" and m.node in inputs)]


def items(report: WorksheetReport) -> list[Item]:
    """One item per number the student works out, in walk order: a point for each
    credited one (the inputs' values are the problem's, and earn nothing)."""
    out = []
    for mark in worked(report):
        passed = report.grading.credited(mark)
        out.append(Item(f"{mark.node} {mark.field}", 1.0 if passed else 0.0, passed,
                        mark_message(report, mark)))
    return out
