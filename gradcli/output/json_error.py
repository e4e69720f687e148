"""An error as JSON, for ``--format json`` (and the grader formats): scripts read stdout.

``{"error": {"exit_code": 2, "kind": "syntax", "message": "..."}}``, one line. ``kind`` is
the error's class (docs/json.md lists them); ``message`` is the one a person reads on stderr
(a syntax error's includes its caret lines).
"""

from __future__ import annotations

from .json_text import dumps


def error_json(exit_code: int, kind: str, message: str) -> str:
    return dumps({"error": {"exit_code": int(exit_code), "kind": kind, "message": message}})
