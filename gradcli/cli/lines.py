"""A JSON Lines file read in chunks, never whole (``check --cases``).

A batch of any size runs in the memory of its longest case: a line longer than
the case size limit is read past and dropped (only its length is kept, for the
error). Leading white space is dropped. Runs of blank lines are skipped in one step
each (200 MB of newlines would otherwise be 200 million Python iterations).
``\\n`` and ``\\r\\n`` end lines.
"""

from __future__ import annotations

import re
import sys
from typing import Iterator

from ..cases import LongLine
from ..errors import InputError, printable

_CHUNK = 2**20
_WHITE_SPACE = re.compile(rb"[ \t\r\f\v\n]*")
# A line's leading white space (JSON's) is dropped, and not counted against the limit:
# a line of a billion spaces must not be kept while waiting for its end.
_JSON_SPACE = b" \t\r"


def case_lines(source: str, limit: int) -> Iterator[tuple[int, bytes | LongLine]]:
    """(line number, bytes) of each line of ``source`` (``-``: stdin) that is not blank;
    a line over ``limit`` bytes comes as a LongLine."""
    stream = _open(source)
    try:
        yield from _lines(stream, limit)
    except OSError as error:
        raise InputError(f"cannot read --cases from {printable(source)}: "
                         f"{error.strerror or error}") from None
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _lines(stream, limit: int) -> Iterator[tuple[int, bytes | LongLine]]:
    number, partial = 1, b""
    dropped, tail = None, b""  # bytes of an over-long line so far, and its last one
    # read1: what is there now, so that cases piped in one by one are checked as they come
    while chunk := stream.read1(_CHUNK):
        if dropped is not None:  # inside an over-long line: read on to its end
            end = chunk.find(b"\n")
            if end < 0:
                dropped, tail = dropped + len(chunk), chunk[-1:]
                continue
            before = chunk[end - 1:end] if end else tail
            yield number, LongLine(dropped + end - (before == b"\r"), limit)
            number, dropped, chunk = number + 1, None, chunk[end + 1:]
        data, start = partial + chunk, 0
        while True:
            last = data.rfind(b"\n", start, _WHITE_SPACE.match(data, start).end())
            if last >= 0:  # blank lines, up to the last newline of a run of white space
                number += data.count(b"\n", start, last + 1)
                start = last + 1
            end = data.find(b"\n", start)
            if end < 0:
                break
            yield number, _line(data[start:end], limit)
            number, start = number + 1, end + 1
        partial = data[start:].lstrip(_JSON_SPACE)
        if len(partial) > limit:
            partial, dropped, tail = b"", len(partial), partial[-1:]
    if dropped is not None:
        yield number, LongLine(dropped - (tail == b"\r"), limit)
    elif partial.strip():
        yield number, _line(partial, limit)


def _line(raw: bytes, limit: int) -> bytes | LongLine:
    raw = raw.removesuffix(b"\r").lstrip(_JSON_SPACE)
    return LongLine(len(raw), limit) if len(raw) > limit else raw


def count_lines(source: str) -> int:
    """How many lines a file has (for a progress bar), read in chunks."""
    count, last = 0, b"\n"
    with _open(source) as stream:
        while chunk := stream.read(_CHUNK):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def _open(source: str):
    if source == "-":
        return sys.stdin.buffer
    if not source:
        raise InputError("--cases: no file name given")
    try:
        return open(source, "rb")
    except OSError as error:
        raise InputError(f"cannot read --cases from {printable(source)}: "
                         f"{error.strerror or error}") from None
