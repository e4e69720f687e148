"""Timing helpers: medians of repeated runs after a warm-up, in process and as whole processes.

In process, each run gets fresh inputs from ``setup`` (not timed) and runs with
the cyclic garbage collector paused, as ``timeit`` does, so that one side does
not pay for collecting the other's garbage. Whole processes are timed by
``hyperfine`` (JSON export) when it is installed, else by repeated
``subprocess`` runs taking turns, and their peak memory is read from ``getrusage``.
"""

from __future__ import annotations

import gc
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Callable


def median_time(run: Callable, setup: Callable[[], tuple] = tuple, repeat: int = 5,
                warmup: int = 1, pause_gc: bool = True) -> float:
    """Median seconds of ``run(*setup())`` over ``repeat`` runs, after ``warmup`` untimed ones.

    ``pause_gc=False`` leaves the collector to the code measured (gradcli's API
    pauses it itself while it builds and runs large graphs).
    """
    times = []
    for k in range(warmup + repeat):
        args = setup()
        gc.collect()
        if pause_gc:
            gc.disable()
        try:
            start = time.perf_counter()
            run(*args)
            elapsed = time.perf_counter() - start
        finally:
            gc.enable()
        del args
        if k >= warmup:
            times.append(elapsed)
    return statistics.median(times)


def hyperfine() -> str | None:
    return shutil.which("hyperfine")


def process_medians(commands: list[list[str]], runs: int, warmup: int,
                    use_hyperfine: bool = True) -> list[float]:
    """Median wall-clock seconds of each whole command (argv lists; each must exit 0)."""
    exe = hyperfine() if use_hyperfine else None
    if exe is None:
        return _subprocess_medians(commands, runs, warmup)
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "hyperfine.json")
        argv = [exe, "--shell=none", "--style", "none", "--runs", str(runs),
                "--warmup", str(warmup), "--export-json", report]
        proc = subprocess.run(argv + [shlex.join(c) for c in commands], capture_output=True,
                              text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"hyperfine failed: {proc.stderr.strip()}")
        with open(report) as f:
            return [result["median"] for result in json.load(f)["results"]]


def _subprocess_medians(commands: list[list[str]], runs: int, warmup: int) -> list[float]:
    # The commands take turns, so a burst of load on this shared machine hits all of them.
    times: list[list[float]] = [[] for _ in commands]
    for k in range(warmup + runs):
        for command, record in zip(commands, times):
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           check=True)
            if k >= warmup:
                record.append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


# Reports the peak RSS of its child. The child must be started by a small process: a
# child forked from this one (hundreds of MB after the engine runs) would count this
# process's memory as its own, since Linux's ru_maxrss includes the memory before exec.
_MAXRSS = """import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)"""


def peak_memory_mb(command: list[str]) -> float:
    """Maximum resident set size of one run of ``command`` (its own, not ours), in MB (10^6 B)."""
    proc = subprocess.run([sys.executable, "-c", _MAXRSS, *command], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{shlex.join(command[:3])} ... exited {proc.returncode}: "
                           f"{proc.stderr.strip()}")
    return int(proc.stdout) * 1024 / 1e6  # Linux reports KiB


def run_output(command: list[str]) -> str:
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{shlex.join(command[:3])} ... exited {proc.returncode}: "
                           f"{proc.stderr.strip()}")
    return proc.stdout


def growth_exponent(sizes: list[int], seconds: list[float]) -> float:
    """Least-squares slope of log(time) against log(size): 1 is linear, 2 quadratic."""
    from math import log

    xs, ys = [log(s) for s in sizes], [log(t) for t in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def close(a: float, b: float) -> bool:
    """Two engines' gradients agree: equal to 1e-9 relative (summation order may differ)."""
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) or abs(a - b) < 1e-12
