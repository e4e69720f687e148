"""What every gradcli command shares: variable options, output, the error boundary.

Variable values are options named after the variables (``--x -2``), which Click
cannot declare in advance; ``ExprCommand`` takes them out of the argument list
before Click parses the rest, so a negative value is never read as an option.
"""

from __future__ import annotations

import os
import sys

import click

from ..errors import InputError, ValueInputError, printable, quoted

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# Expressions and values files larger than this are refused rather than read
# (``--file /dev/zero`` must end in an error, not in a full memory); an expression's
# cap comes from --max-length instead.
MAX_INPUT_BYTES = 16 * 2**20
UTF8_MAX_BYTES = 4  # per character: an expression of --max-length N has at most 4N bytes


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
                    if ctx.resilient_parsing:  # shell completion: the value is being typed
                        options.append(arg)
                        break
                    raise click.UsageError(f"Option '{name}' requires an argument.", ctx)
                options += [arg, args[i + 1]]
                i += 1
            elif arg.startswith("--") and len(arg) > 2:
                var = name[2:]
                if not eq:
                    # A value may start with '-' (a negative number), never with '--'.
                    if i + 1 >= len(args) or args[i + 1].startswith("--"):
                        raise click.UsageError(no_such_option(ctx, var, takes_value, is_flag), ctx)
                    inline = args[i + 1]
                    i += 1
                refuse_misspelled_option(ctx, var, takes_value, is_flag)
                pairs.append((var, inline))
            else:
                positional.append(arg)  # the expression, even when it starts with '-'
            i += 1
        refuse_values_written_as_arguments(ctx, positional)
        ctx.meta["gradcli.values"] = pairs
        return super().parse_args(ctx, options + ["--"] + positional)


def refuse_values_written_as_arguments(ctx: click.Context, positional: list[str]) -> None:
    """``x=-2`` or ``-x -2`` after EXPR: a value meant as an option; say how to write it."""
    import re

    for k, arg in enumerate(positional[1:], 1):
        pair = re.fullmatch(r"([A-Za-z]\w*)=(.+)", arg)
        if pair:
            raise click.UsageError(f"{printable(arg)} is not an option: write "
                                   f"--{pair[1]} {printable(pair[2])}", ctx)
        flag = re.fullmatch(r"-([A-Za-z]\w*)", positional[k - 1])
        if flag and re.fullmatch(r"[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?", arg):
            raise click.UsageError(f"-{flag[1]} {printable(arg)}: a variable's value follows "
                                   f"two dashes: write --{flag[1]} {printable(arg)}", ctx)


def close_option(var: str, *known, cutoff: float = 0.75) -> str | None:
    """The command's option closest to ``--var``, if any is close enough."""
    import difflib

    options = sorted({opt[2:] for group in known for opt in group if opt.startswith("--")})
    close = difflib.get_close_matches(var, options, n=1, cutoff=cutoff)
    return close[0] if close else None


def refuse_misspelled_option(ctx: click.Context, var: str, *known) -> None:
    """``--formt json`` is a misspelt option, not a variable named formt: say so."""
    close = close_option(var, *known, cutoff=0.8) if len(var) >= 4 else None
    if close is not None:
        raise click.UsageError(f"{ctx.info_name} has no option --{printable(var)}; did you mean "
                               f"--{close}? (a variable of that name: "
                               f"--var {printable(var)}=VALUE)", ctx)


def no_such_option(ctx: click.Context, var: str, *known) -> str:
    """``--NAME`` with no value after it: most likely a flag this command does not have."""
    close = close_option(var, *known)
    hint = f" (did you mean --{close}?)" if close else ""
    shown = printable(var)
    return (f"{ctx.info_name} has no option --{shown}{hint}; a variable's value follows "
            f"its name: --{shown} VALUE")


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


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.find_root().meta["gradcli.quiet"] = True
    return value


quiet_option = click.option(
    "--quiet", "-q", is_flag=True, expose_value=False, is_eager=True, callback=_set_quiet,
    help="Nothing on stderr (notes, warnings, summaries, progress) unless the command itself "
         "failed (exit 2 or 70).",
)


def quiet_requested() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.find_root().meta.get("gradcli.quiet"))


# --expand / --fuse -> the graph form of api.evaluate and api.build (see frontends/rewrite.py)
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


# The explicit limits (gradcli/limits.py), each with an option to raise it.
_LIMIT_OPTIONS = [
    ("--max-length", "max_length", int, "Longest expression text, in characters."),
    ("--max-nodes", "max_nodes", int, "Most nodes in the graph."),
    ("--max-depth", "max_depth", int, "Deepest nesting of parentheses and function calls."),
    ("--check-timeout", "check_timeout", float,
     "Seconds SymPy may take; past it the check falls back to finite differences."),
    ("--sympy-max-nodes", "sympy_max_nodes", int,
     "Largest graph given to SymPy; larger ones are checked by finite differences."),
    ("--max-entries", "max_entries", int,
     "Most entries of all the vectors and matrices the gates compute, together."),
]


# Seconds: a time limit must be one (0 or inf would switch it off; setitimer refuses more).
MAX_SECONDS = 1_000_000


def _store_limit(ctx: click.Context, param: click.Parameter, value):
    if isinstance(value, float) and not 0 < value <= MAX_SECONDS:  # nan fails both tests
        raise click.BadParameter(f"{value} is not a time limit: give seconds, more than 0 "
                                 f"and at most {MAX_SECONDS:,}", ctx, param)
    if value is not None:
        from ..limits import set_active

        set_active(**{param.name: value})  # the group's invoke scopes it to this command
        ctx.meta.setdefault("gradcli.limits_given", set()).add(param.name)
    return value


def default_limit(ctx: click.Context, name: str, value) -> None:
    """A command's own default for limit ``name``, unless its option was given."""
    if name not in ctx.meta.get("gradcli.limits_given", ()):
        from ..limits import set_active

        set_active(**{name: value})


def limit_options(command):
    from ..limits import DEFAULT_LIMITS  # light: no SymPy, no Rich

    for flag, name, kind, text in reversed(_LIMIT_OPTIONS):
        default = getattr(DEFAULT_LIMITS, name)
        command = click.option(
            flag, name, type=click.IntRange(min=1) if kind is int else click.FloatRange(min=0),
            default=None, expose_value=False, callback=_store_limit, metavar="N",
            help=f"{text} [default: {default:,}]",
        )(command)
    return command


def _remember(key: str):
    def callback(ctx: click.Context, param: click.Parameter, value):
        ctx.meta[key] = value
        return value

    return callback


def expression_input(command):
    """EXPR and the variables' values: shared by every command that builds a graph.

    Options added here appear on every such command; read them with ``gather``
    (``--output`` and ``--latex`` reach the command through ``gather``'s result),
    the graph's form with ``chosen_form``; the limit options are in force for the command
    (``limits.active``).
    EXPR is always the text itself; ``--file FILE`` (``-``: stdin) reads it from a file
    instead (see sources.py); ``gather`` says when neither or both are given (``check
    --cases`` needs neither).
    """
    command = quiet_option(limit_options(command))
    command = click.option(
        "--file", "expr_file", metavar="FILE", expose_value=False,
        callback=_remember("gradcli.expr_file"),
        type=click.Path(dir_okay=False, allow_dash=True),
        help="Read the expression or program from FILE (- for stdin) instead of EXPR.",
    )(command)
    command = click.option(
        "--values", metavar="FILE.json", expose_value=False, callback=_remember_values_file,
        type=click.Path(dir_okay=False, allow_dash=True),
        help='Variables\' values from a JSON object such as {"x": -2, "y": 5} (- for stdin).',
    )(command)
    command = click.option(
        "--output", metavar="NAME", expose_value=False, callback=_remember("gradcli.output"),
        help="The node to differentiate: a named stage of a program (default: the last one).",
    )(command)
    command = click.option(
        "--latex/--no-latex", default=None, expose_value=False,
        callback=_remember("gradcli.latex"),
        help="Read EXPR as LaTeX (default: when it has a backslash command such as \\frac).",
    )(command)
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
    return click.argument("expr", required=False)(command)


def _remember_values_file(ctx: click.Context, param: click.Parameter, value: str | None):
    ctx.meta["gradcli.values_file"] = value
    return value


def digits_option(help_text: str, decimals: bool = False):
    """``--digits N``: how many significant digits people read (JSON keeps them all); with
    ``decimals`` also ``--decimals N``, decimal places instead (the command's ``digits`` is
    then a ``numfmt.DecimalPlaces``)."""
    digits = click.option("--digits", type=click.IntRange(1, 17), default=None, metavar="N",
                          help=help_text, callback=_digits_or_decimals)
    if not decimals:
        return digits
    places = click.option("--decimals", type=click.IntRange(0, 15), default=None, metavar="N",
                          is_eager=True, expose_value=False, callback=_remember("gradcli.places"),
                          help="Round displayed numbers to N decimal places, as the slides do "
                               "(1.37, -0.20); JSON keeps full precision.")
    return lambda command: places(digits(command))


def _digits_or_decimals(ctx: click.Context, param: click.Parameter, value):
    places = ctx.meta.get("gradcli.places")
    if places is None:
        return value
    if value is not None:
        raise click.UsageError("give --digits or --decimals, not both", ctx)
    from ..core.numfmt import DecimalPlaces

    return DecimalPlaces(places)


exact_option = click.option(
    "--exact", is_flag=True,
    help="Also compute values and gradients exactly with SymPy (0.1 is 1/10; pi stays pi).",
)


def gather(ctx: click.Context, expr: str, extra: tuple[str, ...]):
    """The expression and the variables' values, as the command line gives them.

    The expression is EXPR's text, or its parsed ``Program`` when ``--latex`` or
    ``--output`` shape it; ``api.build``/``api.evaluate`` take either.
    """
    from ..api import parse_values

    pairs = variable_pairs(ctx, extra)
    values = parse_values(pairs)
    texts = dict(pairs)
    values_file, expr_file = ctx.meta.get("gradcli.values_file"), ctx.meta.get("gradcli.expr_file")
    if values_file is not None:
        if values_file == "-" and expr_file == "-":
            raise InputError("--file and --values cannot both be read from stdin (-)")
        values, texts = merge_values(values, texts, values_file)
    ctx.meta["gradcli.value_texts"] = texts  # for exact mode: see value_texts
    return expression_source(ctx, read_expression(ctx, expr, expr_file)), values


def read_expression(ctx: click.Context, expr: str | None, expr_file: str | None) -> str:
    """EXPR's text as given, never a file name; or the text of ``--file FILE``."""
    if expr is not None and expr_file is not None:
        raise click.UsageError("give EXPR or --file FILE, not both", ctx)
    if expr_file is None:
        if expr is None:
            raise click.UsageError("Missing argument 'EXPR' (or give --file FILE).", ctx)
        if expr.strip() == "-":
            raise InputError("EXPR '-' is not an expression; to read it from stdin use --file -")
        return expr
    from ..limits import active
    from .sources import FileText, read_file_bytes

    limit = UTF8_MAX_BYTES * active().max_length
    data, regular = read_file_bytes(expr_file, "the expression", limit, "--max-length")
    data = check_size(data, expr_file, "the expression", limit, "--max-length")
    text = decoded(data, expr_file, "the expression")
    ctx.find_root().meta["gradcli.source"] = FileText(expr_file, text, regular)
    return text


def merge_values(values: dict[str, float], texts: dict[str, str],
                 source: str) -> tuple[dict[str, float], dict[str, str]]:
    """Values from ``--values FILE`` joined with the command line's; a name in both is an error.

    Returns the values, and their texts as written (JSON numbers keep their text).
    """
    from ..inputs.json_maps import number_map
    from ..inputs.strict_json import loads

    text = read_text(source, "--values")
    try:
        from_file = number_map("values", loads(text), as_text=True)
    except InputError as error:
        raise InputError(f"--values {printable(source)}: {error}") from None
    both = [name for name in from_file if name in values]
    if both:
        raise ValueInputError(
            f"{printable(both[0])} is given both in {printable(source)} and on the command line"
        )
    # a vector or matrix is an array already; a number's text is read once more here
    numbers = {name: float(v) if isinstance(v, str) else v for name, v in from_file.items()}
    return {**numbers, **values}, {**from_file, **texts}


def read_bytes(source: str, what: str, limit: int | None = None) -> bytes:
    """The bytes of a file, or of stdin for ``-``, at most ``limit`` of them."""
    from .sources import read_file_bytes

    limit = MAX_INPUT_BYTES if limit is None else limit
    return check_size(read_file_bytes(source, what, limit)[0], source, what, limit)


def check_size(data: bytes, source: str, what: str, limit: int,
               option: str | None = None) -> bytes:
    if len(data) > limit:
        from .sources import too_large

        raise too_large(what, source, limit, option)
    return data


def read_text(source: str, what: str) -> str:
    return decoded(read_bytes(source, what), source, what)


def decoded(data: bytes, source: str, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{what} in {printable(source)} is not UTF-8 "
                         f"(at byte {error.start})") from None


def expression_source(ctx: click.Context, expr: str):
    latex, output = ctx.meta.get("gradcli.latex"), ctx.meta.get("gradcli.output")
    if latex is None and output is None:
        return expr
    from ..frontends.source import parse_any

    program = parse_any(expr, latex)
    program.output = output
    return program


def value_texts(ctx: click.Context, extra: tuple[str, ...] = ()) -> dict[str, str]:
    """The values as typed, for exact mode (0.1 is read as 1/10 from its text).

    After ``gather``: also those of ``--values FILE``, which cannot be read twice (stdin).
    """
    if "gradcli.value_texts" in ctx.meta:
        return dict(ctx.meta["gradcli.value_texts"])
    return dict(variable_pairs(ctx, extra))


def variable_pairs(ctx: click.Context, extra: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Values from ``--NAME VALUE`` options, then from ``--var NAME=VALUE``."""
    pairs = list(ctx.meta.get("gradcli.values", []))
    for item in extra:
        name, eq, value = item.partition("=")
        if not eq:
            raise ValueInputError(f"--var takes NAME=VALUE, not {quoted(item)}")
        pairs.append((name.strip(), value.strip()))
    return pairs


def console(stderr: bool = False):
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    # In a pipe there is no terminal width to fit: let tables take the room they need.
    width = None if stream.isatty() or os.environ.get("COLUMNS") else 200
    return Console(file=stream, width=width, highlight=False, soft_wrap=False)


def emit(output) -> None:
    """Write a result to stdout: text as it is, chunks of text (a large JSON document,
    streamed) one after the other, Rich renderables through a Console."""
    if isinstance(output, str):
        click.echo(output)
    elif hasattr(output, "__next__"):
        for chunk in output:
            click.echo(chunk, nl=False)
        click.echo()
    elif sys.stdout.isatty():
        con = console()
        con.print(never_cut(con, output))
    else:  # in a pipe, no line ends in the spaces Rich pads a title with
        con = console()
        with con.capture() as captured:
            con.print(never_cut(con, output))
        click.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))


def never_cut(con, output):
    """``output`` with every table's cells folded onto more lines where the width is short,
    never cut with "…": a number is shown whole, however narrow the terminal. Says once
    (stderr) when a table had to fold, and what shortens its numbers."""
    from rich.measure import Measurement
    from rich.table import Table

    parts = output.renderables if hasattr(output, "renderables") else [output]
    tables = [part for part in parts if isinstance(part, Table)]
    for table in tables:
        for column in table.columns:
            column.overflow = "fold"
    unbounded = con.options.update(max_width=10**6)
    ctx = click.get_current_context(silent=True)
    said = ctx.meta if ctx is not None else {}
    folded = any(Measurement.get(con, unbounded, t).maximum > con.width for t in tables)
    if folded and not said.get("gradcli.folded"):
        said["gradcli.folded"] = True  # once per command, however many tables it prints
        note(f"the table is wider than {con.width} columns: long numbers are folded onto more "
             "lines; --digits N or --decimals N shortens them")
    return output


def warn(message: str) -> None:
    if not quiet_requested():
        from .boundary import message as to_stderr  # escaped, as every message
        from .sources import hidden

        to_stderr(f"warning: {hidden(message, click.get_current_context(silent=True))}")


def note(message: str) -> None:
    if not quiet_requested():
        from .boundary import message as to_stderr

        to_stderr(f"note: {message}")


def warn_about(result) -> None:
    """What a user should know about a result: kinks met, values the output does not use."""
    from ..inputs.values import idle_note

    unused = idle_note(result.graph)
    if unused:
        note(unused)
    for kink in result.trace.kinks:
        warn(kink.message)
    for message in result.warnings:
        warn(message)
    if result.exact is not None:
        from ..checks.exact_answers import exact_kink_messages

        for message in exact_kink_messages(result):
            warn(message)
    if result.ignored:
        names = ", ".join(printable(n) for n in result.ignored)
        warn(f"the output {result.output} does not depend on {names}: value not used")


def unreadable_file(fmt: str, error) -> str:
    """The platform's file for a check whose answer cannot be read."""
    import importlib

    from ..core.status import INVALID
    from ..output.graders.graded import GradedItem

    render = importlib.import_module(f"gradcli.output.graders.{fmt}").render
    return render([GradedItem("answer", 0.0, 1.0, False, f"the answer cannot be read: {error}",
                              INVALID)])
