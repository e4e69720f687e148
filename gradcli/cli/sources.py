"""Where an expression's text came from, and how errors about it name the place.

EXPR is always the text itself: nothing inside it (no ``@PATH`` prefix) makes gradcli
read a file, so a student's formula passed as EXPR by a grading script can never read
the grader's files. A program is read from a file only through ``--file FILE`` (``-``:
stdin). An error about text from a file names ``FILE:LINE:COLUMN``; it shows the offending
line only when the file is an ordinary regular file, never for ``/proc`` files, devices or
pipes, whose text may be nobody's program (``/proc/self/environ`` holds secrets).
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass

from ..errors import GradcliError, InputError, ParseError, printable


@dataclass(frozen=True)
class FileText:
    """A program's text and its file: ``shown`` when messages may quote it."""

    name: str
    text: str
    shown: bool


def read_file_bytes(source: str, what: str, limit: int,
                    option: str | None = None) -> tuple[bytes, bool]:
    """The bytes of a file (stdin for ``-``), at most ``limit``, and whether it is a
    regular file whose size is what was read (``/proc`` files say 0, devices have none).

    A regular file larger than ``limit`` is refused before a byte is read; ``option``
    is the one that raises the limit."""
    if not source:
        raise InputError(f"{what}: no file name given")
    try:
        if source == "-":
            return sys.stdin.buffer.read(limit + 1), True  # the caller's own text
        with open(source, "rb") as stream:
            info = os.fstat(stream.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise too_large(what, source, limit, option)
            data = stream.read(limit + 1)
    except OSError as error:
        raise InputError(f"cannot read {what} from {printable(source)}: "
                         f"{error.strerror or error}") from None
    return data, stat.S_ISREG(info.st_mode) and info.st_size == len(data)


def too_large(what: str, source: str, limit: int, option: str | None = None) -> InputError:
    size = f"{limit // 2**20} MiB" if limit % 2**20 == 0 else f"{limit:,} bytes"
    hint = f"; raise it with {option} N" if option else ""
    return InputError(f"{what} in {printable(source)} is larger than {size}{hint}")


def line_and_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]`` (a column counts characters)."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def describe(error: GradcliError, source: FileText | None) -> str:
    """The message for ``error``, placed in ``source`` when it is about the file's text."""
    if source is None:
        return str(error)
    name = printable(source.name if source.name != "-" else "<stdin>")
    if isinstance(error, ParseError) and error.text == source.text:
        line, column = line_and_column(error.text, error.start)
        where = f"{name}:{line}:{column}"
        if source.shown:
            return f"{where}: {error}"
        return f"{where}: {_kind(error)} (the text of {name} is not shown: not a regular file)"
    if source.shown:
        return str(error)
    return f"{name}: {_kind(error)} (the text of {name} is not shown: not a regular file)"


def hidden(message: str, ctx) -> str:
    """A warning, or where it came from when it may quote a file that is not regular."""
    source = ctx.find_root().meta.get("gradcli.source") if ctx is not None else None
    if source is None or source.shown:
        return message
    name = printable(source.name)
    return f"about the text of {name}, not shown (not a regular file)"


def _kind(error: GradcliError) -> str:
    if isinstance(error, ParseError):
        return "syntax error"
    return _KINDS.get(int(error.exit_code), "error")


_KINDS = {1: "a check failed", 2: "bad input", 3: "a math error", 4: "an unreadable answer"}
