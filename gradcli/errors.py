"""gradcli's typed errors: each failure kind carries the exit code the CLI uses.

Library code raises these; only ``cli`` turns them into messages and exit codes.
"""

from __future__ import annotations

import enum
import re


class ExitCode(enum.IntEnum):
    OK = 0
    CHECK_FAILED = 1
    BAD_INPUT = 2
    MATH_ERROR = 3
    UNREADABLE_ANSWER = 4  # a student's answer cannot be read (their format, not the TA's)
    INTERNAL = 70


def printable(text: str, limit: int = 200) -> str:
    """Make user text safe to show on one terminal line.

    Control characters (ANSI escapes, NUL, newlines) would let an input repaint
    the terminal or forge extra output lines, so they are shown escaped.
    """
    out = []
    for ch in text[:limit]:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0:
            out.append(f"\\x{code:02x}")
        elif code in INVISIBLE:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    if len(text) > limit:
        out.append("…")
    return "".join(out)


def terminal_safe(message: str) -> str:
    r"""A whole message, ready for a terminal: every control character but newline and
    tab, and every invisible one, escaped as ``printable`` does (``'\x1b'``, ``'\u202e'``).

    Unlike ``printable`` it leaves backslashes alone (the parts of a message that came from
    user text were escaped already) and keeps the message's own lines: it is the last
    guard of every message, Click's included, not the way to show user text.
    """
    return _UNSAFE.sub(_escape_char, message)


def _escape_char(match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0xA0 else f"\\u{code:04x}"


def quoted(text: str, limit: int = 200) -> str:
    """User text in quotes for a message, escaped as ``printable`` does."""
    return f"'{printable(text, limit)}'"


# Characters that take no space (zero-width, bidi controls) or break a line only for
# some readers (U+2028, U+2029): shown escaped so a message never hides, reorders or
# splits what the user typed.
INVISIBLE = frozenset(
    [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x2060, 0xFEFF]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A))
)


_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(map(chr, sorted(INVISIBLE))) + "]")


class GradcliError(Exception):
    """Base of every error gradcli expects; ``exit_code`` says how the CLI exits."""

    exit_code: ExitCode = ExitCode.INTERNAL
    kind = "internal"  # what went wrong, for scripts: the "kind" of a JSON error (docs/json.md)

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(GradcliError):
    """Bad input: usage, syntax, unknown names, bad values (exit 2)."""

    exit_code = ExitCode.BAD_INPUT
    kind = "input"


class ParseError(InputError):
    """A syntax error at a position of the expression text."""

    kind = "syntax"

    def __init__(self, message: str, text: str, start: int, end: int | None = None):
        self.text = text
        self.start = start
        self.end = start + 1 if end is None else max(end, start + 1)
        super().__init__(message)

    def caret(self) -> str:
        """The expression (one line around the error) with a caret under the span."""
        line_start = self.text.rfind("\n", 0, self.start) + 1
        line_end = self.text.find("\n", self.start)
        if line_end < 0:
            line_end = len(self.text)
        # Keep long inputs to one readable window around the error.
        lo = max(line_start, self.start - 60)
        hi = min(line_end, self.end + 60)
        shown_before = printable(self.text[lo : self.start], limit=1000)
        shown_span = printable(self.text[self.start : min(self.end, hi)], limit=1000)
        shown = shown_before + shown_span + printable(self.text[min(self.end, hi) : hi], limit=1000)
        prefix = "…" if lo > line_start else ""
        suffix = "…" if hi < line_end else ""
        pad = " " * (len(prefix) + len(shown_before))
        marks = "^" * max(1, len(shown_span))
        return f"  {prefix}{shown}{suffix}\n  {pad}{marks}"

    def __str__(self) -> str:
        return f"{self.message}\n{self.caret()}"


class ValueInputError(InputError):
    """A variable's value is missing, unknown, duplicated or not a finite number."""

    kind = "value"


class ShapeError(InputError):
    """Array shapes that do not fit a gate (``W @ x`` with mismatched sizes), a ragged
    list, or an output that is not a scalar (exit 2); the message names the shapes."""

    kind = "shape"


class UnreadableAnswer(GradcliError):
    """A student's answer cannot be read: ``-4.0.0``, ``abc``, a formula that does not parse,
    an array where a number was asked (exit 4). The command and problem themselves are fine."""

    exit_code = ExitCode.UNREADABLE_ANSWER
    kind = "unreadable_answer"


class MathError(GradcliError):
    """The expression is undefined or overflows at the given point (exit 3)."""

    exit_code = ExitCode.MATH_ERROR
    kind = "math"


class CheckFailed(GradcliError):
    """A check did not pass: backprop disagrees with SymPy, or an answer is wrong (exit 1)."""

    exit_code = ExitCode.CHECK_FAILED
    kind = "check_failed"


class LimitError(InputError):
    """The input is over one of gradcli's explicit limits (exit 2); the message says
    which limit and the option that raises it."""

    kind = "limit"

    def __init__(self, what: str, size: int, limit: int, option: str):
        self.option = option
        super().__init__(
            f"{what} is {size:,}, over the limit of {limit:,}; raise it with {option} N"
        )


class CaseTimeout(InputError):
    """A case of a batch ran out of its time (exit 2 for that case; the others go on)."""


class MissingProgramError(InputError):
    """An output format needs a program that is not installed (Graphviz's dot) (exit 2)."""

    kind = "missing_program"


class RenderError(GradcliError):
    """An external renderer (Graphviz's dot) failed on source gradcli wrote (exit 70)."""

    kind = "render"
