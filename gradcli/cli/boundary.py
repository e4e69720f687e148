"""Where results and errors leave gradcli: messages, exit codes, and output that cannot
be written (a closed pipe, a full disk)."""

from __future__ import annotations

import errno
import os
import sys

import click

from ..errors import ExitCode, GradcliError, printable, terminal_safe

# Writing stdout failed for want of room or of a working device, not for a bug.
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def message(text: str) -> None:
    """One message on stderr, escaped (no control character from user text reaches it)."""
    try:
        click.echo(terminal_safe(text), err=True)
    except OSError:  # stderr is gone too: the exit code is all that is left
        pass


# Formats read by programs: under these an error is also a JSON object on stdout.
JSON_ERROR_FORMATS = frozenset({"json"})


def remember_format(ctx: click.Context, args: list[str]) -> None:
    """The ``--format`` a command line asks for, read before Click parses it."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("--format="):
            ctx.meta["gradcli.format"] = arg.partition("=")[2]
        elif arg == "--format" and i + 1 < len(args):
            ctx.meta["gradcli.format"] = args[i + 1]


def _json_error(ctx: click.Context | None, exit_code: int, kind: str, text: str) -> None:
    if ctx is not None and ctx.meta.get("gradcli.format") in JSON_ERROR_FORMATS:
        from ..output.json_error import error_json

        try:
            click.echo(error_json(exit_code, kind, text))
        except OSError:  # stdout is gone: stderr has said it
            pass


def usage_error_as_json(ctx: click.Context, error: click.ClickException) -> None:
    """A usage error (exit 2) as JSON on stdout too; Click prints it on stderr."""
    _json_error(ctx, error.exit_code, "usage", error.format_message())


def fail(error: GradcliError, ctx: click.Context | None = None) -> ExitCode:
    """Print the error's message (placed in ``--file``'s text when it is about it); under
    ``--format json`` also as a JSON object on stdout."""
    from .sources import describe

    source = ctx.find_root().meta.get("gradcli.source") if ctx is not None else None
    text = describe(error, source)
    quiet = ctx is not None and ctx.find_root().meta.get("gradcli.quiet")
    if not quiet or error.exit_code in (ExitCode.BAD_INPUT, ExitCode.INTERNAL):
        message(f"error: {text}")  # --quiet: only the command's own failures
    _json_error(ctx, error.exit_code, error.kind, text)
    return error.exit_code


def internal_error(exc: BaseException, ctx: click.Context | None = None) -> ExitCode:
    text = f"internal error: {type(exc).__name__}: {printable(str(exc))}"
    message(f"{text}\nThis is a bug in gradcli; run again with --debug for a traceback and "
            "report it.")
    _json_error(ctx, ExitCode.INTERNAL, "internal", text)
    return ExitCode.INTERNAL


def show_click_error(error: click.ClickException) -> int:
    """Click's own errors (usage, bad option values), with the user's text escaped."""
    text = error.format_message()
    error.format_message = lambda: terminal_safe(text)  # what show() prints
    try:
        error.show()
    except OSError:
        pass
    return error.exit_code


def is_output_error(exc: OSError) -> bool:
    """An error writing a stream (stdout on a full disk), not opening a named file."""
    return exc.errno in _OUTPUT_ERRNOS and exc.filename is None


def stdout_failed(exc: OSError) -> int:
    """stdout cannot be written (``> /dev/full``): one line on stderr, exit 2."""
    _discard_stdout()
    message(f"error: cannot write the output to stdout: {exc.strerror or exc}")
    return ExitCode.BAD_INPUT


def stdout_closed() -> int:
    """The reader of stdout went away (``| head``): stop quietly, as Unix tools do."""
    _discard_stdout()
    return 141  # 128 + SIGPIPE, what a shell reports for a tool killed by it


def flush_stdout(code: int) -> int:
    """Write what is left of stdout now, so that a failure is a message, not Python's
    "Exception ignored" at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return stdout_closed()
    except OSError as exc:
        return stdout_failed(exc) if code == 0 else code
    return code


def _discard_stdout() -> None:
    # Python would try to flush stdout again at exit and print another error.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # CliRunner: stdout is not a file
        pass


def write_file(path: str, data: bytes) -> None:
    """``data`` into the file ``path``, all or nothing: written beside it under a temporary
    name, then renamed over it, so parallel writers never mix their output and a full
    disk leaves an existing file as it was. A device or pipe (``/dev/null``) is written
    as it is: it cannot be replaced."""
    import stat
    import tempfile

    from ..errors import InputError

    try:
        existing = os.stat(path)
    except OSError:
        existing = None
    try:
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            with open(path, "wb") as handle:
                handle.write(data)
            return
        folder = os.path.dirname(os.path.abspath(path))
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.")
        try:
            _fill(fd, data, existing.st_mode if existing is not None else None)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as exc:
        raise InputError(f"cannot write {printable(path)}: {exc.strerror or exc}") from None


def _fill(fd: int, data: bytes, mode: int | None) -> None:
    if mode is None:  # a new file gets the usual permissions, not mkstemp's 0600
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), mode & 0o7777)
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
