"""Whether a rewritten graph (``--expand``, ``--fuse``) lost what the written one computes.

The forms are the same function, but not the same floating-point computation: expanded,
``log(sigmoid(t))`` at t = -574.7 divides by ``exp(574.7)`` squared, whose local gradient
``-1/u**2`` underflows to 0, and the gradient 1 becomes 0. When an intermediate of the
rewritten form underflows (a value or local gradient 0 or subnormal from nonzero inputs)
and the result differs from the written form's, a warning names the node.
"""

from __future__ import annotations

import math
import sys
from typing import Mapping

from ..core.graph import Graph
from ..core.numfmt import format_number
from ..engines.trace import Trace
from ..errors import GradcliError

# Gates whose value or local gradient is 0 from nonzero inputs only by underflow
# (a sum, relu or max is 0 legitimately).
_UNDERFLOWING = frozenset({"mul", "div", "pow", "exp", "sigmoid", "tanh", "mulc", "divc",
                           "recip", "powc", "cpow"})
_TINY = sys.float_info.min  # the smallest normal float64
_FLAGS = {"expanded": "--expand", "fused": "--fuse"}


def form_warnings(written: Graph, rewritten: Graph, values: Mapping[str, float],
                  trace: Trace, form: str) -> list[str]:
    """A warning per input whose gradient the rewritten form lost to an underflow."""
    if trace.arrays or written is rewritten:
        return []
    culprit = _first_underflow(rewritten, trace)
    if culprit is None:
        return []
    from ..engines.scalar import run

    try:
        reference = run(written, dict(values))
    except GradcliError:  # the written form fails at this point: nothing to compare with
        return []
    node, flag = rewritten.nodes[culprit], _FLAGS.get(form, form)
    out = rewritten.output_node.id
    lost = [(name, g, reference.grads[i]) for name, g, i in _gradients(rewritten, trace, written)
            if not _close(g, reference.grads[i])]
    return [f"{flag}: node {node.id} ({node.label}) underflows in the {form} form, where the "
            f"written form does not: ∂{out}/∂{name} is {format_number(g)} {form}, "
            f"{format_number(r)} as written" for name, g, r in lost]


def _first_underflow(graph: Graph, trace: Trace) -> int | None:
    for i, node in enumerate(graph.nodes):
        if node.op.name not in _UNDERFLOWING:
            continue
        inputs = [trace.values[j] for j in node.inputs]
        if not all(x != 0 and math.isfinite(x) for x in inputs):
            continue
        if any(_underflowed(v) for v in (trace.values[i], *trace.locals[i])):
            return i
    return None


def _underflowed(x) -> bool:
    return x is not None and abs(x) < _TINY


def _gradients(rewritten: Graph, trace: Trace, written: Graph):
    where = {written.nodes[i].id: i for i in written.variables}
    for i in rewritten.variables:
        name = rewritten.nodes[i].id
        if name in where:
            yield name, trace.grads[i], where[name]


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-300)
