"""``gradcli graph``: the circuit as a tree, DOT, Mermaid, JSON or a picture."""

from __future__ import annotations

import sys

import click

from ..checks.rounding import MAX_DIGITS
from ..core.numfmt import DecimalPlaces
from ..errors import InputError
from ..output.formats import GRAPH_FORMATS
from . import main
from .boundary import write_file
from .common import (ExprCommand, chosen_form, digits_option, console, debug_option, exact_option,
                     expression_input, gather, never_cut, value_texts, warn_about)

# The formats that show exact forms (on the wires of a picture they would not fit).
EXACT_FORMATS = ("tree", "json")


@main.command("graph", cls=ExprCommand)
@expression_input
@click.option("--format", "fmt", type=click.Choice(list(GRAPH_FORMATS)), default="tree",
              show_default=True,
              help="Output format (png needs Graphviz's dot; html: the step-through page).")
@click.option("-o", "--output-file", "output_file",
              type=click.Path(dir_okay=False, allow_dash=True), default=None, metavar="FILE",
              help="Write to FILE instead of stdout (a tree without colour).")
@digits_option("Round numbers to N significant digits (JSON keeps full precision).")
@exact_option
@click.option("--predict", is_flag=True,
              help="html: ask for each value and gradient before revealing it.")
@click.option("--decimals", type=click.IntRange(0, MAX_DIGITS), default=None, metavar="N",
              help="Round numbers to N decimal places, as the slides do (1.37, -0.20); with "
                   "--predict, accept answers right to N decimal places.")
@debug_option
@click.pass_context
def graph_command(ctx, expr, fmt, output_file, digits, exact, predict, decimals, extra):
    """Draw the computational graph of EXPR, with values and gradients if given.

    \b
      gradcli graph "1/(1+exp(-(w0*x0+w1*x1+w2)))"
      gradcli graph "1/(1+exp(-(w0*x0+w1*x1+w2)))" --w0 2 --x0 -1 --w1 -3 --x1 -2 --w2 -3
      gradcli graph "sigmoid(w0*x0+w1*x1+w2)" --expand --format dot -o sigmoid.dot
      gradcli graph "(x+y)*z" --x -2 --y 5 --z -4 --format svg -o circuit.svg
      gradcli graph "(x+y)*z" --x -2 --y 5 --z -4 --format html --predict -o circuit.html
    """
    from ..api import evaluate, structure
    from ..output.formats import load

    _check_predict(fmt, predict)
    if decimals is not None:  # shown to N places, and predict mode's rounding
        if digits is not None:
            raise InputError("give --digits or --decimals, not both")
        digits = DecimalPlaces(decimals)
    text, values = gather(ctx, expr, extra)
    form = chosen_form(ctx)
    if exact and fmt not in EXACT_FORMATS:
        raise InputError(f"--exact shows exact forms in the {' and '.join(EXACT_FORMATS)} formats;"
                         f" pictures ({fmt}) keep the decimals")
    if values:
        values = value_texts(ctx, extra) if exact else values
        result = evaluate(text, values, check=False, exact=exact, form=form)
        warn_about(result)
    else:
        if exact:
            raise InputError("--exact needs the variables' values")
        result = structure(text, form=form)
    target = output_target(fmt, output_file)
    page = {"predict": predict, "decimals": decimals} if fmt == "html" else {}
    deliver(load(GRAPH_FORMATS, fmt)(result, digits=digits, **page), target)


def output_target(fmt: str, output_file: str | None) -> str | None:
    """The file to write (None: stdout); a PNG never goes to a terminal."""
    to_stdout = output_file in (None, "-")
    if fmt == "png" and to_stdout and sys.stdout.isatty():
        raise InputError("PNG is binary: write it to a file with -o FILE, or redirect stdout")
    return None if to_stdout else output_file


def _check_predict(fmt: str, predict: bool) -> None:
    if predict and fmt != "html":
        raise InputError(f"--predict is a mode of the step-through page (--format html), "
                         f"not of {fmt}")


def deliver(drawn, path: str | None) -> None:
    """Text, bytes (PNG) or the Rich tree to stdout, or to the file ``path``."""
    if hasattr(drawn, "__next__"):  # streamed text (JSON)
        drawn = "".join(drawn)
    if not isinstance(drawn, (str, bytes)):  # the Rich tree
        if path is None:
            return _print_wide(drawn)
        drawn = _plain_text(drawn)
    if isinstance(drawn, str):
        drawn = (drawn if drawn.endswith("\n") else drawn + "\n").encode("utf-8")
    if path is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(drawn)
        sys.stdout.buffer.flush()
    else:
        write_file(path, drawn)


def _width(con, renderable) -> int:
    from rich.measure import Measurement

    return Measurement.get(con, con.options.update(max_width=10**6), renderable).maximum


def _print_wide(renderable) -> None:
    # In a pipe nothing limits the width: a deep tree keeps one line per node, and no
    # line ends in the spaces Rich pads with. On a terminal a table folds, never cuts.
    con = console()
    if con.is_terminal:
        con.print(never_cut(con, renderable))
        return
    con.width = max(con.width, _width(con, renderable))
    with con.capture() as captured:
        con.print(renderable)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def _plain_text(renderable) -> str:
    import io

    from rich.console import Console

    buffer = io.StringIO()
    con = Console(file=buffer, color_system=None, highlight=False, soft_wrap=False, width=80)
    con.width = max(80, _width(con, renderable))
    con.print(renderable)
    return buffer.getvalue()
