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
from gradcli.checks.differences import numeric_gradients
from gradcli.core.ops import OPS

X, Y, Z = sympy.symbols("x y z", real=True)
LEAVES = st.sampled_from([("x", X), ("y", Y), ("z", Z), ("2", sympy.Integer(2)),
                          ("0.5", sympy.Rational(1, 2)), ("3", sympy.Integer(3))])

# The lecture's one-input functions, their SymPy forms written here (not the registry's).
WRITTEN_UNARY = {
    "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt, "sin": sympy.sin,
    "cos": sympy.cos, "tan": sympy.tan, "tanh": sympy.tanh,
    "sigmoid": lambda a: 1 / (1 + sympy.exp(-a)), "relu": lambda a: sympy.Max(0, a),
    "abs": sympy.Abs, "-": lambda a: -a,
}


def registry_form(op):
    return lambda a: op.sympy_form(sympy, a)


# Every other one-input function gate of the registry (a gate added later) joins with
# the registry's SymPy form, checked against the gate's own rules in test_ops_registry.py.
NEW_FUNCTION_GATES = {
    op.name: op.calls[0] for op in OPS.values()
    if op.arity == 1 and op.calls and not (op.has_param or op.array_only)
    and op.calls[0] not in WRITTEN_UNARY
}
UNARY = {**WRITTEN_UNARY,
         **{call: registry_form(OPS[name]) for name, call in NEW_FUNCTION_GATES.items()}}
BINARY = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b, "max": sympy.Max, "min": sympy.Min, "pow": lambda a, b: a**b,
    "**": lambda a, b: a**b,
}

# Which written forms make each gate of the registry: with constant leaves
# ("2", "0.5", "3") the binary forms also make the folded gates.
GATES_MADE = {
    "add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "**", "max": "max", "min": "min",
    "exp": "exp", "log": "log", "sqrt": "sqrt", "sin": "sin", "cos": "cos", "tan": "tan",
    "tanh": "tanh", "sigmoid": "sigmoid", "relu": "relu", "abs": "abs",
    "addc": "+", "rsubc": "-", "mulc": "*", "divc": "/", "recip": "/", "powc": "**",
    "cpow": "**", "maxc": "max", "minc": "min", **NEW_FUNCTION_GATES,
}


def safely(build, *args):
    """SymPy refuses some constant subexpressions (Max of zoo); such trees are skipped."""
    try:
        return build(*args)
    except (ValueError, TypeError, ZeroDivisionError):
        return sympy.nan


def extend(children):
    unary = st.tuples(st.sampled_from(sorted(UNARY)), children).map(
        lambda t: (f"{t[0]}({t[1][0]})" if t[0] != "-" else f"(-{t[1][0]})", safely(UNARY[t[0]], t[1][1]))
    )

    def binary_text(name, a, b):
        return f"{name}({a}, {b})" if name.isalpha() else f"(({a}) {name} ({b}))"

    binary = st.tuples(st.sampled_from(sorted(BINARY)), children, children).map(
        lambda t: (binary_text(t[0], t[1][0], t[2][0]), safely(BINARY[t[0]], t[1][1], t[2][1]))
    )
    power = st.tuples(children, st.sampled_from([2, 3, -1])).map(
        lambda t: (f"({t[0][0]})**{t[1]}", t[0][1] ** t[1])
    )
    return st.one_of(unary, binary, power)


EXPRESSIONS = st.recursive(LEAVES, extend, max_leaves=12)
POINT = st.floats(min_value=-3, max_value=3, allow_nan=False).filter(lambda v: abs(v) > 1e-3)


def test_the_generator_makes_every_gate_in_the_registry():
    scalar_gates = {name for name, op in OPS.items() if not op.array_only}
    assert set(GATES_MADE) == scalar_gates - {"var", "const"}  # array gates: test_array_properties
    assert set(GATES_MADE.values()) <= set(UNARY) | set(BINARY)


@settings(max_examples=1000, deadline=None, print_blob=True,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(EXPRESSIONS, POINT, POINT, POINT)
def test_backprop_equals_sympy_derivative(pair, x, y, z):
    text, expr = pair
    assume(not expr.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo))
    values = {"x": x, "y": y, "z": z}
    try:
        used = set(re.findall(r"\b[xyz]\b", text))
        result = evaluate(text, {k: v for k, v in values.items() if k in used}, check=False)
    except MathError:
        assume(False)
    assume(not result.trace.kinks and not near_a_kink(result))
    assume(not deep_in_a_period(result))
    point = {s: sympy.Float(values[s.name], 30) for s in (X, Y, Z)}
    for name, grad in result.gradients.items():
        symbol = {"x": X, "y": Y, "z": Z}[name]
        reference = complex(sympy.diff(expr, symbol).xreplace(point))
        assume(reference.imag == 0 and math.isfinite(reference.real))
        assume(abs(reference.real) < 1e12)
        assert grad == pytest.approx(reference.real, rel=1e-9, abs=1e-9), text
    for name, grad in result.gradients.items():
        numeric = centered_difference(result.graph, result.inputs, name, result.value)
        assume(numeric is not None)  # too near a domain edge for differences to mean anything
        assert numeric == pytest.approx(grad, rel=1e-6, abs=1e-6), text


def deep_in_a_period(result, limit=1e3):
    """A sin/cos/tan gate's input beyond ±limit: there a finite-difference step moves the
    input across many periods (cos((3z)**(z**2)) at z = 2.875: the input is 5.6e7), so
    differences cannot judge the gradient, however right it is."""
    values = result.trace.values
    return any(node.op.name in ("sin", "cos", "tan") and abs(values[node.inputs[0]]) > limit
               for node in result.graph.nodes)


def near_a_kink(result, gap=1e-6):
    """Within ``gap`` of a kink (relu, abs at 0; a max/min tie): float rounding there
    decides which side a branch takes, so no oracle can be expected to agree."""
    values = result.trace.values
    for node in result.graph.nodes:
        if node.op.kink is None:
            continue
        args = [values[j] for j in node.inputs]
        other = node.const.value if node.const is not None else (args[1] if len(args) > 1 else 0.0)
        if abs(args[0] - other) <= gap * max(1.0, abs(args[0]), abs(other)):
            return True
    return False


def centered_difference(graph, point, name, value):
    """Richardson-extrapolated centered differences, or None where they are not reliable:
    near a domain edge (the two steps disagree) or where rounding eps*|f|/h dominates."""
    try:
        wide, narrow = (numeric_gradients(graph, point, h)[name] for h in (1e-4, 5e-5))
    except MathError:
        return None
    if wide is None or narrow is None:
        return None
    scale = 1e-7 * max(1.0, abs(narrow))
    if abs(wide - narrow) > scale or 1e-15 * abs(value) / 5e-5 > scale:
        return None
    return (4 * narrow - wide) / 3


@settings(max_examples=500, deadline=None, print_blob=True)
@given(st.lists(st.sampled_from(list("xy2.e+-*/^()_, ;=\n\t") + ["exp", "max", "**"]),
                max_size=40).map("".join))
def test_parser_returns_a_result_or_gradclis_own_error(text):
    try:
        evaluate(text, {}, check=False)
    except GradcliError:
        pass


@settings(max_examples=300, deadline=None, print_blob=True)
@given(st.text(max_size=30))
def test_arbitrary_unicode_never_escapes_as_another_exception(text):
    try:
        evaluate(text, {}, check=False)
    except GradcliError:
        pass
