"""``gradcli worksheet`` and ``gradcli check --worksheet`` through the CLI: the blank, the
key, a round trip, mistakes named in JSON, feedback levels, unreadable files (exit 4)."""

import json

import pytest

from conftest import LECTURE_POINT, SIGMOID_CIRCUIT
from support import require_program

ADD_MUL = ["(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4"]

BLANK_JSON = """\
{
  "expression": "(x+y)*z",
  "values": {"x": -2, "y": 5, "z": -4},
  "decimals": null,
  "nodes": {
    "x": {"gate": "input", "inputs": [], "value": -2, "grad": null},
    "y": {"gate": "input", "inputs": [], "value": 5, "grad": null},
    "z": {"gate": "input", "inputs": [], "value": -4, "grad": null},
    "n1": {"gate": "+", "inputs": ["x", "y"], "value": null, "grad": null},
    "f": {"gate": "*", "inputs": ["n1", "z"], "value": null, "grad": null}
  }
}
"""

# The slide's numbers, to 2 decimals, with the sign dropped at the *-1 gate and carried on.
SLIDE_SIGN_DROPPED = {
    "w0": (2, 0.2), "x0": (-1, -0.39), "w1": (-3, 0.39), "x1": (-2, 0.59), "w2": (-3, -0.2),
    "n1": (-2, -0.2), "n2": (6, -0.2), "n3": (4, -0.2), "n4": (1, -0.2), "n5": (-1, -0.2),
    "n6": (0.37, -0.53), "n7": (1.37, -0.53), "f": (0.73, 1),
}


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def filled(numbers: dict) -> str:
    return json.dumps({"nodes": {k: {"value": v, "grad": g} for k, (v, g) in numbers.items()}})


def test_the_blank_lists_every_node_with_blanks(cli):
    result = cli("worksheet", *ADD_MUL)
    assert result.exit_code == 0
    assert result.stdout == BLANK_JSON


def test_the_key_as_csv(cli):
    result = cli("worksheet", *ADD_MUL, "--key", "--format", "csv")
    assert result.stdout == "node,value,grad\nx,-2,-4\ny,5,-4\nz,-4,3\nn1,3,-4\nf,-12,1\n"


def test_the_blank_csv_has_only_the_inputs_values(cli):
    result = cli("worksheet", *ADD_MUL, "--format", "csv")
    assert result.stdout.splitlines() == ["node,value,grad", "x,-2,", "y,5,", "z,-4,", "n1,,",
                                          "f,,"]


def test_a_key_round_trips_as_all_correct(cli, tmp_path):
    key = write(tmp_path, "key.json", cli("worksheet", *ADD_MUL, "--key").stdout)
    result = cli("check", "--worksheet", key, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["ok"] and data["worksheet"]["first_wrong"] is None
    assert data["worksheet"]["mistakes"] == []
    assert {s for node in data["worksheet"]["nodes"].values() for s in node.values()} == \
        {"correct"}
    assert (data["points"], data["max_points"]) == (7, 7)  # the inputs' values are given


def test_the_slides_numbers_with_a_dropped_sign(cli, tmp_path):
    path = write(tmp_path, "answer.json", filled(SLIDE_SIGN_DROPPED))
    result = cli("check", SIGMOID_CIRCUIT, *LECTURE_POINT, "--worksheet", path,
                 "--decimals", "2", "--format", "json")
    assert result.exit_code == 1
    sheet = json.loads(result.stdout)["worksheet"]
    assert sheet["first_wrong"] == {"node": "n4", "field": "grad"}
    assert sheet["mistakes"] == [{
        "node": "n4", "field": "grad", "gate": "n5", "code": "sign-dropped",
        "hint": "at n5 (`*-1`), the gradient flowing back changes sign: multiply the upstream "
                "gradient by the gate's constant, sign included",
        "expected": 0.19661193324148188}]
    assert sheet["nodes"]["n3"] == {"value": "correct", "grad": "consistent"}
    assert sheet["nodes"]["x1"] == {"value": "correct", "grad": "consistent"}
    assert sheet["nodes"]["n5"] == {"value": "correct", "grad": "correct"}


def test_without_decimals_the_slides_rounding_is_not_exact(cli, tmp_path):
    right = {k: v for k, v in SLIDE_SIGN_DROPPED.items()}
    path = write(tmp_path, "answer.json", filled(right))
    result = cli("check", SIGMOID_CIRCUIT, *LECTURE_POINT, "--worksheet", path)
    assert result.exit_code == 1
    assert "n6" in result.stdout


def test_the_worksheets_own_decimals_apply(cli, tmp_path):
    blank = json.loads(cli("worksheet", SIGMOID_CIRCUIT, *LECTURE_POINT, "--decimals", "2").stdout)
    for node, (value, grad) in SLIDE_SIGN_DROPPED.items():
        blank["nodes"][node].update(value=value, grad=grad)
    blank["nodes"]["n4"]["grad"] = 0.2  # the sign kept: every number right
    for node in ("n3", "n2", "n1", "w2"):
        blank["nodes"][node]["grad"] = 0.2
    for node, grad in (("x1", -0.59), ("w1", -0.39), ("x0", 0.39), ("w0", -0.2)):
        blank["nodes"][node]["grad"] = grad
    path = write(tmp_path, "answer.json", json.dumps(blank))
    result = cli("check", "--worksheet", path)
    assert result.exit_code == 0, result.stdout
    assert "21 correct, 0 consistent (credited), 0 wrong, 0 blank of 21 numbers" in result.stdout


def test_a_csv_worksheet_against_a_given_problem(cli, tmp_path):
    path = write(tmp_path, "answer.csv", "node,value,grad\nx,-2,4\ny,5,4\nz,-4,3\nn1,3,4\n"
                                         "f,-12,1\n")
    result = cli("check", *ADD_MUL, "--worksheet", path, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)["worksheet"]
    assert data["first_wrong"] == {"node": "n1", "field": "grad"}
    assert [m["code"] for m in data["mistakes"]] == ["unknown"]
    assert data["nodes"]["x"]["grad"] == "consistent"


def test_follow_through_can_be_refused(cli, tmp_path):
    path = write(tmp_path, "answer.csv", "node,value,grad\nx,-2,3\ny,5,3\nz,-4,3\nn1,3,3\n"
                                         "f,-12,1\n")
    lenient = json.loads(cli("check", *ADD_MUL, "--worksheet", path, "--format", "json").stdout)
    strict = json.loads(cli("check", *ADD_MUL, "--worksheet", path, "--format", "json",
                            "--no-follow-through").stdout)
    assert (lenient["points"], strict["points"]) == (6, 4)
    assert strict["worksheet"]["nodes"]["x"]["grad"] == "consistent"


@pytest.mark.parametrize("level, keys", [("full", {"hint", "expected"}), ("hint", {"hint"})])
def test_feedback_levels(cli, tmp_path, level, keys):
    path = write(tmp_path, "answer.json", filled(SLIDE_SIGN_DROPPED))
    result = cli("check", SIGMOID_CIRCUIT, *LECTURE_POINT, "--worksheet", path, "--decimals",
                 "2", "--format", "json", "--feedback", level)
    mistake = json.loads(result.stdout)["worksheet"]["mistakes"][0]
    assert set(mistake) - {"node", "field", "gate", "code"} == keys


def test_feedback_none_gives_statuses_only(cli, tmp_path):
    path = write(tmp_path, "answer.json", filled(SLIDE_SIGN_DROPPED))
    result = cli("check", SIGMOID_CIRCUIT, *LECTURE_POINT, "--worksheet", path, "--decimals",
                 "2", "--feedback", "none")
    assert result.exit_code == 1
    assert "sign" not in result.stdout and "✗ wrong" in result.stdout


@pytest.mark.parametrize("content, words", [
    ("{not json", "bad JSON"),
    ('{"nodes": {"x": {"value": "abc"}}}', "x value"),
    ('{"nodes": {"q": {"value": 1}}}', "does not have"),
    ('{"nodes": {"x": {"value": 1, "colour": 2}}}', "unknown key"),
    ("node,value\nx,1\n", "header"),
    ('{"nodes": {"x": {"value": [[1, 2], [3]]}}}', "x value"),
])
def test_an_unreadable_worksheet_exits_4(cli, tmp_path, content, words):
    path = write(tmp_path, "answer.json", content)
    result = cli("check", *ADD_MUL, "--worksheet", path)
    assert result.exit_code == 4, result.stderr
    assert words in result.stderr and result.stderr.count("\n") == 1


def test_a_missing_worksheet_file_exits_4(cli, tmp_path):
    result = cli("check", *ADD_MUL, "--worksheet", str(tmp_path / "nowhere.json"))
    assert result.exit_code == 4 and "cannot read" in result.stderr


def test_a_worksheet_without_a_problem_needs_expr(cli, tmp_path):
    path = write(tmp_path, "answer.json", '{"nodes": {}}')
    result = cli("check", "--worksheet", path)
    assert result.exit_code == 2 and "EXPR" in result.stderr


def test_picture_formats_need_a_worksheet(cli):
    result = cli("check", *ADD_MUL, "--format", "svg")
    assert result.exit_code == 2 and "--worksheet" in result.stderr


def test_markdown_and_latex_tables_to_fill(cli):
    md = cli("worksheet", *ADD_MUL, "--format", "md").stdout
    assert "| n1 | `+` | x, y |   |   |" in md and "| x | `input` |  | -2 |   |" in md
    tex = cli("worksheet", *ADD_MUL, "--format", "latex", "--key").stdout
    assert r"n1 & \texttt{+} & x, y & $3$ & $-4$ \\" in tex
    assert tex.startswith(r"\begin{tabular}") and tex.endswith("\\end{tabular}\n")


def test_the_blank_picture_has_two_boxes_per_wire(cli, tmp_path):
    require_program("dot")
    svg = cli("worksheet", *ADD_MUL, "--format", "svg").stdout
    assert svg.count('stroke="#008000"') == 5 and svg.count('stroke="#cc0000"') == 5


def test_the_graded_picture_draws_a_wrong_wire_red(cli, tmp_path):
    require_program("dot")
    path = write(tmp_path, "answer.csv", "node,value,grad\nx,-2,3\ny,5,3\nz,-4,3\nn1,3,3\n"
                                         "f,-12,1\n")
    svg = cli("check", *ADD_MUL, "--worksheet", path, "--format", "svg").stdout
    # n1's wire, the only wrong one, is red; x's and y's (consistent) orange and dashed
    assert svg.count('<path fill="none" stroke="#cc0000" stroke-width="2.5"') == 1
    assert svg.count('<path fill="none" stroke="#e08000" stroke-width="1.8" '
                     'stroke-dasharray') == 2
    png = tmp_path / "graded.png"
    result = cli("check", *ADD_MUL, "--worksheet", path, "--format", "png", "-o", str(png))
    assert result.exit_code == 1 and png.read_bytes().startswith(b"\x89PNG")


def test_an_array_worksheet_round_trips(cli, tmp_path):
    args = ["sum((W @ x)**2)", "--W", "[[0.1, 0.5], [-0.3, 0.8]]", "--x", "[0.2, 0.4]"]
    key = json.loads(cli("worksheet", *args, "--key").stdout)
    key["nodes"]["W"]["grad"] = [list(row) for row in zip(*key["nodes"]["W"]["grad"])]
    path = write(tmp_path, "answer.json", json.dumps(key))
    data = json.loads(cli("check", "--worksheet", path, "--format", "json").stdout)
    assert data["worksheet"]["mistakes"][0]["code"] == "transposed"


@pytest.mark.parametrize("option", [["--expect", "x=-4"], ["--numeric"], ["--exact"],
                                    ["--tally"]])
def test_a_worksheet_takes_no_other_answers(cli, tmp_path, option):
    path = write(tmp_path, "answer.json", '{"nodes": {}}')
    result = cli("check", *ADD_MUL, "--worksheet", path, *option)
    assert result.exit_code == 2 and "--worksheet is the answer" in result.stderr


def test_the_latex_table_compiles(cli, tmp_path):
    import subprocess

    pdflatex = require_program("pdflatex")
    table = cli("worksheet", SIGMOID_CIRCUIT, *LECTURE_POINT, "--key", "--decimals", "2",
                "--format", "latex").stdout
    (tmp_path / "sheet.tex").write_text("\\documentclass{article}\\usepackage{amsmath}"
                                        "\\begin{document}\n" + table + "\\end{document}\n")
    done = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "sheet.tex"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "sheet.pdf").stat().st_size > 0


@pytest.mark.parametrize("content, words", [
    ('{"nodes": {"x": {"value": 1e400}}}', "finite"),
    ('{"nodes": {"x": {"value": NaN}}}', "NaN"),
    ('{"nodes": {"x": {"value": ' + "[" * 100000 + "1" + "]" * 100000 + "}}}", "deeply"),
    ('{"nodes": {"x": {"value": 1}, "x": {"value": 2}}}', "twice"),
    ('{"nodes": {"x": {"value": true}}}', "true/false"),
    ('{"nodes": {}, "decimals": 99}', "decimals"),
    ("[]", "JSON object"),
    ("node,value,grad\nx,1,2,3\n", "4 cells"),
    (b"\xff\xfe", "UTF-8"),
])
def test_hostile_worksheets_end_in_one_line_and_exit_4(cli, tmp_path, content, words):
    path = tmp_path / "answer.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = cli("check", *ADD_MUL, "--worksheet", str(path))
    assert result.exit_code == 4 and words in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_node_name_cannot_paint_the_terminal(cli, tmp_path):
    path = write(tmp_path, "answer.json", '{"nodes": {"\\u001b[31mx": {"value": 1}}}')
    result = cli("check", *ADD_MUL, "--worksheet", path)
    assert result.exit_code == 4 and "\x1b" not in result.stderr and "\\x1b[31mx" in result.stderr


def test_a_worksheet_for_another_expression_is_graded_against_expr_with_a_warning(cli, tmp_path):
    key = write(tmp_path, "key.json", cli("worksheet", *ADD_MUL, "--key").stdout)
    result = cli("check", "(x+y)*z*1", "--x", "-2", "--y", "5", "--z", "-4", "--worksheet", key)
    assert "warning: the worksheet is for '(x+y)*z': graded against EXPR" in result.stderr
