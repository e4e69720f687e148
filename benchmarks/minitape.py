"""The baseline: a minimal pure-Python reverse-mode tape, the floor gradcli is measured against.

A tape is a list of ops ``(kind, a, b)``: ``a``, ``b`` index earlier ops (``b`` is
the constant of ADDC/MULC and the name of a VAR). ``forward`` computes the values
list, ``backward`` walks the tape in reverse adding ``upstream * local`` with ``+=``.
No checks, no names, no error messages: only the arithmetic gradcli also has to do.

    python benchmarks/minitape.py prog.txt --x0 0.5 --x1 -2     # NAME<TAB>GRADIENT lines

reads the program gradcli reads (``name = expr`` statements, one per line) with
Python's ``ast`` module, then runs forward and backward, as a whole process.
"""

from __future__ import annotations

import ast
import math
import sys

VAR, ADD, MUL, ADDC, MULC, EXP, TANH, SIGMOID, SIN = range(9)


def forward(ops: list[tuple], inputs: dict[str, float]) -> list[float]:
    v: list[float] = []
    push = v.append
    for kind, a, b in ops:
        if kind == MUL:
            push(v[a] * v[b])
        elif kind == ADD:
            push(v[a] + v[b])
        elif kind == ADDC:
            push(v[a] + b)
        elif kind == MULC:
            push(v[a] * b)
        elif kind == TANH:
            push(math.tanh(v[a]))
        elif kind == SIGMOID:
            push(1 / (1 + math.exp(-v[a])))
        elif kind == EXP:
            push(math.exp(v[a]))
        elif kind == SIN:
            push(math.sin(v[a]))
        else:
            push(inputs[b])
    return v


def backward(ops: list[tuple], v: list[float], out: int) -> list[float]:
    g = [0.0] * len(ops)
    g[out] = 1.0
    for i in range(len(ops) - 1, -1, -1):
        kind, a, b = ops[i]
        gi = g[i]
        if kind == MUL:
            g[a] += gi * v[b]
            g[b] += gi * v[a]
        elif kind == ADD:
            g[a] += gi
            g[b] += gi
        elif kind == ADDC:
            g[a] += gi
        elif kind == MULC:
            g[a] += gi * b
        elif kind == TANH:
            g[a] += gi * (1 - v[i] * v[i])
        elif kind == SIGMOID:
            g[a] += gi * v[i] * (1 - v[i])
        elif kind == EXP:
            g[a] += gi * v[i]
        elif kind == SIN:
            g[a] += gi * math.cos(v[a])
    return g


_CALLS = {"exp": EXP, "tanh": TANH, "sigmoid": SIGMOID, "sin": SIN}


def parse(text: str) -> tuple[list[tuple], dict[str, int], int]:
    """Program text -> (ops, name -> op index, output index): the last statement is the output."""
    ops: list[tuple] = []
    env: dict[str, int] = {}

    def node(e: ast.expr) -> int | float:  # statements are short: recursion is fine here
        if isinstance(e, ast.Constant):
            return float(e.value)
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub):
            inner = node(e.operand)
            return -inner if isinstance(inner, float) else emit(MULC, inner, -1.0)
        if isinstance(e, ast.Name):
            if e.id not in env:
                env[e.id] = emit(VAR, None, e.id)
            return env[e.id]
        if isinstance(e, ast.Call):
            return emit(_CALLS[e.func.id], node(e.args[0]), None)
        left, right, op = node(e.left), node(e.right), type(e.op)
        if op is ast.Sub and isinstance(right, float):  # t - c is t + (-c)
            right, op = -right, ast.Add
        if op not in (ast.Add, ast.Mult) or isinstance(left, float) and isinstance(right, float):
            raise ValueError(f"not supported by the minimal tape: {ast.unparse(e)}")
        kind, const = (ADD, ADDC) if op is ast.Add else (MUL, MULC)
        if isinstance(left, float):
            left, right = right, left
        return emit(const, left, right) if isinstance(right, float) else emit(kind, left, right)

    def emit(kind: int, a, b) -> int:
        ops.append((kind, a, b))
        return len(ops) - 1

    out = 0
    for line in text.splitlines():
        if line.strip():
            stmt = ast.parse(line).body[0]
            out = env[stmt.targets[0].id] = node(stmt.value)
    return ops, env, out


def main(argv: list[str]) -> None:
    with open(argv[0]) as f:
        ops, env, out = parse(f.read())
    inputs = {argv[k][2:]: float(argv[k + 1]) for k in range(1, len(argv), 2)}
    grads = backward(ops, forward(ops, inputs), out)
    for name in inputs:
        print(f"{name}\t{grads[env[name]]!r}")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except (OSError, SyntaxError, ValueError, KeyError, AttributeError, IndexError) as exc:
        sys.exit(f"minitape: {type(exc).__name__}: {exc}")  # a baseline: no friendlier errors
