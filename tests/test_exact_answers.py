"""``grad --exact`` and ``check --exact``: exact gradients for scripts, answers compared exactly."""

import json

import pytest
import sympy

import gradcli
from conftest import LECTURE_POINT, SIGMOID_CIRCUIT
from gradcli.errors import InputError, ValueInputError
from test_programs import MICROGRAD
from support import strip_right

# The program of + * / ** relu at an integer: k = (1 + 5/x)**4.
RATIONAL_PROGRAM = "a = 2 * x; b = 10.0 / a; c = 1 + b; d = -c; g = d**2; h = relu(g); k = h*h"


def plain(result) -> str:
    return strip_right(result.stdout)


# --- grad --exact


def test_grad_exact_prints_name_decimal_and_exact(cli):
    result = cli("grad", "(x+y)*z", "--x", "0.1", "--y", "0.2", "--z", "3", "--exact")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "x\t3\t3\ny\t3\t3\nz\t0.30000000000000004\t3/10\n"


def test_grad_exact_with_one_wrt_prints_only_the_exact_form(cli):
    result = cli("grad", "(x+y)*z", "--x", "0.1", "--y", "0.2", "--z", "3", "--exact",
                 "--wrt", "z")
    assert (result.exit_code, result.stdout) == (0, "3/10\n")


def test_grad_exact_sigmoid_w0_is_minus_e_over_one_plus_e_squared(cli):
    result = cli("grad", SIGMOID_CIRCUIT, *LECTURE_POINT, "--exact", "--wrt", "w0")
    assert (result.exit_code, result.stdout) == (0, "-exp(-1)/(exp(-1) + 1)**2\n")
    printed = sympy.S(result.stdout.strip())  # the documented promise: sympy.S reads it back
    assert sympy.simplify(printed + sympy.E / (1 + sympy.E) ** 2) == 0


def test_grad_exact_sigmoid_every_input(cli):
    result = cli("grad", SIGMOID_CIRCUIT, *LECTURE_POINT, "--exact")
    assert result.stdout == (
        "w0\t-0.19661193324148188\t-exp(-1)/(exp(-1) + 1)**2\n"
        "x0\t0.39322386648296376\t2*exp(-1)/(exp(-1) + 1)**2\n"
        "w1\t-0.39322386648296376\t-2*exp(-1)/(exp(-1) + 1)**2\n"
        "x1\t-0.5898357997244457\t-3*exp(-1)/(exp(-1) + 1)**2\n"
        "w2\t0.19661193324148188\texp(-1)/(exp(-1) + 1)**2\n"
    )


def test_grad_exact_program_at_an_integer_gives_rationals_also_for_intermediates(cli):
    # k = (1 + 5/x)**4: dk/dx = -20 (1 + 5/x)**3 / x**2 = -10240/243 at 3;
    # b = 5/x, dk/db = 4 (1 + b)**3 = 2048/27
    result = cli("grad", RATIONAL_PROGRAM, "--x", "3", "--exact", "--wrt", "x", "--wrt", "b",
                 "--wrt", "k")
    assert result.stdout == ("x\t-42.139917695473265\t-10240/243\n"
                             "b\t75.85185185185188\t2048/27\nk\t1\t1\n")


def test_grad_exact_micrograd_program(cli):
    result = cli("grad", MICROGRAD, "--a", "-4", "--b", "2", "--exact")
    assert result.stdout == "a\t138.83381924198252\t47620/343\nb\t645.5772594752186\t221433/343\n"


def test_grad_exact_reads_a_values_file_exactly(cli, tmp_path):
    (tmp_path / "point.json").write_text('{"x": 0.1, "y": 0.2}')
    result = cli("grad", "(x+y)*z", "--values", str(tmp_path / "point.json"), "--z", "3",
                 "--exact", "--wrt", "z")
    assert (result.exit_code, result.stdout) == (0, "3/10\n")


def test_grad_exact_warns_about_a_kink_only_exact_arithmetic_meets(cli):
    result = cli("grad", "relu(x + y - z)", "--x", "0.1", "--y", "0.2", "--z", "0.3", "--exact")
    assert result.stdout == "x\t1\t0\ny\t1\t0\nz\t-1\t0\n"
    assert result.stderr == ("warning: in exact arithmetic, kink at node f (relu) with input 0: "
                             "not differentiable there; convention: relu'(0) = 0\n")


@pytest.mark.parametrize("args, code, message", [
    (["x**y", "--x", "0.5", "--y", "100000", "--exact"], 2,
     "error: the exact value of node f (**) would have about 200,000 bits"),
    (["x*y", "--x", "1", "--y", "2", "--exact", "--wrt", "w"], 2, "error: no node named 'w'"),
    (["sqrt(x + y - z)", "--x", "0.1", "--y", "0.2", "--z", "0.3", "--exact"], 3,
     "error: node f (sqrt) has no finite exact local gradient"),
])
def test_grad_exact_errors_are_one_line_and_print_nothing(cli, args, code, message):
    result = cli("grad", *args)
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1


def test_api_grad_exact_returns_sympy_numbers():
    assert gradcli.grad("x/3", x="0.1", exact=True) == {"x": sympy.Rational(1, 3)}
    found = gradcli.grad(RATIONAL_PROGRAM, x=3, wrt=["b"], exact=True)
    assert found == {"b": sympy.Rational(2048, 27)}


# --- check --exact

GOLDEN_CHECK = """\
f = x/3 at x = 1 (exact)
┏━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━┓
┃ what       ┃ expected ┃ computed ┃   error ┃ result ┃
┡━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━┩
│ ∂f/∂x      │      1/3 │      1/3 │ 0.0e+00 │ ✓ pass │
│ value of f │    0.333 │      1/3 │ 1.0e-03 │ ✗ FAIL │
└────────────┴──────────┴──────────┴─────────┴────────┘
value of f: expected 0.333, but it is exactly 1/3 (≈ 0.3333333333333333)
1 of 2 checks FAILED
"""


def test_check_exact_table(cli):
    result = cli("check", "x/3", "--x", "1", "--expect", "x=1/3", "--expect-value", "f=0.333",
                 "--exact")
    assert result.exit_code == 1
    assert plain(result) == GOLDEN_CHECK


def check_json(cli, *args):
    result = cli("check", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout) if result.stdout else None, result.stderr


@pytest.mark.parametrize("answer, ok", [("1/3", True), ("2/6", True), ("0.333", False),
                                        ("0.3333333333333333", False), ("-1/3", False)])
def test_a_gradient_of_one_third_is_right_only_when_exactly_one_third(cli, answer, ok):
    code, data, _ = check_json(cli, "x/3", "--x", "1", "--expect", f"x={answer}", "--exact")
    assert (code, data["ok"]) == ((0, True) if ok else (1, False))
    assert data["checks"][0]["exact"]["computed"] == "1/3"


def test_the_failure_message_says_the_exact_answer(cli):
    _, data, _ = check_json(cli, "x/3", "--x", "1", "--expect", "x=2/7", "--exact")
    assert data["checks"][0]["message"] == (
        "∂f/∂x: expected 2/7, but it is exactly 1/3 (≈ 0.3333333333333333)")
    _, data, _ = check_json(cli, "x/3", "--x", "1", "--expect", "x=2/6", "--expect-value", "f=0",
                            "--exact")
    assert data["checks"][0]["message"] == "∂f/∂x = 1/3 exactly, as expected"
    assert data["checks"][1]["message"] == (
        "value of f: expected 0, but it is exactly 1/3 (≈ 0.3333333333333333)")


def test_check_exact_json_carries_exact_strings(cli):
    code, data, _ = check_json(cli, "x/3", "--x", "0.1", "--expect", "x=0.333",
                               "--expect-value", "f=1/30", "--exact")
    assert code == 1
    assert (data["exact"], data["rtol"], data["atol"]) == (True, 0, 0)
    assert data["output"] == {"name": "f", "value": 0.03333333333333333, "exact": "1/30"}
    assert data["inputs_exact"] == {"x": "1/10"}
    gradient, value = data["checks"]
    assert gradient["exact"] == {"expected": "333/1000", "computed": "1/3"}
    assert (gradient["expected"], gradient["computed"], gradient["status"]) == (
        0.333, 0.3333333333333333, "fail")
    assert value["exact"] == {"expected": "1/30", "computed": "1/30"}
    assert value["status"] == "pass"


def test_without_exact_the_json_says_so_and_has_no_exact_strings(cli):
    _, data, _ = check_json(cli, "x/3", "--x", "1", "--expect", "x=1/3")
    assert data["exact"] is False
    assert "exact" not in data["checks"][0] and "inputs_exact" not in data


def test_check_exact_sigmoid_circuit(cli):
    code, data, _ = check_json(cli, SIGMOID_CIRCUIT, *LECTURE_POINT, "--exact",
                               "--expect", "w0=-0.19661193324148188", "--expect-value", "w0=2")
    assert code == 1
    gradient, value = data["checks"]
    assert gradient["exact"]["computed"] == "-exp(-1)/(exp(-1) + 1)**2"
    assert gradient["message"] == (
        "∂f/∂w0: expected -0.19661193324148188, but it is exactly -exp(-1)/(exp(-1) + 1)**2 "
        "(≈ -0.19661193324148185)")
    assert value["status"] == "pass"
    # the same decimal passes without --exact: it is backprop's float64
    assert check_json(cli, SIGMOID_CIRCUIT, *LECTURE_POINT,
                      "--expect", "w0=-0.19661193324148188")[0] == 0


def test_check_exact_program_at_an_integer(cli):
    code, data, _ = check_json(cli, RATIONAL_PROGRAM, "--x", "3", "--exact",
                               "--expect", "x=-10240/243", "--expect", "b=2048/27",
                               "--expect-value", "k=4096/81", "--expect-value", "b=5/3")
    assert code == 0, data
    assert [c["exact"]["computed"] for c in data["checks"]] == [
        "-10240/243", "2048/27", "4096/81", "5/3"]
    code, data, _ = check_json(cli, RATIONAL_PROGRAM, "--x", "3", "--exact",
                               "--expect", "x=-42.139917695473265")
    assert code == 1
    assert data["checks"][0]["message"] == (
        "∂k/∂x: expected -42.139917695473265, but it is exactly -10240/243 "
        "(≈ -42.13991769547325)")


def test_check_exact_micrograd_program(cli):
    code, data, _ = check_json(cli, MICROGRAD, "--a", "-4", "--b", "2", "--exact",
                               "--expect", "a=47620/343", "--expect", "b=221433/343",
                               "--expect-value", "g#2=2421/98")
    assert code == 0, data


def test_an_answer_that_is_a_rational_in_disguise_is_proven_equal(cli, monkeypatch):
    # log(8)/log(2) is 3, which SymPy's automatic simplification does not see.
    code, data, _ = check_json(cli, "log(x)/log(y)", "--x", "8", "--y", "2", "--exact",
                               "--expect-value", "f=3")
    assert (code, data["checks"][0]["exact"]["computed"]) == (0, "log(8)/log(2)")
    monkeypatch.setattr(sympy, "simplify", lambda expr: expr)  # as if SymPy could not prove it
    code, data, _ = check_json(cli, "log(x)/log(y)", "--x", "8", "--y", "2", "--exact",
                               "--expect-value", "f=3")
    assert (code, data["checks"][0]["status"]) == (1, "undecided")
    assert data["checks"][0]["message"] == (
        "value of f: expected 3; the exact value log(8)/log(2) agrees with it to every digit "
        "SymPy computed, but SymPy cannot prove them equal")


def test_a_decimal_close_to_an_irrational_answer_to_60_digits_is_still_wrong():
    close = str(sympy.N(-sympy.exp(-1) / (sympy.exp(-1) + 1) ** 2, 60))
    report = gradcli.check(SIGMOID_CIRCUIT, {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3},
                           expect={"w0": close}, exact=True)
    assert report.items[0].status == "fail"


def test_check_exact_kink_at_the_exact_point(cli):
    code, _, stderr = check_json(cli, "relu(x + y - z)", "--x", "0.1", "--y", "0.2",
                                 "--z", "0.3", "--exact", "--expect", "x=0")
    assert code == 0
    assert stderr.startswith("warning: in exact arithmetic, kink at node f (relu) with input 0")


def test_derivative_and_numeric_are_unchanged_by_exact(cli):
    code, data, _ = check_json(cli, "x**3", "--x", "1", "--exact", "--derivative", "x=3*x**2",
                               "--numeric")
    assert code == 0
    assert [c["kind"] for c in data["checks"]] == ["formula", "numeric"]


@pytest.mark.parametrize("args, message", [
    (["--expect", "x=1/3", "--rtol", "1e-2"],
     "error: --rtol and --atol do not apply with --exact: expected numbers are compared exactly"),
    (["--expect", "x=1/0"], "error: value of expect x is '1/0': a fraction cannot divide by zero"),
    (["--expect", "x=1/y"], "error: value of expect x is '1/y': expected a number such as -2"),
    (["--expect", "x=abc"], "error: value of expect x is 'abc': expected a number such as -2, "
                            "0.5 or 1e-3, or a fraction such as 1/3"),
    (["--expect", "x=1/3/4"], "error: value of expect x is '1/3/4'"),
    (["--expect-value", "f=1e-99999"], "error: 1e-99999 has too many digits for exact mode"),
])
def test_bad_exact_input_is_a_one_line_error_exit_2_or_4(cli, args, message):
    result = cli("check", "x/3", "--x", "1", "--exact", *args)
    code = 2 if "--rtol" in args else 4  # an answer that cannot be read is exit 4
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1


# --- fractions without --exact: the float nearest to the quotient, compared with the tolerances


@pytest.mark.parametrize("answer, code", [("1/3", 0), ("-0.5/-1.5", 0), ("0.333", 1)])
def test_a_fraction_is_a_number_without_exact_too(cli, answer, code):
    result = cli("check", "x/3", "--x", "1", "--expect", f"x={answer}")
    assert result.exit_code == code


def test_a_rounded_answer_passes_with_a_tolerance_but_not_exactly(cli):
    assert cli("check", "x/3", "--x", "1", "--expect", "x=0.333", "--rtol", "1e-2").exit_code == 0
    assert cli("check", "x/3", "--x", "1", "--expect", "x=0.333", "--exact").exit_code == 1


def test_api_parse_expected():
    from gradcli.api import parse_expected

    assert parse_expected("a", "1/3") == 1 / 3
    assert parse_expected("a", " -2 / 4 ") == -0.5
    assert parse_expected("a", 0.25) == 0.25
    with pytest.raises(ValueInputError, match="not a finite float64"):
        parse_expected("a", "1e300/1e-300")


# --- the Python API


def test_api_check_exact():
    report = gradcli.check("x/3", {"x": "0.1"}, expect={"x": "1/3"}, expect_value={"f": 0.0333},
                           exact=True)
    assert (report.exact, report.rtol, report.atol) == (True, 0, 0)
    assert [(i.status, i.exact_expected, i.exact_computed) for i in report.items] == [
        ("pass", "1/3", "1/3"), ("fail", "333/10000", "1/30")]
    assert str(report.result.exact.values[report.result.graph.output]) == "1/30"


def test_api_check_exact_takes_fractions_and_refuses_tolerances():
    from fractions import Fraction

    assert gradcli.check("x/3", x=1, expect={"x": Fraction(1, 3)}, exact=True).ok
    assert gradcli.check("x/3", x=1, expect={"x": Fraction(1, 3)}).ok
    with pytest.raises(InputError, match="rtol and atol do not apply in exact mode"):
        gradcli.check("x/3", x=1, expect={"x": "1/3"}, rtol=1e-3, exact=True)
    assert gradcli.check("x/3", x=1, expect={"x": "0.333"}, rtol=1e-2).ok


# --- batches


def run_batch(cli, tmp_path, cases, *options):
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(case) for case in cases) + "\n")
    result = cli("check", "--cases", str(path), "--format", "json", *options)
    return result, [json.loads(line) for line in result.stdout.splitlines()]


ONE_THIRD = {"expression": "x/3", "values": {"x": 1}}


def test_a_case_may_be_exact(cli, tmp_path):
    result, out = run_batch(cli, tmp_path, [
        {"id": "fraction", **ONE_THIRD, "expect": {"x": "1/3"}, "exact": True},
        {"id": "decimal", **ONE_THIRD, "expect": {"x": 0.333}, "exact": True},
        {"id": "not exact", **ONE_THIRD, "expect": {"x": "1/3"}},
        {"id": "exact with rtol", **ONE_THIRD, "expect": {"x": 0.333}, "exact": True, "rtol": 0.1},
        {"id": "bad flag", **ONE_THIRD, "expect": {"x": 0.333}, "exact": "yes"},
        {"id": "bad answer", **ONE_THIRD, "expect": {"x": {"a": 1}}},  # [1, 3] is a vector
    ])
    assert [(r["id"], r["status"]) for r in out] == [
        ("fraction", "pass"), ("decimal", "fail"), ("not exact", "pass"),
        ("exact with rtol", "error"), ("bad flag", "error"), ("bad answer", "error")]
    assert out[0]["details"]["checks"][0]["exact"] == {"expected": "1/3", "computed": "1/3"}
    assert out[1]["details"]["checks"][0]["message"] == (
        "∂f/∂x: expected 0.333, but it is exactly 1/3 (≈ 0.3333333333333333)")
    assert out[2]["details"]["exact"] is False
    assert out[3]["details"]["error"].startswith("rtol and atol do not apply in exact mode")
    assert out[4]["details"]["error"] == '"exact" must be true or false'
    assert out[5]["details"]["error"] == (
        'expect x must be a number or a string such as "1/3", not an object')
    assert result.exit_code == 2  # bad cases


def test_exact_on_the_command_line_is_every_cases_default(cli, tmp_path):
    # 1/30 to 20 digits: right within rtol 1e-6, wrong exactly
    answer = {"f": "0.033333333333333333333"}
    cases = [{**ONE_THIRD, "values": {"x": 0.1}, "expect_value": answer},
             {**ONE_THIRD, "values": {"x": 0.1}, "expect_value": answer, "exact": False}]
    _, out = run_batch(cli, tmp_path, cases, "--exact")
    assert [r["status"] for r in out] == ["fail", "pass"]
    assert out[0]["details"]["inputs_exact"] == {"x": "1/10"}  # 0.1 read from the JSON text
    _, out = run_batch(cli, tmp_path, cases)
    assert [r["status"] for r in out] == ["pass", "pass"]
    result = cli("check", "--cases", str(tmp_path / "cases.jsonl"), "--exact", "--atol", "1")
    assert result.exit_code == 2


def test_every_key_of_exact_checks_json_is_documented(cli):
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "homework-checks.md").read_text()
    _, data, _ = check_json(cli, "x/3", "--x", "1", "--expect", "x=1/3", "--exact")
    for key in data:
        assert f"`{key}`" in doc, key
    assert "`output.exact`" in doc
    for key in data["checks"][0]:
        assert f"`checks[].{key}`" in doc or f".{key}`" in doc, key


def test_installed_grad_and_check_exact_in_a_shell(run_gradcli):
    proc = run_gradcli("grad", SIGMOID_CIRCUIT, *LECTURE_POINT, "--exact", "--wrt", "w0")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "-exp(-1)/(exp(-1) + 1)**2\n", "")
    proc = run_gradcli("check", "x/3", "--x", "1", "--expect", "x=0.333", "--exact",
                       "--format", "json")
    assert (proc.returncode, proc.stderr) == (1, "")
    assert json.loads(proc.stdout)["checks"][0]["exact"]["computed"] == "1/3"


def test_a_fraction_without_exact_keeps_check_free_of_sympy():
    import subprocess
    import sys

    code = ("import sys\nfrom gradcli.cli import main\ntry:\n"
            "    main(['check', 'x/3', '--x', '1', '--expect', 'x=1/3', '--format', 'json'])\n"
            "except SystemExit as stop:\n    assert stop.code in (0, None), stop.code\n"
            "print('sympy' in sys.modules, file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stderr.strip() == "False"
