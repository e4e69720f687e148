"""Values the expression does not use are accepted: gradient 0, and a note on stderr (issue 13)."""

import json


def test_an_unused_value_has_gradient_zero_and_a_note(cli):
    result = cli("grad", "x*y", "--x", "2", "--y", "3", "--w", "4")
    assert (result.exit_code, result.stdout) == (0, "x\t3\ny\t2\nw\t0\n")
    assert result.stderr == "note: w is not used by the expression: its gradient is 0\n"


def test_expect_zero_for_an_unused_value_passes(cli):
    result = cli("check", "x*y", "--x", "2", "--y", "3", "--w", "4", "--expect", "w=0")
    assert result.exit_code == 0, result.stderr


def test_an_unused_value_from_a_shared_file_is_accepted(cli, tmp_path):
    point = tmp_path / "point.json"
    point.write_text('{"x": -2, "y": 5, "z": -4, "w": 0.5}')
    result = cli("eval", "x*z", "--values", str(point), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["gradients"] == {"x": -4, "z": -2, "y": 0, "w": 0}
    assert result.stderr == ("note: w, y are not used by the expression: "
                             "their gradients are 0\n")


def test_a_close_name_gets_did_you_mean(cli):
    result = cli("grad", "x*z", "--x", "2", "--z", "4", "--zz", "3")
    assert result.exit_code == 0
    assert "(did you mean z for zz?)" in result.stderr


def test_a_missing_value_with_a_close_unused_one_suggests_it(cli):
    result = cli("grad", "x*z", "--x", "2", "--zz", "3")
    assert result.exit_code == 2
    assert result.stderr == "error: no value for z: give --z VALUE (did you mean z for zz?)\n"


def test_an_expression_that_leaves_out_a_variable_is_graded_not_refused(cli):
    # the student wrote x*z for (x+y)*z: y's gradient should be -4, theirs is 0
    result = cli("check", "x*z", "--x", "-2", "--y", "5", "--z", "-4", "--expect", "y=-4")
    assert result.exit_code == 1
    assert "∂f/∂y: expected -4, but it is 0" in result.stdout


def test_a_value_for_a_computed_node_is_still_refused(cli):
    result = cli("eval", "q = x; q", "--x", "1", "--q", "2")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: q is computed by the expression")


def test_a_minus_sign_copied_from_a_pdf_is_a_minus(cli):
    result = cli("check", "(x+y)*z", "--x", "\u22122", "--y", "5", "--z", "-4",
                 "--expect", "x=\u22124")
    assert result.exit_code == 0
    exact = cli("check", "(x+y)*z", "--x", "\u22122", "--y", "5", "--z", "-4",
                "--expect", "x=\u22124", "--exact")
    assert exact.exit_code == 0
