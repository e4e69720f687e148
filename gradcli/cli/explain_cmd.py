"""``gradcli explain``: backprop narrated step by step, as text, Markdown or LaTeX."""

from __future__ import annotations

import click

from ..output.formats import EXPLAIN_FORMATS
from . import main
from .common import (
    ExprCommand, chosen_form, debug_option, default_limit, digits_option, emit, exact_option,
    expression_input, gather, value_texts, warn_about,
)

# explain writes several lines a node (about 0.2 ms each: 100,000 nodes took 20 s), so
# its default --max-nodes is lower than the other commands'.
EXPLAIN_MAX_NODES = 20_000


@main.command("explain", cls=ExprCommand)
@expression_input
@click.option("--format", "fmt", type=click.Choice(list(EXPLAIN_FORMATS)), default="text",
              show_default=True,
              help="text, Markdown for write-ups, or a LaTeX align* environment.")
@digits_option("Round the narration's numbers to N significant digits (default: full precision).",
               decimals=True)
@exact_option
@debug_option
@click.pass_context
def explain_command(ctx, expr, fmt, digits, exact, extra):
    """Explain backprop on EXPR at a point: the forward pass stage by stage, then the
    backward pass gate by gate, as [upstream gradient] × [local gradient] = downstream.

    \b
      gradcli explain "(x+y)*z" --x -2 --y 5 --z -4
      gradcli explain "1/(1+exp(-(w0*x0+w1*x1+w2)))" --w0 2 --x0 -1 --w1 -3 --x1 -2 --w2 -3
      gradcli explain "q = x + y; f = q*z" --x -2 --y 5 --z -4 --format latex

    Graphs of up to 20,000 nodes are explained unless --max-nodes says otherwise.
    """
    from ..api import evaluate
    from ..output.formats import load

    default_limit(ctx, "max_nodes", EXPLAIN_MAX_NODES)
    text, values = gather(ctx, expr, extra)
    values = value_texts(ctx, extra) if exact else values
    result = evaluate(text, values, check=False, exact=exact, form=chosen_form(ctx))
    warn_about(result)
    emit(load(EXPLAIN_FORMATS, fmt)(result, digits=digits))
