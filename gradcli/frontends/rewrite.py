"""Graph -> graph rewrites: the same function drawn with other gates.

"Computational graph representation may not be unique" (the lecture). Two
rewrites let the user choose:

* ``expand`` lowers compound gates to the lecture's primitives (``*c``, ``+c``,
  ``exp``, ``1/x``, ``+``, ``*``; ``sum`` for arrays), following each gate's record
  (its ``chain`` or ``expand`` recipe, core/recipes.py): ``sigmoid(t)`` becomes
  ``*-1, exp, +1, 1/x``; ``norm2(x)`` becomes ``sum(x * x)``, ``dot(u, v)`` ``sum(u * v)``;
  ``a/b`` becomes ``a * (1/b)``; ``a-b`` becomes ``a + (-1*b)``; powers become
  products (small integer exponents) or ``exp(c*log(x))``.
* ``fuse`` does the reverse where a gate's chain is written out:
  ``1/(1+exp(-t))`` becomes one ``sigmoid`` gate, local gradient (1-σ)σ.

Both are pure: they return a new Graph and leave the old one alone. A node
keeps its name (a variable's, a user's, the output's ``f``); automatic ids are
renumbered in topological order, so ``n1, n2, ...`` still read top to bottom.
Gates are interned as in graph.py: the same gate on the same inputs is one node.
"""

from __future__ import annotations

from ..errors import InputError
from ..core.graph import Const, Graph, Node, auto_prefix
from ..core.numfmt import format_number
from ..core.ops import OPS
from ..core.recipes import Step

_OUTPUT_NAMES = ("f", "out", "output")  # the automatic names graph.py gives an output


class _Rebuilder:
    """Emits the new graph's nodes in topological order, interning gates."""

    def __init__(self, old: Graph):
        self.old = old
        self.nodes: list[Node] = []
        self.interned: dict[tuple, int] = {}
        self.where: dict[int, int] = {}  # old index -> new index
        self.aliases: dict[str, int] = {}

    def gate(self, step: Step, inputs: tuple[int, ...]) -> int:
        key = (step.op, inputs, step.c)
        if key in self.interned:
            return self.interned[key]
        const = None
        if step.c is not None:
            const = Const(step.c, step.text if step.text is not None else format_number(step.c))
        op = OPS[step.op]
        label = op.gate_label(const.value, const.text) if const is not None else op.label
        self.nodes.append(Node(None, op, inputs, const, label))
        self.interned[key] = len(self.nodes) - 1
        return len(self.nodes) - 1

    def chain(self, steps: tuple[Step, ...], start: int) -> int:
        for step in steps:
            start = self.gate(step, (start,))
        return start

    def copy(self, index: int) -> int:
        """The old node as it is, on the new inputs."""
        node = self.old.nodes[index]
        inputs = tuple(self.where[j] for j in node.inputs)
        if node.op.name == "var":
            self.nodes.append(Node(node.id, node.op, (), None, node.label, node.named))
            return len(self.nodes) - 1
        key = (node.op.name, inputs, None if node.const is None else node.const.value)
        if key not in self.interned:
            self.nodes.append(Node(None, node.op, inputs, node.const, node.label))
            self.interned[key] = len(self.nodes) - 1
        return self.interned[key]

    def adopt(self, index: int, new: int) -> None:
        """The new node ``new`` stands for old node ``index``: it takes its name."""
        self.where[index] = new
        old, node = self.old.nodes[index], self.nodes[new]
        if not old.named:
            return
        if node.named and node.id != old.id:
            self.aliases[old.id] = new  # two named stages became one node
        else:
            node.id, node.named = old.id, True

    def finish(self) -> Graph:
        old = self.old
        output = self.where[old.output]
        out_node = self.nodes[output]
        if not out_node.named:  # "f" stays "f"; an automatic id is renumbered below
            kept = old.output_node.id in _OUTPUT_NAMES
            out_node.id = old.output_node.id if kept else None
        user_names = {n.id for n in self.nodes if n.named} | set(_old_aliases(old))
        prefix = auto_prefix(user_names)
        count = 0
        for node in self.nodes:
            if not node.named and node.id is None:
                count += 1
                node.id = f"{prefix}{count}"
        aliases = {alias: self.where[index] for alias, index in _old_aliases(old).items()}
        for alias, index in self.aliases.items():
            aliases.setdefault(alias, index)
        variables = [i for i, n in enumerate(self.nodes) if n.op.name == "var"]
        return Graph(old.text, self.nodes, output, variables, aliases)


def _old_aliases(graph: Graph) -> dict[str, int]:
    return {name: i for name, i in graph.names.items() if graph.nodes[i].id != name}


# --- expand: compound gates -> the lecture's primitives, as each gate's record says


def expand(graph: Graph) -> Graph:
    """The same function with compound gates lowered to the lecture's primitives."""
    out = _Rebuilder(graph)
    for index, node in enumerate(graph.nodes):
        args = tuple(out.where[j] for j in node.inputs)
        lowered = _lower(out, node, args)
        out.adopt(index, out.copy(index) if lowered is None else lowered)
    return out.finish()


def _lower(out: _Rebuilder, node: Node, args: tuple[int, ...]) -> int | None:
    """The new node computing ``node`` from primitives, or None to keep it as is."""
    op = node.op
    if op.chain:
        return out.chain(op.chain, args[0])
    if op.expand is None:
        return None
    const = node.const
    return op.expand(out, args, *((const.value, const.text) if const is not None else (None, None)))


# --- fuse: written-out patterns -> one gate

# Each gate that is a chain of lecture gates (its record's ``chain``), by the chain
# from the top node down to the gate that reads t.
FUSE_PATTERNS: dict[str, tuple[Step, ...]] = {
    op.name: tuple(reversed(op.chain)) for op in OPS.values() if op.chain
}


def fuse(graph: Graph) -> Graph:
    """The same function with written-out patterns (``1/(1+exp(-t))``) as one gate."""
    matches = _find_patterns(graph)
    absorbed = {k for _, _, inner in matches.values() for k in inner}
    out = _Rebuilder(graph)
    for index in range(len(graph.nodes)):
        if index in absorbed:
            continue
        if index in matches:
            op, t, _ = matches[index]
            new = out.gate(Step(op), (out.where[t],))
        else:
            new = out.copy(index)
        out.adopt(index, new)
    return out.finish()


def _find_patterns(graph: Graph) -> dict[int, tuple[str, int, list[int]]]:
    """Top node -> (fused op, t, the chain's inner nodes), outermost patterns first."""
    uses = [0] * len(graph.nodes)
    for node in graph.nodes:
        for j in node.inputs:
            uses[j] += 1
    uses[graph.output] += 1
    matches: dict[int, tuple[str, int, list[int]]] = {}
    taken: set[int] = set()
    for top in range(len(graph.nodes) - 1, -1, -1):
        if top in taken:
            continue
        for op, steps in FUSE_PATTERNS.items():
            found = _match(graph, top, steps, uses)
            if found is not None:
                matches[top] = (op, *found)
                taken.update(found[1])
                break
    return matches


def _match(graph: Graph, top: int, steps: tuple[Step, ...], uses: list[int]):
    """(t, inner nodes) when the chain below ``top`` is ``steps``, else None.

    Inner nodes must feed only the chain and carry no user name: fusing them
    away must not lose a value the user named or another gate reads.
    """
    chain, index = [], top
    for position, step in enumerate(steps):
        node = graph.nodes[index]
        c = node.const.value if node.const is not None else None
        if node.op.name != step.op or c != step.c:
            return None
        if position > 0:
            if uses[index] != 1 or node.named:
                return None
            chain.append(index)
        index = node.inputs[0]
    return index, chain


# --- the user's choice

FORMS = {"written": None, "expanded": expand, "fused": fuse}


def apply_form(graph: Graph, form: str) -> Graph:
    """``graph`` in the chosen representation: written (as is), expanded or fused."""
    if form not in FORMS:
        raise InputError(f"unknown graph form {form!r}: choose one of {', '.join(FORMS)}")
    rewrite = FORMS[form]
    return graph if rewrite is None else rewrite(graph)
