"""check --decimals/--sigfigs and the cases' "decimals"/"sigfigs" keys (issue 13)."""

import json

import pytest

SIGMOID = ["sigmoid(w*x)", "--w", "2", "--x", "-1"]  # ∂f/∂w = -0.10499..., ∂f/∂x = 0.20998...


@pytest.mark.parametrize("answer, code", [("-0.10", 0), ("-0.1", 0), ("-0.11", 1), ("-0.105", 0)])
def test_decimals_accepts_the_truth_rounded(cli, answer, code):
    result = cli("check", *SIGMOID, "--expect", f"w={answer}", "--decimals", "2")
    assert result.exit_code == code, result.stdout


def test_the_slides_two_decimals_fail_with_rtol_but_pass_with_decimals(cli):
    # the slide's -0.20 for a true -0.19661193 (= -σ'(1)): a relative error of 1.7e-2
    args = ["sigmoid(x)*(-1)", "--x", "1.0", "--expect", "x=-0.20"]
    assert cli("check", *args, "--rtol", "1e-2").exit_code == 1
    assert cli("check", *args, "--decimals", "2").exit_code == 0


def test_right_to_fewer_decimals_says_so(cli):
    result = cli("check", *SIGMOID, "--expect", "x=0.2", "--decimals", "2", "--format", "json")
    assert result.exit_code == 1
    message = json.loads(result.stdout)["checks"][0]["message"]
    assert message.endswith("(right to 1 decimal place; 2 were asked)")


def test_sigfigs(cli):
    assert cli("check", *SIGMOID, "--expect", "x=0.21", "--sigfigs", "2").exit_code == 0
    assert cli("check", *SIGMOID, "--expect", "x=0.2", "--sigfigs", "2").exit_code == 1
    assert cli("check", *SIGMOID, "--expect", "x=0.2", "--sigfigs", "1").exit_code == 0


@pytest.mark.parametrize("extra, message", [
    (["--decimals", "2", "--sigfigs", "2"], "error: give --decimals or --sigfigs, not both"),
    (["--decimals", "2", "--rtol", "0.1"], "error: --rtol and --atol do not apply with --decimals"),
    (["--decimals", "2", "--exact"], "error: --decimals and --sigfigs do not apply with --exact"),
    (["--decimals", "16"], "error: --decimals must be a whole number from 0 to 15"),
    (["--sigfigs", "0"], "error: --sigfigs must be a whole number from 1 to 15"),
])
def test_bad_rounding_options_are_exit_2(cli, extra, message):
    result = cli("check", *SIGMOID, "--expect", "x=0.21", *extra)
    assert result.exit_code == 2
    assert message in result.stderr


def test_cases_take_decimals_and_sigfigs(cli):
    lines = [{"expression": "sigmoid(x)", "values": {"x": 0.5}, "expect": {"x": 0.24}, **extra}
             for extra in ({"decimals": 2}, {"sigfigs": 3}, {}, {"decimals": "2"},
                           {"decimals": 2, "rtol": 0.1})]
    result = cli("check", "--cases", "-", "--format", "json",
                 input="".join(json.dumps(line) + "\n" for line in lines))
    statuses = [json.loads(line)["status"] for line in result.stdout.splitlines()]
    assert statuses == ["pass", "fail", "fail", "error", "error"]


def test_the_command_lines_decimals_apply_to_cases_without_their_own(cli):
    lines = [{"expression": "sigmoid(x)", "values": {"x": 0.5}, "expect": {"x": 0.24}, **extra}
             for extra in ({}, {"rtol": 1e-6})]
    result = cli("check", "--cases", "-", "--format", "json", "--decimals", "2",
                 input="".join(json.dumps(line) + "\n" for line in lines))
    statuses = [json.loads(line)["status"] for line in result.stdout.splitlines()]
    assert statuses == ["pass", "fail"]


def test_vectors_are_rounded_entry_by_entry(cli):
    w_x = ["sum((W @ x)**2)", "--W", "[[0.1,0.5],[-0.3,0.8]]", "--x", "[0.2,0.4]"]
    assert cli("check", *w_x, "--expect", "W=[[0.09, 0.18], [0.1, 0.21]]",
               "--decimals", "2").exit_code == 0
    assert cli("check", *w_x, "--expect", "W=[[0.09, 0.18], [0.1, 0.2]]",
               "--decimals", "2").exit_code == 1
