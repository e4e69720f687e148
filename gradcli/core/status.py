"""The status words, one vocabulary for every check, renderer and the JSON contract.

A verdict on backprop (SymPy, differences) is ``ok``, ``fail``, ``kink`` or
``undefined``; a homework item's is ``pass`` for ``ok``, and a formula SymPy
cannot decide is ``undecided``; a case of ``check --cases`` that could not run
is an ``error``. A ``Status`` is a ``str``: it compares, hashes, prints, goes into
JSON and shows in a repr as its word.
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
    ERROR = "error"

    # Shown as its word everywhere (f-strings included, on every Python version), and
    # its repr is the word's, as the API showed statuses before they were an enum.
    __str__ = str.__str__
    __format__ = str.__format__
    __repr__ = str.__repr__

    def as_item(self) -> Status:
        """A verdict as a homework item says it: ``ok`` is ``pass``."""
        return Status.PASS if self is Status.OK else self


OK, PASS, FAIL, KINK = Status.OK, Status.PASS, Status.FAIL, Status.KINK
UNDEFINED, UNDECIDED, ERROR = Status.UNDEFINED, Status.UNDECIDED, Status.ERROR
