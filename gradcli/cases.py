"""Batch checks for graders: JSON Lines in, one result per line out.

Each line is one case, ``{"id", "expression", "values", "expect",
"expect_value", "derivative", "rtol", "atol", "exact"}``, only ``expression``
required (docs/homework-checks.md). A line that cannot be checked (not UTF-8,
bad JSON, an unknown key, a syntax error, a missing value, a math error at the
point) becomes an ``error`` result for that line; the other lines go on. All
cases share one ``Cache``, so an expression that many students answer is
parsed, and differentiated by SymPy, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from .api import CheckReport, check
from .errors import (ExitCode, GradcliError, InputError, UnreadableAnswer, ValueInputError,
                     printable)
from .checks.grading import Cache
from .checks.items import ANSWER_ATOL, ANSWER_RTOL
from .inputs.json_maps import answer_map, mapping, number, number_map, text_map
from .inputs.strict_json import JsonNumber, loads
from .core.numfmt import json_number

CASE_KEYS = ("id", "expression", "values", "expect", "expect_value", "derivative", "rtol", "atol",
             "exact", "decimals", "sigfigs")
PRECISION_KEYS = ("rtol", "atol", "decimals", "sigfigs")
PASS, FAIL, INVALID, ERROR = "pass", "fail", "invalid", "error"
# A batch exits with the first of these that a case has: a bug, then the TA's mistakes
# (a bad case, a math error at the point), then an unreadable answer, then a wrong one.
BATCH_EXIT_ORDER = (ExitCode.INTERNAL, ExitCode.BAD_INPUT, ExitCode.MATH_ERROR,
                    ExitCode.UNREADABLE_ANSWER, ExitCode.CHECK_FAILED)


@dataclass
class Defaults:
    """What the command line sets for every case; a case's own rtol/atol/decimals/sigfigs
    (any of them replaces all four) and exact win.

    The tolerances, or the rounding, apply to the cases that are not exact.
    """

    rtol: float = ANSWER_RTOL
    atol: float = ANSWER_ATOL
    numeric: bool = False
    exact: bool = False
    decimals: int | None = None
    sigfigs: int | None = None


@dataclass
class CaseResult:
    line: int  # 1-based line number in the input
    id: Any  # the case's id as given (a string or a number), None if it has none
    status: str  # pass | fail | invalid (an answer cannot be read) | error (a bad case)
    report: CheckReport | None = None
    error: GradcliError | None = None

    @property
    def exit_code(self) -> int:
        if self.error is not None:
            return int(self.error.exit_code)
        return int(ExitCode.OK if self.status == PASS else ExitCode.CHECK_FAILED)


def split_lines(data: bytes) -> list[bytes]:
    """Lines of a JSON Lines file: ``\\n`` or ``\\r\\n``; a final newline ends the last line."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return [line[:-1] if line.endswith(b"\r") else line for line in lines]


def run_cases(lines: Iterable[bytes], defaults: Defaults | None = None,
              cache: Cache | None = None, reraise: bool = False) -> Iterator[CaseResult]:
    """Check each line, in order, yielding its result as soon as it is known."""
    defaults = defaults or Defaults()
    cache = cache if cache is not None else Cache()
    for number_, raw in enumerate(lines, 1):
        yield run_case(number_, raw, defaults, cache, reraise)


def run_case(line: int, raw: bytes, defaults: Defaults, cache: Cache,
             reraise: bool = False) -> CaseResult:
    case_id = None
    try:
        obj = read_object(raw, first=line == 1)
        case_id = _case_id(obj.get("id"))
        case = case_fields(obj)
        _require_values(cache, case)
        exact = case.get("exact", defaults.exact)
        report = check(
            case["expression"], case["values"], expect=case["expect"],
            expect_value=case["expect_value"], derivative=case["derivative"],
            numeric=defaults.numeric, exact=exact, cache=cache,
            **_tolerances(case, defaults, exact),
        )
    except UnreadableAnswer as error:
        return CaseResult(line, case_id, INVALID, error=error)
    except GradcliError as error:
        return CaseResult(line, case_id, ERROR, error=error)
    except Exception as exc:  # one bad case must not stop a grader's batch
        if reraise:
            raise
        message = f"internal error: {type(exc).__name__}: {printable(str(exc))} (a bug in gradcli)"
        return CaseResult(line, case_id, ERROR, error=GradcliError(message))
    return CaseResult(line, case_id, PASS if report.ok else FAIL, report=report)


def _tolerances(case: dict[str, Any], defaults: Defaults, exact: bool) -> dict[str, float]:
    """The case's own rtol/atol/decimals/sigfigs (an error if it is exact), else the
    defaults unless exact: the rounding when one is set, else the tolerances."""
    own = {key: case[key] for key in PRECISION_KEYS if key in case}
    if own or exact:
        return own
    if defaults.decimals is not None or defaults.sigfigs is not None:
        return {"decimals": defaults.decimals, "sigfigs": defaults.sigfigs}
    return {"rtol": defaults.rtol, "atol": defaults.atol}


def _require_values(cache: Cache, case: dict[str, Any]) -> None:
    # The API's message names command-line options; a case gives values in "values".
    graph = cache.prepare(case["expression"], frozenset(case["values"])).graph
    missing = [name for name in graph.variable_names if name not in case["values"]]
    if missing:
        raise ValueInputError(f"no value for {', '.join(missing)}: add it to \"values\"")


def read_object(raw: bytes, first: bool = False) -> dict[str, Any]:
    """One line as a JSON object."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"the line is not UTF-8 (byte {raw[error.start]:#04x} at column "
                         f"{error.start + 1})") from None
    if first:
        text = text.removeprefix("\ufeff")  # a byte order mark some editors write
    if not text.strip():
        raise InputError("the line is empty: expected a JSON object with an \"expression\"")
    return mapping("a case", loads(text))


def case_fields(obj: dict[str, Any]) -> dict[str, Any]:
    """A case's fields, validated: numbers as their text, formulas as strings."""
    unknown = [key for key in obj if key not in CASE_KEYS]
    if unknown:
        have = ", ".join(CASE_KEYS)
        raise InputError(f"unknown key {printable(unknown[0])!r} (a case has: {have})")
    case: dict[str, Any] = {}
    expression = obj.get("expression")
    if not isinstance(expression, str) or isinstance(expression, JsonNumber):
        raise InputError("a case needs \"expression\": the expression as a string")
    case["expression"] = expression
    case["values"] = number_map("values", obj.get("values", {}), as_text=True)
    case["expect"] = answer_map("expect", obj.get("expect", {}))
    case["expect_value"] = answer_map("expect_value", obj.get("expect_value", {}))
    case["derivative"] = text_map("derivative", obj.get("derivative", {}))
    for key in ("rtol", "atol"):
        if key in obj:
            case[key] = number(key, obj[key])
    for key in ("decimals", "sigfigs"):
        if key in obj:
            case[key] = whole_number(key, obj[key])
    if "exact" in obj:
        if not isinstance(obj["exact"], bool):
            raise InputError("\"exact\" must be true or false")
        case["exact"] = obj["exact"]
    return case


def whole_number(key: str, value: Any) -> int:
    if not isinstance(value, JsonNumber) or not value.isdigit():
        raise InputError(f"\"{key}\" must be a whole number such as 2")
    return int(value)


def _case_id(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not isinstance(value, JsonNumber)):
        return value
    if isinstance(value, JsonNumber):
        return int(value) if value.lstrip("-").isdigit() else json_number(float(value))
    raise InputError("\"id\" must be a string or a number")


def batch_exit_code(exit_codes: set[int]) -> ExitCode:
    """The batch's exit code from its cases' (docs/exit-codes.md): the first of
    ``BATCH_EXIT_ORDER`` that any case has, else 0."""
    return next((code for code in BATCH_EXIT_ORDER if code in exit_codes), ExitCode.OK)


def summary(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    plural = "" if total == 1 else "s"
    parts = [f"{counts.get(PASS, 0)} passed", f"{counts.get(FAIL, 0)} failed"]
    if counts.get(INVALID):
        parts.append(f"{counts[INVALID]} invalid")
    parts.append(f"{counts.get(ERROR, 0)} error{'' if counts.get(ERROR, 0) == 1 else 's'}")
    return f"{total} case{plural}: " + ", ".join(parts)
