"""TAP version 14 (testanything.org): the version line, the plan ``1..N``, one test point per
graded item (``ok``/``not ok``, a description with ``#`` and ``\\`` escaped), and for one that
did not pass a YAML diagnostic block indented two spaces (``---`` ... ``...``) with the
message, the severity and the points. JSON strings are YAML's double-quoted scalars."""

from __future__ import annotations


from ..json_text import dumps
from .graded import GradedItem, entry_points


def render(items: list[GradedItem], source: str = "check") -> str:
    lines = ["TAP version 14", f"1..{len(items)}"]
    for number, item in enumerate(items, 1):
        lines.append(f"{'ok' if item.passed else 'not ok'} {number} - {_description(item.name)}")
        if not item.passed:
            lines += ["  ---",
                      f"  message: {_scalar(item.message)}",
                      "  severity: fail",
                      f"  status: {item.status}",
                      f"  points: {item.points:g}",
                      f"  max_points: {item.max_points:g}",
                      "  ..."]
    return "\n".join(lines)


def _description(name: str) -> str:
    one_line = " ".join(name.split())
    return one_line.replace("\\", "\\\\").replace("#", "\\#")


def _scalar(text: str) -> str:
    return dumps(text)


check_tap, cases_tap, worksheet_tap = entry_points(render)
