"""Friendly spellings of slides and PDFs, and refusals that say what works (issue 13)."""

import json

import pytest


def gradients(cli, expr, *values):
    result = cli("grad", expr, *values, "--format", "json", "--no-check")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["gradients"]


@pytest.mark.parametrize("written, plain", [
    ("x\u00b2 + 3\u00b7x", "x**2 + 3*x"),  # superscript two, middle dot
    ("2\u00d7x\u207b\u00b9", "2*x**-1"),  # times sign, superscript minus one
    ("\u2212x*y", "-x*y"),  # U+2212 from a PDF
    ("x\u00b3\u2212y", "x**3-y"),
])
def test_friendly_spellings_are_the_plain_operators(cli, written, plain):
    point = ["--x", "2", "--y", "3"]
    assert gradients(cli, written, *point) == gradients(cli, plain, *point)


def test_greek_letters_are_names(cli):
    assert gradients(cli, "\u03b8*x", "--\u03b8", "2", "--x", "3") == {"\u03b8": 3, "x": 2}


def test_a_names_T_is_its_transpose(cli):
    point = ["--A", "[[1, 2], [3, 4]]", "--x", "[1, 0]"]
    assert gradients(cli, "sum(A.T @ x)", *point) == gradients(cli, "sum(T(A) @ x)", *point)


@pytest.mark.parametrize("args, message", [
    (["sigma(x)", "--x", "1"], "unknown function 'sigma': did you mean sigmoid(...)?"),
    (["e^{-x}", "--x", "1"], "this looks like LaTeX: add --latex"),
    (["sigmod(x)", "--x", "1"], "did you mean sigmoid(...)?"),
])
def test_refusals_say_what_works(cli, args, message):
    result = cli("eval", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_latex_with_the_flag_still_works(cli):
    assert gradients(cli, "e^{-x}", "--x", "0", "--latex") == {"x": -1}


@pytest.mark.parametrize("args, message", [
    (["x*y", "x=-2", "--y", "1"], "x=-2 is not an option: write --x -2"),
    (["x*y", "-x", "-2", "--y", "1"], "-x -2: a variable's value follows two dashes: write --x -2"),
])
def test_a_value_written_as_an_argument_says_how_to_write_it(cli, args, message):
    result = cli("eval", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_an_expression_starting_with_minus_is_still_the_expression(cli):
    assert gradients(cli, "-x", "--x", "2") == {"x": -1}


def test_decimals_rounds_displayed_numbers_as_the_slides_do(cli):
    point = ["--w0", "2", "--x0", "-1", "--w1", "-3", "--x1", "-2", "--w2", "-3"]
    result = cli("eval", "1/(1+exp(-(w0*x0+w1*x1+w2)))", *point, "--decimals", "2")
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
            for line in result.stdout.splitlines()[:17] if line.startswith("│")}
    assert rows["w0"][-1] == "-0.20" and rows["x0"][-1] == "0.39" and rows["x1"][-1] == "-0.59"
    assert rows["n7"][2] == "1.37" and rows["f"][2] == "0.73"


def test_decimals_and_digits_together_are_refused(cli):
    result = cli("eval", "x", "--x", "1", "--decimals", "2", "--digits", "3")
    assert result.exit_code == 2 and "give --digits or --decimals, not both" in result.stderr


def test_json_keeps_full_precision_with_decimals(cli):
    result = cli("eval", "sigmoid(x)", "--x", "1", "--decimals", "2", "--format", "json")
    assert json.loads(result.stdout)["output"]["value"] == 0.7310585786300049
