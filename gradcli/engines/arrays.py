"""The array engine: the same Graph as scalar.py, run with NumPy arrays as values.

It runs when any value is a vector or matrix, or the expression has an array
gate (``@``, ``sum``, ...); all-scalar inputs keep the scalar engine. The
forward loop asks each gate's ``ArrayRules`` (ops.py) for its output's shape,
then its value. The backward loop walks the nodes in reverse and gives each
input a *vector-Jacobian product*: ``upstream * local`` for elementwise gates,
summed over the axes that broadcasting added, or the gate's own VJP rule
(``@``: dL/dx = dL/dy · wᵀ, dL/dw = xᵀ · dL/dy). No Jacobian is ever built.
Every gradient has its node's shape; the engine checks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.array_rules import broadcast_shape, numpy, shape_text
from ..core.arrays import describe, format_value
from .messages import GRADIENT_OVERFLOWS, NO_LOCAL_GRADIENT, domain_words, gate_words, kink_words
from .trace import Kink, Trace
from ..errors import LimitError, MathError, ShapeError
from ..core.graph import Graph, Node
from ..limits import active as active_limits
from ..core.ops import MATH_FAILURES, failure_words

MAX_KINK_ENTRIES = 3  # entries named in a kink warning


@dataclass
class TensorTrace(Trace):
    """Values, local gradients and gradients as float64 arrays (0-d for scalars).

    ``locals[i]`` holds an elementwise gate's local gradient per input (an array
    or a number that broadcasts against the value), ``None`` for an array gate,
    whose VJP rule stands in for its Jacobian.
    """

    arrays = True


def fill_names(graph: Graph, node: Node, template: str) -> str:
    """A formula of the gate's x, y, c and upstream gradient g in the graph's names:
    ``x @ y`` is ``W @ x``, ``g @ yᵀ`` is ``∂f/∂n1 @ xᵀ``."""
    names = dict(zip("xy", (graph.nodes[j].id for j in node.inputs)))
    if node.const is not None:
        names["c"] = node.const.text
    names["g"] = f"∂{graph.output_node.id}/∂{node.id}"
    return _PLACEHOLDER.sub(lambda m: names.get(m.group(1), m.group(1)), template)


# x, y, c, g standing alone (ᵀ may follow: it is a letter to \b, hence the explicit classes)
_PLACEHOLDER = re.compile(r"(?<![A-Za-z0-9_])([xycg])(?![A-Za-z0-9_])")


def gate_text(graph: Graph, node: Node) -> str:
    """The gate as a formula of its inputs' names: ``W @ x``, ``sum(q, 0)``."""
    return fill_names(graph, node, node.op.formula)


def output_shape(graph: Graph, node: Node, args: list) -> tuple:
    """The gate's output shape from its inputs' (ShapeError naming both when they do not fit)."""
    rules = node.op.arrays
    shapes = [a.shape for a in args]
    names = [graph.nodes[j].id for j in node.inputs]
    c = () if node.const is None else (node.const.value,)
    try:
        if rules.shape is not None:
            return rules.shape(shapes, names, *c)
        return broadcast_shape(shapes, names) if len(shapes) == 2 else shapes[0]
    except ShapeError as error:
        raise ShapeError(f"shape error at {node.id} = {gate_text(graph, node)}: {error}") from None


def forward(graph: Graph, values: dict) -> list:
    """Every node's value as a float64 array, at the point ``values`` (numbers or arrays)."""
    np = numpy()
    budget = _EntryBudget(active_limits().max_entries)
    out: list = [None] * len(graph.nodes)
    with np.errstate(all="ignore"):  # a nan or inf is found below and named
        for i, node in enumerate(graph.nodes):
            if node.op.name == "var":
                out[i] = np.asarray(values[node.id], dtype=np.float64)
                budget.spend(node, out[i].shape)
                continue
            if not node.inputs:  # a constant expression
                out[i] = np.asarray(node.const.value, dtype=np.float64)
                continue
            args = [out[j] for j in node.inputs]
            budget.spend(node, output_shape(graph, node, args))  # before the gate runs
            c = () if node.const is None else (node.const.value,)
            try:
                out[i] = np.asarray(node.op.arrays.forward(*args, *c), dtype=np.float64)
            except MATH_FAILURES as exc:
                raise MathError(_undefined(graph, i, out, failure_words(exc))) from None
            if not np.isfinite(out[i]).all():
                raise MathError(_undefined(graph, i, out, _nonfinite_words(out[i])))
    return out


class _EntryBudget:
    """``--max-entries`` for a whole graph: the entries of every node's value together.

    Each node's entries come from its shape rule before the gate runs, so that a
    column of 7,000 broadcast against a row of 7,000 is refused, not computed; the
    total bounds the gradients, the check and the output as well (each is a few
    arrays of the same shapes).
    """

    def __init__(self, limit: int):
        self.limit = limit
        self.total = 0

    def spend(self, node: Node, shape: tuple) -> None:
        entries = 1
        for size in shape:
            entries *= size
        self.total += entries
        if self.total > self.limit:
            raise LimitError(f"the number of vector and matrix entries, counted up to node "
                             f"{node.id} ({node.label}, shape {shape_text(shape)}),",
                             self.total, self.limit, "--max-entries")


def require_scalar_output(graph: Graph, values: list) -> None:
    shape = values[graph.output].shape
    if shape:
        node = graph.output_node
        raise ShapeError(
            f"the output {node.id} is {describe(values[graph.output])} (shape "
            f"{shape_text(shape)}), not a scalar: backprop starts from a scalar loss; "
            "wrap the expression in sum(...) (or mean(...), norm2(...))"
        )


def unbroadcast(grad, shape: tuple):
    """Sum a gradient over the axes that broadcasting added or stretched, back to ``shape``."""
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(k for k, n in enumerate(shape) if n == 1 and grad.shape[k] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


def backward(graph: Graph, values: list) -> TensorTrace:
    """Local gradients and d(output)/d(node) for every node, by VJPs; output seeded with 1."""
    np = numpy()
    n = len(graph.nodes)
    grads: list = [None] * n
    grads[graph.output] = np.ones(values[graph.output].shape)
    local: list[tuple] = [()] * n
    kinks: list[Kink] = []
    with np.errstate(all="ignore"):
        for i in range(n - 1, -1, -1):
            node = graph.nodes[i]
            if not node.inputs:
                continue
            upstream = grads[i] if grads[i] is not None else np.zeros(values[i].shape)
            local[i], parts = _vjp(graph, i, upstream, values)
            for j, part in zip(node.inputs, parts):
                grads[j] = part if grads[j] is None else grads[j] + part
            kink = _kink(graph, i, values)
            if kink is not None:
                kinks.append(kink)
    # + 0.0 turns a -0.0 (0 times a negative upstream gradient) into 0
    grads = [g + 0.0 if g is not None else np.zeros(v.shape) for g, v in zip(grads, values)]
    _require_finite_gradients(graph, grads, values)
    return TensorTrace(values, local, grads, kinks[::-1])


def _vjp(graph: Graph, i: int, upstream, values: list) -> tuple[tuple, list]:
    """The gate's local gradients (elementwise gates) and each input's share of the gradient."""
    np = numpy()
    node = graph.nodes[i]
    rules = node.op.arrays
    args = [values[j] for j in node.inputs]
    c = () if node.const is None else (node.const.value,)
    try:
        if rules.vjp is not None:
            local = (None,) * len(args)
            parts = rules.vjp(upstream, *args, values[i], *c)
        else:
            local = tuple(rules.local(*args, values[i], *c))
            parts = [unbroadcast(np.asarray(upstream * g), a.shape) for g, a in zip(local, args)]
    except MATH_FAILURES:
        raise MathError(_undefined(graph, i, values, NO_LOCAL_GRADIENT)) from None
    parts = [np.asarray(p, dtype=np.float64) for p in parts]
    for j, part in zip(node.inputs, parts):
        _require_shape(graph, j, part, values[j])
    return local, parts


def input_gradient(graph: Graph, trace: TensorTrace, i: int, k: int):
    """What gate ``i`` passes back to its k-th input: that wire's share of the input's
    gradient (all of it unless the input fans out), of the input's shape."""
    with numpy().errstate(all="ignore"):
        return _vjp(graph, i, trace.grads[i], trace.values)[1][k]


def _require_shape(graph: Graph, j: int, grad, value) -> None:
    """The engine's invariant: a gradient has exactly its node's shape."""
    if grad.shape != value.shape:
        raise AssertionError(f"the gradient of {graph.nodes[j].id} has shape "
                             f"{shape_text(grad.shape)}, its value {shape_text(value.shape)}")


def _require_finite_gradients(graph: Graph, grads: list, values: list) -> None:
    np = numpy()
    for i in range(len(grads) - 1, -1, -1):
        _require_shape(graph, i, grads[i], values[i])
        if not np.isfinite(grads[i]).all():
            raise MathError(_undefined(graph, i, values, GRADIENT_OVERFLOWS))


def _kink(graph: Graph, i: int, values: list) -> Kink | None:
    node = graph.nodes[i]
    if node.op.kink is None:
        return None
    np = numpy()
    args = [values[j] for j in node.inputs]
    c = () if node.const is None else (node.const.value,)
    mask = np.broadcast_to(np.asarray(node.op.kink(*args, *c)), values[i].shape)
    where = np.argwhere(mask)
    if not len(where):
        return None
    shown = ", ".join(_entry_text(tuple(k)) for k in where[:MAX_KINK_ENTRIES])
    more = f" and {len(where) - MAX_KINK_ENTRIES} more" if len(where) > MAX_KINK_ENTRIES else ""
    entries = f"entr{'y' if len(where) == 1 else 'ies'} {shown}{more}" if values[i].shape else \
        "its input"
    return Kink(i, kink_words(node, f"at {entries}"))


def _entry_text(index: tuple) -> str:
    return "[" + ", ".join(str(int(k)) for k in index) + "]"


def _nonfinite_words(value) -> str:
    np = numpy()
    return "is undefined" if np.isnan(value).any() else "overflows float64 (or divides by zero)"


def _undefined(graph: Graph, i: int, values: list, what: str) -> str:
    """Where a gate fails: the node, the first bad entry and its inputs there."""
    np = numpy()
    node = graph.nodes[i]
    value = values[i]
    args = [values[j] for j in node.inputs]
    at = ""
    if value is not None and value.shape and not np.isfinite(value).all():
        index = tuple(int(k) for k in np.argwhere(~np.isfinite(value))[0])
        at = f" at entry {_entry_text(index)}"
        if node.op.arrays.vjp is None:  # elementwise: each input's entry there
            args = [np.broadcast_to(a, value.shape)[index] for a in args]
    shown = ", ".join(f"{graph.nodes[j].id} = {_shown(a)}" for j, a in zip(node.inputs, args))
    return f"{gate_words(node)} {what}{at}, with {shown}{domain_words(node)}"


def _shown(value) -> str:
    text = format_value(value)
    return text if len(text) <= 80 else f"{describe(value)}"


def run(graph: Graph, values: dict) -> TensorTrace:
    """Forward, then backward from the output, which must be a scalar (a loss)."""
    forward_values = forward(graph, values)
    require_scalar_output(graph, forward_values)
    return backward(graph, forward_values)
