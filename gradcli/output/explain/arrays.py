"""``explain`` with vectors and matrices: the VJP of an array gate, narrated with shapes.

An elementwise gate is narrated as with numbers, ``[upstream] × [local]`` entry
by entry (plus the sum over broadcast axes, when there is one). An array gate
has no local gradient to show (its Jacobian is never built): its VJP rule from
the op registry is written out in the graph's names, in numbers, and, for the
matrix product, with the shapes, as the lecture does for y = x·w:
dL/dx = dL/dy · wᵀ, dL/dw = xᵀ · dL/dy.
"""

from __future__ import annotations

import re

from ...core.array_rules import numpy
from ...core.arrays import describe
from ...engines.arrays import input_gradient

# The registry's VJP formulas: x, y (the inputs), c (the constant), g (the upstream
# gradient), ᵀ and · (written by each Style: ᵀ and · in text, ^{\top} and \cdot in LaTeX).
_TOKEN = re.compile(r"(?<![A-Za-z0-9_])([xycg])(?![A-Za-z0-9_])|(ᵀ)|(·)"
                    r"|((?:[ (]*[A-Za-z][A-Za-z/]+[ )]*)+)")  # words, as in "copied to every entry"
_ALGEBRA = re.compile(r"[\s·*/@ᵀ()0-9.xyg]*")  # formulas that can be written in numbers


def fill_vjp(template: str, slots: dict[str, str], style) -> str:
    """A VJP formula with its placeholders filled, its words and symbols in ``style``."""
    def replace(m: re.Match) -> str:
        if m.group(2):
            return style.transpose
        if m.group(3):
            return style.matmul
        if m.group(4):
            return style.words(m.group(4))
        return slots.get(m.group(1), m.group(1))

    return _TOKEN.sub(replace, template)


def vjp_parts(result, style, name: list[str], i: int, k: int, only_branch: bool) -> dict:
    """The pieces of one input's line: ``W: ∂f/∂W = ∂f/∂n1 · xᵀ = [..] · [..]ᵀ = [..]``."""
    graph, trace = result.graph, result.trace
    node = graph.nodes[i]
    out = name[graph.output]
    template = node.op.arrays.vjp_formulas[k]
    names = dict(zip("xy", (name[j] for j in node.inputs)), g=style.partial(out, name[i]))
    values = dict(zip("xy", (style.number(trace.values[j])[0] for j in node.inputs)),
                  g=style.number(trace.grads[i])[0])
    if node.const is not None:
        names["c"] = values["c"] = style.number(node.const.value)[0]
    value = input_gradient(graph, trace, i, k)
    return {
        "partial": style.partial(out, name[node.inputs[k]]) if only_branch else "",
        "formula": fill_vjp(template, names, style),
        "numbers": fill_vjp(template, values, style) if _ALGEBRA.fullmatch(template) else "",
        "product": style.number(value)[0],
        "shapes": _vjp_shapes(node.op.arrays, [trace.values[j].shape for j in node.inputs], k),
    }


def _vjp_shapes(rules, shapes: list[tuple], k: int) -> str:
    """How the shapes of input k's VJP fit, for the gates whose record says (``@``)."""
    return rules.vjp_shapes(shapes, k) if rules.vjp_shapes is not None else ""


def reduced(result, style, i: int, k: int, product) -> str:
    """An elementwise gate's downstream gradient summed over broadcast axes, if it was."""
    j = result.graph.nodes[i].inputs[k]
    target = result.trace.values[j].shape
    if numpy().shape(product) == target:
        return ""
    from ...engines.arrays import unbroadcast

    total = unbroadcast(numpy().asarray(product), target)
    return f"summed over broadcast axes to {describe(total)}: {style.number(total)[0]}"


def consumers(graph) -> dict[int, int]:
    """How many gate inputs each node feeds (more than one: its gradients add)."""
    count: dict[int, int] = {}
    for node in graph.nodes:
        for j in node.inputs:
            count[j] = count.get(j, 0) + 1
    return count
