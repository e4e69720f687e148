"""The named mistakes: stable codes, what each means, and a hint that teaches without
giving the number. docs/mistakes.md shows each with an example (tests keep the two in step).

A mistake is named at the number that is wrong (``node``) and the gate whose step went
wrong (``gate``); for ``branch-not-summed``, ``value-for-grad``, ``forward`` and ``shape``
that is the node itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.array_rules import shape_text
from ...core.graph import Graph


@dataclass(frozen=True)
class Kind:
    code: str
    meaning: str
    hint: str  # a template: {node}, {gate}, {label}, {branches}, {shape}, {formula}


KINDS = [
    Kind("sign-dropped", "a `*-1` (negation) gate passed the gradient back without the sign",
         "at {gate} (`{label}`), the gradient flowing back changes sign: multiply the upstream "
         "gradient by the gate's constant, sign included"),
    Kind("mul-not-swapped", "a `*` gate's gradient used the input's own value instead of the "
         "other input's",
         "at {gate} (`*`), the local gradient for one input is the other input's value: "
         "the multiply gate swaps"),
    Kind("exp-local", "the exp gate's local gradient taken as its input instead of e^x",
         "at {gate} (`exp`), the local gradient of e^x is e^x itself, the gate's own output, "
         "not its input"),
    Kind("recip-local", "the 1/x gate's local gradient taken as −1/x or 1/x² instead of −1/x²",
         "at {gate} (`{label}`), the local gradient of 1/x is −1/x²: square the input, and "
         "keep the minus sign"),
    Kind("sigmoid-local", "the sigmoid gate's local gradient taken as σ or 1 − σ instead of "
         "σ(1 − σ)",
         "at {gate} (`sigmoid`), the local gradient is σ(1 − σ), both factors, from the gate's "
         "output σ"),
    Kind("transposed", "a matmul gradient transposed or multiplied in the wrong order "
         "(dW = xᵀ·dy for dy·xᵀ)",
         "at {gate} (`@`), let the shapes decide the order: {formula}; each gradient has the "
         "shape of its input"),
    Kind("branch-not-summed", "at a fan-out, only one path's contribution kept",
         "{node} feeds several gates ({branches}): its gradient is the sum of the gradients "
         "flowing back along every branch"),
    Kind("upstream-only", "the local gradient forgotten: the upstream gradient passed through "
         "unchanged",
         "at {gate} (`{label}`), the upstream gradient was passed back as it is: multiply it "
         "by the gate's local gradient"),
    Kind("local-only", "the upstream gradient forgotten: only the local gradient written",
         "at {gate} (`{label}`), only the local gradient was written: multiply it by the "
         "upstream gradient arriving at {gate}"),
    Kind("value-for-grad", "the forward value written where the gradient belongs",
         "at {node}, the number is the forward value; below the wire goes the gradient "
         "flowing back, ∂{output}/∂{node}"),
    Kind("forward", "a forward value wrong",
         "at {node} (`{label}`), the forward value is not what the gate gives for its inputs: "
         "recompute it from the values on its input wires"),
    Kind("shape", "a number of the wrong shape",
         "at {node}, the number has the wrong shape: a value or gradient has the shape of its "
         "node's value ({shape})"),
    Kind("unknown", "wrong, and no catalogued mistake explains it",
         "at {node}, the number does not follow from the numbers it is computed from: "
         "recompute {how}"),
]
CODES = {kind.code: kind for kind in KINDS}

# Where two explanations give the same number, the first in this order wins: the
# gate-specific ones before the generic ones.
PRIORITY = [kind.code for kind in KINDS]


def hint(code: str, graph: Graph, node: int, gate: int, field: str,
         consumers: list[tuple[int, int]], shape: tuple = ()) -> str:
    """The hint for a mistake, in the graph's names; never the number itself. ``shape``:
    the right shape of the number."""
    nodes = graph.nodes
    fill = {"node": nodes[node].id, "gate": nodes[gate].id, "label": nodes[gate].label,
            "output": graph.output_node.id,
            "branches": ", ".join(nodes[c].id for c, _ in consumers),
            "shape": shape_text(shape), "formula": "", "how": ""}
    if code == "transposed":
        fill["formula"] = _matmul_formulas(graph, gate)
    if code == "forward" and nodes[node].op.name == "var":
        return f"{nodes[node].id} is an input: its value is given, copy it"
    if code == "unknown":
        fill["how"] = _how(graph, node, field, consumers)
    return CODES[code].hint.format(**fill)


def _matmul_formulas(graph: Graph, gate: int) -> str:
    node = graph.nodes[gate]
    a, b = (graph.nodes[j].id for j in node.inputs)
    out, y = graph.output_node.id, node.id
    return f"∂{out}/∂{a} = ∂{out}/∂{y} · {b}ᵀ and ∂{out}/∂{b} = {a}ᵀ · ∂{out}/∂{y}"


def _how(graph: Graph, node: int, field: str, consumers: list[tuple[int, int]]) -> str:
    if field == "value":
        return "the gate's output from its inputs' values"
    if not consumers:
        return f"where backprop starts: ∂{graph.output_node.id}/∂{graph.output_node.id}"
    gates = ", ".join(graph.nodes[c].id for c, _ in consumers)
    summed = " and add the branches" if len(consumers) > 1 else ""
    return f"upstream gradient × local gradient at {gates}{summed}"
