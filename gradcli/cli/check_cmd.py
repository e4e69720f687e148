"""``gradcli check``: homework answers against the truth, one at a time or in a batch."""

from __future__ import annotations

import collections
import sys

import click

from ..errors import ExitCode, ValueInputError, printable
from ..output.formats import CASES_FORMATS, CHECK_FORMATS
from . import main
from .common import (ExprCommand, chosen_form, console, debug_option, debug_requested, emit,
                     expression_input,
                     gather, read_bytes, value_texts, warn, warn_about)

# A batch this long gets a progress bar (on a terminal only).
PROGRESS_MIN_CASES = 50
MAX_CASES_BYTES = 256 * 2**20


@main.command("check", cls=ExprCommand)
@expression_input(required=False)
@click.option("--expect", multiple=True, metavar="NAME=VALUE",
              help="The gradient ∂f/∂NAME should be VALUE. NAME: an input or any named node.")
@click.option("--expect-value", multiple=True, metavar="NAME=VALUE",
              help="The forward value of node NAME should be VALUE.")
@click.option("--derivative", multiple=True, metavar="NAME=EXPR",
              help="EXPR is a formula for ∂f/∂NAME (checked by SymPy and at random points).")
@click.option("--rtol", metavar="R", help="Relative tolerance for expected numbers [1e-06].")
@click.option("--atol", metavar="A", help="Absolute tolerance for expected numbers [1e-09].")
@click.option("--decimals", type=int, metavar="N",
              help="An expected number is right when it is the truth rounded to N decimal "
                   "places (-0.20 for -0.1966 with N = 2); instead of --rtol/--atol.")
@click.option("--sigfigs", type=int, metavar="N",
              help="An expected number is right when it is the truth rounded to N "
                   "significant figures; instead of --rtol/--atol.")
@click.option("--numeric", is_flag=True,
              help="Add the course's gradient check: centered differences, h = 1e-5.")
@click.option("--exact", is_flag=True,
              help="Compare --expect and --expect-value exactly with exact arithmetic "
                   "(1/3 is right, 0.333 is not; no --rtol/--atol). With --cases: every "
                   "case without its own \"exact\" key.")
@click.option("--cases", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True),
              help="Check every case of a JSON Lines file (- for stdin) in one run.")
@click.option("--format", "fmt", type=click.Choice(list(CHECK_FORMATS)), default="table",
              show_default=True, help="Output format (with --cases, json is JSON Lines).")
@debug_option
@click.pass_context
def check_command(ctx, expr, expect, expect_value, derivative, rtol, atol, decimals, sigfigs,
                  numeric, exact, cases, fmt, extra):
    """Check answers about EXPR at a point: gradients, values, derivative formulas.

    \b
      gradcli check "(x+y)*z" --x -2 --y 5 --z -4 --expect x=-4 --expect-value f=-12
      gradcli check "x**3" --x 1 --derivative x="3*x**2"
      gradcli check "sigmoid(w*x)" --w 2 --x -1 --numeric
      gradcli check "x/3" --x 1 --expect x=1/3 --exact
      gradcli check --cases answers.jsonl --format json

    With nothing expected, backprop is checked against SymPy. Exit 0 when
    everything passes, 1 when anything fails, 2 on bad input, 3 on a math error.
    """
    if cases is not None:
        refuse_single_check_inputs(ctx, expr, extra, expect + expect_value + derivative)
        given = {**tolerances(rtol, atol, exact), **rounded(decimals, sigfigs, rtol, atol, exact)}
        ctx.exit(run_batch(ctx, cases, fmt, given, numeric, exact))
    if expr is None:
        raise click.UsageError("Missing argument 'EXPR' (or give --cases FILE).", ctx)
    from ..api import check
    from ..output.formats import load

    text, values = gather(ctx, expr, extra)
    values = value_texts(ctx, extra) if exact else values
    report = check(text, values, expect=pairs("--expect", expect),
                   expect_value=pairs("--expect-value", expect_value),
                   derivative=pairs("--derivative", derivative), numeric=numeric, exact=exact,
                   form=chosen_form(ctx), **tolerances(rtol, atol, exact),
                   **rounded(decimals, sigfigs, rtol, atol, exact))
    warn_kinks(report)
    emit(load(CHECK_FORMATS, fmt)(report))
    if not report.ok:
        ctx.exit(ExitCode.CHECK_FAILED)


def refuse_single_check_inputs(ctx, expr, extra, expectations) -> None:
    values = ctx.meta["gradcli.values"] or ctx.meta.get("gradcli.values_file")
    if expr is not None or extra or expectations or values:
        raise click.UsageError("--cases takes no EXPR, values or expectations: "
                               "each case has its own", ctx)


def tolerances(rtol: str | None, atol: str | None, exact: bool = False) -> dict[str, float]:
    """The tolerances given on the command line, checked; the defaults stay the API's."""
    from ..api import tolerance

    if exact and (rtol is not None or atol is not None):
        raise ValueInputError("--rtol and --atol do not apply with --exact: expected numbers "
                              "are compared exactly")
    given = {"rtol": rtol, "atol": atol}
    return {name: tolerance(name, text) for name, text in given.items() if text is not None}


def rounded(decimals: int | None, sigfigs: int | None, rtol, atol, exact: bool) -> dict:
    """--decimals/--sigfigs, checked against each other and the tolerances."""
    from ..api import answer_rounding

    try:
        rounding = answer_rounding(decimals, sigfigs, rtol, atol, exact)
    except ValueInputError as error:  # name the options, not the API's parameters
        raise ValueInputError(_as_options(error.message)) from None
    return {"decimals": rounding.decimals, "sigfigs": rounding.sigfigs} if rounding else {}


def _as_options(message: str) -> str:
    for name in ("decimals", "sigfigs", "rtol", "atol"):
        message = message.replace(name, f"--{name}", 1)
    return message.replace("in exact mode", "with --exact")


def warn_kinks(report) -> None:
    warn_about(report.result)
    for item in report.items:
        if item.kinks:
            warn(f"the numeric step for {item.name} crosses a kink at {', '.join(item.kinks)}: "
                 "its centered difference is unreliable there (not counted as a failure)")


def pairs(option: str, items: tuple[str, ...]) -> dict[str, str]:
    """``NAME=VALUE`` options as a dict; a name given twice is an error."""
    out: dict[str, str] = {}
    for item in items:
        name, eq, value = item.partition("=")
        name = name.strip()
        if not eq or not name:
            raise ValueInputError(f"{option} takes NAME=VALUE, not {printable(item)!r}")
        if name in out:
            raise ValueInputError(f"{option} {printable(name)} is given more than once")
        out[name] = value.strip()
    return out


def run_batch(ctx, source: str, fmt: str, given_tolerances: dict[str, float],
              numeric: bool, exact: bool = False) -> int:
    """Every case of a JSON Lines file; returns the exit code."""
    from ..cases import Defaults, batch_exit_code, run_cases, split_lines, summary
    from ..output.formats import load

    defaults = Defaults(numeric=numeric, exact=exact, **given_tolerances)
    lines = split_lines(read_bytes(source, "--cases", MAX_CASES_BYTES))
    counts: collections.Counter[str] = collections.Counter()
    exit_codes: set[int] = set()

    def counted(results):
        for case in results:
            counts[case.status] += 1
            exit_codes.add(case.exit_code)
            yield case

    show_progress = _wants_progress(len(lines), fmt)
    results = run_cases(_progress(lines) if show_progress else lines, defaults,
                        reraise=debug_requested(ctx))
    for output in load(CASES_FORMATS, fmt)(counted(results)):
        emit(output)
    click.echo(summary(counts), err=True)
    return batch_exit_code(exit_codes)


def _wants_progress(count: int, fmt: str) -> bool:
    # A bar redraws its lines: never while results stream to the same terminal.
    streams_to_terminal = fmt != "table" and sys.stdout.isatty()
    return count >= PROGRESS_MIN_CASES and sys.stderr.isatty() and not streams_to_terminal


def _progress(lines: list[bytes]):
    from rich.progress import track

    yield from track(lines, description="checking", console=console(stderr=True), transient=True)
