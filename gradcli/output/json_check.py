"""``gradcli check`` as plain data: the JSON contract of ``--format json``.

Keys are documented in docs/homework-checks.md; scripts rely on them, so add
keys freely but never rename or remove one. No Rich here: JSON paths stay light.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from ..api import CheckReport
from ..core.arrays import to_json
from ..cases import CaseResult
from ..checks.items import CheckItem
from ..checks.differences import STEP
from ..core.numfmt import json_number
from .json_eval import add_exact_point
from .worksheet_report import graded_dict
from .json_text import dumps as _dumps


def _value(x: float | str | None):
    if x is None or isinstance(x, str):
        return x
    return to_json(x)  # a number, or nested lists for a vector or matrix


def item_dict(item: CheckItem) -> dict:
    out = {
        "kind": item.kind,
        "name": item.name,
        "what": item.what,
        "expected": _value(item.expected),
        "computed": _value(item.computed),
        "error": _value(item.error),
        "status": item.status,
        "ok": item.ok,
        "message": item.message,
    }
    if item.kind == "numeric":
        out.update(verdict=item.verdict, kinks=item.kinks, h=STEP)
    if item.exact_computed is not None:
        out["exact"] = {"expected": item.exact_expected, "computed": item.exact_computed}
    return out


def check_dict(report: CheckReport) -> dict:
    result = report.result
    full = report.feedback == "full"  # below it the output's value is an answer: left out
    data = {
        "expression": result.graph.text,
        "output": {"name": result.output, "value": json_number(result.value) if full else None},
        "inputs": {k: to_json(v) for k, v in result.inputs.items()},
        "ok": report.ok,
        "rtol": json_number(report.rtol),
        "atol": json_number(report.atol),
        "exact": report.exact,
        "decimals": report.decimals,
        "sigfigs": report.sigfigs,
        "feedback": report.feedback,
        "checks": [item_dict(item) for item in report.items],
        "kinks": [
            {"node": result.graph.nodes[k.node].id, "message": k.message}
            for k in result.trace.kinks
        ],
    }
    if result.exact is not None and full:
        add_exact_point(data, result)
    return data


def check_json(report: CheckReport) -> str:
    return _dumps(check_dict(report), indent=2)


def case_dict(case: CaseResult) -> dict:
    if case.worksheet is not None:
        details = graded_dict(case.worksheet)
    elif case.report is not None:
        details = check_dict(case.report)
    else:
        details = {"error": str(case.error)}
    return {"id": case.id, "line": case.line, "status": case.status,
            "exit_code": case.exit_code, "details": details}


def case_line(case: CaseResult) -> str:
    """One JSON Lines record; a number id is written as its text in the case."""
    data = case_dict(case)
    if case.id_text is None:
        return _dumps(data)
    text = _dumps({**data, "id": None})
    return '{"id": ' + case.id_text + text[len('{"id": null'):]


def cases_json(results: Iterable[CaseResult]) -> Iterator[str]:
    """JSON Lines: one compact object per case, as soon as it is checked."""
    for case in results:
        yield case_line(case)
