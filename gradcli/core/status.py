"""The status words, one vocabulary for every check, renderer and the JSON contract.

A verdict on backprop (SymPy, differences) is ``ok``, ``fail``, ``kink`` or
``undefined``; a homework item's is ``pass`` for ``ok``, and a formula SymPy
cannot decide is ``undecided``; a case of ``check --cases`` that could not run
is an ``error``. A ``Status`` is a ``str``: it compares, hashes, prints and goes
into JSON as its word.
"""

from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    OK = "ok"
    PASS = "pass"
    FAIL = "fail"
    KINK = "kink"
    UNDEFINED = "undefined"
    UNDECIDED = "undecided"
    INVALID = "invalid"  # a case whose answer cannot be read (the student's format)
    ERROR = "error"

    # Shown as its word everywhere (f-strings included), on every Python version, and
    # as the plain string it was in the API's reprs: ``item.status`` still reads 'pass'.
    __str__ = str.__str__
    __format__ = str.__format__

    def __repr__(self) -> str:
        return repr(self.value)

    def as_item(self) -> Status:
        """A verdict as a homework item says it: ``ok`` is ``pass``."""
        return Status.PASS if self is Status.OK else self


OK, PASS, FAIL, KINK = Status.OK, Status.PASS, Status.FAIL, Status.KINK
UNDEFINED, UNDECIDED, ERROR = Status.UNDEFINED, Status.UNDECIDED, Status.ERROR
INVALID = Status.INVALID
