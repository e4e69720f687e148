"""A homework check's items: what was expected, what is right, the status and the message.

The model every check of answers shares (scalar, array and exact answers), and the
expected answers themselves (``Expectations``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from ..core.status import KINK, PASS, Status

# Tolerances for a student's number: right when the relative error is at most
# ANSWER_RTOL or the absolute error at most ANSWER_ATOL (``--rtol``, ``--atol``).
ANSWER_RTOL = 1e-6
ANSWER_ATOL = 1e-9


@dataclass
class CheckItem:
    kind: str  # gradient | value | formula | numeric | sympy
    name: str  # the node as the user named it
    what: str  # "∂f/∂x", "value of q", ...
    expected: float | str | None
    computed: float | str | None  # what is right
    error: float | None  # relative error between the two
    status: Status  # pass | fail | kink | undefined | undecided
    message: str
    verdict: str = ""  # numeric only: the course's words for the error
    kinks: list[str] = field(default_factory=list)  # numeric only: kinked nodes in the step
    # exact mode: the answer as given, then the answer and the truth as exact forms
    given: str | None = None
    exact_expected: str | None = None
    exact_computed: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in (PASS, KINK)


@dataclass
class Expectations:
    # floats, or in exact mode exact_answers.ExactAnswer
    gradients: Mapping[str, float] = field(default_factory=dict)
    values: Mapping[str, float] = field(default_factory=dict)
    formulas: Mapping[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.gradients or self.values or self.formulas)
