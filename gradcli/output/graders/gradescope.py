"""Gradescope's autograder ``results.json`` (gradescope-autograders.readthedocs.io, specs):
``score`` (the sum), ``output``, and ``tests[]`` with ``name``, ``score``, ``max_score``,
``status`` (``passed``/``failed``), ``output`` (Markdown: ``output_format: md``),
``visibility`` and ``tags``. Gradescope has no "ungradable": an unreadable answer scores 0
and its output says why."""

from __future__ import annotations


from ..json_text import dumps
from .graded import GradedItem, entry_points, totals


def render(items: list[GradedItem], source: str = "check") -> str:
    score, most = totals(items)
    tests = [{
        "name": item.name,
        "score": item.points,
        "max_score": item.max_points,
        "status": "passed" if item.passed else "failed",
        "output": _markdown(item.message),
        "output_format": "md",
        "visibility": item.visibility,
        "tags": list(item.tags),
    } for item in items]
    passed = sum(item.passed for item in items)
    document = {"score": score, "output": f"{passed} of {len(items)} passed: "
                                          f"{_number(score)} of {_number(most)} points",
                "output_format": "md", "tests": tests}
    return dumps(document, indent=2)


def _markdown(text: str) -> str:
    # The messages hold formulas (x**2, a*b): in a code span Markdown leaves them alone.
    return "\n".join(f"`{line}`" if "`" not in line else line for line in text.splitlines())


def _number(x: float) -> str:
    return f"{x:g}"


check_gradescope, cases_gradescope, worksheet_gradescope = entry_points(render)
