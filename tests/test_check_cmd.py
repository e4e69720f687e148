"""``gradcli check`` for one point: expectations, formulas, the numeric check, exit codes."""

import json
from dataclasses import replace

import pytest

from conftest import LECTURE_POINT, SIGMOID_CIRCUIT
from support import strip_right

POINT = ["--x", "-2", "--y", "5", "--z", "-4"]

GOLDEN_EXPECT = """\
f = (x+y)*z at x = -2, y = 5, z = -4
┏━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━┓
┃ what        ┃ expected ┃ computed ┃   error ┃ result ┃
┡━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━┩
│ ∂f/∂x       │       -4 │       -4 │ 0.0e+00 │ ✓ pass │
│ ∂f/∂z       │       -4 │        3 │ 1.8e+00 │ ✗ FAIL │
│ value of n1 │        3 │        3 │ 0.0e+00 │ ✓ pass │
└─────────────┴──────────┴──────────┴─────────┴────────┘
∂f/∂z: expected -4, but it is 3 (rel. error 1.8 > rtol 1e-06)
1 of 3 checks FAILED
"""


def test_a_program_is_titled_with_its_text_as_eval_titles_it(cli):
    program = "q = x + y; f = q*z"
    result = cli("check", program, *POINT, "--expect", "q=-4")
    assert result.stdout.splitlines()[0].rstrip() == f"{program} at x = -2, y = 5, z = -4"
    table = cli("eval", program, *POINT, "--no-check").stdout
    assert table.splitlines()[0].rstrip() == program


def check_json(cli, *args):
    result = cli("check", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout) if result.stdout else None, result


def test_table_golden_with_a_failure_message(cli):
    result = cli("check", "(x+y)*z", *POINT, "--expect", "x=-4", "--expect", "z=-4",
                 "--expect-value", "n1=3")
    assert result.exit_code == 1
    assert strip_right(result.stdout) == GOLDEN_EXPECT
    assert result.stderr == ""


def test_all_expectations_right_exits_0(cli):
    code, data, _ = check_json(cli, "(x+y)*z", *POINT, "--expect", "x=-4", "--expect", "y=-4",
                               "--expect", "z=3", "--expect-value", "f=-12")
    assert code == 0
    assert data["ok"] is True
    assert [(c["kind"], c["name"], c["status"]) for c in data["checks"]] == [
        ("gradient", "x", "pass"), ("gradient", "y", "pass"), ("gradient", "z", "pass"),
        ("value", "f", "pass"),
    ]


def test_expectations_about_named_intermediates(cli):
    program = "q = x + y; f = q*z"
    code, data, _ = check_json(cli, program, *POINT, "--expect", "q=-4", "--expect-value", "q=3",
                               "--expect-value", "x=-2")
    assert code == 0
    assert [c["computed"] for c in data["checks"]] == [-4, 3, -2]


def test_wrong_value_message_says_what_is_right(cli):
    code, data, _ = check_json(cli, "q = x + y; f = q*z", *POINT, "--expect-value", "q=7")
    assert code == 1
    assert data["checks"][0]["message"] == (
        "value of q: expected 7, but it is 3 (rel. error 0.57 > rtol 1e-06)"
    )


def test_tolerances_accept_rounded_answers(cli):
    args = [SIGMOID_CIRCUIT, *LECTURE_POINT, "--expect", "w0=-0.2", "--expect", "x0=0.39"]
    assert cli("check", *args).exit_code == 1
    assert cli("check", *args, "--rtol", "0.02").exit_code == 0
    assert cli("check", *args, "--atol", "0.01").exit_code == 0


@pytest.mark.parametrize("answer, ok", [("3", False), ("3*x", False), ("3*x**2", True),
                                        ("x*3*x", True), ("x^2+2x^2", True)])
def test_a_formula_right_only_at_the_point_fails(cli, answer, ok):
    code, data, _ = check_json(cli, "x**3", "--x", "1", "--derivative", f"x={answer}")
    assert code == (0 if ok else 1)
    item = data["checks"][0]
    assert (item["kind"], item["status"], item["computed"]) == (
        "formula", "pass" if ok else "fail", "3*x**2")
    if not ok:
        assert item["message"].startswith(
            f"∂f/∂x: {answer} is not the derivative (it is right at the given point only): at x = ")


def test_a_formula_wrong_at_the_point_says_so_there(cli):
    _, data, _ = check_json(cli, "x**3", "--x", "2", "--derivative", "x=3*x")
    assert data["checks"][0]["message"] == (
        "∂f/∂x: 3*x is not the derivative: at x = 2 it gives 6, the derivative 3*x**2 gives 12"
    )


def test_formulas_may_use_named_nodes_and_differentiate_by_intermediates(cli):
    code, data, _ = check_json(cli, "q = x + y; f = q*z", *POINT, "--derivative", "z=q",
                               "--derivative", "q=z", "--derivative", "x=f/q")
    assert code == 0
    assert [c["computed"] for c in data["checks"]] == ["x + y", "z", "z"]


def test_the_lecture_sigmoid_derivative_formula(cli):
    code, data, _ = check_json(cli, "sigmoid(x)", "--x", "0.5",
                               "--derivative", "x=(1-sigmoid(x))*sigmoid(x)")
    assert code == 0
    assert data["checks"][0]["computed"] == "exp(-x)/(1 + exp(-x))**2"


def test_agreeing_everywhere_without_a_proof_is_undecided(cli):
    code, data, _ = check_json(cli, "relu(x)", "--x", "1", "--derivative", "x=relu(x)/x")
    assert code == 1
    assert data["checks"][0]["status"] == "undecided"
    assert "SymPy cannot simplify their difference to 0" in data["checks"][0]["message"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--derivative", "w=3"], "error: no node named 'w'"),
        (["--expect", "x"], "error: --expect takes NAME=VALUE, not 'x'"),
        (["--expect", "x=1", "--expect", "x=2"], "error: --expect x is given more than once"),
        (["--expect", "x=1", "--rtol", "-1"], "error: rtol must be ≥ 0, not -1"),
        (["--expect", "x=1", "--atol", "inf"], "error: value of atol is 'inf'"),
    ],
)
def test_bad_expectations_are_one_line_errors_exit_2(cli, args, message):
    result = cli("check", "x**3", "--x", "1", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args, message",
    [
        (["--derivative", "x=3*y"], "error: the formula for ∂f/∂x uses y, which is not a variable"),
        (["--derivative", "x=3*(x"], "error: in the formula for ∂f/∂x: '(' is never closed\n"),
        (["--expect", "x=nan"], "error: value of expect x is 'nan'"),
        (["--expect", "x=-4.0.0"], "error: value of expect x is '-4.0.0'"),
        (["--expect", "x=abc"], "error: value of expect x is 'abc'"),
        (["--expect", "x=[3, 1]"], "error: ∂f/∂x: the answer is a vector of 2, where a number"),
    ],
)
def test_unreadable_answers_are_exit_4(cli, args, message):
    result = cli("check", "x**3", "--x", "1", *args)
    assert result.exit_code == 4
    assert result.stderr.startswith(message)
    assert result.stdout == ""


def test_without_expectations_backprop_is_checked_against_sympy(cli):
    code, data, _ = check_json(cli, "(x+y)*z", *POINT)
    assert code == 0
    assert [(c["kind"], c["expected"], c["computed"]) for c in data["checks"]] == [
        ("sympy", -4, -4), ("sympy", -4, -4), ("sympy", 3, 3)]


def test_numeric_check_on_the_sigmoid_circuit_is_happy(cli):
    code, data, _ = check_json(cli, SIGMOID_CIRCUIT, *LECTURE_POINT, "--numeric")
    assert code == 0
    numeric = [c for c in data["checks"] if c["kind"] == "numeric"]
    assert [c["name"] for c in numeric] == ["w0", "x0", "w1", "x1", "w2"]
    assert {c["verdict"] for c in numeric} == {"happy"}
    assert all(c["error"] <= 1e-7 and c["h"] == 1e-5 for c in numeric)


def test_numeric_step_across_a_kink_is_flagged_not_failed(cli):
    result = cli("check", "relu(x - 1e-6)", "--x", "0", "--numeric", "--format", "json")
    assert result.exit_code == 0
    numeric = json.loads(result.stdout)["checks"][1]
    assert (numeric["status"], numeric["verdict"], numeric["kinks"]) == (
        "kink", "probably wrong", ["f"])
    assert result.stderr == (
        "warning: the numeric step for x crosses a kink at f: its centered difference is "
        "unreliable there (not counted as a failure)\n"
    )


def test_numeric_check_catches_a_wrong_local_gradient(cli, monkeypatch):
    from gradcli.core import ops

    def wrong(x, out):
        return (out * out,)  # should be out * (1 - out)

    monkeypatch.setitem(ops.OPS, "sigmoid", replace(ops.OPS["sigmoid"], partials=wrong))
    monkeypatch.setattr("gradcli.engines.scalar._INLINE", {})  # run sigmoid through its (broken) rule
    code, data, _ = check_json(cli, "sigmoid(x)", "--x", "0.5", "--expect", "x=0.1", "--numeric",
                               "--atol", "1")
    assert code == 1
    gradient, numeric = data["checks"]
    assert gradient["status"] == "pass"  # the answer matches the (broken) backprop
    assert (numeric["status"], numeric["verdict"]) == ("fail", "probably wrong")


def test_negative_zero_is_never_shown(cli):
    result = cli("check", "x*y", "--x", "1", "--y", "-0", "--expect", "x=0")
    assert result.exit_code == 0
    assert "-0" not in result.stdout
    code, data, result = check_json(cli, "x*y", "--x", "1", "--y", "-0", "--expect", "x=-0")
    assert data["checks"][0]["computed"] == 0 and data["checks"][0]["expected"] == 0
    assert ": -0" not in result.stdout


def test_math_error_at_the_point_exits_3(cli):
    result = cli("check", "log(x)", "--x", "0", "--expect", "x=1")
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == "error: node f (log) is undefined at x = 0; log needs x > 0\n"


def test_user_text_is_never_rich_markup(cli):
    result = cli("check", "x", "--x", "1", "--derivative", "x=[bold]")
    assert result.exit_code == 4
    table = cli("check", "x", "--x", "1", "--expect", "x=2")
    assert "∂x/∂x: expected 2, but it is 1" in table.stdout


def test_missing_expr_is_a_usage_error(cli):
    result = cli("check")
    assert result.exit_code == 2
    assert "Missing argument 'EXPR' (or give --file FILE or --cases FILE)." in result.stderr


def test_exit_codes_and_streams_of_the_installed_command(run_gradcli):
    passed = run_gradcli("check", "(x+y)*z", *POINT, "--expect", "x=-4", "--format", "json")
    assert (passed.returncode, passed.stderr) == (0, "")
    assert json.loads(passed.stdout)["ok"] is True
    failed = run_gradcli("check", "x**3", "--x", "1", "--derivative", "x=3*x")
    assert (failed.returncode, failed.stderr) == (1, "")
    assert "✗ FAIL" in failed.stdout
    bad = run_gradcli("check", "x**3", "--x", "1", "--derivative", "x=3*")
    assert (bad.returncode, bad.stdout) == (4, "")  # the answer cannot be read
    math = run_gradcli("check", "1/x", "--x", "0", "--format", "json")
    assert math.returncode == 3
    assert json.loads(math.stdout) == {"error": {
        "exit_code": 3, "kind": "math",
        "message": "node f (1/x) divides by zero at x = 0; 1/x needs x != 0"}}
    assert math.stderr == "error: node f (1/x) divides by zero at x = 0; 1/x needs x != 0\n"
