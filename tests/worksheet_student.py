"""A student filling in a worksheet by hand: forward values gate by gate, then gradients
from the output back, each from their own earlier numbers, with one slip injected.

The slip is written here as the student makes it (``g * own input`` for a multiply gate
that was not swapped, ...), independently of gradcli's catalogue, so that a test asks
gradcli's diagnosis to recognise it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gradcli.core.graph import Graph
from gradcli.engines.arrays import unbroadcast


@dataclass(frozen=True)
class Slip:
    """The mistake a student makes: at gate ``gate``'s step back to input ``position``
    (or at node ``node`` for value-level slips) of kind ``code``."""

    code: str
    node: str | None = None
    gate: str | None = None
    position: int = 0
    number: object = None  # for "forward", "unknown", "shape": the number written


def fill(graph: Graph, point: dict, slip: Slip | None = None,
         decimals: int | None = None) -> dict:
    """The student's worksheet: {node: {"value": array, "grad": array}}; with ``decimals``
    every number is written rounded, and the next ones worked out from the rounded ones."""
    ids = [n.id for n in graph.nodes]
    keep = (lambda v: v) if decimals is None else (lambda v: np.round(v, decimals) + 0.0)
    values = _forward(graph, point, slip, keep)
    grads: list = [None] * len(ids)
    consumers = [[] for _ in ids]
    for c, node in enumerate(graph.nodes):
        for k, j in enumerate(node.inputs):
            consumers[j].append((c, k))
    for i in range(len(ids) - 1, -1, -1):
        if i == graph.output:
            grads[i] = np.ones_like(values[i])
        else:
            parts = [_share(graph, c, k, values, grads, slip) for c, k in consumers[i]]
            if slip is not None and slip.code == "branch-not-summed" and slip.node == ids[i]:
                parts = parts[:1]
            grads[i] = sum(parts[1:], parts[0])
        grads[i] = keep(grads[i])
        if slip is not None and slip.node == ids[i]:
            if slip.code == "value-for-grad":
                grads[i] = values[i]
            elif slip.code in ("unknown", "shape"):
                grads[i] = np.asarray(slip.number, dtype=float)
    return {ids[i]: {"value": values[i], "grad": grads[i]} for i in range(len(ids))}


def _forward(graph: Graph, point: dict, slip: Slip | None, keep) -> list:
    values: list = []
    for node in graph.nodes:
        if node.op.name == "var":
            value = np.asarray(point[node.id], dtype=float)
        else:
            c = () if node.const is None else (node.const.value,)
            value = np.asarray(node.op.arrays.forward(*(values[j] for j in node.inputs), *c),
                               dtype=float)
        if slip is not None and slip.code == "forward" and slip.node == node.id:
            value = np.asarray(slip.number, dtype=float)
        values.append(keep(value))
    return values


def _share(graph: Graph, c: int, k: int, values: list, grads: list, slip: Slip | None):
    """What gate ``c`` passes back to its input ``k``, as the student computes it."""
    node = graph.nodes[c]
    args = [values[j] for j in node.inputs]
    g, out, x = grads[c], values[c], args[k]
    const = () if node.const is None else (node.const.value,)
    rules = node.op.arrays
    slipped = slip is not None and slip.gate == node.id and slip.position == k
    if slipped and slip.code in SLIPS:
        return np.asarray(SLIPS[slip.code](node, g, args, out, k), dtype=float)
    if rules.vjp is not None:
        return np.asarray(rules.vjp(g, *args, out, *const)[k], dtype=float)
    local = rules.local(*args, out, *const)[k]
    return unbroadcast(np.asarray(g * local, dtype=float), x.shape)


def _sign_dropped(node, g, args, out, k):
    return g * abs(node.const.value)


def _mul_not_swapped(node, g, args, out, k):
    return unbroadcast(g * args[k], args[k].shape)


def _upstream_only(node, g, args, out, k):
    return unbroadcast(g, args[k].shape)


def _local_only(node, g, args, out, k):
    const = () if node.const is None else (node.const.value,)
    if node.op.arrays.vjp is not None:
        return node.op.arrays.vjp(np.ones_like(g), *args, out, *const)[k]
    return np.broadcast_to(node.op.arrays.local(*args, out, *const)[k], args[k].shape)


def _exp_local(node, g, args, out, k):
    return g * args[0]


def _recip_local(node, g, args, out, k):
    return g * (-1 / args[0])


def _sigmoid_local(node, g, args, out, k):
    return g * out


def _transposed(node, g, args, out, k):
    """dW = xᵀ·dy for dy·xᵀ: the right product's transpose, or the other order."""
    a, b = args
    if k == 0:
        return np.outer(b, g) if b.ndim == 1 else (g @ b.T).T
    return a @ g if g.ndim == 1 else (a.T @ g).T


SLIPS = {"sign-dropped": _sign_dropped, "mul-not-swapped": _mul_not_swapped,
         "upstream-only": _upstream_only, "local-only": _local_only, "exp-local": _exp_local,
         "recip-local": _recip_local, "sigmoid-local": _sigmoid_local,
         "transposed": _transposed}
