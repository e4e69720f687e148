"""``gradcli eval``: the node table, the gradients and SymPy's verdict."""

from __future__ import annotations

import click

from ..errors import ExitCode
from ..output.formats import EVAL_FORMATS
from . import main
from .common import (
    ExprCommand, chosen_form, debug_option, digits_option, emit, exact_option, expression_input,
    gather,
    value_texts, warn_about,
)


@main.command("eval", cls=ExprCommand)
@expression_input
@click.option("--format", "fmt", type=click.Choice(list(EVAL_FORMATS)), default="table",
              show_default=True, help="Output format.")
@click.option("--check/--no-check", default=True, show_default=True,
              help="Check every input's gradient against SymPy's derivative.")
@digits_option("Round numbers in tables to N significant digits (JSON keeps full precision).",
               decimals=True)
@exact_option
@debug_option
@click.pass_context
def eval_command(ctx, expr, fmt, check, digits, exact, extra):
    """Evaluate EXPR at a point: every node's value, local gradient and gradient.

    Give each variable's value as an option named after it:

    \b
      gradcli eval "(x+y)*z" --x -2 --y 5 --z -4
      gradcli eval "1/(1+exp(-(w0*x0+w1*x1+w2)))" --w0 2 --x0 -1 --w1 -3 --x1 -2 --w2 -3
    """
    from ..api import evaluate
    from ..output.formats import load

    text, values = gather(ctx, expr, extra)
    values = value_texts(ctx, extra) if exact else values
    result = evaluate(text, values, check=check, exact=exact, form=chosen_form(ctx))
    warn_about(result)
    emit(load(EVAL_FORMATS, fmt)(result, digits=digits))
    if result.check is not None and not result.check.ok:
        ctx.exit(ExitCode.CHECK_FAILED)
