"""``gradcli check``: homework answers against the truth, one at a time or in a batch."""

from __future__ import annotations

import collections
import itertools
import sys

import click

from ..errors import ExitCode, ValueInputError, printable
from ..output.formats import CASES_FORMATS, CHECK_FORMATS, WORKSHEET_CHECK_FORMATS
from . import main
from ..cases import CASE_TIMEOUT, MAX_CASE_BYTES, Defaults
from .common import (ExprCommand, chosen_form, console, debug_option, debug_requested,
                     digits_option, emit, expression_input, gather, quiet_requested, value_texts,
                     warn, warn_about)
from .lines import case_lines, count_lines

def worksheet_options(command):
    """``--worksheet FILE`` and how it is graded (see ``worksheet_check``); ``--decimals``
    and ``--sigfigs`` are the command's own, for worksheets and expected numbers alike."""
    command = click.option("--tally", is_flag=True,
                           help="With --cases: count the worksheets' mistakes by code and gate "
                                "over the class.")(command)
    command = click.option("-o", "--output-file", "output_file", default=None, metavar="FILE",
                           type=click.Path(dir_okay=False, allow_dash=True),
                           help="Write the output to FILE (whole or not at all), e.g. "
                                "Gradescope's /autograder/results/results.json.")(command)
    command = click.option("--feedback", type=click.Choice(["full", "hint", "none"]),
                           default="full", show_default=True,
                           help="Worksheets: the hint and the right number, the hint only "
                                "(never the number), or statuses only.")(command)
    command = click.option("--follow-through/--no-follow-through", default=True,
                           help="Credit numbers that follow correctly from an earlier wrong "
                                "one (default: yes).")(command)
    return click.option("--worksheet", metavar="FILE",
                        type=click.Path(dir_okay=False, allow_dash=True),
                        help="Grade a filled worksheet (JSON or CSV; gradcli worksheet writes "
                             "the blank), alone or against EXPR and its values.")(command)


# A batch this long gets a progress bar (on a terminal only).
PROGRESS_MIN_CASES = 50


@main.command("check", cls=ExprCommand)
@expression_input
@click.option("--expect", multiple=True, metavar="NAME=VALUE",
              help="The gradient ∂f/∂NAME should be VALUE. NAME: an input or any named node.")
@click.option("--expect-value", multiple=True, metavar="NAME=VALUE",
              help="The forward value of node NAME should be VALUE.")
@click.option("--derivative", multiple=True, metavar="NAME=EXPR",
              help="EXPR is a formula for ∂f/∂NAME (checked by SymPy and at random points).")
@click.option("--rtol", metavar="R", help="Relative tolerance for expected numbers [1e-06].")
@click.option("--atol", metavar="A", help="Absolute tolerance for expected numbers [1e-09].")
@click.option("--decimals", type=int, metavar="N",
              help="An expected number (or a worksheet's) is right when it is the truth rounded "
                   "to N decimal places (-0.20 for -0.1966 with N = 2); instead of --rtol/--atol.")
@click.option("--sigfigs", type=int, metavar="N",
              help="An expected number (or a worksheet's) is right when it is the truth rounded "
                   "to N significant figures; instead of --rtol/--atol.")
@click.option("--numeric", is_flag=True,
              help="Add the course's gradient check: centered differences, h = 1e-5.")
@click.option("--exact", is_flag=True,
              help="Compare --expect and --expect-value exactly with exact arithmetic "
                   "(1/3 is right, 0.333 is not; no --rtol/--atol). With --cases: every "
                   "case without its own \"exact\" key.")
@click.option("--cases", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True),
              help="Check every case of a JSON Lines file (- for stdin) in one run.")
@click.option("--case-timeout", type=click.FloatRange(min=0, min_open=True), metavar="S",
              default=CASE_TIMEOUT,
              help=f"With --cases: seconds each case may take; past it the case is an error "
                   f"(a case's \"timeout\" key wins) [default: {CASE_TIMEOUT:g}].")
@click.option("--max-case-bytes", type=click.IntRange(min=1), metavar="N", default=MAX_CASE_BYTES,
              help=f"With --cases: the longest line read; a longer one is an error "
                   f"[default: {MAX_CASE_BYTES:,}].")
@click.option("--format", "fmt", type=click.Choice(list({**CHECK_FORMATS,
                                                         **WORKSHEET_CHECK_FORMATS})),
              default="table", show_default=True,
              help="Output format (with --cases, json is JSON Lines; svg and png: the graded "
                   "worksheet's circuit, wrong wires red).")
@worksheet_options
@digits_option("Show the table's numbers to N significant digits (JSON and the grader "
               "formats keep every digit).")
@debug_option
@click.pass_context
def check_command(ctx, expr, expect, expect_value, derivative, rtol, atol, decimals, sigfigs,
                  numeric, exact, cases, case_timeout, max_case_bytes, fmt, worksheet,
                  follow_through, feedback, output_file, tally, digits, extra):
    """Check answers about EXPR at a point: gradients, values, derivative formulas.

    \b
      gradcli check "(x+y)*z" --x -2 --y 5 --z -4 --expect x=-4 --expect-value f=-12
      gradcli check "x**3" --x 1 --derivative x="3*x**2"
      gradcli check "sigmoid(w*x)" --w 2 --x -1 --numeric
      gradcli check "x/3" --x 1 --expect x=1/3 --exact
      gradcli check --cases answers.jsonl --format json

    With nothing expected, backprop is checked against SymPy. Exit 0 when
    everything passes, 1 when anything fails, 2 on bad input, 3 on a math error,
    4 when a worksheet cannot be read.
    """
    if worksheet is not None:
        from .worksheet_check import run_worksheet

        refuse_with_worksheet(ctx, expect + expect_value + derivative, numeric, exact, cases,
                              tally)
        ctx.exit(run_worksheet(ctx, expr, extra, worksheet, fmt, output_file, follow_through,
                               feedback, decimals, sigfigs, {"rtol": rtol, "atol": atol}))
    if fmt not in CHECK_FORMATS:
        raise click.UsageError(f"--format {fmt} draws a graded worksheet: give --worksheet FILE",
                               ctx)
    if tally and cases is None:
        raise click.UsageError("--tally counts a batch's mistakes: give --cases FILE", ctx)
    if cases is not None:
        refuse_single_check_inputs(ctx, expr, extra, expect + expect_value + derivative)
        rounded(decimals, sigfigs, rtol, atol, exact)  # checked once for every case
        defaults = Defaults(numeric=numeric, exact=exact, timeout=case_timeout,
                            max_bytes=max_case_bytes, follow_through=follow_through,
                            feedback=feedback, decimals=decimals, sigfigs=sigfigs,
                            **tolerances(rtol, atol, exact))
        ctx.exit(run_batch(ctx, cases, fmt, defaults, tally, output_file))
    if expr is None and ctx.meta.get("gradcli.expr_file") is None:
        raise click.UsageError("Missing argument 'EXPR' (or give --file FILE or --cases FILE).",
                               ctx)
    options = dict(expect=pairs("--expect", expect),
                   expect_value=pairs("--expect-value", expect_value),
                   derivative=pairs("--derivative", derivative), numeric=numeric, exact=exact,
                   form=chosen_form(ctx), **tolerances(rtol, atol, exact),
                   **rounded(decimals, sigfigs, rtol, atol, exact))
    ctx.exit(run_single(ctx, expr, extra, options, fmt, feedback, output_file, digits))


def run_single(ctx, expr, extra, options: dict, fmt: str, feedback: str, output_file,
               digits: int | None = None) -> int:
    """One check of EXPR's answers; returns the exit code. Under a grader format an answer
    that cannot be read is still the platform's file (exit 4)."""
    from ..api import check
    from ..checks.feedback import with_feedback
    from ..errors import UnreadableAnswer
    from ..output.formats import GRADER_FORMATS, load
    from .boundary import fail
    from .common import unreadable_file

    text, values = gather(ctx, expr, extra)
    values = value_texts(ctx, extra) if options["exact"] else values
    try:
        report = with_feedback(check(text, values, **options), feedback)
    except UnreadableAnswer as error:
        if fmt not in GRADER_FORMATS:
            raise
        send(unreadable_file(fmt, error), output_file)
        return fail(error)
    warn_kinks(report)
    shown = {"digits": digits} if fmt == "table" else {}  # machine formats keep every digit
    send(load(CHECK_FORMATS, fmt)(report, **shown), output_file)
    return ExitCode.OK if report.ok else ExitCode.CHECK_FAILED


def send(output, output_file: str | None) -> None:
    """Output to stdout, or (``-o FILE``) into the file, written whole or not at all."""
    if output_file in (None, "-"):
        emit(output)
        return
    from .graph_cmd import deliver

    chunks = list(output) if hasattr(output, "__next__") else [output]
    texts = all(isinstance(chunk, str) for chunk in chunks)
    deliver("\n".join(chunks) if texts else chunks[-1], output_file)


def refuse_with_worksheet(ctx, expectations, numeric, exact, cases, tally) -> None:
    given = [name for name, on in (("--expect/--expect-value/--derivative", expectations),
                                   ("--numeric", numeric), ("--exact", exact),
                                   ("--cases", cases is not None), ("--tally", tally)) if on]
    if given:
        raise click.UsageError(f"--worksheet is the answer: it takes no {given[0]}", ctx)


def refuse_single_check_inputs(ctx, expr, extra, expectations) -> None:
    values = ctx.meta["gradcli.values"] or ctx.meta.get("gradcli.values_file")
    from_file = ctx.meta.get("gradcli.expr_file") is not None
    if expr is not None or from_file or extra or expectations or values:
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


def run_batch(ctx, source: str, fmt: str, defaults, tally: bool = False,
              output_file: str | None = None) -> int:
    """Every case of a JSON Lines file, read and checked one line at a time; returns the
    exit code. ``tally``: print the worksheets' mistakes counted, not the cases."""
    from ..cases import batch_exit_code, run_numbered, summary
    from ..output.formats import TALLY_FORMATS, load
    from .interrupt import Interruption, stop_on_signals, until_interrupted  # batches only

    if fmt not in CASES_FORMATS:
        raise click.UsageError(f"--cases has no --format {fmt}", ctx)
    lines = case_lines(source, defaults.max_bytes)
    counts: collections.Counter[str] = collections.Counter()
    exit_codes: set[int] = set()

    def counted(results):
        for case in results:
            counts[case.status] += 1
            exit_codes.add(case.exit_code)
            yield case

    results = run_numbered(_with_progress(lines, source, fmt), defaults,
                           reraise=debug_requested(ctx))
    stopped = Interruption()
    with stop_on_signals(stopped):
        checked = counted(until_interrupted(results, stopped))
        outputs = load(TALLY_FORMATS if tally else CASES_FORMATS, fmt)(checked)
        if output_file in (None, "-"):
            for output in outputs:
                emit(output)
        else:
            send(iter(outputs), output_file)
    if stopped.signal is not None:
        click.echo(f"note: {stopped.note(sum(counts.values()))}", err=True)
    if not quiet_requested():
        click.echo(summary(counts), err=True)
    return stopped.exit_code if stopped.signal is not None else batch_exit_code(exit_codes)


def _with_progress(lines, source: str, fmt: str):
    """``lines``, with a progress bar on stderr for a batch of 50 cases or more."""
    # A bar redraws its lines: never while results stream to the same terminal.
    streams_to_terminal = fmt != "table" and sys.stdout.isatty()
    if not sys.stderr.isatty() or streams_to_terminal or quiet_requested():
        return lines
    if source != "-":
        total = count_lines(source)
        return _progress(lines, total) if total >= PROGRESS_MIN_CASES else lines
    head = list(itertools.islice(lines, PROGRESS_MIN_CASES))  # stdin: count the first 50
    lines = itertools.chain(head, lines)
    return _progress(lines, None) if len(head) == PROGRESS_MIN_CASES else lines


def _progress(lines, total: int | None):
    from rich.progress import track

    yield from track(lines, total=total, description="checking", console=console(stderr=True),
                     transient=True)
