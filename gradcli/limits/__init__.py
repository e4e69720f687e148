"""gradcli's explicit limits: every input ends in bounded time and memory.

The defaults are a promise: any input they admit ends within about 10 s on a
2-core machine (docs/performance.md has the measurements); each has an option to
raise it, and a larger generated program runs with the limits raised.
docs/security.md lists them.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from ..errors import LimitError
from .timer import TimeLimitExceeded, budget_left, shared_budget, time_limit  # noqa: F401


@dataclass(frozen=True)
class Limits:
    max_length: int = 20_000_000  # characters of expression text (--max-length)
    # nodes in the graph (--max-nodes): 100,000 nodes through eval (the default check and
    # JSON output) take 7 s; 2,000,000 took 36 s (explain: 20,000, explain_cmd.py)
    max_nodes: int = 100_000
    max_depth: int = 10_000  # nesting of parentheses and function calls (--max-depth)
    check_timeout: float = 10.0  # seconds for SymPy's derivative (--check-timeout)
    sympy_max_nodes: int = 2_000  # larger graphs are checked numerically (--sympy-max-nodes)
    # entries of all the vectors and matrices of a graph together (--max-entries),
    # counted from the shape rules before each gate runs: broadcasting a column of 7,000
    # against a row of 7,000 asked for 9.7 GB. A million entries (values, gradients,
    # check and JSON output) take about 9 s (docs/performance.md).
    max_entries: int = 1_000_000

    def check_length(self, text: str) -> None:
        if len(text) > self.max_length:
            raise LimitError("the expression's length in characters", len(text),
                             self.max_length, "--max-length")


DEFAULT_LIMITS = Limits()

# The limits in force where a caller passes none: the CLI's limit options set them
# for the command they belong to (``using``), so every path below honours them.
_ACTIVE: ContextVar[Limits] = ContextVar("gradcli_limits", default=DEFAULT_LIMITS)


def active() -> Limits:
    return _ACTIVE.get()


def set_active(**changes) -> None:
    """Change limits in force for the current ``using`` block (the CLI's options)."""
    _ACTIVE.set(replace(_ACTIVE.get(), **changes))


@contextmanager
def using(limits: Limits = DEFAULT_LIMITS):
    token = _ACTIVE.set(limits)
    try:
        yield limits
    finally:
        _ACTIVE.reset(token)


@contextmanager
def bulk_allocation():
    """Pause the cyclic garbage collector while building large graphs.

    Parsing and building allocate millions of small objects and no cycles; the
    collector's repeated scans of them made a 1 MB input 2.5x slower.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
