"""``gradcli grad``: gradients as plain numbers, for shell scripts."""

from __future__ import annotations

import click

from . import main
from .common import ExprCommand, debug_option, expression_input, gather, warn


@main.command("grad", cls=ExprCommand)
@expression_input
@click.option("--wrt", multiple=True, metavar="NAME",
              help="Only the gradient with respect to NAME: an input, a named node or an "
                   "automatic id (n1, ...). Repeatable; with one --wrt only the number is printed.")
@click.option("--check/--no-check", default=True, show_default=True,
              help="Print only gradients that agree with SymPy's derivative (exit 1 otherwise).")
@debug_option
@click.pass_context
def grad_command(ctx, expr, wrt, check, extra):
    """Print the gradient of EXPR with respect to each input, one NAME<TAB>VALUE per line.

    \b
      gradcli grad "(x+y)*z" --x -2 --y 5 --z -4
      g=$(gradcli grad "(x+y)*z" --x -2 --y 5 --z -4 --wrt x)
      gradcli grad "sum((W @ x)**2)" --W "[[0.1,0.5],[-0.3,0.8]]" --x "[0.2,0.4]"

    A vector or matrix gradient is printed as JSON nested lists on one line,
    without spaces ([[0.088,0.176],[0.104,0.208]]).

    When the SymPy check fails nothing is printed on stdout; stderr says what
    disagrees, and the exit code is 1.
    """
    from ..api import evaluate, gradients, verified
    from ..arrays import format_value

    def shown(value) -> str:  # a vector or matrix as JSON nested lists, on one line
        return format_value(value, full=True, sep=",")

    text, values = gather(ctx, expr, extra)
    result = evaluate(text, values, check=check)
    for kink in result.trace.kinks:
        warn(kink.message)
    found = gradients(result, wrt)
    verified(result)
    if len(wrt) == 1:
        click.echo(shown(found[wrt[0]]))
        return
    for name, value in found.items():
        click.echo(f"{name}\t{shown(value)}")
