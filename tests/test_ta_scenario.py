"""Issue 13's teaching assistant: five students, two problems, one shared point file.

The point file has a value (w) that problem 1 does not use and two (y, z) that problem 2 does
not use; the answers are rounded to two decimals, as the slides round them. Every student must
get the grade a careful human gives, whether the TA runs one ``gradcli check`` per answer (and
scores by exit code) or one batch.

Problem 1, f = (x+y)*z at x = -2, y = 5, z = -4: ∂f/∂x = -4, ∂f/∂y = -4, ∂f/∂z = 3.
Problem 2, g = sigmoid(w*x) at w = 0.5, x = -2: ∂g/∂w = x σ'(-1) = -0.3932,
∂g/∂x = w σ'(-1) = 0.0983, g = σ(-1) = 0.2689, and ∂g/∂x as a formula. One point each: 7.
"""

import json

import pytest

POINT = {"x": -2, "y": 5, "z": -4, "w": 0.5}
QUESTIONS = {  # question: (expression, what is asked, name)
    "dfdx": ("(x+y)*z", "--expect", "x"),
    "dfdy": ("(x+y)*z", "--expect", "y"),
    "dfdz": ("(x+y)*z", "--expect", "z"),
    "dgdw": ("sigmoid(w*x)", "--expect", "w"),
    "dgdx": ("sigmoid(w*x)", "--expect", "x"),
    "g": ("sigmoid(w*x)", "--expect-value", "f"),
    "dgdx_formula": ("sigmoid(w*x)", "--derivative", "x"),
}
RIGHT_FORMULA = "w*sigmoid(w*x)*(1-sigmoid(w*x))"
ANSWERS = {
    # all right, two decimals as asked
    "alice": ["-4", "-4", "3", "-0.39", "0.10", "0.27", RIGHT_FORMULA],
    # all right, with more digits (and another correct form of the formula)
    "bob": ["-4.00", "-4.0", "3", "-0.393", "0.0983", "0.269", "w*exp(-w*x)/(1+exp(-w*x))^2"],
    # ∂f/∂z with the wrong sign; ∂g/∂w to one decimal only
    "carol": ["-4", "-4", "-3", "-0.4", "0.10", "0.27", RIGHT_FORMULA],
    # a minus copied from the PDF (U+2212, right), an unreadable number, a formula that does
    # not parse: the unreadable ones get no point, the rest are graded
    "dave": ["\u22124", "-4.0.0", "3", "-0.39", "0.1", "0.27", "w*sigmoid(w*x)*(1-sigmoid(w*x)"],
    # problem 2 without the factor w (its value σ' instead of w σ'), σ(+1) for g, and the
    # formula with w left out
    "erin": ["-4", "-4", "3", "-0.39", "0.20", "0.73", "sigmoid(w*x)*(1-sigmoid(w*x))"],
}
GRADES = {"alice": 7, "bob": 7, "carol": 5, "dave": 5, "erin": 4}
INVALID = {"dave": ["dfdy", "dgdx_formula"]}


@pytest.fixture
def point_file(tmp_path):
    path = tmp_path / "point.json"
    path.write_text(json.dumps(POINT))
    return str(path)


def one_check(cli, point_file, question, answer):
    expression, option, name = QUESTIONS[question]
    return cli("check", expression, "--values", point_file, option, f"{name}={answer}",
               "--decimals", "2")


def test_one_check_per_answer_scored_by_exit_code(cli, point_file):
    for student, answers in ANSWERS.items():
        score, invalid = 0, []
        for question, answer in zip(QUESTIONS, answers):
            result = one_check(cli, point_file, question, answer)
            assert result.exit_code in (0, 1, 4), (student, question, result.stderr)
            score += result.exit_code == 0
            if result.exit_code == 4:
                invalid.append(question)
        assert (score, invalid) == (GRADES[student], INVALID.get(student, [])), student


def test_the_unused_values_are_a_note_not_an_error(cli, point_file):
    result = one_check(cli, point_file, "dfdx", "-4")
    assert result.exit_code == 0
    assert result.stderr == "note: w is not used by the expression: its gradient is 0\n"


def test_carol_is_told_her_answer_is_right_to_fewer_digits(cli, point_file):
    result = one_check(cli, point_file, "dgdw", "-0.4")
    assert "(right to 1 decimal place; 2 were asked)" in result.stdout


def test_one_batch_gives_the_same_grades(cli, point_file):
    lines = []
    for student, answers in ANSWERS.items():
        for question, answer in zip(QUESTIONS, answers):
            expression, option, name = QUESTIONS[question]
            key = {"--expect": "expect", "--expect-value": "expect_value",
                   "--derivative": "derivative"}[option]
            lines.append(json.dumps({"id": f"{student}/{question}", "expression": expression,
                                     "values": POINT, key: {name: answer}, "decimals": 2}))
    result = cli("check", "--cases", "-", "--format", "json", input="\n".join(lines) + "\n")
    assert result.exit_code == 4  # some answers could not be read; no case is bad
    scores = dict.fromkeys(ANSWERS, 0)
    invalid: dict[str, list] = {}
    for line in result.stdout.splitlines():
        case = json.loads(line)
        student, question = case["id"].split("/")
        scores[student] += case["status"] == "pass"
        if case["status"] == "invalid":
            invalid.setdefault(student, []).append(question)
        assert case["status"] in ("pass", "fail", "invalid"), case
    assert scores == GRADES
    assert invalid == INVALID
