"""The benchmark's workloads: seeded, so every run measures the same programs.

Each generator returns ``(text, values)``: a program gradcli reads (one
``name = expr`` statement per line) and a value for each input. The same text
is what the minimal tape and micrograd are given, so all three run the same
graph. Every leaf weight is a distinct constant, so no two gates are the same
gate on the same inputs: gradcli (which merges such gates) builds exactly the
nodes the tape does. ``size`` is the number of graph nodes wanted (about).
"""

from __future__ import annotations

import random

INPUTS = [f"x{k}" for k in range(10)]


class _Constants:
    """Distinct random constants with six decimals (the uniqueness above)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[float] = set()

    def draw(self, low: float, high: float) -> str:
        while True:
            value = round(self.rng.uniform(low, high), 6)
            if value not in self.used and value != 0:
                self.used.add(value)
                return f"{value:.6f}"


def _point(rng: random.Random, names: list[str]) -> dict[str, float]:
    return {name: round(rng.uniform(-1, 1), 4) for name in names}


def chain(size: int, seed: int = 1) -> tuple[str, dict[str, float]]:
    """A deep chain, h_{i+1} = tanh(h_i * w + 0.1): three gates per stage, depth ~size."""
    rng = random.Random(seed)
    lines = ["h0 = tanh(x0*w + 0.1)"]
    lines += [f"h{i} = tanh(h{i - 1}*w + 0.1)" for i in range(1, max(1, (size - 2) // 3))]
    return "\n".join(lines) + "\n", _point(rng, ["x0", "w"])


def wide(size: int, seed: int = 2) -> tuple[str, dict[str, float]]:
    """A wide sum of sigmoid neurons, sum_j sigmoid(w_j * x_{j%10} + b_j): four gates each."""
    rng = random.Random(seed)
    consts = _Constants(rng)
    lines = []
    for j in range(max(1, size // 4)):
        neuron = f"sigmoid(x{j % 10}*{consts.draw(-2, 2)} + {rng.uniform(-1, 1):.4f})"
        lines.append(f"a{j} = " + (f"a{j - 1} + {neuron}" if j else neuron))
    return "\n".join(lines) + "\n", _point(rng, INPUTS)


def trees(size: int, seed: int = 3) -> tuple[str, dict[str, float]]:
    """Random expression trees (depth ≤ 5) of + * tanh sigmoid exp, summed one per statement."""
    rng = random.Random(seed)
    consts = _Constants(rng)
    lines: list[str] = []
    nodes = 0
    while nodes < size - 10:
        text, count, _ = _tree(rng, consts, 0)
        lines.append(f"t{len(lines)} = " + (f"t{len(lines) - 1} + {text}" if lines else text))
        nodes += count + (len(lines) > 1)
    return "\n".join(lines) + "\n", _point(rng, INPUTS)


def _tree(rng: random.Random, consts: _Constants, depth: int) -> tuple[str, int, str]:
    """(text, gates, kind) of one random subtree; a leaf is an input times a fresh constant."""
    if depth >= 5 or (depth > 1 and rng.random() < 0.3):
        return f"({rng.choice(INPUTS)}*{consts.draw(-1, 1)})", 1, "leaf"
    roll = rng.random()
    if roll < 0.25:
        inner, count, kind = _tree(rng, consts, depth + 1)
        # exp only of a squashed value, so that no value overflows
        fn = "exp" if kind == "squash" and rng.random() < 0.5 else rng.choice(["tanh", "sigmoid"])
        return f"{fn}({inner})", count + 1, "squash" if fn != "exp" else "exp"
    if roll < 0.35:
        inner, count, _ = _tree(rng, consts, depth + 1)
        return f"({inner} + {consts.draw(-1, 1)})", count + 1, "addc"
    left, lcount, _ = _tree(rng, consts, depth + 1)
    right, rcount, _ = _tree(rng, consts, depth + 1)
    op = rng.choice([" + ", "*"])
    return f"({left}{op}{right})", lcount + rcount + 1, "binary"


def network(statements: int, seed: int = 4) -> tuple[str, dict[str, float]]:
    """A network written out as scalars, one gate per statement (nodes ≈ statements + 10).

    Unit j: m = x*w, z = m + b, h = tanh/sigmoid/exp(z), p = h * h_{j-1}, s = s_{j-1} + p.
    """
    rng = random.Random(seed)
    consts = _Constants(rng)
    squash = ["tanh", "sigmoid", "exp"]
    lines = ["m0 = x0*0.5", "z0 = m0 + 0.1", "h0 = tanh(z0)", "s0 = h0*0.5"]
    for j in range(1, max(2, (statements - 4) // 5 + 1)):
        lines += [
            f"m{j} = x{j % 10}*{consts.draw(-1, 1)}",
            f"z{j} = m{j} + {rng.uniform(-1, 1):.4f}",
            f"h{j} = {squash[j % 3]}(z{j})",
            f"p{j} = h{j}*h{j - 1}",
            f"s{j} = s{j - 1} + p{j}",
        ]
    return "\n".join(lines) + "\n", _point(rng, INPUTS)


ENGINE_WORKLOADS = {"deep chain": chain, "wide sigmoid sum": wide, "random trees": trees}
