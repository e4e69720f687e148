"""Memory a program costs, counted by tracemalloc (deterministic for a Python version), never
timed; benchmarks/run.py measures the whole process's peak (docs/performance.md).

Issue 12: 10^5 statements of ``t = sin(t) * 0.5 + x`` took 302 MB; the causes were every
token and every AST of the program alive at once, ASTs kept by the graph's constants, a
name map of every node made whether or not a name is asked for, and a tuple per node
for the engine's plan and for each ``*c`` gate's local gradient.
"""

from __future__ import annotations

import gc
import math
import tracemalloc

import pytest

from gradcli import api
from gradcli.core.program import Ast
from gradcli.errors import ParseError
from gradcli.frontends.plain import parse
from gradcli.limits import Limits, using


def reassigning(statements: int) -> str:
    return "t = x\n" + "t = sin(t) * 0.5 + x\n" * (statements - 1)


def traced_bytes(action) -> tuple[object, int, int]:
    """(what ``action()`` returns, bytes it still holds, its peak bytes)."""
    tracemalloc.start()
    try:
        kept = action()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return kept, current, peak


def test_a_long_program_costs_a_bounded_number_of_bytes_per_node():
    # Before: 567 bytes a node held and 812 at the peak (tokens and ASTs all alive).
    # Now about 400 and 450; the bounds leave room for other Python versions' object sizes.
    api.evaluate("sin(x) * 0.5 + x", {"x": 0.3}, check=False)  # imports and caches first
    with using(Limits(max_nodes=100_000)):
        result, held, peak = traced_bytes(
            lambda: api.evaluate(reassigning(20_000), {"x": 0.3}, check=False))
    nodes = len(result.graph.nodes)
    assert nodes == 3 * 20_000 - 2
    assert held / nodes < 460
    assert peak / nodes < 540


def _live_asts() -> int:
    return sum(isinstance(o, Ast) for o in gc.get_objects())


def test_no_ast_outlives_the_graph_it_built():
    before = _live_asts()
    text = "".join(f"q{k} = x * 0.1 + pi\n" for k in range(500)) + "f = q499 * 2 + q0"
    result = api.evaluate(text, {"x": 0.3}, exact=True)
    assert _live_asts() == before
    assert result.check.ok
    # the constants still know how they were written: 0.1 is exactly 1/10, pi is pi
    x = result.graph.index("x")
    assert str(result.exact.grads[x]) == "3/10"
    assert str(result.exact.values[result.graph.output]) == "9/100 + 3*pi"  # 3 * (3/10 * 1/10 + pi)


def test_a_streamed_parse_reads_one_statement_at_a_time():
    program = parse("a = x + 1\nb = a * (2 +\n 3)\nc = (", stream=True)  # no error yet
    statements = iter(program.statements)
    assert next(statements).target == "a"
    assert next(statements).target == "b"  # the newline inside parentheses is white space
    with pytest.raises(ParseError, match="never closed|ends where"):
        next(statements)


PROGRAMS = [
    "(x+y)*z",
    "q = x + y; f = q * z",
    "\n\nq = x + y\n\n\nf = (q *\n z)\n\n",
    "a = sin(x); a = a * a; b = a; f = b + a",
    "f = x² + x⁻¹ + sum(A.T @ A)",
    "s = sum(W @ x, 0); f = s * 2",
    "f = -x ** 2 - (-3) * x",
]


def _dump(ast: Ast) -> list:
    """An AST as nested lists (kind, value, span, children), walked with a stack."""
    out: list = []
    stack = [(ast, out)]
    while stack:
        node, into = stack.pop()
        children: list = []
        into.append([node.kind, node.value, node.start, node.end, children])
        stack.extend((child, children) for child in reversed(node.args))
    return out


@pytest.mark.parametrize("text", PROGRAMS)
def test_streamed_and_whole_parses_are_the_same(text):
    whole = parse(text).statements
    streamed = list(parse(text, stream=True).statements)
    assert [(s.target, s.start, s.end, _dump(s.expr)) for s in streamed] == \
        [(s.target, s.start, s.end, _dump(s.expr)) for s in whole]


@pytest.mark.parametrize("text, caret", [
    ("sum(2)", "    ^"),  # the number itself
    ("c = 2; f = sum(c) + x", "               ^"),  # a name for a constant: the name
    ("c = 2; f = x @ c", "               ^"),
    ("f = 2 @ x", "    ^"),
])
def test_an_error_about_a_constant_points_at_it(cli, text, caret):
    result = cli("eval", text, "--x", "1")
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[-2] == "  " + text
    assert lines[-1] == "  " + caret


def test_gates_scaling_by_the_same_constant_share_one_local_gradient():
    result = api.evaluate(reassigning(50), {"x": 0.3}, check=False)
    scales = [i for i, node in enumerate(result.graph.nodes) if node.op.name == "mulc"]
    assert len(scales) == 49
    assert len({id(result.trace.locals[i]) for i in scales}) == 1
    assert result.trace.locals[scales[0]] == (0.5,)


def test_automatic_names_are_found_though_the_map_is_made_on_first_use(cli):
    result = cli("eval", "q = x + y; f = sin(q) * z", "--x", "1", "--y", "2", "--z", "3",
                 "--output", "n1", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"name": "n1"' in result.output
    result = api.evaluate("q = x + y; f = sin(q) * z", {"x": 1, "y": 2, "z": 3}, check=False)
    assert api.gradients(result) == {"x": 3 * math.cos(3), "y": 3 * math.cos(3), "z": math.sin(3)}
    graph = result.graph
    assert graph._names is None  # printing the gradients made no map of every node's name
    assert graph.nodes[graph.index("n1")].op.name == "sin"
    assert graph.index("q") == graph.index("q") and graph.index("nope") is None
