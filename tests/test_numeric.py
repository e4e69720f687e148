"""gradcli.checks.differences: centered differences against SymPy, the course's verdicts, kinks, rounding."""

import pytest

from gradcli.checks.sympy_oracle import sympy_derivatives
from gradcli.checks.verdicts import to_float
from gradcli.engines.scalar import run
from gradcli.frontends.build import build_graph
from gradcli.limits import Limits
from gradcli.checks.differences import (HAPPY, PROBABLY_WRONG, STEP, UNCOMFORTABLE, numeric_check,
                             numeric_gradients, verdict)

from conftest import SIGMOID_CIRCUIT

LECTURE = {"w0": 2.0, "x0": -1.0, "w1": -3.0, "x1": -2.0, "w2": -3.0}


def test_the_course_constants():
    assert (STEP, PROBABLY_WRONG, UNCOMFORTABLE, HAPPY) == (1e-5, 1e-2, 1e-4, 1e-7)


def test_numeric_gradients_agree_with_sympy_on_the_sigmoid_circuit():
    import sympy

    graph = build_graph(SIGMOID_CIRCUIT)
    derivs, symbols = sympy_derivatives(graph)
    point = {symbols[n]: sympy.Float(v, 30) for n, v in LECTURE.items()}
    numeric = numeric_gradients(graph, LECTURE)
    assert list(numeric) == list(LECTURE)
    for name, value in numeric.items():
        assert value == pytest.approx(to_float(derivs[name].xreplace(point)), rel=1e-9)


@pytest.mark.parametrize("error, words", [
    (0.5, "probably wrong"), (1.01e-2, "probably wrong"), (1e-2, "uncomfortable"),
    (1e-4, "uncomfortable"), (9.9e-5, "ok only with kinks"), (1.01e-7, "ok only with kinks"),
    (1e-7, "happy"), (0.0, "happy"),
])
def test_verdict_words_at_the_boundaries(error, words):
    assert verdict(error) == words


def checks(text, **point):
    graph = build_graph(text, frozenset(point))
    return {c.name: c for c in numeric_check(graph, run(graph, point))}


def test_both_zero_is_a_pass():
    c = checks("x*y", x=3.0, y=0.0)["x"]
    assert (c.backprop, c.numeric, c.rel_error) == (0.0, 0.0, 0.0)
    assert (c.status, c.verdict) == ("ok", "happy")


@pytest.mark.parametrize("text, point, crossed", [
    ("relu(x)", {"x": 1e-6}, True),
    ("relu(x)", {"x": 0.0}, True),
    ("relu(x)", {"x": 1.0}, False),
    ("abs(x)", {"x": -5e-6}, True),
    ("max(x, 2)", {"x": 2.0 + 3e-6}, True),
    ("max(x, 2)", {"x": 2.1}, False),
    ("relu(x*x)", {"x": 0.5}, False),
])
def test_kinks_crossed_by_the_step_are_flagged(text, point, crossed):
    c = checks(text, **point)["x"]
    assert bool(c.kinks) is crossed
    assert (c.status == "kink") is crossed


def test_a_kink_crossed_makes_the_estimate_unreliable_not_a_failure():
    c = checks("relu(x)", x=1e-6)["x"]
    assert (c.backprop, c.verdict, c.status) == (1.0, "probably wrong", "kink")
    assert c.numeric == pytest.approx(0.55)


def test_rounding_in_large_values_is_not_a_failure():
    c = checks("(x + 1e10) - 1e10", x=1.0)["x"]
    assert c.rel_error > PROBABLY_WRONG  # a centered difference cannot resolve h here
    assert c.status == "ok"
    assert abs(c.backprop - c.numeric) <= 10 * c.rounding


def test_a_step_outside_the_domain_is_undefined():
    c = checks("sqrt(x)", x=1e-6)["x"]
    assert (c.numeric, c.status) == (None, "undefined")
    assert "leaves the domain" in c.problem
    assert numeric_gradients(build_graph("sqrt(x)"), {"x": 1e-6}) == {"x": None}


def test_a_long_chain_is_walked_without_recursion():
    text = "(" * 20000 + "x" + "*1.0001+0.5)" * 20000  # 40,000 gates deep
    graph = build_graph(text, limits=Limits(max_depth=20_000))  # over the default 10,000
    assert numeric_gradients(graph, {"x": 0.5})["x"] == pytest.approx(1.0001**20000, rel=1e-5)
