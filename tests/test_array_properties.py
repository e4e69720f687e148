"""Property test: array backprop equals centered differences, on random small shapes
and random expressions with every array gate, broadcasting and the elementwise gates.

Expressions are built with their shapes known (an m×n matrix A and B, vectors u of n
and v of m, a scalar s), so every one is well formed; the loss is a sum or a mean.
"""

import re

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gradcli.api import evaluate
from gradcli.errors import MathError
from gradcli.core.ops import OPS
from gradcli.engines.arrays import forward

UNARY = ["exp", "tanh", "sigmoid", "relu", "abs", "sin", "cos", "neg", "square", "sqrt1",
         "log1"]
BINARY = ["+", "-", "*", "/", "max", "min"]
ARRAY_GATES_MADE = {"matmul", "dot", "transpose", "sum", "sum_axis", "mean", "mean_axis",
                    "norm2"}


def test_the_generator_makes_every_array_gate():
    assert ARRAY_GATES_MADE == {name for name, op in OPS.items() if op.array_only}


def unary(name, a):
    return {"neg": f"(-{a})", "square": f"({a})**2", "sqrt1": f"sqrt(1 + ({a})**2)",
            "log1": f"log(1 + abs({a}))", "exp": f"exp(tanh({a}))"}.get(name, f"{name}({a})")


@st.composite
def term(draw, shape, depth):
    """An expression of the given shape: 'm' (a vector of m), 'n', 'mn' (m×n), 'nm' or ''."""
    # (no bare constant: an array gate takes variables, sum(2) is an error)
    leaves = {"mn": ["A", "B"], "n": ["u"], "m": ["v"], "": ["s", "(0.5*s)", "(2 + s)"],
              "nm": ["T(A)"]}
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(leaves[shape]))
    kind = draw(st.sampled_from(["unary", "binary", "scalar", "array"]))
    if kind == "unary":
        return unary(draw(st.sampled_from(UNARY)), draw(term(shape, depth - 1)))
    if kind == "binary":
        op = draw(st.sampled_from(BINARY))
        a, b = draw(term(shape, depth - 1)), draw(term(shape, depth - 1))
        if op == "/":
            b = f"(2 + tanh({b}))"  # never 0
        return f"{op}({a}, {b})" if op in ("max", "min") else f"(({a}) {op} ({b}))"
    if kind == "scalar":  # broadcasting a scalar (or a row vector over a matrix)
        other = "n" if shape == "mn" else ""
        return f"(({draw(term(shape, depth - 1))}) * ({draw(term(other, depth - 1))}))"
    return draw(array_term(shape, depth))


@st.composite
def array_term(draw, shape, depth):
    """An array gate making ``shape``."""
    sub = lambda s: term(s, depth - 1)  # noqa: E731
    makers = {
        "m": [lambda: f"({draw(sub('mn'))} @ {draw(sub('n'))})",
              lambda: f"sum({draw(sub('mn'))}, 1)", lambda: f"mean({draw(sub('mn'))}, -1)"],
        "n": [lambda: f"({draw(sub('m'))} @ {draw(sub('mn'))})",
              lambda: f"sum({draw(sub('mn'))}, 0)", lambda: f"mean({draw(sub('mn'))}, 0)"],
        "mn": [lambda: f"T({draw(sub('nm'))})"],
        "nm": [lambda: f"T({draw(sub('mn'))})"],
        "": [lambda: f"dot({draw(sub('n'))}, {draw(sub('n'))})", lambda: f"norm2({draw(sub('m'))})",
             lambda: f"sum({draw(sub('mn'))})", lambda: f"mean({draw(sub('n'))})",
             lambda: f"({draw(sub('n'))} @ {draw(sub('n'))})"],
    }
    return draw(st.sampled_from(makers[shape]))()


@st.composite
def problems(draw):
    m, n = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    shape = draw(st.sampled_from(["mn", "m", "n", ""]))
    loss = draw(st.sampled_from(["sum", "mean"]))
    text = f"{loss}({draw(term(shape, 3))})"
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    values = {"A": rng.uniform(-1.5, 1.5, (m, n)), "B": rng.uniform(-1.5, 1.5, (m, n)),
              "u": rng.uniform(-1.5, 1.5, n), "v": rng.uniform(-1.5, 1.5, m),
              "s": float(rng.uniform(-1.5, 1.5))}
    return text, values


def centered(graph, point, name, index, h):
    """Richardson-extrapolated centered difference of the output for one entry."""
    def f(step):
        moved = dict(point)
        moved[name] = np.array(point[name], dtype=float, copy=True)
        moved[name][index] += step
        return float(forward(graph, moved)[graph.output])

    wide = (f(h) - f(-h)) / (2 * h)
    narrow = (f(h / 2) - f(-h / 2)) / h
    return (4 * narrow - wide) / 3, abs(wide - narrow)


@settings(max_examples=400, deadline=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems())
def test_array_backprop_equals_centered_differences(problem):
    text, values = problem
    try:
        used = set(re.findall(r"\b[ABuvs]\b", text))
        result = evaluate(text, {k: v for k, v in values.items() if k in used}, check=False)
    except MathError:
        assume(False)
    assume(not result.trace.kinks)
    point = {k: np.asarray(v, dtype=float) for k, v in result.inputs.items()}
    for name, grad in result.gradients.items():
        assert np.shape(grad) == np.shape(point[name])
        for index in np.ndindex(np.shape(point[name])):
            numeric, spread = centered(result.graph, point, name, index, 1e-4)
            assume(spread < 1e-6 * max(1.0, abs(numeric)))  # a kink within the step
            error = abs(np.asarray(grad)[index] - numeric)
            assert error <= 1e-6 * max(1.0, abs(numeric)) + 10 * spread, (text, name, index)
