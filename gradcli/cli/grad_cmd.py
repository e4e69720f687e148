"""``gradcli grad``: gradients as plain numbers, for shell scripts."""

from __future__ import annotations

import click

from . import main
from .common import (ExprCommand, chosen_form, debug_option, digits_option, expression_input,
                     gather, value_texts, warn_about)


@main.command("grad", cls=ExprCommand)
@expression_input
@click.option("--wrt", multiple=True, metavar="NAME",
              help="Only the gradient with respect to NAME: an input, a named node or an "
                   "automatic id (n1, ...). Repeatable; with one --wrt only the number is printed.")
@click.option("--check/--no-check", default=True, show_default=True,
              help="Print only gradients that agree with SymPy's derivative (exit 1 otherwise).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True,
              help="NAME<TAB>VALUE lines, or a JSON object (gradients, output, check).")
@click.option("--exact", is_flag=True,
              help="Also the exact gradient (SymPy; 0.1 is 1/10): NAME<TAB>DECIMAL<TAB>EXACT "
                   "lines; with one --wrt only the exact form.")
@digits_option("Print the gradients to N significant digits (text; JSON keeps every digit).",
               decimals=True)
@debug_option
@click.pass_context
def grad_command(ctx, expr, wrt, check, fmt, exact, digits, extra):
    """Print the gradient of EXPR with respect to each input, one NAME<TAB>VALUE per line.

    \b
      gradcli grad "(x+y)*z" --x -2 --y 5 --z -4
      g=$(gradcli grad "(x+y)*z" --x -2 --y 5 --z -4 --wrt x)
      gradcli grad "x/3" --x 0.1 --exact
      gradcli grad "sum((W @ x)**2)" --W "[[0.1,0.5],[-0.3,0.8]]" --x "[0.2,0.4]"

    A vector or matrix gradient is printed as JSON nested lists on one line,
    without spaces ([[0.088,0.176],[0.104,0.208]]).

    When the SymPy check fails nothing is printed on stdout; stderr says what
    disagrees, and the exit code is 1.
    """
    from ..api import evaluate, verified

    text, values = gather(ctx, expr, extra)
    values = value_texts(ctx, extra) if exact else values
    result = evaluate(text, values, check=check, exact=exact, form=chosen_form(ctx))
    warn_about(result)
    if fmt == "json":
        document = gradients_json(result, wrt, exact)
        verified(result)  # a failed check is a JSON error instead (exit 1)
        click.echo(document)
        return
    lines = gradient_lines(result, wrt, exact, digits)
    verified(result)
    for line in lines:
        click.echo(line)


def gradients_json(result, wrt: tuple[str, ...], exact: bool) -> str:
    from ..api import gradients
    from ..output.json_eval import grad_json

    found = gradients(result, wrt)
    return grad_json(result, found, gradients(result, wrt, exact=True) if exact else None)


def gradient_lines(result, wrt: tuple[str, ...], exact: bool, digits=None) -> list[str]:
    """``NAME<TAB>DECIMAL[<TAB>EXACT]`` per gradient; for one ``--wrt`` only its number."""
    from ..api import gradients
    from ..core.arrays import format_value
    from ..core.numfmt import number_formatter

    found = gradients(result, wrt)  # unknown names: an input error before a check failure
    # a vector or matrix as JSON nested lists on one line
    shown = number_formatter(digits)
    columns = {name: [format_value(value, shown, full=True, sep=",")]
               for name, value in found.items()}
    if exact:
        from ..engines.exact import exact_text

        for name, value in gradients(result, wrt, exact=True).items():
            columns[name].append(exact_text(value))
    if len(wrt) == 1:
        return [columns[wrt[0]][-1]]
    return ["\t".join([name, *cells]) for name, cells in columns.items()]
