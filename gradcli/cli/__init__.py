"""The command line: the one place where results are printed and errors become exit codes."""

from __future__ import annotations

import click

from ..errors import ExitCode, GradcliError
from .common import CONTEXT, debug_option, debug_requested, fail, internal_error


class GradcliGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except GradcliError as error:
            if debug_requested(ctx):
                raise
            ctx.exit(fail(error))
        except KeyboardInterrupt:
            ctx.exit(130)
        except Exception as exc:  # the boundary: no traceback unless asked for
            if debug_requested(ctx):
                raise
            ctx.exit(internal_error(exc))


@click.group(cls=GradcliGroup, context_settings=CONTEXT)
@click.version_option(package_name="gradcli")
@debug_option
def main() -> None:
    """Backpropagation by hand, checked: the lecture's computational graphs,
    forward values, local gradients and gradients, verified against SymPy.

    \b
    Exit codes: 0 ok · 1 a check failed · 2 bad input · 3 math error at the point · 70 internal error
    """


from . import eval_cmd, graph_cmd  # noqa: E402  (commands register themselves on main)

__all__ = ["main", "ExitCode", "eval_cmd", "graph_cmd"]
