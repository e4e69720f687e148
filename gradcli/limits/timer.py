"""Time limits that nest, and one budget shared by every SymPy step of an input.

``time_limit(s)`` interrupts its block after ``s`` seconds with
``TimeLimitExceeded``. Limits nest: a case of a batch has its limit, and the
SymPy check inside it has its own; the inner one is caught by its caller (the
check falls back to finite differences), while the outer one, should it expire
first, passes every inner handler and reaches the caller of the outer block.

The clock is SIGALRM's interval timer in the main thread of a Unix process.
Where no timer can be set (Windows, Pyodide, another thread) a limit counts
executed lines of Python instead (an operation budget, ``LINES_PER_SECOND``
per second), so the work is bounded everywhere, never silently unbounded.

``shared_budget(s)`` makes every ``time_limit`` inside it end by the same
moment: six ``--derivative`` formulas share one ``--check-timeout``, not six.
"""

from __future__ import annotations

import math
import sys
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar

# The operation budget's rate: lines of Python a traced SymPy runs per second on a
# 2-core machine (measured: ~1.2 million; rounded down, so the budget errs short).
LINES_PER_SECOND = 1_000_000


class TimeLimitExceeded(BaseException):
    """The block of a ``time_limit`` ran out of time (never escapes the API).

    A ``BaseException``, like ``KeyboardInterrupt``: SymPy catches ``Exception``
    in places, and must not swallow the end of its time.
    """

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


class _Expired(BaseException):
    """Raised by a clock when ``frame``'s deadline passes; its own ``time_limit`` turns
    it into ``TimeLimitExceeded``, every inner one lets it pass."""

    def __init__(self, frame: _Frame):
        super().__init__()
        self.frame = frame


class _Frame:
    __slots__ = ("deadline", "expired")

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.expired = False  # rung once: never again, while its expiry unwinds


def _next(frames: list[_Frame]) -> _Frame | None:
    """The limit to ring next: the earliest deadline not yet rung (the outermost on a tie)."""
    live = [f for f in frames if not f.expired]
    return min(live, key=lambda f: f.deadline) if live else None


def _ring(frames: list[_Frame]) -> None:
    frame = _next(frames)
    if frame is not None:  # (else the last limit was ending as the alarm rang)
        frame.expired = True
        raise _Expired(frame)


class _SignalClock:
    """Seconds of wall time; SIGALRM raises in the main thread between bytecodes."""

    def __init__(self, frames: list[_Frame]):
        self.frames = frames
        self.previous = None

    def now(self) -> float:
        return time.monotonic()

    def units(self, seconds: float) -> float:
        return seconds

    def start(self) -> None:
        import signal

        self.previous = signal.signal(signal.SIGALRM, self.expire)

    def arm(self) -> None:
        import signal

        frame = _next(self.frames)
        left = 0 if frame is None else max(frame.deadline - time.monotonic(), 1e-6)
        signal.setitimer(signal.ITIMER_REAL, left)

    def stop(self) -> None:
        import signal

        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.previous)

    def expire(self, signum, frame) -> None:
        _ring(self.frames)


class _LineClock:
    """Lines of Python executed in this thread, counted by a trace function."""

    def __init__(self, frames: list[_Frame]):
        self.frames = frames
        self.count = 0
        self.next_deadline = math.inf
        self.previous = None

    def now(self) -> float:
        return self.count

    def units(self, seconds: float) -> float:
        return seconds * LINES_PER_SECOND

    def start(self) -> None:
        self.previous = sys.gettrace()

    def arm(self) -> None:
        frame = _next(self.frames)
        self.next_deadline = math.inf if frame is None else frame.deadline
        sys.settrace(self.trace_calls)  # (a trace function that raised was turned off)

    def stop(self) -> None:
        sys.settrace(self.previous)

    def trace_calls(self, frame, event, arg):
        # The limits' own code is not counted: an expiry must not ring inside it.
        return None if frame.f_code.co_filename in _UNCOUNTED else self.trace_lines

    def trace_lines(self, frame, event, arg):
        if event == "line":
            self.count += 1
            if self.count >= self.next_deadline:
                self.next_deadline = math.inf
                _ring(self.frames)
        return self.trace_lines


_UNCOUNTED = {__file__, contextmanager.__code__.co_filename}
_state = threading.local()


def _clock():
    clock = getattr(_state, "clock", None)
    if clock is None or not clock.frames:
        clock = _state.clock = (_SignalClock if _signals_usable() else _LineClock)([])
    return clock


def _signals_usable() -> bool:
    import signal

    return (hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread())


@contextmanager
def time_limit(seconds: float | None):
    """Interrupt the block after ``seconds`` (None, 0 or inf: no limit of its own, but
    still the end of an enclosing ``shared_budget``)."""
    seconds = min(_own(seconds), budget_left())
    if seconds == math.inf:
        yield
        return
    if seconds <= 0:
        raise TimeLimitExceeded(0.0)
    clock = _clock()
    frame = _Frame(clock.now() + clock.units(seconds))
    if not clock.frames:
        clock.start()
    clock.frames.append(frame)
    try:
        clock.arm()  # (a short limit can ring before the block starts: inside the try)
        yield
    except _Expired as expired:
        if expired.frame is frame:
            raise TimeLimitExceeded(seconds) from None
        raise
    finally:
        clock.frames.remove(frame)
        if clock.frames:
            clock.arm()
        else:
            clock.stop()


def _own(seconds: float | None) -> float:
    if seconds is None or not seconds > 0:
        return math.inf
    return seconds


_BUDGET_END: ContextVar[float] = ContextVar("gradcli_budget_end", default=math.inf)


@contextmanager
def shared_budget(seconds: float | None):
    """Every ``time_limit`` in the block ends by ``seconds`` from now (or sooner)."""
    end = min(_BUDGET_END.get(), time.monotonic() + _own(seconds))
    token = _BUDGET_END.set(end)
    try:
        yield
    finally:
        _BUDGET_END.reset(token)


def budget_left() -> float:
    """Seconds left of the enclosing ``shared_budget`` (inf outside one)."""
    end = _BUDGET_END.get()
    return math.inf if end == math.inf else max(end - time.monotonic(), 0.0)
