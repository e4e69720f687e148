"""Batch checks for graders: JSON Lines in, one result per line out.

Each line is one case, ``{"id", "expression", "values", "expect",
"expect_value", "derivative", "rtol", "atol", "exact", "timeout", "worksheet"}``,
only ``expression`` required (docs/homework-checks.md). A line that cannot be
checked (not UTF-8, bad JSON, an unknown key, a syntax error, a missing value, a
math error at the point, too long, out of time) becomes an ``error`` result for
that line, one whose answer cannot be read an ``invalid`` result; the other lines go
on; blank lines are skipped. All cases share one
``Cache``, so an expression that many students answer is parsed, and
differentiated by SymPy, once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from .api import CheckReport, check
from .errors import (CaseTimeout, ExitCode, GradcliError, InputError, LimitError,
                     UnreadableAnswer, ValueInputError, printable)
from .limits import TimeLimitExceeded, time_limit
from .checks.grading import Cache
from .checks.items import ANSWER_ATOL, ANSWER_RTOL
from .inputs.json_maps import answer_map, mapping, number, number_map, text_map
from .inputs.strict_json import JsonNumber, loads
from .core.status import ERROR, FAIL, INVALID, PASS, Status

if TYPE_CHECKING:
    from .checks.worksheet import WorksheetReport

CASE_KEYS = ("id", "expression", "values", "expect", "expect_value", "derivative", "rtol", "atol",
             "exact", "timeout", "worksheet", "decimals", "sigfigs",
             "name", "points", "visibility", "tags")
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")  # Gradescope's
PRECISION_KEYS = ("rtol", "atol", "decimals", "sigfigs")
# A batch exits with the first of these that a case has: a bug, then the grader's mistakes
# (a bad case, a math error at the point), then an unreadable answer, then a wrong one.
BATCH_EXIT_ORDER = (ExitCode.INTERNAL, ExitCode.BAD_INPUT, ExitCode.MATH_ERROR,
                    ExitCode.UNREADABLE_ANSWER, ExitCode.CHECK_FAILED)
# Each case's own limits (--case-timeout, --max-case-bytes): one slow or huge case must
# not hang a batch or exhaust its memory.
CASE_TIMEOUT = 30.0
MAX_CASE_BYTES = 1_000_000


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
    # how worksheets are graded (``check --worksheet``'s options)
    follow_through: bool = True
    feedback: str = "full"
    decimals: int | None = None
    sigfigs: int | None = None
    timeout: float = CASE_TIMEOUT  # seconds for each case; a case's "timeout" wins
    max_bytes: int = MAX_CASE_BYTES  # the longest line read (the reader drops longer ones)


@dataclass(frozen=True)
class LongLine:
    """A line longer than the case size limit, read past and dropped: only its length is kept."""

    length: int
    limit: int


@dataclass(frozen=True)
class Scoring:
    """How a case counts on a grading platform (the grader formats): its name, the points
    each of its checks is worth, Gradescope's visibility, tags, and how many checks it asks."""

    name: str | None = None
    points: float = 1.0
    visibility: str = "visible"
    tags: tuple[str, ...] = ()
    checks: int = 1


@dataclass
class CaseResult:
    line: int  # 1-based line number in the input
    id: Any  # the case's id as given (a string or a number), None if it has none
    status: Status  # pass | fail | invalid (an answer cannot be read) | error (a bad case)
    report: CheckReport | None = None
    error: GradcliError | None = None
    worksheet: WorksheetReport | None = None  # a case with a "worksheet", graded
    # A number id's JSON text exactly as written (1e999, a 5,000-digit integer, 1.50):
    # results echo it, not a float that would read it back as null or 1.5.
    id_text: str | None = None
    scoring: Scoring = Scoring()

    @property
    def exit_code(self) -> int:
        if self.error is not None:
            return int(self.error.exit_code)
        return int(ExitCode.OK if self.status == PASS else ExitCode.CHECK_FAILED)


def run_cases(lines: Iterable[bytes | LongLine], defaults: Defaults | None = None,
              cache: Cache | None = None, reraise: bool = False) -> Iterator[CaseResult]:
    """Check each line, in order, yielding its result as soon as it is known; blank lines
    are skipped (their numbers still count)."""
    return run_numbered(enumerate(lines, 1), defaults, cache, reraise)


def run_numbered(lines: Iterable[tuple[int, bytes | LongLine]], defaults: Defaults | None = None,
                 cache: Cache | None = None, reraise: bool = False) -> Iterator[CaseResult]:
    """``run_cases`` for lines that come with their numbers (a reader that skips blank runs)."""
    defaults = defaults or Defaults()
    cache = cache if cache is not None else Cache()
    for number_, raw in lines:
        if isinstance(raw, LongLine) or raw.strip():
            yield run_case(number_, raw, defaults, cache, reraise)


def run_case(line: int, raw: bytes | LongLine, defaults: Defaults, cache: Cache,
             reraise: bool = False) -> CaseResult:
    case_id = id_text = None
    scoring = Scoring()
    try:
        if isinstance(raw, LongLine):
            raise LimitError("the line's length in bytes", raw.length, raw.limit,
                             "--max-case-bytes")
        obj = read_object(raw, first=line == 1)
        case_id, id_text = _case_id(obj.get("id"))
        scoring = case_scoring(obj)
        case = case_fields(obj)
        timeout = case.get("timeout", defaults.timeout)
        try:
            with time_limit(timeout):
                graded = _check_case(case, defaults, cache)
        except TimeLimitExceeded:
            raise CaseTimeout(f"the case did not finish within {timeout:g} s; raise the limit "
                              "with --case-timeout S or the case's \"timeout\" key") from None
    except UnreadableAnswer as error:
        return CaseResult(line, case_id, INVALID, error=error, id_text=id_text, scoring=scoring)
    except GradcliError as error:
        return CaseResult(line, case_id, ERROR, error=error, id_text=id_text, scoring=scoring)
    except Exception as exc:  # one bad case must not stop a grader's batch
        if reraise:
            raise
        message = f"internal error: {type(exc).__name__}: {printable(str(exc))} (a bug in gradcli)"
        return CaseResult(line, case_id, ERROR, error=GradcliError(message), id_text=id_text,
                          scoring=scoring)
    status = PASS if graded.ok else FAIL
    if "worksheet" in case:
        return CaseResult(line, case_id, status, worksheet=graded, id_text=id_text,
                          scoring=scoring)
    return CaseResult(line, case_id, status, report=graded, id_text=id_text, scoring=scoring)


def _check_case(case: dict[str, Any], defaults: Defaults, cache: Cache):
    """The case's CheckReport, or its graded worksheet (a WorksheetReport)."""
    _require_values(cache, case)
    if "worksheet" in case:
        return _grade_worksheet(case, defaults)
    from .checks.feedback import with_feedback

    exact = case.get("exact", defaults.exact)
    report = check(
        case["expression"], case["values"], expect=case["expect"],
        expect_value=case["expect_value"], derivative=case["derivative"],
        numeric=defaults.numeric, exact=exact, cache=cache,
        **_tolerances(case, defaults, exact),
    )
    return with_feedback(report, defaults.feedback)


def _grade_worksheet(case: dict[str, Any], defaults: Defaults) -> WorksheetReport:
    from .api import check_worksheet

    return check_worksheet(case["expression"], case["values"], case["worksheet"],
                           decimals=case.get("decimals", defaults.decimals),
                           sigfigs=case.get("sigfigs", defaults.sigfigs),
                           follow_through=defaults.follow_through, feedback=defaults.feedback,
                           **{k: case[k] for k in ("rtol", "atol") if k in case})


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
    if "timeout" in obj:
        case["timeout"] = seconds("timeout", obj["timeout"])
    if "worksheet" in obj:
        case["worksheet"] = _worksheet_field(obj)
    return case


def case_scoring(obj: dict[str, Any]) -> Scoring:
    """A case's ``name``, ``points``, ``visibility`` and ``tags`` (the grader formats')."""
    name = obj.get("name")
    if name is not None and (not isinstance(name, str) or isinstance(name, JsonNumber)):
        raise InputError("\"name\" must be a string")
    points = float(number("points", obj["points"])) if "points" in obj else 1.0
    if points < 0:
        raise InputError("\"points\" must be a number ≥ 0")
    visibility = obj.get("visibility", "visible")
    if visibility not in VISIBILITIES:
        raise InputError(f"\"visibility\" must be one of {', '.join(VISIBILITIES)}")
    tags = obj.get("tags", [])
    if not isinstance(tags, list) or not all(_is_text(tag) for tag in tags):
        raise InputError("\"tags\" must be a list of strings")
    asked = sum(len(obj.get(key) or {}) if isinstance(obj.get(key), dict) else 0
                for key in ("expect", "expect_value", "derivative"))
    return Scoring(name, points, visibility, tuple(tags), max(asked, 1))


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and not isinstance(value, JsonNumber)


def whole_number(key: str, value: Any) -> int:
    if not isinstance(value, JsonNumber) or not value.isdigit():
        raise InputError(f"\"{key}\" must be a whole number such as 2")
    return int(value)


def seconds(what: str, value: Any) -> float:
    """A time limit: a number of seconds > 0."""
    amount = float(number(what, value))
    if not amount > 0:
        raise InputError(f"\"{what}\" must be a number of seconds > 0")
    return amount


def _worksheet_field(obj: dict[str, Any]):
    """A case's worksheet (read as a worksheet file is: unreadable is exit 4)."""
    from .checks.worksheet import worksheet_from_object

    others = [key for key in ("expect", "expect_value", "derivative", "exact") if key in obj]
    if others:
        raise InputError(f"a case with a \"worksheet\" takes no {printable(others[0])!r}: "
                         "the worksheet is the answer")
    sheet = worksheet_from_object(obj["worksheet"])
    return sheet


def _case_id(value: Any) -> tuple[Any, str | None]:
    """The id as a Python value, and a number's JSON text as written."""
    if value is None or (isinstance(value, str) and not isinstance(value, JsonNumber)):
        return value, None
    if isinstance(value, JsonNumber):
        return _number_id(value), str(value)
    raise InputError("\"id\" must be a string or a number")


def _number_id(text: str) -> int | float | str:
    # An int or float that reads back as the same text; else the text itself
    # (Python refuses to read integers of more than 4,300 digits).
    if text.lstrip("-").isdigit() and len(text) <= 4000:
        return int(text)
    number = float(text)
    return number if math.isfinite(number) and repr(number) == text else text


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
