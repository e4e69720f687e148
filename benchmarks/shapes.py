"""Program shapes that once broke linearity, memory or the time limits (issue 12).

* reassigning: the issue's ``t = sin(t) * 0.5 + x`` repeated, against the same program
  with fresh names (``t1 = sin(t0) * 0.5 + x`` …): gradcli used to search display names
  upward (``t#2``, ``t#3``, …) on every reassignment, quadratic in the statements. Both
  run against the minimal tape too, in process.
* memory: the reassigning program as one ``gradcli grad --file`` process, its peak
  resident memory against the tape's process: 10^5 statements (target: under 200 MB) and
  10^6 statements in one CLI call with the limits raised by options (under 2 GB).
* 40 stages ``a1 = sin(x)*cos(x); a2 = sin(a1)*cos(a1); …``: SymPy's derivative swells;
  the whole default check, conversion included, must end within ``--check-timeout``.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass

import minitape
from batch import gradcli_exe
from timing import close, peak_memory_mb, run_output, median_time

MINITAPE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "minitape.py")


def reassigning(statements: int) -> str:
    return "t = x\n" + "t = sin(t) * 0.5 + x\n" * (statements - 1)


def fresh_names(statements: int) -> str:
    return "t0 = x\n" + "".join(f"t{k} = sin(t{k - 1}) * 0.5 + x\n" for k in range(1, statements))


def stages(count: int = 40) -> str:
    lines = ["a1 = sin(x)*cos(x)"]
    lines += [f"a{k} = sin(a{k - 1})*cos(a{k - 1})" for k in range(2, count + 1)]
    return "; ".join(lines)


def _gradcli_seconds(text: str, repeat: int) -> float:
    from gradcli.api import evaluate
    from gradcli.limits import Limits, using

    with using(Limits(max_nodes=10 * len(text))):
        return median_time(lambda: evaluate(text, {"x": 0.3}, check=False), repeat=repeat,
                           warmup=1, pause_gc=False)


def _tape_seconds(text: str, repeat: int) -> float:
    def once():
        ops, _, out = minitape.parse(text)
        minitape.backward(ops, minitape.forward(ops, {"x": 0.3}), out)

    return median_time(once, repeat=repeat, warmup=1, pause_gc=False)


def reassignment(statements: int, repeat: int) -> dict[str, float]:
    """Seconds for each form through gradcli (parse, build, forward, backward) and the tape."""
    return {
        "reassigning": _gradcli_seconds(reassigning(statements), repeat),
        "fresh": _gradcli_seconds(fresh_names(statements), repeat),
        "tape reassigning": _tape_seconds(reassigning(statements), repeat),
    }


@dataclass
class OneCall:
    """The reassigning program as one process each: gradcli and the tape."""

    statements: int
    nodes: int  # gradcli's graph: 3 gates a statement and the input
    seconds: float  # the whole gradcli process, once
    memory_mb: float  # its peak resident set
    tape_seconds: float
    tape_memory_mb: float
    gradients_agree: bool
    start_mb: float  # the peak of a one-gate gradcli grad: the interpreter and the imports

    @property
    def bytes_per_node(self) -> float:
        """The memory the program adds to gradcli's start-up, per graph node."""
        return (self.memory_mb - self.start_mb) * 1e6 / self.nodes


def raised_limits(statements: int) -> list[str]:
    """The options a program this long needs (every default is what ends within 10 s)."""
    return ["--max-nodes", str(4 * statements), "--max-length", str(30 * statements)]


def one_call(path: str, statements: int) -> OneCall:
    with open(path, "w") as f:
        f.write(reassigning(statements))
    grad = gradcli_exe() + ["grad", "--file", path, "--x", "0.3", "--no-check",
                            *raised_limits(statements)]
    tape = [sys.executable, MINITAPE, path, "--x", "0.3"]
    (seconds, memory), (tape_seconds, tape_memory) = _timed_peak(grad), _timed_peak(tape)
    ours, theirs = (float(run_output(c).split("\t")[1]) for c in (grad, tape))
    start = peak_memory_mb(gradcli_exe() + ["grad", "sin(x)", "--x", "0.3", "--no-check"])
    return OneCall(statements, 3 * statements - 2, seconds, memory, tape_seconds, tape_memory,
                   close(ours, theirs), start)


def _timed_peak(command: list[str]) -> tuple[float, float]:
    """(seconds, peak MB) of one run: a 10^6-statement run is too long to repeat."""
    start = time.perf_counter()
    memory = peak_memory_mb(command)
    return time.perf_counter() - start, memory


def staged_check(timeout: float, count: int = 40) -> tuple[float, str]:
    """(seconds of the whole default check under ``--check-timeout timeout``, its method)."""
    from gradcli.api import evaluate
    from gradcli.limits import Limits, using

    with using(Limits(check_timeout=timeout)):
        start = time.perf_counter()
        result = evaluate(stages(count), {"x": 0.3})
        return time.perf_counter() - start, result.check.method
