"""gradcli's performance targets (issue 7), measured against baselines in one run.

    python benchmarks/run.py            # the full run: 10^5-node workloads, a few minutes
    python benchmarks/run.py --quick    # tiny sizes, few repetitions: proves the command works

Measures whichever gradcli is installed for this interpreter (its console
script beside ``sys.executable``), prints one table row per target: gradcli's
median, the baseline's median, their ratio, the target and PASS/FAIL, then
the details. Not a test: the exit code is 0 whether or not targets are met.
docs/performance.md explains each row.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
from dataclasses import dataclass

import batch
import check_cost
import endtoend
import engines
import shapes
import workloads
from report import Row, details, duration, environment, load, one_call_details, summary, table
from report import check_cost_details  # noqa: F401 - docs/performance.md calls run.check_cost_details
from timing import process_medians


@dataclass(frozen=True)
class Settings:
    engine_size: int
    engine_repeat: int
    micrograd_repeat: int
    program: int  # statements of the end-to-end program
    process_runs: int  # whole-process runs of the end-to-end program
    growth_sizes: tuple[int, ...]
    growth_repeats: tuple[int, ...]
    startup_runs: tuple[int, int]  # (grad vs import click, eval vs import sympy)
    process_warmup: int  # untimed runs before each whole-process measurement
    cases: int
    invocations: int  # separate processes actually run, scaled to ``cases``
    shape_statements: int = 100_000  # the reassigning program (shapes.py)
    million: int = 1_000_000  # the reassigning program in one CLI call (shapes.one_call)
    shape_repeat: int = 3
    stage_timeout: float = 10.0  # --check-timeout for the 40-stage program (the default)
    check_sizes: tuple[int, ...] = check_cost.SIZES  # nodes of the default check's programs
    check_repeat: int = 3


FULL = Settings(100_000, 7, 3, 100_000, 5, (1_000, 10_000, 100_000), (15, 7, 5), (30, 15), 2,
                1_000, 50)
# 2,500 statements: more nodes than SymPy is given, so the check takes the same path as at 10^5.
QUICK = Settings(1_000, 2, 1, 2_500, 1, (100, 300, 1_000), (3, 3, 2), (2, 1), 0, 20, 3,
                 shape_statements=2_000, shape_repeat=1, stage_timeout=1.0, million=5_000,
                 check_sizes=(100,), check_repeat=1)


def at_most(label, ours, base, limit):
    ratio = ours / base
    return Row(label, duration(ours), duration(base), f"{ratio:.2f}x", f"<= {limit:g}x",
               "PASS" if ratio <= limit else "FAIL")


def faster(label, ours, base, limit):
    if isinstance(base, str):
        return Row(label, duration(ours), base, "-", f">= {limit:g}x faster", "skipped")
    speedup = base / ours
    return Row(label, duration(ours), duration(base), f"{speedup:.1f}x faster",
               f">= {limit:g}x faster", "PASS" if speedup >= limit else "FAIL")


def startup(settings: Settings, use_hyperfine: bool) -> list[Row]:
    point = ["(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4"]
    python, gradcli = [sys.executable], batch.gradcli_exe()
    rows = []
    pairs = [("start-up: grad --no-check / import click", ["grad", *point, "--no-check"],
              "import click", 1.5),
             ("start-up: eval (SymPy check) / import sympy", ["eval", *point], "import sympy", 1.3)]
    for (label, args, module, limit), runs in zip(pairs, settings.startup_runs):
        ours, base = process_medians([gradcli + args, python + ["-c", module]], runs,
                                     settings.process_warmup, use_hyperfine)
        rows.append(at_most(label, ours, base, limit))
    return rows


def engine_rows(settings: Settings) -> tuple[list[Row], list[engines.EngineResult]]:
    results = []
    for name, generate in workloads.ENGINE_WORKLOADS.items():
        text, values = generate(settings.engine_size)
        results.append(engines.measure(name, text, values, settings.engine_repeat, 1,
                                       settings.micrograd_repeat))
    rows = [at_most(f"engine: {r.workload} / minimal tape", r.gradcli, r.minitape, 2)
            for r in results]
    # The target compares engines as their users run them: micrograd with Python's
    # collector on (it makes a reference cycle per node; the "about 1.5 s"),
    # gradcli as its commands run it (they pause the collector while computing).
    rows += [faster(f"engine: {r.workload} vs micrograd (as run)", r.gradcli, r.micrograd_gc_on,
                    10) for r in results]
    rows += [info(faster(f"engine: {r.workload} vs micrograd (collector paused)", r.gradcli,
                         r.micrograd, 10)) for r in results]
    return rows, results


def info(row: Row) -> Row:
    """A row reported for context, without a target of its own."""
    return Row(row.measurement, row.gradcli, row.baseline, row.ratio, "-",
               "skipped" if row.result == "skipped" else "info")


def end_to_end_rows(settings: Settings, use_hyperfine: bool, tmp: str):
    e2e = endtoend.measure(os.path.join(tmp, "prog.txt"), settings.program,
                           settings.process_runs, settings.process_warmup, use_hyperfine)
    grow = endtoend.growth(list(settings.growth_sizes), list(settings.growth_repeats))
    memory = max(e2e.memory_no_check, e2e.memory_checked)
    rows = [
        at_most("end to end: grad --no-check --file prog / tape", e2e.no_check, e2e.tape, 5),
        Row(f"growth exponent ({grow.sizes[0]:,} to {grow.sizes[-1]:,} statements)",
            f"{grow.gradcli_exponent:.3f}", f"{grow.tape_exponent:.3f}", "-", "<= 1.1",
            "PASS" if grow.gradcli_exponent <= 1.1 else "FAIL"),
        Row("peak memory: gradcli grad --file prog", f"{memory:.0f} MB", f"{e2e.memory_tape:.0f} MB",
            "-", "< 300 MB", "PASS" if memory < 300 else "FAIL"),
        at_most(f"check at scale ({e2e.method}) / --no-check", e2e.checked, e2e.no_check, 10),
    ]
    return rows, e2e, grow


def shape_rows(settings: Settings, tmp: str) -> tuple[list[Row], list[shapes.OneCall]]:
    """Program shapes that were quadratic, too big or ran past their limit (shapes.py)."""
    n = settings.shape_statements
    times = shapes.reassignment(n, settings.shape_repeat)
    seconds, method = shapes.staged_check(settings.stage_timeout)
    calls = [shapes.one_call(os.path.join(tmp, f"reassigning-{k}.txt"), k)
             for k in (n, settings.million)]
    rows = [
        below(f"peak memory: {call.statements:,} reassigning statements, one grad --file",
              call.memory_mb, call.tape_memory_mb, limit)
        for call, limit in zip(calls, (200, 2000))
    ]
    return rows + [
        at_most(f"reassigning {n:,} statements / fresh names", times["reassigning"],
                times["fresh"], 1.2),
        at_most(f"reassigning {n:,} statements / minimal tape", times["reassigning"],
                times["tape reassigning"], 5),
        at_most(f"40 stages: whole default check ({method}) / --check-timeout", seconds,
                settings.stage_timeout, 1.1),
    ], calls


def below(label: str, ours_mb: float, base_mb: float, limit_mb: float) -> Row:
    """A memory row: gradcli's peak against a limit in MB, the baseline's peak beside it."""
    return Row(label, f"{ours_mb:.0f} MB", f"{base_mb:.0f} MB", f"{ours_mb / base_mb:.2f}x",
               f"< {limit_mb:g} MB", "PASS" if ours_mb < limit_mb else "FAIL")


def check_cost_rows(settings: Settings) -> tuple[list[Row], list[check_cost.CheckCost]]:
    """The default check against plain SymPy doing the same derivative (check_cost.py)."""
    results = check_cost.measure_all(settings.check_sizes, settings.check_repeat)
    rows = []
    for r in results:
        row = at_most(f"check at {r.size:,} nodes ({r.program}) / plain SymPy", r.gradcli,
                      r.plain, 3)
        if r.method != "sympy":  # the check fell back: not the same work, not the target
            row.result = "FAIL"
        rows.append(row)
    return rows, results


def batch_row(settings: Settings) -> tuple[Row, float, float]:
    cases = batch.numeric_cases(settings.cases, random.Random(1))
    one = statistics.median(batch.time_batch_process(cases) for _ in range(3))
    sample = cases[: settings.invocations]
    separate = batch.time_separate_processes(sample) * len(cases) / len(sample)
    row = faster(f"batch: check --cases ({len(cases):,}) vs separate", one, separate, 20)
    return row, one, separate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes and few repetitions (a smoke run for CI)")
    parser.add_argument("--no-hyperfine", action="store_true",
                        help="time whole processes with repeated subprocess runs")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    use_hyperfine = not args.no_hyperfine
    print(environment(args.quick, use_hyperfine), flush=True)
    rows = startup(settings, use_hyperfine)
    engine, results = engine_rows(settings)
    with tempfile.TemporaryDirectory() as tmp:
        e2e_rows, e2e, grow = end_to_end_rows(settings, use_hyperfine, tmp)
        shape, calls = shape_rows(settings, tmp)
    batch_result, *batch_times = batch_row(settings)
    cost_rows, costs = check_cost_rows(settings)
    rows += engine + e2e_rows + shape + cost_rows + [batch_result]
    print()
    print(table(rows))
    print()
    print(details(settings, results, e2e, grow, batch_times, costs))
    print(one_call_details(calls))
    print(f"load average at the end: {load()} (a shared machine: other jobs add noise)")
    print(summary(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
