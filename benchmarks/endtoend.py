"""A generated program as a whole process: gradcli against the minimal tape, the check, memory.

The program is ``workloads.network``: a network written out as scalars, one
gate per statement, read from a file (``gradcli grad --file prog.txt``). The tape's
process (``python benchmarks/minitape.py prog.txt``) parses the same file with
Python's ``ast`` and runs forward and backward. Growth is measured in process
through gradcli's API (parse, build, forward, backward), so that process
start-up does not flatten the slope.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass

import minitape
import workloads
from batch import gradcli_exe
from timing import close, growth_exponent, median_time, peak_memory_mb, process_medians, run_output

MINITAPE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "minitape.py")


@dataclass
class EndToEnd:
    statements: int
    nodes: int
    no_check: float  # gradcli grad --no-check, seconds
    checked: float  # gradcli grad with its default check
    tape: float  # python minitape.py, parse + forward + backward
    method: str  # the check method eval --format json reports
    note: str  # why that method
    memory_no_check: float  # MB
    memory_checked: float
    memory_tape: float
    gradients_agree: bool


@dataclass
class Growth:
    sizes: list[int]
    gradcli: list[float]  # seconds per size: gradcli.evaluate(..., check=False)
    tape: list[float]  # minitape parse + forward + backward

    @property
    def gradcli_exponent(self) -> float:
        return growth_exponent(self.sizes, self.gradcli)

    @property
    def tape_exponent(self) -> float:
        return growth_exponent(self.sizes, self.tape)


# Generated programs of 10^5 statements pass the default --max-nodes (100,000, what ends
# within 10 s), as users run them: with the limit raised.
RAISED_LIMITS = ["--max-nodes", "2000000"]


def value_args(values: dict[str, float]) -> list[str]:
    return [arg for name, v in values.items() for arg in (f"--{name}", repr(v))]


def measure(path: str, statements: int, runs: int, warmup: int,
            use_hyperfine: bool = True) -> EndToEnd:
    text, values = workloads.network(statements)
    with open(path, "w") as f:
        f.write(text)
    point = value_args(values)
    grad = gradcli_exe() + ["grad", "--file", path] + point + RAISED_LIMITS
    tape = [sys.executable, MINITAPE, path] + point
    no_check, checked, tape_time = process_medians([grad + ["--no-check"], grad, tape], runs,
                                                   warmup, use_hyperfine)
    report = json.loads(run_output(gradcli_exe() + ["eval", "--file", path] + point
                                   + RAISED_LIMITS + ["--format", "json"]))
    ours, theirs = _gradients(run_output(grad + ["--no-check"])), _gradients(run_output(tape))
    agree = ours.keys() == theirs.keys() and all(close(ours[n], theirs[n]) for n in ours)
    return EndToEnd(
        statements=len(text.splitlines()), nodes=len(report["nodes"]), no_check=no_check,
        checked=checked, tape=tape_time, method=report["check"]["method"],
        note=report["check"].get("note", ""), memory_no_check=peak_memory_mb(grad + ["--no-check"]),
        memory_checked=peak_memory_mb(grad), memory_tape=peak_memory_mb(tape),
        gradients_agree=agree,
    )


def _gradients(output: str) -> dict[str, float]:
    pairs = (line.split("\t") for line in output.splitlines() if line)
    return {name: float(number) for name, number in pairs}


def growth(sizes: list[int], repeats: list[int]) -> Growth:
    from gradcli import evaluate
    from gradcli.limits import Limits

    def gradcli_once(text, values):  # --max-nodes raised for 10^5 statements, as users do
        evaluate(text, values, check=False, limits=Limits(max_nodes=10 * len(text)))

    def tape_once(text, values):
        ops, _, out = minitape.parse(text)
        minitape.backward(ops, minitape.forward(ops, values), out)

    ours, tape = [], []
    for size, repeat in zip(sizes, repeats):
        program = workloads.network(size)
        ours.append(median_time(gradcli_once, lambda: program, repeat, 1, pause_gc=False))
        tape.append(median_time(tape_once, lambda: program, repeat, 1, pause_gc=False))
    return Growth(sizes, ours, tape)
