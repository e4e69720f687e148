"""A batch stopped by Ctrl-C or SIGTERM ends as if its input had ended there.

A grader's time limit (``timeout``, a platform's watchdog) sends SIGTERM; without this,
a ``--format table`` batch, which prints its table at the end, would leave nothing, and
JSON Lines would stop mid-file. With it, every case checked before the signal is
reported, the summary says the batch was interrupted, and the exit code is 128 + the
signal (130 for Ctrl-C, 143 for SIGTERM), as a shell reports a killed command.

The signal interrupts a case only while one is being checked (a case can take seconds);
between cases it only marks the batch to stop, so a result being written is never cut.
SIGKILL cannot be caught: JSON Lines, written a line per case, is the format that
keeps everything before it.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")
SIGNALS = (signal.SIGINT, signal.SIGTERM)
NAMES = {signal.SIGINT: "Ctrl-C (SIGINT)", signal.SIGTERM: "SIGTERM"}


@dataclass
class Interruption:
    signal: int | None = None  # the signal that stopped the batch, if one did
    busy: bool = False  # a case is being checked: the signal may interrupt it

    @property
    def exit_code(self) -> int:
        return 128 + int(self.signal or 0)

    def note(self, done: int) -> str:
        plural = "" if done == 1 else "s"
        return (f"interrupted by {NAMES.get(self.signal, f'signal {self.signal}')} after "
                f"{done} case{plural}: the results shown are those cases")


@contextmanager
def stop_on_signals(state: Interruption):
    """While the batch runs, Ctrl-C and SIGTERM stop it (see the module's docstring)."""
    if threading.current_thread() is not threading.main_thread():
        yield state  # only the main thread can take signals
        return

    def handler(signum, frame):
        state.signal = signum
        if state.busy:
            raise KeyboardInterrupt

    previous = {s: signal.signal(s, handler) for s in SIGNALS}
    try:
        yield state
    finally:
        for s, old in previous.items():
            signal.signal(s, old)


def until_interrupted(items: Iterable[T], state: Interruption) -> Iterator[T]:
    """``items`` until a signal stops the batch; the item it interrupted is not yielded."""
    iterator = iter(items)
    try:
        while state.signal is None:
            state.busy = True
            try:
                item = next(iterator)
            except StopIteration:
                return
            except KeyboardInterrupt:
                state.signal = state.signal or signal.SIGINT
                return
            finally:
                state.busy = False
            yield item
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()  # a progress bar, a file being read: finished now, not at exit
