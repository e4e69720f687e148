"""A value is a constant expression, read by our own parser (issue 13)."""

import json
import math

import pytest


@pytest.mark.parametrize("text, value", [
    ("1/3", 1 / 3), ("pi/2", math.pi / 2), ("-2*pi", -2 * math.pi), ("2^-3", 0.125),
    ("e", math.e), ("\u22122", -2.0), ("sqrt(2)", math.sqrt(2)),
])
def test_a_value_may_be_a_constant_expression(cli, text, value):
    result = cli("eval", "x", "--x", text, "--format", "json", "--no-check")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["inputs"]["x"] == value


def test_exact_mode_keeps_a_constant_exact(cli):
    result = cli("eval", "cos(x)", "--x", "pi/2", "--exact", "--format", "json")
    data = json.loads(result.stdout)
    assert data["output"]["exact"] == "0" and data["inputs_exact"] == {"x": "pi/2"}
    assert abs(data["output"]["value"]) < 1e-15  # float64's cos(pi/2)


@pytest.mark.parametrize("text", ["y+1", "nan", "inf", "__import__('os')", "2^99999", "1/0"])
def test_what_is_not_a_constant_is_refused_with_what_works(cli, text):
    result = cli("grad", "x", "--x", text)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: value of x is '{text}': expected a finite decimal "
                                    "number such as -2, 0.5 or 1e-3, or a constant expression "
                                    "such as 1/3 or pi/2")
