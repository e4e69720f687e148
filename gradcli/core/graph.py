"""The Graph: the circuit as the lecture draws it, as plain data every layer reads.

Nodes come in topological order (input variables first, in order of first
appearance, then gates in evaluation order); each names its op in the registry,
its inputs by index, and the constant folded into it. frontends/build.py makes
graphs from programs; frontends/rewrite.py makes graphs from graphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..errors import InputError, ValueInputError, printable
from .ops import Op
from .program import Ast


@dataclass(slots=True)
class Const:
    value: float
    text: str  # as shown in a gate label: "2", "-1", "pi"
    ast: Ast | None = None  # where it came from, for exact arithmetic
    # How it was computed, also for exact arithmetic: the op (or "neg") applied to
    # ``parts``; None for a number or a named constant, read from ``ast``.
    op: str | None = None
    parts: tuple[Const, ...] = ()


@dataclass(slots=True, eq=False)
class Node:
    id: str | None  # unique name: a variable's name, the user's name, or an automatic one
    op: Op
    inputs: tuple[int, ...] = ()
    const: Const | None = None
    label: str = ""
    named: bool = False  # named by the user (a variable or an assignment)


@dataclass
class Graph:
    text: str
    nodes: list[Node]
    output: int
    variables: list[int]  # indices of the input variables, in order
    names: dict[str, int] = field(default_factory=dict)  # node ids and aliases -> index
    unused: list[str] = field(default_factory=list)  # program inputs the output does not need
    spellings: dict[str, str] = field(default_factory=dict)  # LaTeX's w_0 -> the variable w0
    # inputs that have a value but that the expression never reads: their gradient is 0
    idle: list[str] = field(default_factory=list)
    plan: list | None = field(default=None, repr=False, compare=False)  # engine's cache

    @property
    def variable_names(self) -> list[str]:
        return [self.nodes[i].id for i in self.variables]

    @property
    def output_node(self) -> Node:
        return self.nodes[self.output]

    def index(self, name: str) -> int | None:
        return self.names.get(name)


def select_output(graph: Graph, name: str) -> Graph:
    """The circuit that computes node ``name`` (``--output``): its ancestors, ids kept."""
    index = graph.index(name)
    if index is None:
        known = ", ".join(graph.names)
        raise InputError(
            f"no node named {printable(name)!r} to be the output (named nodes: {known})"
        )
    keep = {index}
    stack = [index]
    while stack:
        for j in graph.nodes[stack.pop()].inputs:
            if j not in keep:
                keep.add(j)
                stack.append(j)
    order = sorted(keep)
    where = {old: new for new, old in enumerate(order)}
    nodes = [replace(graph.nodes[i], inputs=tuple(where[j] for j in graph.nodes[i].inputs))
             for i in order]
    names = {k: where[i] for k, i in graph.names.items() if i in where}
    variables = [where[i] for i in graph.variables if i in where]
    unused = [graph.nodes[i].id for i in graph.variables if i not in where]
    spellings = {k: v for k, v in graph.spellings.items() if v in names}
    return Graph(graph.text, nodes, where[index], variables, names, unused, spellings)


def node_index(graph: Graph, name: str) -> int:
    """The index of the node a user names (an input, a named stage, an alias, ``n3``)."""
    index = graph.index(name)
    if index is None:
        known = ", ".join(graph.names)
        raise ValueInputError(f"no node named {printable(name)!r} (named nodes: {known})")
    return index


def auto_prefix(used: set[str]) -> str:
    """A prefix for automatic node ids that no user name can collide with."""
    for prefix in ("n", "g", "node", "gate"):
        pattern = re.compile(re.escape(prefix) + r"\d+$")
        if not any(pattern.match(name) for name in used):
            return prefix
    return "_n"  # user names start with a letter
