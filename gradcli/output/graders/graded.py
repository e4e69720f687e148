"""What a grader format shows: one ``GradedItem`` per thing graded, and how checks make them.

A ``GradedItem`` is plain data: ``name``, ``points`` (earned), ``max_points``, ``passed``,
``status`` (``pass``, ``fail``, ``invalid``: an answer that cannot be read, ``error``: the
grader's own mistake), ``message`` (what the student reads, at the feedback level asked),
``visibility`` (Gradescope's ``visible``, ``hidden``, ``after_due_date``, ``after_published``)
and ``tags``. A case of ``check --cases`` is worth ``points`` (default 1) for each of its checks
that passes: partial credit is the sum over the passed checks. A worksheet's checks are its
numbers (``checks.worksheet.report.items``): one graded alone is an item per number, a point
each; a worksheet case is worth ``points`` per number credited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ...checks.feedback import ANSWERS
from ...core.status import INVALID, PASS

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")


@dataclass(frozen=True)
class GradedItem:
    name: str
    points: float
    max_points: float
    passed: bool
    message: str
    status: str = PASS
    visibility: str = "visible"
    tags: tuple[str, ...] = field(default_factory=tuple)


def items_from_report(report) -> list[GradedItem]:
    """One item per answer of a ``check`` (an ``api.CheckReport``), a point each; without
    answers, one per check of backprop."""
    answers = [item for item in report.items if item.kind in ANSWERS] or report.items
    return [GradedItem(item.what, 1.0 if item.ok else 0.0, 1.0, item.ok, item.message,
                       PASS if item.ok else "fail", tags=(item.kind,)) for item in answers]


def items_from_worksheet(report) -> list[GradedItem]:
    """One item per number of a graded worksheet (``checks.worksheet.report.WorksheetReport``),
    in walk order: a point for a credited one, the message at the report's feedback level."""
    from ...checks.worksheet.report import items

    return [GradedItem(item.name, item.points, 1.0, item.passed, item.message,
                       PASS if item.passed else "fail", tags=("worksheet",))
            for item in items(report)]


def items_from_cases(results: Iterable) -> list[GradedItem]:
    """One item per case of a batch (``cases.CaseResult``), in order."""
    return [_case_item(case) for case in results]


def _case_item(case) -> GradedItem:
    scoring = case.scoring
    passed, total, message = _case_checks(case)
    points = scoring.points
    return GradedItem(scoring.name or _default_name(case), points * passed, points * total,
                      case.status == PASS, message, str(case.status), scoring.visibility,
                      scoring.tags)


def _case_checks(case) -> tuple[int, int, str]:
    """(checks passed, checks in all, the message) of one case."""
    if case.error is not None:
        why = ("the answer cannot be read" if case.status == INVALID
               else "this check could not run (the grader's mistake, not yours)")
        return 0, max(case.scoring.checks, 1), f"{why}: {case.error}"
    if case.worksheet is not None:
        marks = items_from_worksheet(case.worksheet)
        wrong = [f"{m.name}: {m.message}" for m in marks if not m.passed]
        return sum(m.passed for m in marks), len(marks), "\n".join(wrong) or "all right"
    items_ = [item for item in case.report.items if item.kind in ANSWERS] or case.report.items
    wrong = [item.message for item in items_ if not item.ok]
    return sum(item.ok for item in items_), len(items_), "\n".join(wrong) or "all right"


def _default_name(case) -> str:
    return f"case {case.id}" if case.id is not None else f"line {case.line}"


def totals(items: list[GradedItem]) -> tuple[float, float]:
    return sum(i.points for i in items), sum(i.max_points for i in items)


def entry_points(render):
    """A grader format's three entry points (one check, a batch, a worksheet), all from its
    ``render(items, source)``; ``source`` is "check", "cases" or "worksheet"."""

    def check(report) -> str:
        return render(items_from_report(report), "check")

    def cases(results: Iterable):
        yield render(items_from_cases(results), "cases")

    def worksheet(report) -> str:
        return render(items_from_worksheet(report), "worksheet")

    return check, cases, worksheet
