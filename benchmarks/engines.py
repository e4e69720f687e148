"""Forward+backward on one prebuilt graph: gradcli's engine, the minimal tape, micrograd.

gradcli: ``gradcli.engines.scalar.run(graph, values)`` on a freshly built graph each run
(building is not timed; whatever the engine prepares per graph on its first run
is). The minimal tape: ``forward`` and ``backward`` over the ops parsed from the
same text. micrograd (PyPI): building its ``Value``s for the same graph is its
forward pass, then ``.backward()``. PyPI's micrograd 0.1.0 has no exp, tanh or
sigmoid; those are added below in micrograd's own style (one closure per node,
as its ``__mul__`` does). Its recursive topological sort needs a raised
recursion limit and, on deep graphs, a thread with a large stack.
"""

from __future__ import annotations

import math
import sys
import threading
from dataclasses import dataclass

import minitape
from minitape import ADD, ADDC, EXP, MUL, MULC, SIGMOID, TANH, VAR
from timing import close, median_time

try:
    from micrograd.engine import Value
except ImportError:  # the other two engines are still measured
    Value = None


@dataclass
class EngineResult:
    workload: str
    nodes: int
    gradcli: float
    minitape: float
    micrograd: float | str  # seconds, or why it could not run
    micrograd_gc_on: float | str  # the same with the collector left on, as its users run it
    gradients_agree: bool  # gradcli's input gradients equal the tape's (and micrograd's)


def gradcli_graph(text: str, values: dict[str, float]):
    from gradcli.api import build
    from gradcli.limits import Limits

    # 10^5-node workloads are over the default --max-nodes (what ends within 10 s), as a
    # user raises it
    return build(text, values, limits=Limits(max_nodes=10 * len(text)))


def gradcli_run(graph, values: dict[str, float]):
    from gradcli.engines.scalar import run

    return run(graph, values)


def tape_run(ops: list[tuple], values: dict[str, float], out: int) -> list[float]:
    return minitape.backward(ops, minitape.forward(ops, values), out)


def measure(workload: str, text: str, values: dict[str, float], repeat: int,
            warmup: int, micrograd_repeat: int) -> EngineResult:
    ops, env, out = minitape.parse(text)
    ours = median_time(gradcli_run, lambda: (gradcli_graph(text, values), values), repeat, warmup)
    tape = median_time(tape_run, lambda: (ops, values, out), repeat, warmup)
    graph = gradcli_graph(text, values)
    trace = gradcli_run(graph, values)
    reference = tape_run(ops, values, out)
    agree = all(close(trace.grads[graph.index(n)], reference[env[n]]) for n in values)
    def micrograd_median(pause_gc: bool) -> float:
        return in_big_thread(lambda: median_time(micrograd_run, lambda: (ops, values, out),
                                                 micrograd_repeat, 1, pause_gc))

    try:
        mg, mg_gc = micrograd_median(True), micrograd_median(False)
        grads = in_big_thread(lambda: micrograd_run(ops, values, out))
        agree = agree and all(close(grads[env[n]], reference[env[n]]) for n in values)
    except ImportError:
        mg = mg_gc = "not installed"
    except (RecursionError, MemoryError) as exc:
        mg = mg_gc = f"failed: {type(exc).__name__}"
    return EngineResult(workload, len(graph.nodes), ours, tape, mg, mg_gc, agree)


def in_big_thread(fn, stack_mb: int = 512, recursion_limit: int = 1_000_000):
    """``fn()`` in a thread with a large stack and a high recursion limit; re-raises its error."""
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            outcome["error"] = exc

    old_limit, old_size = sys.getrecursionlimit(), threading.stack_size(stack_mb * 2**20)
    sys.setrecursionlimit(recursion_limit)
    try:
        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(old_size)
        sys.setrecursionlimit(old_limit)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def micrograd_run(ops: list[tuple], values: dict[str, float], out: int) -> list[float]:
    """micrograd's forward (its Values for the graph) and backward; the gradient of each op."""
    if Value is None:
        raise ImportError("micrograd is not installed (pip install micrograd)")
    unary = {EXP: _exp, TANH: _tanh, SIGMOID: _sigmoid}
    vals: list = []
    push = vals.append
    for kind, a, b in ops:
        if kind == MUL:
            push(vals[a] * vals[b])
        elif kind == ADD:
            push(vals[a] + vals[b])
        elif kind == ADDC:
            push(vals[a] + b)
        elif kind == MULC:
            push(vals[a] * b)
        elif kind == VAR:
            push(Value(values[b]))
        else:
            push(unary[kind](vals[a]))
    vals[out].backward()
    return [v.grad for v in vals]


def _exp(v):
    out = Value(math.exp(v.data), (v,), "exp")

    def _backward():
        v.grad += out.data * out.grad
    out._backward = _backward
    return out


def _tanh(v):
    t = math.tanh(v.data)
    out = Value(t, (v,), "tanh")

    def _backward():
        v.grad += (1 - t * t) * out.grad
    out._backward = _backward
    return out


def _sigmoid(v):
    s = 1 / (1 + math.exp(-v.data))
    out = Value(s, (v,), "sigmoid")

    def _backward():
        v.grad += s * (1 - s) * out.grad
    out._backward = _backward
    return out
