"""What every gradcli command shares: variable options, output, the error boundary.

Variable values are options named after the variables (``--x -2``), which Click
cannot declare in advance; ``ExprCommand`` takes them out of the argument list
before Click parses the rest, so a negative value is never read as an option.
"""

from __future__ import annotations

import os
import sys

import click

from ..errors import ExitCode, GradcliError, ValueInputError, printable

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class ExprCommand(click.Command):
    """A command whose unknown ``--NAME VALUE`` options are variable values."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value, is_flag = {}, set()
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                for opt in param.opts + param.secondary_opts:
                    if param.is_flag or param.count:
                        is_flag.add(opt)
                    else:
                        takes_value[opt] = True
        options: list[str] = []
        positional: list[str] = []
        pairs: list[tuple[str, str]] = []
        i = 0
        while i < len(args):
            arg = args[i]
            name, eq, inline = arg.partition("=")
            if arg == "--":
                positional.extend(args[i + 1 :])
                break
            if name in is_flag or (name in takes_value and eq):
                options.append(arg)
            elif name in takes_value:
                if i + 1 >= len(args):  # else Click would take the "--" added below as its value
                    raise click.UsageError(f"Option '{name}' requires an argument.", ctx)
                options += [arg, args[i + 1]]
                i += 1
            elif arg.startswith("--") and len(arg) > 2:
                var = name[2:]
                if not eq:
                    if i + 1 >= len(args):
                        raise click.UsageError(f"--{printable(var)} needs a value", ctx)
                    inline = args[i + 1]
                    i += 1
                pairs.append((var, inline))
            else:
                positional.append(arg)  # the expression, even when it starts with '-'
            i += 1
        ctx.meta["gradcli.values"] = pairs
        return super().parse_args(ctx, options + ["--"] + positional)


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.find_root().meta["gradcli.debug"] = True
    return value


debug_option = click.option(
    "--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
    help="Show a traceback when something goes wrong.",
)


def debug_requested(ctx: click.Context) -> bool:
    return bool(ctx.find_root().meta.get("gradcli.debug"))


# --expand / --fuse -> the graph form of api.evaluate and api.build (see transform.py)
FORM_FLAGS = {"expand": "expanded", "fuse": "fused"}


def _set_form(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        form = FORM_FLAGS[param.name]
        if ctx.meta.setdefault("gradcli.form", form) != form:
            raise click.UsageError("--expand and --fuse cannot be used together", ctx)
    return value


def chosen_form(ctx: click.Context) -> str:
    """The graph form asked for: pass it on as ``evaluate(..., form=chosen_form(ctx))``."""
    return ctx.meta.get("gradcli.form", "written")


def expression_input(command):
    """EXPR and the variables' values: shared by every command that builds a graph.

    Options added here appear on every such command; read them with ``gather``
    and ``chosen_form``.
    """
    command = click.option(
        "--fuse", is_flag=True, expose_value=False, callback=_set_form,
        help="Fuse written-out patterns into one gate: 1/(1+exp(-t)) becomes sigmoid(t).",
    )(command)
    command = click.option(
        "--expand", is_flag=True, expose_value=False, callback=_set_form,
        help="Lower compound gates to the lecture's primitives: sigmoid(t) becomes "
             "*-1, exp, +1, 1/x; a/b becomes a * (1/b); a-b becomes a + (-1*b).",
    )(command)
    command = click.option(
        "--var", "extra", multiple=True, metavar="NAME=VALUE",
        help="A variable's value, for names that clash with an option (e.g. --var format=2).",
    )(command)
    return click.argument("expr")(command)


def gather(ctx: click.Context, expr: str, extra: tuple[str, ...]) -> tuple[str, dict[str, float]]:
    """The expression text and the variables' values, as the command line gives them."""
    from ..api import parse_values

    return expr, parse_values(variable_pairs(ctx, extra))


def variable_pairs(ctx: click.Context, extra: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Values from ``--NAME VALUE`` options, then from ``--var NAME=VALUE``."""
    pairs = list(ctx.meta.get("gradcli.values", []))
    for item in extra:
        name, eq, value = item.partition("=")
        if not eq:
            raise ValueInputError(f"--var takes NAME=VALUE, not {printable(item)!r}")
        pairs.append((name.strip(), value.strip()))
    return pairs


def console(stderr: bool = False):
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    # In a pipe there is no terminal width to fit: let tables take the room they need.
    width = None if stream.isatty() or os.environ.get("COLUMNS") else 200
    return Console(file=stream, width=width, highlight=False, soft_wrap=False)


def emit(output) -> None:
    """Write a result to stdout: text as it is, Rich renderables through a Console."""
    if isinstance(output, str):
        click.echo(output)
    else:
        console().print(output)


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def fail(error: GradcliError) -> ExitCode:
    click.echo(f"error: {error}", err=True)
    return error.exit_code


def internal_error(exc: BaseException) -> ExitCode:
    click.echo(
        f"internal error: {type(exc).__name__}: {printable(str(exc))}\n"
        "This is a bug in gradcli; run again with --debug for a traceback and report it.",
        err=True,
    )
    return ExitCode.INTERNAL
