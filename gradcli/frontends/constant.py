"""A value written as a constant expression (``1/3``, ``pi/2``, ``-2*pi``, ``2^-3``, ``e``),
read by our own parser: constants and arithmetic only, never a name that is not a constant.

>>> constant_of("pi/2").value, constant_of("2^-3").value
(1.5707963267948966, 0.125)
"""

from __future__ import annotations

from ..core.graph import Const
from ..errors import InputError
from .build import build_graph
from .source import parse_any


def constant_of(text: str) -> Const:
    """The folded constant ``text`` computes; an ``InputError`` when it is not one."""
    graph = build_graph(parse_any(text, latex=False))
    if graph.variables:
        names = ", ".join(graph.variable_names)
        raise InputError(f"a value is a number or a constant expression, not a formula of {names}")
    node = graph.output_node
    if node.op.name != "const" or node.const is None:
        raise InputError("a value is a number or a constant expression")
    return node.const
