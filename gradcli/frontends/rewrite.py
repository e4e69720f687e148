"""Graph -> graph rewrites: the same function drawn with other gates.

"Computational graph representation may not be unique" (the lecture). Two
rewrites let the user choose:

* ``expand`` lowers compound gates to the lecture's primitives (``*c``, ``+c``,
  ``exp``, ``1/x``, ``+``, ``*``; ``sum`` for arrays): ``sigmoid(t)`` becomes
  ``*-1, exp, +1, 1/x``; ``norm2(x)`` becomes ``sum(x * x)``, ``dot(u, v)`` ``sum(u * v)``;
  ``a/b`` becomes ``a * (1/b)``; ``a-b`` becomes ``a + (-1*b)``; powers become
  products (small integer exponents) or ``exp(c*log(x))``.
* ``fuse`` does the reverse where a known pattern is written out:
  ``1/(1+exp(-t))`` becomes one ``sigmoid`` gate, local gradient (1-σ)σ.

Both are pure: they return a new Graph and leave the old one alone. A node
keeps its name (a variable's, a user's, the output's ``f``); automatic ids are
renumbered in topological order, so ``n1, n2, ...`` still read top to bottom.
Gates are interned as in graph.py: the same gate on the same inputs is one node.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import InputError
from ..core.graph import Const, Graph, Node, auto_prefix
from ..core.numfmt import format_number
from ..core.ops import OPS

# Integer exponents up to this size become a square-and-multiply chain of ``*``.
MAX_PRODUCT_EXPONENT = 16
_OUTPUT_NAMES = ("f", "out", "output")  # the automatic names graph.py gives an output


@dataclass(frozen=True)
class Step:
    """One gate of a rewrite chain: op name and folded constant (None for none)."""

    op: str
    c: float | None = None
    text: str | None = None  # how the constant reads in the gate's label


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
        names = {node.id: i for i, node in enumerate(self.nodes)}
        for alias, index in _old_aliases(old).items():
            names.setdefault(alias, self.where[index])
        for alias, index in self.aliases.items():
            names.setdefault(alias, index)
        variables = [i for i, n in enumerate(self.nodes) if n.op.name == "var"]
        return Graph(old.text, self.nodes, output, variables, names)


def _old_aliases(graph: Graph) -> dict[str, int]:
    return {name: i for name, i in graph.names.items() if graph.nodes[i].id != name}


# --- expand: compound gates -> the lecture's primitives

_SIGMOID = (Step("mulc", -1.0), Step("exp"), Step("addc", 1.0), Step("recip", 1.0))
# tanh(t) = 2*sigmoid(2t) - 1 = 2/(1 + exp(-2t)) - 1
_TANH = (Step("mulc", -2.0), Step("exp"), Step("addc", 1.0), Step("recip", 1.0),
         Step("mulc", 2.0), Step("addc", -1.0))
_NEGATE = Step("mulc", -1.0)
_RECIP = Step("recip", 1.0)


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
    name = node.op.name
    c = node.const.value if node.const is not None else None
    if name == "sigmoid":
        return out.chain(_SIGMOID, args[0])
    if name == "tanh":
        return out.chain(_TANH, args[0])
    if name == "sub":
        return out.gate(Step("add"), (args[0], out.gate(_NEGATE, (args[1],))))
    if name == "div":
        return out.gate(Step("mul"), (args[0], out.gate(_RECIP, (args[1],))))
    if name == "rsubc":  # c - t = (-1*t) + c
        negated = out.gate(_NEGATE, args)
        return negated if c == 0 else out.gate(Step("addc", c, node.const.text), (negated,))
    if name == "recip" and c != 1:  # c/t = c * (1/t)
        return out.gate(Step("mulc", c, node.const.text), (out.gate(_RECIP, args),))
    if name == "divc" and c != 0:  # t/c = t * (1/c)
        return out.gate(Step("mulc", 1.0 / c, _reciprocal_text(node.const.text)), args)
    if name == "sqrt":
        return _exp_of_product(out, args[0], Step("mulc", 0.5))
    if name == "powc":
        return _lower_power(out, args[0], c, node.const.text)
    if name == "pow":  # a**b = exp(log(a)*b)
        return out.gate(Step("exp"), (out.gate(Step("mul"), (out.gate(Step("log"), args[:1]),
                                                              args[1])),))
    if name == "norm2":  # ||x||² = sum(x * x)
        return out.gate(Step("sum"), (out.gate(Step("mul"), (args[0], args[0])),))
    if name == "dot":  # dot(u, v) = sum(u * v)
        return out.gate(Step("sum"), (out.gate(Step("mul"), args),))
    if name == "cpow" and c > 0:  # c**t = exp(ln(c)*t)
        return out.gate(Step("exp"), (out.gate(Step("mulc", math.log(c),
                                                    f"ln({node.const.text})"), args),))
    return None


def _lower_power(out: _Rebuilder, base: int, c: float, text: str) -> int | None:
    if c.is_integer() and 2 <= abs(c) <= MAX_PRODUCT_EXPONENT:
        product = _square_and_multiply(out, base, int(abs(c)))
        return product if c > 0 else out.gate(_RECIP, (product,))
    if c == -1:
        return out.gate(_RECIP, (base,))
    if not c.is_integer():  # a fractional power needs x > 0 anyway: exp(c*log(x))
        return _exp_of_product(out, base, Step("mulc", c, text))
    return None  # x^0, x^1 and large integer powers have no simpler chain


def _square_and_multiply(out: _Rebuilder, base: int, n: int) -> int:
    result = base
    for bit in bin(n)[3:]:
        result = out.gate(Step("mul"), (result, result))
        if bit == "1":
            result = out.gate(Step("mul"), (result, base))
    return result


def _exp_of_product(out: _Rebuilder, base: int, scale: Step) -> int:
    return out.chain((Step("log"), scale, Step("exp")), base)


def _reciprocal_text(text: str) -> str:
    return f"-1/{text[1:]}" if text.startswith("-") else f"1/{text}"


# --- fuse: written-out patterns -> one gate

# Each pattern is the chain from the top node down to the gate that reads t.
FUSE_PATTERNS: dict[str, tuple[Step, ...]] = {
    "sigmoid": tuple(reversed(_SIGMOID)),
    "tanh": tuple(reversed(_TANH)),
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
