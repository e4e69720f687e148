"""How much faster is one batch than one process per case, and what does the cache buy?

    python benchmarks/batch.py                 # 1,000 cases, 1,000 separate invocations
    python benchmarks/batch.py --cases 200 --invocations 50

Three measurements on the same generated cases (the lecture's sigmoid circuit,
each student at their own point, a mix of right and wrong answers):

1. ``gradcli check --cases FILE --format json``: one process for every case;
2. one ``gradcli check EXPR --w0 ... --expect ...`` process per case (the time
   of ``--invocations`` of them, scaled to all cases when fewer are run);
3. in one process through the API: the batch with the shared cache, and with
   the cache turned off (``Cache(size=0)``), for numeric answers and for
   derivative formulas (where SymPy's work is what the cache keeps).

Not a test: timings depend on the machine. Results go to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

from gradcli import grad
from gradcli.cases import Defaults, run_cases
from gradcli.checks.grading import Cache

CIRCUIT = "1/(1+exp(-(w0*x0+w1*x1+w2)))"
NAMES = ["w0", "x0", "w1", "x1", "w2"]
FORMULAS = [  # students' answers for ∂f/∂w0, right and wrong
    "x0*sigmoid(w0*x0+w1*x1+w2)*(1-sigmoid(w0*x0+w1*x1+w2))",
    "x0*exp(-(w0*x0+w1*x1+w2))/(1+exp(-(w0*x0+w1*x1+w2)))**2",
    "sigmoid(w0*x0+w1*x1+w2)*(1-sigmoid(w0*x0+w1*x1+w2))",
    "x0*sigmoid(w0*x0+w1*x1+w2)",
    "x0*f*(1-f)",
]


def numeric_cases(count: int, rng: random.Random) -> list[dict]:
    cases = []
    for k in range(count):
        values = {n: round(rng.uniform(-3, 3), 2) for n in NAMES}
        right = grad(CIRCUIT, values, check=False)
        expect = {n: round(g, 6) if rng.random() < 0.8 else round(g + 0.5, 6)
                  for n, g in right.items()}
        cases.append({"id": f"s{k}", "expression": CIRCUIT, "values": values, "expect": expect,
                      "rtol": 1e-4})
    return cases


def formula_cases(count: int, rng: random.Random) -> list[dict]:
    cases = []
    for k in range(count):
        values = {n: round(rng.uniform(-3, 3), 2) for n in NAMES}
        cases.append({"id": f"s{k}", "expression": CIRCUIT, "values": values,
                      "derivative": {"w0": rng.choice(FORMULAS)}})
    return cases


def gradcli_exe() -> list[str]:
    exe = shutil.which("gradcli", path=os.path.dirname(sys.executable)) or shutil.which("gradcli")
    return [exe] if exe else [sys.executable, "-m", "gradcli"]


def time_batch_process(cases: list[dict]) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        f.write("".join(json.dumps(c) + "\n" for c in cases))
    start = time.perf_counter()
    proc = subprocess.run(gradcli_exe() + ["check", "--cases", f.name, "--format", "json"],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    os.unlink(f.name)
    assert len(proc.stdout.splitlines()) == len(cases), proc.stderr
    return elapsed


def case_argv(case: dict) -> list[str]:
    argv = ["check", case["expression"]]
    for name, value in case["values"].items():
        argv += [f"--{name}", str(value)]
    for name, value in case.get("expect", {}).items():
        argv += ["--expect", f"{name}={value}"]
    for name, text in case.get("derivative", {}).items():
        argv += ["--derivative", f"{name}={text}"]
    if "rtol" in case:
        argv += ["--rtol", str(case["rtol"])]
    return argv + ["--format", "json"]


def time_separate_processes(cases: list[dict]) -> float:
    start = time.perf_counter()
    for case in cases:
        subprocess.run(gradcli_exe() + case_argv(case), capture_output=True)
    return time.perf_counter() - start


def time_in_process(cases: list[dict], cache_size: int) -> float:
    lines = [json.dumps(c).encode() for c in cases]
    start = time.perf_counter()
    for _ in run_cases(lines, Defaults(), Cache(size=cache_size)):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--invocations", type=int, default=1000,
                        help="separate processes to time (scaled to --cases)")
    args = parser.parse_args()
    rng = random.Random(1)
    cases = numeric_cases(args.cases, rng)
    formulas = formula_cases(args.cases, rng)
    print(f"{args.cases} cases of {CIRCUIT}")

    batch = time_batch_process(cases)
    sample = cases[: args.invocations]
    separate = time_separate_processes(sample) * len(cases) / len(sample)
    print(f"numeric answers, one process:   {batch:8.2f} s")
    print(f"numeric answers, one per case:  {separate:8.2f} s "
          f"({len(sample)} processes run{'' if len(sample) == len(cases) else ', scaled'})")
    print(f"ratio:                          {separate / batch:8.1f}x")

    for label, group in (("numeric answers", cases), ("derivative formulas", formulas)):
        cached = time_in_process(group, 256)
        uncached = time_in_process(group, 0)
        print(f"{label}, in process: cache {cached:.2f} s, no cache {uncached:.2f} s "
              f"({uncached / cached:.1f}x)")
    formula_batch = time_batch_process(formulas)
    print(f"derivative formulas, one process: {formula_batch:.2f} s")


if __name__ == "__main__":
    main()
