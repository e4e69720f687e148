"""check --feedback full|hint|none: hints name the kind of wrong, never the answer (issue 13)."""

import json

import pytest

LECTURE = ["(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4"]  # ∂f/∂x = -4, ∂f/∂z = 3, f = -12


def checked(cli, *args, level="hint"):
    result = cli("check", *args, "--feedback", level, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("answer, hint", [
    ("4", "the sign is wrong"),
    ("8", "off by a factor of x (multiplied by it)"),
    ("16", "off by a factor of z (multiplied by it)"),
    ("-12", "that is the forward value of f, not a gradient"),
    ("3", "that is the gradient of another variable (z)"),
    ("-4.2", "right to 1 significant figure only"),
    ("-7", "no common slip"),
])
def test_a_hint_names_the_kind_of_wrong(cli, answer, hint):
    code, data = checked(cli, *LECTURE, "--expect", f"x={answer}")
    assert code == 1
    item = data["checks"][0]
    assert item["message"].startswith(f"∂f/∂x: wrong: {hint}")


@pytest.mark.parametrize("answer", ["4", "8", "-12", "3", "-4.2", "-7"])
def test_a_hint_never_shows_the_true_value(cli, answer):
    _, data = checked(cli, *LECTURE, "--expect", f"x={answer}")
    text = json.dumps(data)
    assert "-4," not in text and '"computed": -4' not in text
    assert data["checks"][0]["computed"] is None and data["output"]["value"] is None


def test_a_half_factor_from_a_left_out_input_and_rounding(cli):
    # sigmoid(w*x) at w = 0.5, x = -2: ∂f/∂x = w σ' = 0.0983; 0.20 is σ' (the w left out)
    _, data = checked(cli, "sigmoid(w*x)", "--w", "0.5", "--x", "-2", "--expect", "x=0.20",
                      "--expect", "w=-0.4", "--decimals", "2")
    messages = [c["message"] for c in data["checks"]]
    assert messages == ["∂f/∂x: wrong: off by a factor of w (divided by it)",
                        "∂f/∂w: wrong: right to 1 decimal place; 2 were asked"]


def test_a_formula_hint_gives_no_formula_and_no_point(cli):
    _, data = checked(cli, "x**3", "--x", "1", "--derivative", "x=3*x")
    item = data["checks"][0]
    assert item["message"] == ("∂f/∂x (formula): wrong: not the derivative (it is right at "
                               "the given point only)")
    assert item["computed"] is None


def test_none_says_right_or_wrong_only(cli):
    _, data = checked(cli, *LECTURE, "--expect", "x=4", "--expect", "z=3", level="none")
    assert [c["message"] for c in data["checks"]] == ["∂f/∂x: wrong", "∂f/∂z: right"]


def test_full_is_the_default_and_shows_the_truth(cli):
    _, data = checked(cli, *LECTURE, "--expect", "x=4", level="full")
    assert data["checks"][0]["message"].startswith("∂f/∂x: expected 4, but it is -4")


def test_the_table_hides_the_truth_too(cli):
    result = cli("check", *LECTURE, "--expect", "x=4", "--feedback", "hint")
    body = result.stdout.split("\n", 1)[1]  # below the title, which names the point
    assert "-4" not in body
    assert "the sign is wrong" in result.stdout


def test_a_batch_applies_the_feedback_level_to_every_case(cli):
    line = json.dumps({"expression": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4},
                       "expect": {"x": 4}})
    result = cli("check", "--cases", "-", "--format", "json", "--feedback", "hint",
                 input=line + "\n")
    details = json.loads(result.stdout)["details"]
    assert details["checks"][0]["message"] == "∂f/∂x: wrong: the sign is wrong"
