"""Every program shape costs work linear in its size, counted, never timed.

The counter is the number of lines of gradcli's own code Python executes
(``sys.settrace``): deterministic, and a loop inside a loop over user data shows
up as work that quadruples when the program doubles. Each shape is run at n, 2n
and 4n statements; linear work grows by the same step each time (the constant
start-up cost cancels), quadratic work by twice the step.
"""

from __future__ import annotations

import os
import sys

import pytest

import gradcli
from gradcli import api

GRADCLI_DIR = os.path.dirname(gradcli.__file__)


def lines_run(action, where: str = GRADCLI_DIR) -> int:
    """How many lines of gradcli's code (or of the package in ``where``) ``action()`` executes."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def call(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(where) else None

    previous = sys.gettrace()
    sys.settrace(call)
    try:
        action()
    finally:
        sys.settrace(previous)
    return count


def growth(make_action, n: int, where: str = GRADCLI_DIR) -> float:
    """(work(4n) - work(2n)) / (work(2n) - work(n)): 2 when linear, 4 when quadratic."""
    make_action(n)()  # warm caches (lru_cache, imports) outside the count
    w1, w2, w4 = (lines_run(make_action(k), where) for k in (n, 2 * n, 4 * n))
    return (w4 - w2) / (w2 - w1)


def reassigning(n: int) -> str:
    return "\n".join(["t = x"] + ["t = sin(t) * 0.5 + x"] * n)


def fresh(n: int) -> str:
    return "\n".join(["t0 = x"] + [f"t{i + 1} = sin(t{i}) * 0.5 + x" for i in range(n)])


def kinked(n: int) -> str:
    """Every gate at a kink: relu(0) n times over."""
    return "\n".join(["t = relu(x)"] + ["t = relu(t) + relu(x)"] * n)


def fan_out(n: int) -> str:
    """One node feeding n gates (their gradients add at it)."""
    return " + ".join(f"sin(x * {k + 2})" for k in range(n))


SHAPES = {"reassigning": reassigning, "fresh": fresh, "kinked": kinked, "fan-out": fan_out}
LINEAR = 2.3  # linear work gives 2 (plus noise from dict resizing); quadratic up to 4


@pytest.mark.parametrize("shape", SHAPES)
def test_building_a_graph_is_linear(shape):
    program = SHAPES[shape]
    assert growth(lambda n: lambda: api.build(program(n), {"x": 0.0}), 150) < LINEAR


def test_reassigning_names_costs_one_probe_per_statement():
    # the display names t#2, t#3, ... are each found at once, not counted up from 2
    graph = api.build(reassigning(300), {"x": 0.0})
    assert graph.nodes[graph.output].id == "t#301"
    assert graph.index("t#150") is not None


def rendered(output) -> str:
    """What a formatter returns, written out: text, streamed chunks, or a Rich renderable."""
    if isinstance(output, str):
        return output
    if hasattr(output, "__next__"):
        return "".join(output)
    import io

    from rich.console import Console

    stream = io.StringIO()
    Console(file=stream, width=200).print(output)
    return stream.getvalue()


@pytest.mark.parametrize("shape", SHAPES)
def test_evaluating_is_linear(shape):
    program = SHAPES[shape]
    assert growth(lambda n: lambda: api.evaluate(program(n), x=0.0, check=False), 100) < LINEAR


@pytest.mark.parametrize("fmt", ["table", "json", "tsv", "csv"])
def test_every_eval_format_is_linear(fmt):
    from gradcli.output.formats import EVAL_FORMATS, load

    render = load(EVAL_FORMATS, fmt)

    def make(n):
        return lambda: rendered(render(api.evaluate(kinked(n), x=0.0, check=False)))

    assert growth(make, 60) < LINEAR


@pytest.mark.parametrize("shape", SHAPES)
def test_explain_is_linear(shape):
    from gradcli.output.explain.narrate import explain_text

    program = SHAPES[shape]

    def make(n):
        return lambda: explain_text(api.evaluate(program(n), x=0.0, check=False))

    assert growth(make, 60) < LINEAR


def test_explaining_array_gates_is_linear():
    # each array gate's VJP asks whether its input fans out: counted once, not per gate
    from gradcli.output.explain.narrate import explain_text

    def make(n):
        text = " + ".join(f"sum(W * {k + 2})" for k in range(n))
        return lambda: explain_text(api.evaluate(text, W="[[1, 2], [3, 4]]", check=False))

    assert growth(make, 30) < LINEAR


@pytest.mark.parametrize("fmt", ["dot", "mermaid"])
def test_drawing_is_linear(fmt):
    from gradcli.output.formats import GRAPH_FORMATS, load

    draw = load(GRAPH_FORMATS, fmt)

    def make(n):
        return lambda: rendered(draw(api.structure(reassigning(n))))

    assert growth(make, 100) < LINEAR


def test_a_batch_of_cases_is_linear():
    from gradcli.cases import run_cases

    def make(n):
        lines = [b'{"expression": "sin(x) * y", "values": {"x": %d, "y": 2}}' % k
                 for k in range(n)]
        return lambda: list(run_cases(lines))

    assert growth(make, 20) < LINEAR


def test_a_long_sum_becomes_sympy_in_work_linear_in_its_terms_sympys_work_counted():
    # Built gate by gate, SymPy flattened the growing sum again at every +: growth 3.0.
    import sympy
    from sympy.core.cache import clear_cache

    from gradcli.checks.sympy_oracle import to_sympy

    def make_action(n):
        graph = api.build(fan_out(n), {"x": 0.0})
        return lambda: (clear_cache(), to_sympy(graph))

    assert growth(make_action, 100, os.path.dirname(sympy.__file__)) < LINEAR
