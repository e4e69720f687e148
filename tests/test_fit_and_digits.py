"""Tables never cut a number, however narrow the terminal; grad rounds as the slides do."""

import json
import re

from conftest import LECTURE_POINT, SIGMOID_CIRCUIT

FULL_GRADIENTS = ["-0.19661193324148188", "0.39322386648296376", "-0.5898357997244457"]


def rejoined(table: str) -> str:
    """The table's cells read down each column: folded lines joined again."""
    rows = [re.split(r"[│┃]", line) for line in table.splitlines() if "│" in line]
    width = max(len(r) for r in rows)
    columns = ["".join(r[k].strip() for r in rows if len(r) == width) for k in range(width)]
    return " ".join(columns)


def test_the_sigmoid_table_at_80_columns_folds_and_never_cuts(cli):
    result = cli("eval", SIGMOID_CIRCUIT, *LECTURE_POINT, env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    for number in FULL_GRADIENTS:
        assert number in rejoined(result.stdout)
    assert result.stderr.count("--digits N or --decimals N shortens them") == 1


def test_a_table_that_fits_says_nothing(cli):
    result = cli("eval", "(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4", env={"COLUMNS": "80"})
    assert result.stderr == "" and "…" not in result.stdout


def test_ops_at_80_columns_cuts_no_formula(cli):
    result = cli("ops", env={"COLUMNS": "80"})
    assert result.exit_code == 0 and "…" not in result.stdout


def test_a_numeric_check_table_at_80_columns_cuts_nothing(cli):
    result = cli("check", "sigmoid(w*x)", "--w", "2", "--x", "-1", "--numeric",
                 env={"COLUMNS": "80"})
    assert result.exit_code == 0 and "…" not in result.stdout


def test_grad_rounds_to_significant_digits_or_decimal_places(cli):
    digits = cli("grad", SIGMOID_CIRCUIT, *LECTURE_POINT, "--digits", "2")
    assert digits.stdout == "w0\t-0.2\nx0\t0.39\nw1\t-0.39\nx1\t-0.59\nw2\t0.2\n"
    places = cli("grad", SIGMOID_CIRCUIT, *LECTURE_POINT, "--decimals", "2", "--wrt", "w0")
    assert places.stdout == "-0.20\n"
    vector = cli("grad", "sum((W @ x)**2)", "--W", "[[0.1,0.5],[-0.3,0.8]]", "--x", "[0.2,0.4]",
                 "--digits", "2", "--wrt", "x")
    assert vector.stdout == "[-0.11,0.64]\n"


def test_grad_json_keeps_every_digit(cli):
    result = cli("grad", SIGMOID_CIRCUIT, *LECTURE_POINT, "--digits", "2", "--format", "json")
    assert json.loads(result.stdout)["gradients"]["w0"] == -0.19661193324148188


def test_check_digits_round_the_table_only(cli):
    args = ("check", "sigmoid(w*x)", "--w", "2", "--x", "-1", "--numeric")
    table = cli(*args, "--digits", "3").stdout
    assert "│   -0.105 │" in table and "-0.10499358540350652" not in table
    full = json.loads(cli(*args, "--digits", "3", "--format", "json").stdout)
    assert abs(full["checks"][0]["computed"] + 0.1049935854035065) < 1e-15  # every digit
    answer = cli("check", "(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4", "--expect", "x=-4.00",
                 "--digits", "2").stdout
    assert "│       -4 │" in answer


def test_an_exact_table_at_80_columns_cuts_nothing(cli):
    result = cli("eval", SIGMOID_CIRCUIT, *LECTURE_POINT, "--exact", env={"COLUMNS": "80"})
    assert result.exit_code == 0 and "…" not in result.stdout
    assert "-exp(-1)/(exp(-1)+1)**2" in rejoined(result.stdout).replace(" ", "")  # ∂f/∂w0


def test_graph_decimals_rounds_as_the_slides_do(cli):
    tree = cli("graph", SIGMOID_CIRCUIT, *LECTURE_POINT, "--decimals", "2").stdout
    assert tree.splitlines()[:2] == ["f  1/x  value 0.73  grad 1.00",
                                     "└── n7  +1  value 1.37  grad -0.53"]


def test_piped_worksheet_and_tree_output_has_no_trailing_spaces(cli, tmp_path):
    key = cli("worksheet", "(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4", "--key").stdout
    (tmp_path / "key.json").write_text(key)
    for result in (cli("check", "--worksheet", str(tmp_path / "key.json")),
                   cli("graph", SIGMOID_CIRCUIT, *LECTURE_POINT, "--digits", "2")):
        assert result.exit_code == 0 and result.stdout.strip()
        assert all(line == line.rstrip() for line in result.stdout.splitlines())
