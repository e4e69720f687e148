"""Program shapes that once broke linearity or the time limits (issue 12), in process.

* reassigning: ``t = tanh(t) * 0.5 + x`` repeated, against the same program with fresh
  names (``t1 = tanh(t0) * 0.5 + x`` …): gradcli used to search display names upward
  (``t#2``, ``t#3``, …) on every reassignment, quadratic in the statements. Both run
  against the minimal tape too. (tanh, not the issue's sin: the tape has no sin.)
* 40 stages ``a1 = sin(x)*cos(x); a2 = sin(a1)*cos(a1); …``: SymPy's derivative swells;
  the whole default check, conversion included, must end within ``--check-timeout``.
"""

from __future__ import annotations

import time

import minitape
from timing import median_time


def reassigning(statements: int) -> str:
    return "t = x\n" + "t = tanh(t)*0.5 + x\n" * (statements - 1)


def fresh_names(statements: int) -> str:
    return "t0 = x\n" + "".join(f"t{k} = tanh(t{k - 1})*0.5 + x\n" for k in range(1, statements))


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


def staged_check(timeout: float, count: int = 40) -> tuple[float, str]:
    """(seconds of the whole default check under ``--check-timeout timeout``, its method)."""
    from gradcli.api import evaluate
    from gradcli.limits import Limits, using

    with using(Limits(check_timeout=timeout)):
        start = time.perf_counter()
        result = evaluate(stages(count), {"x": 0.3})
        return time.perf_counter() - start, result.check.method
