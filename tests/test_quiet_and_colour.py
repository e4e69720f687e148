"""--quiet, and machine output without escape bytes whatever FORCE_COLOR says (issue 13)."""

import json
import os
import subprocess

import pytest

from conftest import gradcli_command


def test_quiet_leaves_out_notes_and_warnings(cli):
    result = cli("grad", "relu(x)*y", "--x", "0", "--y", "2", "--w", "3", "--quiet")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "x\t0\ny\t0\nw\t0\n"  # relu'(0) = 0, the convention


def test_quiet_leaves_out_the_batch_summary(cli):
    line = json.dumps({"expression": "x", "values": {"x": 1}, "expect": {"x": 2}})
    result = cli("check", "--cases", "-", "--format", "json", "-q", input=line + "\n")
    assert (result.exit_code, result.stderr) == (1, "")
    assert json.loads(result.stdout)["status"] == "fail"


@pytest.mark.parametrize("args, code", [
    (["grad", "log(x)", "--x", "-1"], 3),  # a math error at the point: quiet
    (["check", "x", "--x", "1", "--expect", "x=abc"], 4),  # an unreadable answer: quiet
])
def test_quiet_is_quiet_about_answers_and_points(cli, args, code):
    result = cli(*args, "--quiet")
    assert (result.exit_code, result.stderr) == (code, "")


def test_quiet_still_says_why_the_command_failed(cli):
    result = cli("grad", "(x+", "--x", "1", "--quiet")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: the expression ends where")


@pytest.mark.parametrize("args", [
    ["eval", "sigmoid(x)", "--x", "1", "--format", "json"],
    ["grad", "sigmoid(x)", "--x", "1", "--format", "json"],
    ["check", "sigmoid(x)", "--x", "1", "--expect", "x=1", "--format", "json"],
    ["check", "sigmoid(x)", "--x", "1", "--expect", "x=1", "--format", "gradescope"],
    ["check", "sigmoid(x)", "--x", "1", "--expect", "x=1", "--format", "tap"],
    ["check", "sigmoid(x)", "--x", "1", "--expect", "x=1", "--format", "junit"],
    ["eval", "(x+", "--x", "1", "--format", "json"],
])
def test_machine_formats_never_hold_an_escape_byte_even_with_force_color(args):
    env = {**os.environ, "FORCE_COLOR": "true", "TERM": "xterm-256color"}
    proc = subprocess.run(gradcli_command() + args, capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.stdout and "\x1b" not in proc.stdout


def test_piped_tables_have_no_trailing_spaces(cli):
    result = cli("check", "x*y", "--x", "2", "--y", "3", "--expect", "x=3")
    lines = result.stdout.splitlines()
    assert lines[0] == "f = x*y at x = 2, y = 3"
    assert all(line == line.rstrip() for line in lines)
