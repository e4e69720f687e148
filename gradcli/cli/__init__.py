"""The command line: the one place where results are printed and errors become exit codes."""

from __future__ import annotations

import importlib
import sys

import click

from ..errors import ExitCode, GradcliError
from .boundary import (fail, flush_stdout, internal_error, is_output_error, message,
                       remember_format, show_click_error, stdout_closed, stdout_failed,
                       usage_error_as_json)
from .common import CONTEXT, debug_option, debug_requested


# Each command's module, imported only when that command runs (or for --help):
# a shell loop of `gradcli grad` should not pay for `check`'s imports.
COMMANDS = {
    "eval": "eval_cmd", "grad": "grad_cmd", "check": "check_cmd", "explain": "explain_cmd",
    "graph": "graph_cmd", "ops": "ops_cmd", "worksheet": "worksheet_cmd",
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

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Click's main, with its messages escaped and stdout's failures reported."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as error:
            code = show_click_error(error)
        except click.Abort:
            message("Aborted!")
            code = 1
        except OSError as exc:  # --help or --version into a full disk
            if not is_output_error(exc):
                raise
            code = stdout_failed(exc)
        sys.exit(flush_stdout(code if isinstance(code, int) else 0))

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
        except GradcliError as error:  # expected: a message, never a traceback
            ctx.exit(fail(error, ctx))
        except KeyboardInterrupt:
            ctx.exit(130)
        except BrokenPipeError:
            ctx.exit(stdout_closed())
        except OSError as exc:
            if not is_output_error(exc) or debug_requested(ctx):
                raise
            ctx.exit(stdout_failed(exc))
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
    · 4 a student's answer cannot be read · 70 internal error
    """


__all__ = ["main", "ExitCode", "COMMANDS"]
