"""``gradcli check --worksheet FILE``: a filled worksheet graded, number by number."""

from __future__ import annotations

import click

from ..errors import ExitCode, InputError, UnreadableAnswer, printable, quoted
from .common import chosen_form, gather, read_bytes, unreadable_file, warn
from .graph_cmd import deliver, output_target

MAX_WORKSHEET_BYTES = 16 * 2**20


def load_worksheet(path: str):
    """The worksheet file, read (exit 4 when it cannot be: it is the student's)."""
    from ..checks.worksheet import read_worksheet

    try:
        data = read_bytes(path, "--worksheet", MAX_WORKSHEET_BYTES)
    except InputError as error:
        raise UnreadableAnswer(str(error)) from None
    return read_worksheet(data, printable(path))


def run_worksheet(ctx, expr, extra, path: str, fmt: str, output_file, follow_through: bool,
                  feedback: str, decimals, sigfigs, tolerances: dict) -> int:
    """Grade the worksheet and deliver it in ``fmt``; returns the exit code. Under a grader
    format a worksheet that cannot be read is still the platform's file (exit 4)."""
    from ..api import check_worksheet
    from ..output.formats import GRADER_FORMATS, WORKSHEET_CHECK_FORMATS, load
    from .boundary import fail

    if fmt not in WORKSHEET_CHECK_FORMATS:
        raise click.UsageError(f"--worksheet has no --format {fmt}", ctx)
    if decimals is not None and sigfigs is not None:
        raise click.UsageError("give --decimals or --sigfigs, not both", ctx)
    target = output_target(fmt, output_file)
    try:
        sheet = load_worksheet(path)
        text, values = _problem(ctx, expr, extra, sheet)
        report = check_worksheet(text, values, sheet, decimals=decimals, sigfigs=sigfigs,
                                 follow_through=follow_through, feedback=feedback,
                                 form=chosen_form(ctx), **tolerances)
    except UnreadableAnswer as error:
        if fmt not in GRADER_FORMATS:
            raise
        deliver(unreadable_file(fmt, error), target)
        return fail(error)
    deliver(load(WORKSHEET_CHECK_FORMATS, fmt)(report), target)
    return ExitCode.OK if report.ok else ExitCode.CHECK_FAILED


def _problem(ctx, expr, extra, sheet):
    """EXPR and its values from the command line, else the worksheet's own."""
    if expr is not None:
        text, values = gather(ctx, expr, extra)
        given = text if isinstance(text, str) else text.text
        if sheet.expression is not None and sheet.expression.strip() != given.strip():
            warn(f"the worksheet is for {quoted(sheet.expression, 80)}: graded against EXPR, "
                 f"{quoted(given, 80)}")
        return text, values
    if ctx.meta.get("gradcli.values") or extra or ctx.meta.get("gradcli.values_file"):
        raise click.UsageError("values without EXPR: give EXPR too, or let the worksheet "
                               "say both", ctx)
    if sheet.expression is None:
        raise click.UsageError("the worksheet has no \"expression\": give EXPR and its values",
                               ctx)
    return sheet.expression, sheet.values or {}
