"""When SymPy cannot finish, the check falls back to directional differences and says so."""

from dataclasses import replace

import pytest

from gradcli.core import ops
from gradcli.api import evaluate
from gradcli.limits import Limits, using

SIGMOID = "1/(1+exp(-(w0*x0+w1*x1+w2)))"
POINT = dict(w0=2, x0=-1, w1=-3, x1=-2, w2=-3)


def test_a_graph_larger_than_sympy_is_given_is_checked_numerically():
    r = evaluate(SIGMOID, POINT, limits=Limits(sympy_max_nodes=5))
    assert r.check.method == "directional"
    assert r.check.ok
    assert "more than SymPy is given (--sympy-max-nodes 5)" in r.check.note
    assert all(d.rel_error < 1e-8 for d in r.check.directions)


def test_sympy_out_of_time_falls_back_and_says_so():
    r = evaluate("exp(sin(x)**7)*tanh(x*y)**5", x=0.3, y=0.7,
                 limits=Limits(check_timeout=1e-6))
    assert r.check.method == "directional"
    assert r.check.note == "SymPy did not finish within 1e-06 s (--check-timeout)"
    assert r.check.ok


def test_the_fallback_catches_a_wrong_local_gradient(monkeypatch):
    def wrong(x, y, out):
        return (y, 2 * x)

    monkeypatch.setitem(ops.OPS, "mul", replace(ops.OPS["mul"], partials=wrong))

    monkeypatch.setattr("gradcli.engines.scalar._INLINE", {})  # run * through its (broken) rule
    r = evaluate(SIGMOID, POINT, limits=Limits(sympy_max_nodes=1))
    assert r.check.method == "directional"
    assert not r.check.ok
    assert {v.status for v in r.check.variables} == {"fail"}


def test_rapidly_varying_functions_pass_thanks_to_extrapolation():
    text = "+".join(f"sin(x*{k})" for k in range(1, 800))
    r = evaluate(text, x=0.3, limits=Limits(sympy_max_nodes=10))
    assert r.check.ok
    assert max(d.rel_error for d in r.check.directions) < 1e-6


def test_limits_in_force_reach_every_path_without_being_passed():
    with using(Limits(sympy_max_nodes=3)):
        assert evaluate("x*y*z", x=1, y=2, z=3).check.method == "directional"
    assert evaluate("x*y*z", x=1, y=2, z=3).check.method == "sympy"


def test_cli_limit_options_last_for_one_command_only(cli):
    first = cli("eval", "x*y", "--x", "1", "--y", "2", "--sympy-max-nodes", "1", "--format", "json")
    assert '"method": "directional"' in first.stdout
    second = cli("eval", "x*y", "--x", "1", "--y", "2", "--format", "json")
    assert '"method": "sympy"' in second.stdout


def test_check_command_falls_back_too(cli):
    result = cli("check", SIGMOID, *[f"--{k}={v}" for k, v in POINT.items()],
                 "--sympy-max-nodes", "5")
    assert result.exit_code == 0
    assert "(directional)" in result.stdout


@pytest.mark.parametrize("text", ["x**2", "sigmoid(x)*relu(y)", "max(x, y)**3"])
def test_fallback_agrees_where_sympy_agrees(text):
    values = {"x": 0.4, "y": 1.5} if "y" in text else {"x": 0.4}
    r = evaluate(text, values, limits=Limits(sympy_max_nodes=1))
    assert r.check.ok


def test_the_scalar_fallback_shrinks_its_step_past_a_kink():
    # x = 0 is 1e-5 left of relu's kink: steps of 1e-4 and 5e-5 cross it and measure
    # another piece of the function; a step that crosses no kink shows backprop is right.
    r = evaluate("relu(x - 0.00001) + x*y", x=0, y=2, limits=Limits(sympy_max_nodes=1))
    assert r.check.method == "directional"
    assert {v.status for v in r.check.variables} == {"ok"}
    assert all(d.rel_error < 1e-8 for d in r.check.directions)


def test_a_kink_no_step_avoids_is_a_kink_not_a_failure():
    # the kink is 1e-12 away: even a step of 1e-10 crosses it
    r = evaluate("relu(x - 0.000000000001) + x*y", x=0, y=2, limits=Limits(sympy_max_nodes=1))
    assert {v.status for v in r.check.variables} == {"kink"}
    assert r.check.ok
