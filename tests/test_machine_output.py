"""JSON on every command, JSON errors, options never taken for variables (issue 13)."""

import json

import pytest


@pytest.mark.parametrize("args, code, kind, message", [
    (["eval", "(x+", "--x", "1"], 2, "syntax", "the expression ends where"),
    (["eval", "x"], 2, "value", "no value for x: give --x VALUE"),
    (["eval", "log(x)", "--x", "-1"], 3, "math", "node f (log) is undefined at x = -1"),
    (["check", "x", "--x", "1", "--expect", "x=-4.0.0"], 4, "unreadable_answer",
     "value of expect x is '-4.0.0'"),
    (["check", "--cases", "missing.jsonl"], 2, "input", "cannot read --cases from missing.jsonl"),
    (["grad", "x", "--x", "1", "--bogus"], 2, "usage", "grad has no option --bogus"),
    (["graph", "x", "--x", "nan"], 2, "value", "value of x is 'nan'"),
])
def test_under_format_json_an_error_is_a_json_object_on_stdout(cli, args, code, kind, message):
    result = cli(*args, "--format", "json")
    assert result.exit_code == code
    error = json.loads(result.stdout)["error"]
    assert (error["exit_code"], error["kind"]) == (code, kind)
    assert error["message"].startswith(message)
    assert result.stderr  # and the person at the terminal still reads it


def test_without_format_json_errors_stay_on_stderr(cli):
    result = cli("eval", "(x+", "--x", "1")
    assert (result.exit_code, result.stdout) == (2, "")


def test_the_installed_command_writes_a_json_error(run_gradcli):
    proc = run_gradcli("check", "x", "--x", "1", "--expect", "x=abc", "--format=json")
    assert proc.returncode == 4
    assert json.loads(proc.stdout)["error"]["kind"] == "unreadable_answer"


def test_grad_format_json(cli):
    result = cli("grad", "(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["gradients"] == {"x": -4, "y": -4, "z": 3}
    assert data["output"] == {"name": "f", "value": -12}
    assert data["check"]["ok"] is True and data["check"]["method"] == "sympy"


def test_grad_format_json_with_wrt_and_exact(cli):
    result = cli("grad", "x/3", "--x", "0.1", "--exact", "--wrt", "x", "--format", "json")
    data = json.loads(result.stdout)
    assert data["gradients"] == {"x": 0.3333333333333333}
    assert data["gradients_exact"] == {"x": "1/3"}


def test_grad_format_text_is_the_default(cli):
    result = cli("grad", "x*y", "--x", "2", "--y", "3", "--format", "text")
    assert result.stdout == "x\t3\ny\t2\n"


@pytest.mark.parametrize("args, message", [
    (["check", "x", "--x", "1", "--formt", "json"],
     "check has no option --formt; did you mean --format?"),
    (["eval", "x", "--x", "1", "--digts", "3"], "eval has no option --digts; did you mean --digits?"),
    (["check", "x", "--x", "1", "--expct=x=1"], "check has no option --expct; did you mean --expect?"),
])
def test_a_misspelt_option_with_a_value_is_reported_as_an_option(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "value of" not in result.stderr


def test_a_variable_far_from_every_option_is_a_variable(cli):
    assert cli("grad", "alpha*x", "--alpha", "2", "--x", "3").stdout == "alpha\t3\nx\t2\n"
