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


@dataclass(slots=True)
class Const:
    value: float
    text: str  # as shown in a gate label: "2", "-1", "pi"
    # A number or named constant as written ("0.1", "pi"), for exact arithmetic: 0.1 is
    # 1/10, not the float's binary value. Only the text, not the AST: a 10^6-statement
    # program keeps no AST once its graph is built.
    source: str | None = None
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
    # Names besides the node ids: an alias (``b`` in ``b = a``: one node, two names).
    aliases: dict[str, int] = field(default_factory=dict)
    unused: list[str] = field(default_factory=list)  # program inputs the output does not need
    spellings: dict[str, str] = field(default_factory=dict)  # LaTeX's w_0 -> the variable w0
    # inputs that have a value but that the expression never reads: their gradient is 0
    idle: list[str] = field(default_factory=list)
    plan: tuple | None = field(default=None, repr=False, compare=False)  # engine's cache
    _names: dict[str, int] | None = field(default=None, init=False, repr=False, compare=False)
    _inputs: dict[str, int] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def names(self) -> dict[str, int]:
        """Every name a user can ask for -> node index: node ids, aliases, spellings.

        Made on first use, not with the graph: most runs never look a name up, and for
        10^6 nodes the map would be a sixth of the graph's memory.
        """
        if self._names is None:
            names = {node.id: i for i, node in enumerate(self.nodes)}
            for alias, index in self.aliases.items():
                names.setdefault(alias, index)
            for spelled, name in self.spellings.items():
                if name in names:
                    names.setdefault(spelled, names[name])
            self._names = names
        return self._names

    @property
    def variable_names(self) -> list[str]:
        return [self.nodes[i].id for i in self.variables]

    @property
    def output_node(self) -> Node:
        return self.nodes[self.output]

    def index(self, name: str) -> int | None:
        # The inputs are the names most asked for (every gradient printed): their own small
        # map, so that printing gradients never makes the map of every node's name.
        if self._inputs is None:
            self._inputs = {self.nodes[i].id: i for i in self.variables}
        found = self._inputs.get(name)
        return found if found is not None else self.names.get(name)


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
    aliases = {k: where[i] for k, i in graph.aliases.items() if i in where}
    variables = [where[i] for i in graph.variables if i in where]
    unused = [graph.nodes[i].id for i in graph.variables if i not in where]
    kept = {node.id for node in nodes}.union(aliases)
    spellings = {k: v for k, v in graph.spellings.items() if v in kept}
    return Graph(graph.text, nodes, where[index], variables, aliases, unused, spellings)


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
