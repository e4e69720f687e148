"""How fast is backprop through a 256×256 layer? The lecture's point: VJPs, not Jacobians.

    python benchmarks/matmul.py                  # 256×256, best of 10
    python benchmarks/matmul.py --size 1024 --repeat 3

The loss is ``sum(relu(W @ X) * G)``: W, X and G are size×size matrices (a linear
layer, its ReLU, and an upstream gradient G). Measured:

1. the array engine alone (``gradcli.engines.arrays.run``: forward and backward passes);
2. the whole API call without the check (``evaluate(..., check=False)``: parsing
   and building the graph, reading the values, both passes);
3. the command line: ``gradcli grad EXPR --values FILE --no-check`` as a process,
   start-up, reading the JSON values and printing the gradients included;
4. with the check: ``evaluate(...)``, where the arrays are too large for SymPy and
   the gradient is verified by centered differences along random directions.

For scale, the Jacobians that the backward pass never builds: the ReLU's would be
(size²)² float64 numbers, the matmul's as many per input.

Not a test: timings depend on the machine. Results go to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

from gradcli.api import build, evaluate
from gradcli.engines.arrays import run

LOSS = "sum(relu(W @ X) * G)"


def best_of(repeat: int, task) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return min(times)


def gradcli_exe() -> list[str]:
    exe = shutil.which("gradcli", path=os.path.dirname(sys.executable)) or shutil.which("gradcli")
    return [exe] if exe else [sys.executable, "-m", "gradcli"]


def time_process(values: dict, repeat: int) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({k: v.tolist() for k, v in values.items()}, f)
    argv = gradcli_exe() + ["grad", LOSS, "--values", f.name, "--no-check", "--wrt", "W"]

    def once():
        proc = subprocess.run(argv, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr

    try:
        return best_of(repeat, once)
    finally:
        os.unlink(f.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    n = args.size
    rng = np.random.default_rng(0)
    values = {name: rng.normal(size=(n, n)) for name in ("W", "X", "G")}
    graph = build(LOSS, values)

    engine = best_of(args.repeat, lambda: run(graph, values))
    api = best_of(args.repeat, lambda: evaluate(LOSS, values, check=False))
    checked = evaluate(LOSS, values)
    with_check = best_of(args.repeat, lambda: evaluate(LOSS, values))
    process = time_process(values, args.repeat)
    jacobian_gb = (n * n) ** 2 * 8 / 1e9

    print(f"loss {LOSS} with {n}×{n} matrices (best of {args.repeat})")
    print(f"array engine, forward + backward:   {engine * 1e3:8.1f} ms")
    print(f"API, no check:                      {api * 1e3:8.1f} ms")
    print(f"API, checked ({checked.check.method}, ok={checked.check.ok}): "
          f"{with_check * 1e3:8.1f} ms")
    print(f"gradcli grad --values, a process:   {process * 1e3:8.1f} ms")
    print(f"a {n * n}×{n * n} Jacobian would take {jacobian_gb:,.1f} GB")


if __name__ == "__main__":
    main()
