"""The benchmark's report: the table of rows, the run's environment and the details.

benchmarks/run.py measures; this module only formats what it measured.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass

import check_cost
import engines
import shapes
from timing import hyperfine


@dataclass
class Row:
    measurement: str
    gradcli: str
    baseline: str
    ratio: str
    target: str
    result: str  # PASS, FAIL or skipped


def duration(seconds: float | str) -> str:
    """Three significant digits, in ms below a second; a reason (str) as it is."""
    if isinstance(seconds, str):
        return seconds
    return f"{seconds:.3g} s" if seconds >= 1 else f"{seconds * 1e3:.3g} ms"


def check_cost_details(settings, results: list[check_cost.CheckCost]) -> list[str]:
    lines = [f"default check vs plain SymPy: median of {settings.check_repeat}, SymPy's cache "
             "cleared before each run:"]
    for r in results:
        lines.append(f"  {r.program:<16} {r.nodes:>6,} nodes  check {duration(r.gradcli)} "
                     f"({r.method})  plain SymPy {duration(r.plain)}  "
                     f"gradients agree: {'yes' if r.agree else 'NO'}")
    return lines


def table(rows: list[Row]) -> str:
    header = Row("measurement", "gradcli", "baseline", "ratio", "target", "result")
    cells = [[getattr(r, f) for f in Row.__dataclass_fields__] for r in [header, *rows]]
    widths = [max(len(c[k]) for c in cells) for k in range(len(cells[0]))]
    lines = ["  ".join(c.ljust(w) if k < 3 or k == 5 else c.rjust(w)
                       for k, (c, w) in enumerate(zip(cell, widths))).rstrip()
             for cell in cells]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def environment(quick: bool, use_hyperfine: bool) -> str:
    import gradcli

    where = os.path.dirname(gradcli.__file__)
    how = "installed" if "site-packages" in where else "editable/source checkout"
    mg = "micrograd " + _version("micrograd") if engines.Value is not None else \
        "micrograd not installed (its rows are skipped)"
    timer = (f"hyperfine ({_command_version([hyperfine(), '--version'])})"
             if use_hyperfine and hyperfine() else "repeated subprocess runs taking turns"
             + ("" if hyperfine() else " (hyperfine not found)"))
    return "\n".join([
        f"gradcli benchmark ({'quick: tiny sizes, not representative' if quick else 'full'}), "
        f"{time.strftime('%Y-%m-%d %H:%M')}",
        f"machine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()} ({sys.executable}), "
        f"load average {load()} at the start",
        f"gradcli {gradcli.__version__} {how} at {where}; {mg}; whole processes timed by {timer}",
    ])


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def _command_version(argv: list[str]) -> str:
    return subprocess.run(argv, capture_output=True, text=True).stdout.strip()


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def details(settings, results, e2e, grow, batch_times, costs) -> str:
    lines = [f"engine: forward+backward of a prebuilt {settings.engine_size:,}-node graph, "
             f"median of {settings.engine_repeat} (micrograd {settings.micrograd_repeat}) "
             "after a warm-up, collector paused while timed:"]
    for r in results:
        lines.append(
            f"  {r.workload:<17} {r.nodes:>7,} nodes  gradcli {duration(r.gradcli)}  "
            f"tape {duration(r.minitape)}  micrograd {duration(r.micrograd)} "
            f"(collector on: {duration(r.micrograd_gc_on)})  "
            f"gradients agree: {'yes' if r.gradients_agree else 'NO'}")
    lines += [
        f"end to end: {e2e.statements:,} statements, {e2e.nodes:,} nodes; median of "
        f"{settings.process_runs} whole-process runs: grad --no-check {duration(e2e.no_check)}, "
        f"grad (check) {duration(e2e.checked)}, tape {duration(e2e.tape)}; "
        f"gradients agree: {'yes' if e2e.gradients_agree else 'NO'}",
        f"  check method (eval --format json): {e2e.method}"
        + (f" ({e2e.note})" if e2e.note else ""),
        f"  peak RSS: grad --no-check {e2e.memory_no_check:.0f} MB, grad (check) "
        f"{e2e.memory_checked:.0f} MB, tape {e2e.memory_tape:.0f} MB",
        "growth (in process: gradcli.evaluate(check=False) vs the tape's parse+forward+backward):",
    ]
    for size, ours, tape in zip(grow.sizes, grow.gradcli, grow.tape):
        lines.append(f"  {size:>7,} statements  gradcli {duration(ours)} "
                     f"({ours / size * 1e6:.1f} us/statement)  tape {duration(tape)}")
    one, separate = batch_times
    lines.append(f"batch: {settings.cases:,} cases in one process {duration(one)} (median of "
                 f"3); {settings.cases:,} separate invocations {duration(separate)}, extrapolated "
                 f"from {settings.invocations} run one after another")
    lines += check_cost_details(settings, costs)
    return "\n".join(lines)


def one_call_details(calls: list[shapes.OneCall]) -> str:
    lines = ["reassigning program as one process (t = sin(t) * 0.5 + x; grad --file --no-check "
             "with --max-nodes and --max-length raised; the tape: python minitape.py):"]
    for c in calls:
        lines.append(f"  {c.statements:>9,} statements {c.nodes:>9,} nodes  gradcli "
                     f"{duration(c.seconds)} {c.memory_mb:.0f} MB ({c.bytes_per_node:.0f} B/node past start-up)"
                     f"  tape {duration(c.tape_seconds)} {c.tape_memory_mb:.0f} MB  "
                     f"gradients agree: {'yes' if c.gradients_agree else 'NO'}")
    return "\n".join(lines)


def summary(rows: list[Row]) -> str:
    judged = [r for r in rows if r.result in ("PASS", "FAIL")]
    failed = [r.measurement for r in judged if r.result == "FAIL"]
    line = f"summary: {len(judged) - len(failed)} of {len(judged)} targets met"
    skipped = sum(r.result == "skipped" for r in rows)
    if skipped:
        line += f", {skipped} skipped"
    return line + (f"; not met: {'; '.join(failed)}" if failed else "")
