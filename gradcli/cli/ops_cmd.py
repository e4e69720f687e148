"""``gradcli ops``: every gate, its local gradients and conventions (the op registry)."""

from __future__ import annotations

import click

from ..output.formats import OPS_FORMATS
from . import main
from .common import CONTEXT, debug_option, emit


@main.command("ops", context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(list(OPS_FORMATS)), default="table",
              show_default=True, help="A table, the Markdown of docs/ops.md, or JSON.")
@debug_option
def ops_command(fmt):
    """List every gate: its label, inputs, formula, local gradient(s) and conventions.

    The lecture's table of simple local gradients (e^x → e^x, 1/x → -1/x², c + x → 1,
    ax → a, σ → (1 - σ)σ), and every other gate gradcli draws.
    """
    from ..output.formats import load

    output = load(OPS_FORMATS, fmt)()
    emit(output.removesuffix("\n") if isinstance(output, str) else output)
