"""The command line: the one place where results are printed and errors become exit codes."""

from __future__ import annotations

import importlib

import click

from ..errors import ExitCode, GradcliError
from .common import (CONTEXT, debug_option, debug_requested, fail, internal_error,
                     remember_format, stdout_closed, usage_error_as_json)


# Each command's module, imported only when that command runs (or for --help):
# a shell loop of `gradcli grad` should not pay for `check`'s imports.
COMMANDS = {
    "eval": "eval_cmd", "grad": "grad_cmd", "check": "check_cmd", "explain": "explain_cmd",
    "graph": "graph_cmd", "ops": "ops_cmd",
}


class GradcliGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self.get_command(ctx, name) is not None]

    def get_command(self, ctx: click.Context, name: str):
        if name not in self.commands and name in COMMANDS:
            try:
                importlib.import_module(f"{__name__}.{COMMANDS[name]}")  # registers on main
            except ModuleNotFoundError:
                return None
        return super().get_command(ctx, name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        remember_format(ctx, args)  # before anything can fail: errors follow --format json
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        from ..limits import using

        try:
            with using():  # a command's limit options last as long as the command
                return super().invoke(ctx)
        except click.ClickException as error:
            usage_error_as_json(ctx, error)
            raise
        except (click.exceptions.Exit, click.Abort):
            raise
        except GradcliError as error:
            if debug_requested(ctx):
                raise
            ctx.exit(fail(error, ctx))
        except KeyboardInterrupt:
            ctx.exit(130)
        except BrokenPipeError:
            ctx.exit(stdout_closed())
        except Exception as exc:  # the boundary: no traceback unless asked for
            if debug_requested(ctx):
                raise
            ctx.exit(internal_error(exc, ctx))


@click.group(cls=GradcliGroup, context_settings=CONTEXT)
@click.version_option(package_name="gradcli")
@debug_option
def main() -> None:
    """Backpropagation by hand, checked: the lecture's computational graphs,
    forward values, local gradients and gradients, verified against SymPy.

    \b
    Exit codes: 0 ok · 1 a check failed · 2 bad input · 3 math error at the point
    · 4 an answer could not be read · 70 internal error
    """


__all__ = ["main", "ExitCode", "COMMANDS"]
