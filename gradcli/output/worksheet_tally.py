"""``check --cases FILE --tally``: a class's worksheet mistakes counted by code and gate.

JSON: ``{"tally": {code: {"total": n, "gates": {gate: n}}}, "worksheets": n,
"with_mistakes": n}``, codes in catalogue order, gates by count then name.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Iterator

from ..cases import CaseResult
from ..checks.worksheet import CODES
from .json_text import dumps


def count_mistakes(results: Iterable[CaseResult]) -> dict:
    by_code: Counter[str] = Counter()
    by_gate: Counter[tuple[str, str]] = Counter()
    sheets = with_mistakes = 0
    for case in results:
        if case.worksheet is None:
            continue
        sheets += 1
        mistakes = case.worksheet.grading.mistakes
        with_mistakes += bool(mistakes)
        for mistake in mistakes:
            by_code[mistake.code] += 1
            by_gate[(mistake.code, mistake.gate)] += 1
    tally = {}
    for code in (c for c in CODES if by_code[c]):
        gates = sorted(((gate, n) for (c, gate), n in by_gate.items() if c == code),
                       key=lambda item: (-item[1], item[0]))
        tally[code] = {"total": by_code[code], "gates": dict(gates)}
    return {"tally": tally, "worksheets": sheets, "with_mistakes": with_mistakes}


def tally_json(results: Iterable[CaseResult]) -> Iterator[str]:
    yield dumps(count_mistakes(results), indent=2)


def tally_table(results: Iterable[CaseResult]):
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    counted = count_mistakes(results)
    table = Table(title=Text("mistakes over the class"), title_justify="left")
    for column, justify in (("mistake", "left"), ("count", "right"), ("at gates", "left")):
        table.add_column(column, justify=justify)
    for code, entry in counted["tally"].items():
        gates = ", ".join(f"{gate} ({n})" for gate, n in entry["gates"].items())
        table.add_row(Text(code), str(entry["total"]), Text(gates))
    line = (f"{counted['with_mistakes']} of {counted['worksheets']} worksheets have a mistake")
    yield Group(table, Text(line))
