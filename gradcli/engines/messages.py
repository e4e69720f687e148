"""What every engine says where a gate is undefined, overflows or sits at a kink.

The scalar and the array engine (and exact mode's kink warnings) word their
errors alike from these pieces; only where they point differs (the inputs'
values, or an array's first bad entry).
"""

from __future__ import annotations

from ..core.graph import Node
from ..core.numfmt import format_number

NO_LOCAL_GRADIENT = "has no finite local gradient"
GRADIENT_OVERFLOWS = "has a gradient that overflows to inf or nan"


def gate_words(node: Node) -> str:
    """``node n1 (*)``: how a message names a gate."""
    return f"node {node.id} ({node.label})"


def domain_words(node: Node) -> str:
    """``; log needs x > 0`` for a gate with a domain, else nothing."""
    return f"; {node.label} needs {node.op.domain}" if node.op.domain else ""


def kink_words(node: Node, where: str) -> str:
    return (f"kink at {gate_words(node)} {where}: not differentiable there; "
            f"convention: {node.op.convention}")


def kink_message(node: Node, values: list, fmt=format_number) -> str:
    """A kink warning naming the gate's inputs; ``fmt`` prints the values (exact mode
    passes its own)."""
    shown = ", ".join(fmt(values[j]) for j in node.inputs)
    plural = "s" if len(node.inputs) > 1 else ""
    return kink_words(node, f"with input{plural} {shown}")
