"""PrairieLearn's external-grader ``results.json`` (docs: externalGrading): ``gradable``,
``score`` in [0, 1], ``message``, ``tests[]`` with ``name``, ``points``, ``max_points``,
``message``, and ``format_errors`` (a list of strings). An answer that cannot be read makes
the submission not gradable (``gradable: false``, the reasons in ``format_errors``):
PrairieLearn then charges the student no attempt and no points."""

from __future__ import annotations


from ...core.status import INVALID
from ..json_text import dumps
from .graded import GradedItem, entry_points, totals


def render(items: list[GradedItem], source: str = "check") -> str:
    score, most = totals(items)
    unreadable = [f"{item.name}: {item.message}" for item in items if item.status == INVALID]
    document = {
        "gradable": not unreadable,
        "score": 0.0 if unreadable or not most else score / most,
        "message": (f"{len(unreadable)} answer(s) could not be read: not graded"
                    if unreadable else f"{score:g} of {most:g} points"),
        "tests": [{"name": item.name, "points": item.points, "max_points": item.max_points,
                   "message": item.message} for item in items],
    }
    if unreadable:
        document["format_errors"] = unreadable
    return dumps(document, indent=2)


check_prairielearn, cases_prairielearn, worksheet_prairielearn = entry_points(render)
