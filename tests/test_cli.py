"""``gradcli eval`` through the CLI: golden output, JSON contract, exit codes."""

import json
import os
import pty
import subprocess

import pytest

from conftest import LECTURE_POINT, SIGMOID_CIRCUIT, gradcli_command, read_until_closed
from support import strip_right

GOLDEN_TABLE = """\
f = (x+y)*z
┏━━━━━━┳━━━━━━━┳━━━━━━━━┳━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ node ┃ gate  ┃ inputs ┃ value ┃ local gradient ┃ grad ∂f/∂node ┃
┡━━━━━━╇━━━━━━━╇━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ x    │ input │        │    -2 │                │            -4 │
│ y    │ input │        │     5 │                │            -4 │
│ z    │ input │        │    -4 │                │             3 │
│ n1   │ +     │ x, y   │     3 │           1, 1 │            -4 │
│ f    │ *     │ n1, z  │   -12 │          -4, 3 │             1 │
└──────┴───────┴────────┴───────┴────────────────┴───────────────┘
gradients of f
┏━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━┓
┃ input ┃ ∂f/∂input (backprop) ┃ SymPy ┃ rel. error ┃ check ┃
┡━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━┩
│ x     │                   -4 │    -4 │    0.0e+00 │ ✓     │
│ y     │                   -4 │    -4 │    0.0e+00 │ ✓     │
│ z     │                    3 │     3 │    0.0e+00 │ ✓     │
└───────┴──────────────────────┴───────┴────────────┴───────┘
check: backprop agrees with SymPy's derivative (rel. error ≤ 1e-09)
"""


def test_eval_table_golden(cli):
    result = cli("eval", "(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4")
    assert result.exit_code == 0
    assert strip_right(result.stdout) == GOLDEN_TABLE
    assert result.stderr == ""


def test_eval_json_contract(cli):
    result = cli("eval", "(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["output"] == {"name": "f", "value": -12}
    assert data["inputs"] == {"x": -2, "y": 5, "z": -4}
    assert data["gradients"] == {"x": -4, "y": -4, "z": 3}
    assert data["nodes"] == [
        {"id": "x", "op": "var", "label": "x", "inputs": [], "value": -2, "grad": -4},
        {"id": "y", "op": "var", "label": "y", "inputs": [], "value": 5, "grad": -4},
        {"id": "z", "op": "var", "label": "z", "inputs": [], "value": -4, "grad": 3},
        {"id": "n1", "op": "add", "label": "+", "inputs": ["x", "y"], "value": 3,
         "local": [1, 1], "grad": -4},
        {"id": "f", "op": "mul", "label": "*", "inputs": ["n1", "z"], "value": -12,
         "local": [-4, 3], "grad": 1},
    ]
    assert data["check"]["method"] == "sympy"
    assert data["check"]["ok"] is True
    assert data["check"]["gradients"] == {"x": -4, "y": -4, "z": 3}
    assert data["check"]["kinks"] == []


def test_eval_json_sigmoid_circuit_folded_gates(cli):
    result = cli("eval", SIGMOID_CIRCUIT, *LECTURE_POINT, "--format", "json")
    nodes = json.loads(result.stdout)["nodes"]
    assert [(n["op"], n["label"], n.get("const")) for n in nodes[5:]] == [
        ("mul", "*", None), ("mul", "*", None), ("add", "+", None), ("add", "+", None),
        ("mulc", "*-1", -1), ("exp", "exp", None), ("addc", "+1", 1), ("recip", "1/x", 1),
    ]


def test_no_check_skips_sympy(cli):
    result = cli("eval", "x*y", "--x", "2", "--y", "3", "--no-check", "--format", "json")
    assert json.loads(result.stdout)["check"] is None
    table = cli("eval", "x*y", "--x", "2", "--y", "3", "--no-check")
    assert "not checked (--no-check)" in table.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--x", "-2.5e-3"],
        ["--x=-2.5e-3"],
        ["--x", "-.0025"],
        ["--var", "x=-2.5e-3"],
    ],
)
def test_negative_and_scientific_values_are_never_options(cli, args):
    result = cli("eval", "x*2", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["gradients"] == {"x": 2}
    assert json.loads(result.stdout)["output"]["value"] == -0.005


def test_expression_starting_with_minus_is_the_expression(cli):
    result = cli("eval", "-x*y", "--x", "2", "--y", "3", "--format", "json")
    assert json.loads(result.stdout)["output"]["value"] == -6


def test_variable_named_like_an_option_uses_var(cli):
    result = cli("eval", "format*2", "--var", "format=3", "--format", "json")
    assert json.loads(result.stdout)["gradients"] == {"format": 2}


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["(x+y)*z", "--x", "1", "--y", "2"], 2, "error: no value for z: give --z VALUE"),
        (["x", "--x", "1", "--x", "2"], 2, "error: value of x is given more than once"),
        (["x", "--x", "nan"], 2, "error: value of x is 'nan': expected a finite decimal number"),
        (["x", "--x", "inf"], 2, "error: value of x is 'inf'"),
        (["x", "--x", "1e400"], 2, "error: value of x is not a finite float64: 1e400"),
        (["x", "--x", "0x10"], 2, "error: value of x is '0x10'"),
        (["x", "--x", "1_000"], 2, "error: value of x is '1_000'"),
        (["x", "--x", "\u0663"], 2, "error: value of x is '\u0663'"),
        (["x", "--x"], 2, "eval has no option --x; a variable's value follows its name: --x VALUE"),
        (["x", "--x", "1", "--output"], 2, "Option '--output' requires an argument."),
        (["x", "--x", "1", "--format"], 2, "Option '--format' requires an argument."),
        (["q = x; q", "--x", "1", "--q", "2"], 2, "error: q is computed by the expression"),
        (["(x+", "--x", "1"], 2, "error: the expression ends where"),
        (["foo(x)", "--x", "1"], 2, "error: unknown function 'foo'"),
        (["max(x)", "--x", "1"], 2, "error: max() takes 2 arguments, got 1"),
        (["log(x)", "--x", "-1"], 3, "error: node f (log) is undefined at x = -1"),
        (["sqrt(x)", "--x", "-1"], 3, "error: node f (sqrt) is undefined at x = -1"),
        (["1/x", "--x", "0"], 3, "error: node f (1/x) divides by zero at x = 0"),
        (["exp(x)", "--x", "1000"], 3, "error: node f (exp) overflows float64 at x = 1000"),
        (["x", "--x", "1", "--format", "yaml"], 2, "Invalid value for '--format'"),
        ([], 2, "Missing argument 'EXPR'"),
    ],
)
def test_errors_are_one_line_with_their_exit_code(cli, args, code, message):
    result = cli("eval", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_syntax_error_shows_a_caret(cli):
    result = cli("eval", "(x+y))*z", "--x", "1", "--y", "2", "--z", "3")
    assert result.exit_code == 2
    assert result.stderr == "error: unmatched ')'\n  (x+y))*z\n       ^\n"


def test_kink_is_a_warning_on_stderr_and_not_a_failure(cli):
    result = cli("eval", "relu(x)", "--x", "0", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == (
        "warning: kink at node f (relu) with input 0: not differentiable there; "
        "convention: relu'(0) = 0\n"
    )
    data = json.loads(result.stdout)
    assert data["check"]["status"] == {"x": "kink"}
    assert data["check"]["kinks"] == ["f"]


def test_check_failure_exits_1(cli, monkeypatch):
    # Break the mul gate's local gradient: backprop must then disagree with SymPy.
    from dataclasses import replace

    from gradcli.core import ops

    def wrong(x, y, out):
        return (y, 2 * x)

    monkeypatch.setitem(ops.OPS, "mul", replace(ops.OPS["mul"], partials=wrong))

    monkeypatch.setattr("gradcli.engines.scalar._INLINE", {})  # run * through its (broken) rule
    result = cli("eval", "(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4")
    assert result.exit_code == 1
    assert "check FAILED" in result.stdout
    assert "✗" in result.stdout


def test_internal_error_has_no_traceback_without_debug(cli, monkeypatch):
    from gradcli import api

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "run", boom)
    result = cli("eval", "x", "--x", "1")
    assert result.exit_code == 70
    assert "internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.stderr
    with pytest.raises(RuntimeError):
        cli("eval", "x", "--x", "1", "--debug")


def test_json_has_no_nan_or_infinity_tokens(cli):
    result = cli("eval", "exp(x)", "--x", "700", "--format", "json")
    assert result.exit_code == 0
    json.loads(result.stdout, parse_constant=lambda token: pytest.fail(token))


def test_installed_gradcli_runs_as_a_process(run_gradcli):
    proc = run_gradcli("eval", "(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4", "--format", "json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["gradients"] == {"x": -4, "y": -4, "z": 3}
    bad = run_gradcli("eval", "log(x)", "--x", "-1")
    assert (bad.returncode, bad.stdout) == (3, "")
    assert bad.stderr.startswith("error: node f (log)")


def test_python_dash_m_gradcli_works_like_gradcli():
    import sys

    proc = subprocess.run([sys.executable, "-m", "gradcli", "eval", "x*x", "--x", "3", "--format",
                           "json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["gradients"] == {"x": 6}


def run_in_terminal(args, env):
    """Run gradcli with stdout on a pseudo-terminal, as a student would see it."""
    primary, secondary = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update(env, TERM="xterm-256color", COLUMNS="120")
    proc = subprocess.run(gradcli_command() + args, stdout=secondary, stderr=subprocess.PIPE,
                          env=full_env, timeout=120)
    os.close(secondary)
    return proc.returncode, read_until_closed(primary).decode()


def test_colours_on_a_terminal_green_values_red_gradients():
    code, out = run_in_terminal(["eval", "x*y", "--x", "2", "--y", "3"], {})
    assert code == 0
    assert "\x1b[32m" in out and "\x1b[31m" in out  # green, red
    assert "\x1b[32m" in out.split("\n")[5]  # the first row's value cell


def test_no_color_is_respected_on_a_terminal():
    code, out = run_in_terminal(["eval", "x*y", "--x", "2", "--y", "3"], {"NO_COLOR": "1"})
    assert code == 0
    assert "\x1b[3" not in out


def test_no_escape_codes_in_a_pipe(run_gradcli):
    proc = run_gradcli("eval", "x*y", "--x", "2", "--y", "3")
    assert "\x1b" not in proc.stdout


def test_digits_rounds_the_table_like_the_slides(cli):
    result = cli("eval", SIGMOID_CIRCUIT, *LECTURE_POINT, "--digits", "2", "--no-check")
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
            for line in result.stdout.splitlines() if line.startswith("│")}
    assert rows["n6"] == ["exp", "n5", "0.37", "0.37", "-0.53"]
    assert rows["f"] == ["1/x", "n7", "0.73", "-0.53", "1"]
    assert rows["w0"][-1] == "-0.2"


def test_digits_does_not_round_json(cli):
    result = cli("eval", SIGMOID_CIRCUIT, *LECTURE_POINT, "--digits", "2", "--format", "json")
    assert json.loads(result.stdout)["output"]["value"] == 0.7310585786300049


def test_no_check_never_imports_sympy():
    import sys

    code = (
        "import sys\n"
        "from gradcli.cli import main\n"
        "try:\n"
        "    main(['eval', 'x*y', '--x', '1', '--y', '2', '--no-check', '--format', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('sympy' in sys.modules, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stderr.strip() == "False"


@pytest.mark.parametrize("args, message", [
    (["explain", "x", "--x", "1", "--numeric"],
     ("Error: explain has no option --numeric; a variable's value follows its name: "
      "--numeric VALUE\n")),
    (["check", "x", "--x", "1", "--expct", "--numeric"],
     ("Error: check has no option --expct (did you mean --expect?); a variable's value "
      "follows its name: --expct VALUE\n")),
    (["grad", "x", "--wrtt", "--x", "1"],
     ("Error: grad has no option --wrtt (did you mean --wrt?); a variable's value follows "
      "its name: --wrtt VALUE\n")),
])
def test_a_flag_the_command_does_not_have_is_named_as_such(cli, args, message):
    result = cli(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(message)
