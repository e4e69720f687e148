"""Program -> Graph: the circuit as the lecture draws it.

Nodes come in topological order (input variables first, in order of first
appearance, then gates in evaluation order). The structure is what the user
wrote: nothing is reordered or simplified, except that

* a constant operand is folded into a one-input gate labelled as in the
  lecture (``1/t`` is ``1/x``, ``1 + t`` is ``+1``, ``-t`` is ``*-1``), and
  constant-only subexpressions are computed;
* the same gate on the same inputs is one node (``x*y + x*y`` has one ``*``),
  so a reused subexpression fans out and its gradients add.

The AST is walked with an explicit stack, never by recursion.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ..core.graph import Const, Graph, Node, auto_prefix, select_output
from ..core.numfmt import format_number
from ..core.ops import (AXIS_VARIANTS, CALLS, CONSTANTS, FOLD_CONSTANT, MATH_FAILURES, OPS, Op,
                        failure_words)
from ..core.program import Ast, Program
from ..errors import LimitError, MathError, ParseError, printable
from ..limits import Limits
from ..limits import active as active_limits
from .plain import NAME_TEXT
from .source import parse_any

_IDENTIFIER = re.compile(NAME_TEXT)
_BINOPS = {"+": "add", "-": "sub", "*": "mul", "/": "div", "**": "pow", "@": "matmul"}


def build_graph(
    source: str | Program,
    given: frozenset[str] | set[str] = frozenset(),
    limits: Limits | None = None,
    keep_idle: bool = False,
) -> Graph:
    """Build the graph of an expression or program.

    ``given`` names the variables that have values: ``e`` and ``pi`` are
    constants unless given a value or assigned by the program. With ``keep_idle``
    a given name the expression does not read is an input all the same (listed in
    ``Graph.idle``): a shared values file may hold more variables than one problem uses,
    and their gradient is 0.
    """
    limits = limits or active_limits()
    program = parse_any(source, limits=limits, stream=True) if isinstance(source, str) else source
    graph = _Builder(program, frozenset(given), limits.max_nodes, keep_idle).build()
    return graph if program.output is None else select_output(graph, program.output)


class _Builder:
    def __init__(self, program: Program, given: frozenset[str], max_nodes: int,
                 keep_idle: bool = False):
        self.program = program
        self.keep_idle = keep_idle
        self.max_nodes = max_nodes
        self.text = program.text
        self.given = given
        self.nodes: list[Node] = []
        self.env: dict[str, int | Const] = {}  # what each name means now
        # The gates made so far, to merge the same gate on the same inputs: gate name ->
        # inputs (with the constant, if any) -> node. The inputs tuple is the node's own,
        # so most entries cost no key of their own.
        self.interned: dict[str, dict] = {}
        self.aliases: dict[str, int] = {}
        self.renamed: set[str] = set()  # display names of reassigned targets: t#2, t#3, ...
        self.next_suffix: dict[str, int] = {}  # target -> the k of its next "target#k"
        # Where each constant of the statement being built was written, for errors that
        # point at it (id(Const) -> Ast); cleared per statement, so no AST outlives its own.
        self.spans: dict[int, Ast] = {}
        self.sources: dict[str, str] = {}  # one copy of each literal's text ("0.5")

    def build(self) -> Graph:
        ref: int | Const = 0
        for stmt in self.program.statements:
            self.spans.clear()
            ref = self.expression(stmt.expr)
            if stmt.target is not None:
                self.assign(stmt.target, ref)
        if isinstance(ref, Const):
            ref = self.gate("const", (), ref)
        self.interned = {}  # freed before finish() makes its own maps: a lower peak
        idle = self.add_idle_inputs() if self.keep_idle else []
        graph = self.finish(ref)
        graph.idle = idle
        return graph

    def add_idle_inputs(self) -> list[str]:
        """An input node for each given name the expression never reads (sorted: ``given``
        is a set). Names that are not identifiers stay out, for resolve_values to refuse."""
        spelled = self.program.aliases
        idle = sorted(name for name in self.given if name not in self.env
                      and name not in spelled and _IDENTIFIER.fullmatch(name))
        for name in idle:
            self.lookup(Ast("name", name))
        return idle

    def assign(self, target: str, ref: int | Const) -> None:
        display = self.display_name(target)
        if display != target:
            self.renamed.add(display)
        self.env[target] = ref
        if isinstance(ref, Const):
            return
        node = self.nodes[ref]
        if node.named:
            self.aliases[display] = ref  # b = a: one node, known by both names
        else:
            node.id, node.named = display, True

    def display_name(self, target: str) -> str:
        """``t``, then ``t#2``, ``t#3``, ... as ``t`` is assigned again.

        The next suffix of each name is remembered, so the n-th reassignment costs
        one probe, not n (counting up from 2 each time made 10^4 reassignments take
        a minute). No user name has a ``#``, so a probe can only meet our own names.
        """
        if target not in self.env:  # every name the program has used is in env
            return target
        k = self.next_suffix.get(target, 2)
        while f"{target}#{k}" in self.renamed:
            k += 1
        self.next_suffix[target] = k + 1
        return f"{target}#{k}"

    def expression(self, root: Ast) -> int | Const:
        # Post-order with two explicit stacks: ASTs still to visit, and the refs
        # (node index or Const) of the subtrees already built, in order.
        refs: list[int | Const] = []
        todo: list[tuple[Ast, bool]] = [(root, False)]
        pop, push = todo.pop, todo.append
        while todo:
            ast, ready = pop()
            kind = ast.kind
            if kind == "num":
                literal = self.text[ast.start : ast.end]
                literal = self.sources.setdefault(literal, literal)
                refs.append(self.const(ast, ast.value, _number_text(ast.value), literal))
            elif kind == "name":
                refs.append(self.lookup(ast))
            elif ready:
                count = len(ast.args)
                args = refs[-count:]
                del refs[-count:]
                refs.append(self.combine(ast, args))
            else:
                push((ast, True))
                for child in reversed(ast.args):
                    push((child, False))
        return refs[-1]

    def lookup(self, ast: Ast) -> int | Const:
        name = ast.value
        if name in self.env:
            return self.env[name]
        if name in CONSTANTS and name not in self.given:
            return self.const(ast, CONSTANTS[name], name, name)
        index = self.gate("var", ())
        node = self.nodes[index]
        node.id, node.named, node.label = name, True, name
        self.env[name] = index
        return index

    def combine(self, ast: Ast, refs: list) -> int | Const:
        if ast.kind == "neg":
            (ref,) = refs
            if isinstance(ref, Const):
                return self.const(ast, -ref.value, _negated(ref.text), None, "neg", (ref,))
            return self.gate("mulc", (ref,), Const(-1.0, "-1"))
        if ast.kind == "binop":
            return self.binary(ast, _BINOPS[ast.value], refs)
        if ast.value in AXIS_VARIANTS and len(refs) == 2:
            return self.gate(AXIS_VARIANTS[ast.value], (self.array_input(ast, refs[0]),),
                             self.axis(ast.args[1]))
        op = OPS[CALLS[ast.value]]
        if len(refs) != op.arity:
            plural = "s" if op.arity != 1 else ""
            axis = " (or 2: the array and an axis)" if ast.value in AXIS_VARIANTS else ""
            raise ParseError(
                f"{ast.value}() takes {op.arity} argument{plural}{axis}, got {len(refs)}",
                self.text, ast.start, ast.end,
            )
        if op.arity == 2:
            return self.binary(ast, op.name, refs)
        (ref,) = refs
        if op.array_only:
            return self.gate(op.name, (self.array_input(ast, ref),))
        if isinstance(ref, Const):
            return self.fold(ast, op, (ref,))
        return self.gate(op.name, (ref,))

    def array_input(self, ast: Ast, ref: int | Const) -> int:
        """An array gate's input: a node (constants are numbers, never arrays)."""
        if isinstance(ref, Const):
            part = self.spans.get(id(ref), ast.args[0])  # a name for a constant: the name
            raise ParseError(f"{ast.value}() takes a vector or matrix variable, not the "
                             f"number {ref.text}",
                             self.text, part.start, part.end)
        return ref

    def axis(self, ast: Ast) -> Const:
        """The axis of sum(A, 0): an integer literal (-1 counts from the last axis)."""
        literal = ast.args[0] if ast.kind == "neg" else ast
        value = literal.value if literal.kind == "num" else None
        if value is None or not float(value).is_integer() or abs(value) > 64:
            raise ParseError("the axis must be an integer literal such as 0, 1 or -1",
                             self.text, ast.start, ast.end)
        value = -value if ast.kind == "neg" else value
        return Const(float(value), format_number(value))

    def binary(self, ast: Ast, name: str, refs: list) -> int | Const:
        a, b = refs
        a_const, b_const = isinstance(a, Const), isinstance(b, Const)
        if OPS[name].array_only and (a_const or b_const):
            const = a if a_const else b
            part = self.spans.get(id(const), ast.args[0 if a_const else 1])
            symbol = OPS[name].label
            raise ParseError(f"{symbol} takes vectors and matrices; {const.text} is a number"
                             + (" (use * to scale)" if name == "matmul" else ""),
                             self.text, part.start, part.end)
        if a_const and b_const:
            return self.fold(ast, OPS[name], (a, b))
        if a_const:
            if name == "pow" and a.text == "e":
                return self.gate("exp", (b,))  # e**t is the lecture's exp gate
            return self.gate(FOLD_CONSTANT[(name, 0)], (b,), a)
        if b_const:
            if name == "sub":  # t - c is the "-c" gate: it adds -c
                negated = Const(-b.value, _negated(b.text), None, "neg", (b,))
                return self.gate("addc", (a,), negated)
            return self.gate(FOLD_CONSTANT[(name, 1)], (a,), b)
        return self.gate(name, (a, b))

    def fold(self, ast: Ast, op: Op, parts: tuple[Const, ...]) -> Const:
        snippet = printable(self.text[ast.start : ast.end], limit=60)
        try:
            value = op.forward(*(c.value for c in parts))
        except MATH_FAILURES as exc:
            raise MathError(f"the constant {snippet} {failure_words(exc)}") from None
        if not math.isfinite(value):
            raise MathError(f"the constant {snippet} overflows float64")
        return self.const(ast, value, format_number(value), None, op.name, parts)

    def const(self, ast: Ast, value: float, text: str, source: str | None,
              op: str | None = None, parts: tuple[Const, ...] = ()) -> Const:
        """A constant, remembering where it was written (for errors in this statement)."""
        const = Const(value, text, source, op, parts)
        self.spans[id(const)] = ast
        return const

    def gate(self, name: str, inputs: tuple[int, ...], const: Const | None = None) -> int:
        gates = self.interned.get(name)
        if gates is None:
            gates = self.interned[name] = {}
        key = inputs if const is None else (inputs, const.value)
        if name != "var" and key in gates:
            return gates[key]
        if len(self.nodes) >= self.max_nodes:
            raise LimitError("the number of graph nodes", len(self.nodes) + 1, self.max_nodes,
                             "--max-nodes")
        op = OPS[name]
        label = _folded_label(op, const.value, const.text) if const is not None else op.label
        self.nodes.append(Node(None, op, inputs, const, label))
        index = len(self.nodes) - 1
        if name != "var":
            gates[key] = index
        return index

    def finish(self, output: int) -> Graph:
        nodes = self.nodes
        is_var = [n.op.name == "var" for n in nodes]
        if any(is_var[i] and not is_var[i - 1] for i in range(1, len(nodes))):
            # Input variables first, then gates, each group in creation order.
            order = [i for i, v in enumerate(is_var) if v]
            order += [i for i, v in enumerate(is_var) if not v]
            where = [0] * len(order)
            for new, old in enumerate(order):
                where[old] = new
            nodes = [nodes[i] for i in order]
            for node in nodes:
                if node.inputs:
                    node.inputs = tuple(map(where.__getitem__, node.inputs))
            output = where[output]
            self.aliases = {alias: where[i] for alias, i in self.aliases.items()}
        self.name_nodes(nodes, output)
        spellings = {}  # LaTeX's other spellings (w_0) of the names that are in the graph
        if self.program.aliases:
            known = {node.id for node in nodes}.union(self.aliases)
            spellings = {k: v for k, v in self.program.aliases.items()
                         if v in known and k not in known}
        variables = [i for i, n in enumerate(nodes) if n.op.name == "var"]
        return Graph(self.text, nodes, output, variables, self.aliases, spellings=spellings)

    def name_nodes(self, nodes: list[Node], output: int) -> None:
        out_node = nodes[output]
        if not out_node.named:  # the lecture calls the output f
            free = [n for n in ("f", "out", "output") if n not in self.env]
            out_node.id = free[0] if free else None
        prefix = auto_prefix(self.env)  # the renamed (t#2) cannot look like n12
        count = 0
        for node in nodes:
            if node.id is None:
                count += 1
                node.id = f"{prefix}{count}"


# Generated programs repeat a few constants thousands of times: format each once.
_number_text = lru_cache(maxsize=4096)(format_number)


@lru_cache(maxsize=4096)
def _folded_label(op: Op, value: float, text: str) -> str:
    return op.gate_label(value, text)


def _negated(text: str) -> str:
    return text[1:] if text.startswith("-") else "-" + text
