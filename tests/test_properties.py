"""Property tests: random expressions, backprop against an independent SymPy oracle.

The generator writes each random expression twice, as text for gradcli and as
a SymPy expression built directly, so the oracle shares nothing with our
parser or graph builder.
"""

import math
import re

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gradcli.api import evaluate
from gradcli.errors import GradcliError, MathError

X, Y, Z = sympy.symbols("x y z", real=True)
LEAVES = st.sampled_from([("x", X), ("y", Y), ("z", Z), ("2", sympy.Integer(2)),
                          ("0.5", sympy.Rational(1, 2)), ("3", sympy.Integer(3))])

UNARY = {
    "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt, "sin": sympy.sin,
    "cos": sympy.cos, "tan": sympy.tan, "tanh": sympy.tanh,
    "sigmoid": lambda a: 1 / (1 + sympy.exp(-a)), "relu": lambda a: sympy.Max(0, a),
    "abs": sympy.Abs, "-": lambda a: -a,
}
BINARY = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b, "max": sympy.Max, "min": sympy.Min,
}


def sympy_form(function, *args):
    """``function(*args)``, or nan where SymPy cannot order a complex constant
    (``max(log(-2), x)``); gradcli rejects that constant anyway (a MathError)."""
    try:
        return function(*args)
    except ValueError:
        return sympy.nan


def extend(children):
    unary = st.tuples(st.sampled_from(sorted(UNARY)), children).map(
        lambda t: (f"{t[0]}({t[1][0]})" if t[0] != "-" else f"(-{t[1][0]})",
                   sympy_form(UNARY[t[0]], t[1][1]))
    )

    def binary_text(name, a, b):
        return f"{name}({a}, {b})" if name.isalpha() else f"({a} {name} {b})"

    binary = st.tuples(st.sampled_from(sorted(BINARY)), children, children).map(
        lambda t: (binary_text(t[0], t[1][0], t[2][0]),
                   sympy_form(BINARY[t[0]], t[1][1], t[2][1]))
    )
    power = st.tuples(children, st.sampled_from([2, 3, -1])).map(
        lambda t: (f"({t[0][0]})**{t[1]}", t[0][1] ** t[1])
    )
    return st.one_of(unary, binary, power)


EXPRESSIONS = st.recursive(LEAVES, extend, max_leaves=12)
POINT = st.floats(min_value=-3, max_value=3, allow_nan=False).filter(lambda v: abs(v) > 1e-3)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(EXPRESSIONS, POINT, POINT, POINT)
def test_backprop_equals_sympy_derivative(pair, x, y, z):
    text, expr = pair
    values = {"x": x, "y": y, "z": z}
    try:
        used = set(re.findall(r"\b[xyz]\b", text))
        result = evaluate(text, {k: v for k, v in values.items() if k in used}, check=False)
    except MathError:
        assume(False)
    assume(not result.trace.kinks)
    point = {s: sympy.Float(values[s.name], 30) for s in (X, Y, Z)}
    for name, grad in result.gradients.items():
        symbol = {"x": X, "y": Y, "z": Z}[name]
        reference = complex(sympy.diff(expr, symbol).xreplace(point))
        assume(reference.imag == 0 and math.isfinite(reference.real))
        assume(abs(reference.real) < 1e12)
        assert grad == pytest.approx(reference.real, rel=1e-9, abs=1e-9), text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("xy2.e+-*/^()_, ;=\n\t") + ["exp", "max", "**"]),
                max_size=40).map("".join))
def test_parser_returns_a_result_or_gradclis_own_error(text):
    try:
        evaluate(text, {}, check=False)
    except GradcliError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_arbitrary_unicode_never_escapes_as_another_exception(text):
    try:
        evaluate(text, {}, check=False)
    except GradcliError:
        pass
