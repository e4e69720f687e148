"""Exact mode: values and gradients as exact SymPy numbers, with literal exact answers."""

import json
import re

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import LECTURE_POINT, SIGMOID_CIRCUIT
from gradcli.api import evaluate
from gradcli.errors import InputError, MathError
from gradcli.engines.exact import ExactTooLarge, exact_number, exact_text
from test_programs import MICROGRAD
from test_properties import EXPRESSIONS
from support import strip_right

SIGMOID_POINT = dict(w0="2", x0="-1", w1="-3", x1="-2", w2="-3")


def exact_grads(result):
    return {name: exact_text(result.exact.grads[i])
            for name, i in zip(result.graph.variable_names, result.graph.variables)}


@pytest.mark.parametrize("text, exact", [
    ("0.1", "1/10"), ("-2.5e-3", "-1/400"), (".5", "1/2"), ("3", "3"), ("1e3", "1000"),
    ("0.30000000000000004", "30000000000000004/100000000000000000"),
])
def test_decimal_text_becomes_an_exact_rational(text, exact):
    assert exact_number(text) == sympy.Rational(exact)


@pytest.mark.parametrize("text, exact", [("1/3", "1/3"), ("-0.5/1.5", "-1/3"), ("2/4", "1/2")])
def test_a_fraction_reads_exactly_for_expectations(text, exact):
    assert exact_number(text) == sympy.Rational(exact)


@pytest.mark.parametrize("text", ["1/0", "1/", "/2", "1/2/3", "x/2"])
def test_a_bad_fraction_is_bad_input(text):
    with pytest.raises(InputError):
        exact_number(text)


def test_a_float_is_read_through_its_shortest_decimal():
    assert exact_number(0.1) == sympy.Rational(1, 10)


def test_decimal_inputs_give_exact_rationals_where_floats_round():
    r = evaluate("(x+y)*z", x="0.1", y="0.2", z="3", exact=True)
    assert r.value == 0.9000000000000001
    assert exact_text(r.exact.values[r.graph.output]) == "9/10"
    assert exact_grads(r) == {"x": "3", "y": "3", "z": "3/10"}


def test_sigmoid_circuit_gradient_of_w0_is_minus_e_over_one_plus_e_squared():
    r = evaluate(SIGMOID_CIRCUIT, SIGMOID_POINT, exact=True)
    w0 = r.exact.grads[r.graph.index("w0")]
    assert exact_text(w0) == "-exp(-1)/(exp(-1) + 1)**2"
    assert sympy.simplify(w0 - (-sympy.E / (1 + sympy.E) ** 2)) == 0
    assert exact_text(r.exact.values[r.graph.output]) == "1/(exp(-1) + 1)"
    assert float(w0) == pytest.approx(r.gradients["w0"], rel=1e-15)


def test_micrograd_program_at_integers_is_exactly_rational():
    r = evaluate(MICROGRAD, a="-4", b="2", exact=True)
    assert exact_text(r.exact.values[r.graph.output]) == "2421/98"
    assert exact_grads(r) == {"a": "47620/343", "b": "221433/343"}


def test_plus_times_divide_power_relu_at_integers_are_rationals():
    r = evaluate("a = 2 * x; b = 10.0 / a; c = 1 + b; d = -c; g = d**2; h = relu(g); k = h*h",
                 x="3", exact=True)
    exact = r.exact
    assert [exact_text(v) for v in exact.values] == [
        "3", "6", "5/3", "8/3", "-8/3", "64/9", "64/9", "4096/81",
    ]
    assert exact_grads(r) == {"x": "-10240/243"}
    assert all(v.is_Rational for v in exact.values + exact.grads)


def test_constants_stay_symbolic():
    r = evaluate("pi*x + e**x + log(2)*x + x**0.5 + x*(1/3)", x="4", exact=True)
    assert exact_text(r.exact.values[r.graph.output]) == "4*log(2) + 10/3 + 4*pi + exp(4)"
    assert exact_grads(r) == {"x": "7/12 + log(2) + pi + exp(4)"}


def test_constant_from_an_assigned_name_and_a_negated_constant_stay_exact():
    r = evaluate("a = 1/3; f = (a + 1)*x - a", x="3", exact=True)
    assert exact_text(r.exact.values[r.graph.output]) == "11/3"
    assert exact_grads(r) == {"x": "4/3"}


def test_kink_uses_the_exact_point_and_the_convention():
    # 0.1 + 0.2 - 0.3 is 5.5e-17 in floats and 0 exactly: exactly at relu's kink.
    r = evaluate("relu(x + y - z)", x="0.1", y="0.2", z="0.3", exact=True)
    assert r.gradients == {"x": 1, "y": 1, "z": -1}
    assert exact_grads(r) == {"x": "0", "y": "0", "z": "0"}


def test_zero_to_a_variable_power_takes_the_engines_limit():
    r = evaluate("x**y", x="0", y="2", exact=True)
    assert [exact_text(v) for v in r.exact.locals[2]] == ["0", "0"]


def test_exactly_undefined_is_a_math_error():
    with pytest.raises(MathError, match=r"node f \(sqrt\) has no finite exact local gradient"):
        evaluate("sqrt(x + y - z)", x="0.1", y="0.2", z="0.3", exact=True)


@pytest.mark.parametrize("text, values, message", [
    ("; ".join(["a = x*x"] + ["a = a*a"] * 40), {"x": "0.333"}, "would have about"),
    ("x**y", {"x": "0.5", "y": "100000"}, "would have about 200,000 bits"),
    ("; ".join(["a = x"] + ["a = (a + pi)*(a + e)/(a*a + 7)"] * 40), {"x": "1"},
     "grows past 1,000 symbols"),
    ("x", {"x": "1e-99999"}, "has too many digits for exact mode"),
    ("x" + "+1" * 6000, {"x": "1"}, "graphs of up to 5,000 nodes"),
])
def test_exact_mode_refuses_what_would_not_finish(text, values, message):
    with pytest.raises(ExactTooLarge, match=message):
        evaluate(text, values, exact=True, check=False)


GOLDEN_EXACT_TABLE = """\
f = (x+y)*z
┏━━━━━━┳━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┓
┃ node ┃ gate  ┃ inputs ┃               value ┃ exact value ┃         local gradient ┃       grad ∂f/∂node ┃ exact ∂f/∂node ┃
┡━━━━━━╇━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━┩
│ x    │ input │        │                 0.1 │ 1/10        │                        │                   3 │ 3              │
│ y    │ input │        │                 0.2 │ 1/5         │                        │                   3 │ 3              │
│ z    │ input │        │                   3 │ 3           │                        │ 0.30000000000000004 │ 3/10           │
│ n1   │ +     │ x, y   │ 0.30000000000000004 │ 3/10        │                   1, 1 │                   3 │ 3              │
│ f    │ *     │ n1, z  │  0.9000000000000001 │ 9/10        │ 3, 0.30000000000000004 │                   1 │ 1              │
└──────┴───────┴────────┴─────────────────────┴─────────────┴────────────────────────┴─────────────────────┴────────────────┘
gradients of f
┏━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━┓
┃ input ┃ ∂f/∂input (backprop) ┃ exact ┃
┡━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━┩
│ x     │                    3 │ 3     │
│ y     │                    3 │ 3     │
│ z     │  0.30000000000000004 │ 3/10  │
└───────┴──────────────────────┴───────┘
not checked (--no-check)
"""


def test_cli_table_shows_exact_beside_decimal(cli):
    result = cli("eval", "(x+y)*z", "--x", "0.1", "--y", "0.2", "--z", "3", "--exact", "--no-check")
    assert result.exit_code == 0, result.stderr
    assert strip_right(result.stdout) == GOLDEN_EXACT_TABLE


def test_cli_json_carries_exact_strings(cli):
    result = cli("eval", SIGMOID_CIRCUIT, *LECTURE_POINT, "--exact", "--format", "json")
    data = json.loads(result.stdout)
    assert data["output"]["exact"] == "1/(exp(-1) + 1)"
    assert data["inputs_exact"] == {"w0": "2", "x0": "-1", "w1": "-3", "x1": "-2", "w2": "-3"}
    assert data["gradients_exact"]["w0"] == "-exp(-1)/(exp(-1) + 1)**2"
    exp_node = data["nodes"][10]
    assert exp_node["exact"] == {"value": "exp(-1)", "local": ["exp(-1)"],
                                 "grad": "-1/(exp(-1) + 1)**2"}
    assert data["nodes"][11]["exact"]["const"] == "1"
    assert "exact" not in json.loads(cli("eval", "x", "--x", "1", "--format", "json").stdout)["nodes"][0]


def test_cli_exact_too_large_is_a_one_line_error(cli):
    assert issubclass(ExactTooLarge, InputError)  # bad input: exit 2
    result = cli("eval", "x**y", "--x", "0.5", "--y", "100000", "--exact")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: the exact value of node f (**) would have about")
    assert len(result.stderr.splitlines()) == 1


DECIMALS = st.sampled_from([str(k / 10) for k in range(-30, 31) if k])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(EXPRESSIONS, DECIMALS, DECIMALS, DECIMALS)
def test_exact_gradients_agree_with_float_backprop(pair, x, y, z):
    text, _ = pair
    used = set(re.findall(r"\b[xyz]\b", text))
    values = {k: v for k, v in dict(x=x, y=y, z=z).items() if k in used}
    try:
        result = evaluate(text, values, check=False, exact=True)
    except (MathError, ExactTooLarge):
        assume(False)
    assume(not result.trace.kinks and not result.exact.kinks)
    assume(well_conditioned(text, values, result))
    for i in result.graph.variables:
        exact = complex(result.exact.grads[i].evalf(30))
        assert exact.imag == 0
        assert result.trace.grads[i] == pytest.approx(exact.real, rel=1e-9, abs=1e-9), text


def well_conditioned(text, values, result, nudge=4e-16, tolerance=1e-11):
    """Do the float gradients barely move when the inputs move by an ulp or two?

    Exact mode reads 2.8 as 14/5, float64 as the nearest binary number; where a
    gradient magnifies that difference (tan(x**12) at 2.8), the two cannot agree.
    """
    nudged = {k: float(v) * (1 + nudge) for k, v in values.items()}
    try:
        other = evaluate(text, nudged, check=False)
    except MathError:
        return False
    return all(abs(a - b) <= tolerance * max(1.0, abs(a))
               for a, b in zip(result.trace.grads, other.trace.grads))


@pytest.mark.parametrize("command", ["eval", "explain"])
def test_values_from_a_json_file_are_read_exactly_from_their_text(cli, command):
    result = cli(command, "x*3", "--values", "-", "--exact", "--no-latex", input='{"x": 0.1}')
    assert result.exit_code == 0, result.stderr
    assert "3/10" in result.stdout
