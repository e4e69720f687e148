"""No exit 70 (issue 12): each input that was an internal error is a clean exit 2 or 3
with one line, or works (real processes); and a property test runs every command on
generated text and fails on exit 70 or a traceback (the CLI in-process, CliRunner)."""

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradcli.cli import main

EXACT_COMMANDS = [("eval",), ("grad",), ("explain",), ("graph", "--format", "json")]


@pytest.mark.parametrize("command", EXACT_COMMANDS, ids=lambda c: c[0])
def test_an_exact_number_too_long_to_print_is_exit_2(run_gradcli, command):
    # (sqrt(2)/2)**30000 is 1/2**15000: more digits than Python prints an int with
    proc = run_gradcli(command[0], "sqrt(x)**30000", "--x", "0.5", "--exact", *command[1:])
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == ("error: the exact value of node f (^30000) has about 15,001 bits "
                           "(the limit is 10,000); drop --exact\n")


@pytest.mark.parametrize("expr", ["x^²", "\\frac²{x}", "\\frac{1}²", "\\sqrt²", ".²", "x^①",
                                  "\\frac①{x}", "x²", "x^{²}"])
def test_latex_with_superscript_or_circled_digits_is_exit_2(run_gradcli, expr):
    proc = run_gradcli("eval", "--latex", expr, "--x", "2")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: ") and "internal error" not in proc.stderr


def test_an_array_gate_given_a_scalar_works(run_gradcli):
    proc = run_gradcli("grad", "norm2(x)", "--x", "0.1")
    assert proc.returncode == 0, proc.stderr
    assert float(proc.stdout.split("\t")[1]) == pytest.approx(0.2, rel=1e-12)


@pytest.mark.parametrize("seconds", ["inf", "nan", "0", "1e20"])
def test_a_time_limit_that_is_no_limit_is_refused(run_gradcli, seconds):
    proc = run_gradcli("eval", "x", "--x", "1", "--check-timeout", seconds)
    assert proc.returncode == 2
    assert "is not a time limit: give seconds, more than 0 and at most 1,000,000" in proc.stderr


def test_unusual_case_ids_are_results_not_bugs(run_gradcli):
    lines = ['{"id": %s, "expression": "x", "values": {"x": 1}}' % text
             for text in ["1" * 5000, "1e999", json.dumps("\x00\x1b\x7f\u202e")]]
    proc = run_gradcli("check", "--cases", "-", "--format", "json", input="\n".join(lines))
    assert proc.returncode == 0, proc.stderr
    statuses = [json.loads(line, parse_int=str)["status"] for line in proc.stdout.splitlines()]
    assert statuses == ["pass"] * 3


@pytest.mark.parametrize("args", [("eval", "x $", "--debug"), ("eval", "log(x)", "--x", "-1",
                                                               "--debug")])
def test_debug_shows_no_traceback_for_a_syntax_or_math_error(run_gradcli, args):
    proc = run_gradcli(*args)
    assert proc.returncode in (2, 3)
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: ")


# --- the sweep: every command on generated text

PIECES = ["x", "y", "0", "1", "2.5", "1e308", "1e-320", "-", "+", "*", "/", "**", "^", "@", "(",
          ")", ",", "=", ";", "\n", " ", "sum", "mean", "norm2", "T", "dot", "max", "min",
          "exp", "log", "sqrt", "sigmoid", "tanh", "relu", "abs", "pi", "e", "\\frac", "{", "}",
          "\\sqrt", "\\cdot", "\\sigma", "$", "_", "²", "①", "\u2028", "\x1b", "\r", "q", "f"]
EXPRESSIONS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join) | st.text(
    max_size=20)
VALUES = st.sampled_from(["0", "1", "-1", "0.5", "1e-300", "1e300", "[1, 2]", "[[1, 2], [3, 4]]",
                          "[]", "nan", "x", "1/3"])
COMMANDS = st.sampled_from([
    ("eval",), ("eval", "--format", "json"), ("eval", "--exact"), ("eval", "--expand"),
    ("eval", "--fuse"), ("eval", "--latex"), ("eval", "--format", "tsv"), ("grad",),
    ("grad", "--exact"), ("check", "--numeric"), ("check", "--expect", "x=1/3"),
    ("check", "--derivative", "x=2*x"), ("check", "--exact", "--expect-value", "f=1"),
    ("explain",), ("explain", "--format", "latex"), ("explain", "--exact"),
    ("graph",), ("graph", "--format", "dot"), ("graph", "--format", "mermaid"),
    ("graph", "--format", "json", "--exact"),
])
FAST = ("--check-timeout", "2", "--max-nodes", "2000")


def run_cli(args, input=None):
    return CliRunner().invoke(main, list(args), input=input, env={"NO_COLOR": "1"})


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(command=COMMANDS, expr=EXPRESSIONS, x=VALUES, y=VALUES, give_y=st.booleans())
def test_no_command_ends_in_an_internal_error(command, expr, x, y, give_y):
    values = ["--x", x] + (["--y", y] if give_y else [])
    result = run_cli([command[0], *FAST, *command[1:], *values, "--file", "-"], input=expr)
    assert result.exit_code != 70, (result.stderr, result.exception)
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.exc_info
    assert "Traceback" not in result.stderr


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=3),
    max_leaves=6)
CASE = st.fixed_dictionaries(
    {"expression": EXPRESSIONS},
    optional={"id": JSON_VALUES, "values": st.dictionaries(st.sampled_from(["x", "y"]),
                                                           JSON_VALUES | VALUES, max_size=2),
              "expect": JSON_VALUES, "expect_value": JSON_VALUES, "derivative": JSON_VALUES,
              "rtol": JSON_VALUES, "exact": JSON_VALUES})


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(cases=st.lists(CASE, min_size=1, max_size=4), fmt=st.sampled_from(["json", "table"]))
def test_no_cases_file_ends_in_an_internal_error(cases, fmt):
    text = "\n".join(json.dumps(case) for case in cases)
    result = run_cli(["check", "--cases", "-", "--format", fmt, *FAST], input=text)
    assert result.exit_code != 70, (result.stdout, result.stderr)
    assert "internal error" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
