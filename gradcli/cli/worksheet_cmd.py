"""``gradcli worksheet``: the exercise the lecture sets, as a file to fill in (or its key)."""

from __future__ import annotations

import click

from ..output.formats import WORKSHEET_FORMATS
from . import main
from .common import (ExprCommand, chosen_form, debug_option, digits_option, expression_input,
                     gather)
from ..errors import InputError, printable
from .boundary import write_file
from .graph_cmd import deliver, output_target

rounding_options = [
    click.option("--decimals", type=click.IntRange(0, 15), default=None, metavar="N",
                 help="Numbers count as right rounded to N decimals (written into the file)."),
    click.option("--sigfigs", type=click.IntRange(1, 15), default=None, metavar="N",
                 help="Numbers count as right rounded to N significant figures."),
]


def with_rounding(command):
    for option in reversed(rounding_options):
        command = option(command)
    return command


@main.command("worksheet", cls=ExprCommand)
@expression_input
@click.option("--format", "fmt", type=click.Choice(list(WORKSHEET_FORMATS)), default="json",
              show_default=True, help="json and csv to fill in; md and latex a table; svg and "
                                      "png the circuit with boxes on its wires (Graphviz).")
@click.option("-o", "--output-file", "output_file", default=None, metavar="FILE",
              type=click.Path(allow_dash=True),
              help="Write to FILE instead of stdout (with --variants: the directory).")
@click.option("--key", is_flag=True, help="Fill in every value and gradient: the answer key.")
@with_rounding
@digits_option("Show the key's numbers to N significant digits (md, latex, svg, png).")
@click.option("--variants", type=click.IntRange(1, 1000), default=None, metavar="N",
              help="Write N variants at other points (blank, key, cases.jsonl) into -o DIR.")
@click.option("--seed", type=int, default=0, show_default=True, metavar="S",
              help="With --variants: the seed that makes the points (same seed, same points).")
@click.option("--range", "value_range", default="-5..5", show_default=True, metavar="A..B",
              help="With --variants: the whole numbers to pick each input's value from.")
@debug_option
@click.pass_context
def worksheet_command(ctx, expr, fmt, output_file, key, decimals, sigfigs, digits, variants,
                      seed, value_range, extra):
    """Write the worksheet of EXPR: every node with blanks for its value and gradient.

    \b
      gradcli worksheet "(x+y)*z" --x -2 --y 5 --z -4 -o sheet.json
      gradcli worksheet "(x+y)*z" --x -2 --y 5 --z -4 --key --format md
      gradcli worksheet "1/(1+exp(-(w0*x0+w1*x1+w2)))" --w0 2 --x0 -1 --w1 -3 --x1 -2 \\
          --w2 -3 --decimals 2 --format png -o sheet.png
      gradcli worksheet "(x+y)*z" --variants 30 --seed 1 -o class/

    Grade a filled worksheet with `gradcli check --worksheet FILE`.
    """
    from ..api import worksheet
    from ..output.formats import load

    if decimals is not None and sigfigs is not None:
        raise click.UsageError("give --decimals or --sigfigs, not both", ctx)
    if variants is not None:
        return write_variants(ctx, expr, extra, variants, seed, value_range, output_file,
                              dict(decimals=decimals, sigfigs=sigfigs))
    text, values = gather(ctx, expr, extra)
    sheet = worksheet(text, values, key=key, decimals=decimals, sigfigs=sigfigs,
                      form=chosen_form(ctx))
    deliver(load(WORKSHEET_FORMATS, fmt)(sheet, digits=digits), output_target(fmt, output_file))


def write_variants(ctx, expr, extra, count: int, seed: int, value_range: str,
                   directory: str | None, rounding: dict) -> None:
    """variant-K.json, variant-K.key.json and cases.jsonl in ``directory``."""
    import os

    from ..api import worksheet_variants
    from ..checks.worksheet.variants import parse_range
    from ..core.arrays import is_array
    from ..output.worksheet_sheet import sheet_case, sheet_json

    if directory in (None, "-"):
        raise click.UsageError("--variants writes files: give the directory with -o DIR", ctx)
    low, high = parse_range(value_range)
    text, values = gather(ctx, expr, extra)
    shapes = {name: v.shape for name, v in values.items() if is_array(v)}
    made = worksheet_variants(text, shapes, count, seed, low, high, form=chosen_form(ctx),
                              **rounding)
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot make the directory {printable(directory)}: "
                         f"{exc.strerror}") from None
    lines = []
    for k, (blank, key) in enumerate(made, 1):
        write_file(os.path.join(directory, f"variant-{k}.json"), sheet_json(blank).encode())
        write_file(os.path.join(directory, f"variant-{k}.key.json"), sheet_json(key).encode())
        lines.append(sheet_case(blank, f"variant-{k}"))
    write_file(os.path.join(directory, "cases.jsonl"), ("\n".join(lines) + "\n").encode())
    click.echo(f"wrote {count} variant{'s' if count != 1 else ''} (blank, key) and cases.jsonl "
               f"to {printable(directory)}", err=True)
