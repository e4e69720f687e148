"""Worksheets in the grader formats (issue 14, "Output"): ``check --worksheet FILE --format
gradescope|prairielearn|junit|tap`` is one test per number, and a worksheet case of ``check
--cases`` earns its ``points`` per number credited. The files pass the same format checks as
tests/test_grader_formats.py's."""

import json
from xml.etree import ElementTree

import pytest

from test_grader_formats import assert_gradescope, assert_prairielearn, tap_points
from test_worksheet_cmd import SLIDE_SIGN_DROPPED, write

SIGMOID = "1/(1+exp(-(w0*x0+w1*x1+w2)))"
POINT = {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}
# The slide's numbers with the sign dropped at the *-1 gate (n4's gradient wrong, carried on
# to 7 consistent gradients) and n2's gradient left blank: of the 21 numbers worked out (the
# inputs' values are given), 12 correct, 7 consistent, 1 wrong, 1 blank.
ANSWER = {"expression": SIGMOID, "values": POINT, "decimals": 2,
          "nodes": {k: {"value": v, "grad": None if k == "n2" else g}
                    for k, (v, g) in SLIDE_SIGN_DROPPED.items()}}
CONSISTENT = {"w0 grad", "x0 grad", "w1 grad", "x1 grad", "w2 grad", "n1 grad", "n3 grad"}
WRONG, BLANK = "n4 grad", "n2 grad"
RIGHT_NUMBER = "0.19661193324148188"  # n4's gradient, what a hint must not give

ADD_MUL = {"expression": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}}
# mul-not-swapped at f: n1's gradient 3 (not -4), x's and y's follow from it; 7 numbers.
BEN = {"n1": {"value": 3, "grad": 3}, "f": {"value": -12, "grad": 1}, "x": {"grad": 3},
       "y": {"grad": 3}, "z": {"grad": 3}}
KEY = {"n1": {"value": 3, "grad": -4}, "f": {"value": -12, "grad": 1}, "x": {"grad": -4},
       "y": {"grad": -4}, "z": {"grad": 3}}
CASES = [
    {"id": "ana", **ADD_MUL, "worksheet": {"nodes": KEY}},
    {"id": "ben", "points": 2, **ADD_MUL, "worksheet": {"nodes": BEN}},
    {"id": "eve", **ADD_MUL, "expect": {"x": -4, "z": 3}},
]


def graded(cli, tmp_path, fmt, *more):
    path = write(tmp_path, "answer.json", json.dumps(ANSWER))
    return cli("check", "--worksheet", path, "--format", fmt, *more)


def gradescope_tests(result):
    document = json.loads(result.stdout)
    assert_gradescope(document)
    return document, {test["name"]: test for test in document["tests"]}


def test_gradescope_has_a_test_per_number_and_follow_through_credit(cli, tmp_path):
    result = graded(cli, tmp_path, "gradescope")
    assert result.exit_code == 1
    document, tests = gradescope_tests(result)
    assert len(tests) == 21 and "w0 value" not in tests  # the inputs' values are given
    assert document["score"] == 19
    assert document["output"] == "19 of 21 passed: 19 of 21 points"
    assert {name for name, t in tests.items() if t["score"] == 0} == {WRONG, BLANK}
    assert all(tests[name]["status"] == "passed" and tests[name]["score"] == 1
               and tests[name]["output"] == "`follows from your earlier numbers`"
               for name in CONSISTENT)
    assert all(t["max_score"] == 1 for t in tests.values())
    assert tests[BLANK]["output"] == "`left blank`"


def test_without_follow_through_consistent_numbers_earn_nothing(cli, tmp_path):
    document, tests = gradescope_tests(graded(cli, tmp_path, "gradescope", "--no-follow-through"))
    assert document["score"] == 12
    assert all(tests[name]["score"] == 0 and tests[name]["status"] == "failed"
               for name in CONSISTENT)


def test_prairielearn_scores_the_share_of_numbers(cli, tmp_path):
    document = json.loads(graded(cli, tmp_path, "prairielearn", "--no-follow-through").stdout)
    assert_prairielearn(document)
    assert document["gradable"] is True
    assert document["score"] == pytest.approx(12 / 21)
    assert document["message"] == "12 of 21 points"


@pytest.mark.parametrize("level, message", [
    ("full", "wrong: at n5 (`*-1`), the gradient flowing back changes sign: multiply the "
             f"upstream gradient by the gate's constant, sign included (the right number is "
             f"{RIGHT_NUMBER})"),
    ("hint", "wrong: at n5 (`*-1`), the gradient flowing back changes sign: multiply the "
             "upstream gradient by the gate's constant, sign included"),
    ("none", "wrong"),
])
def test_the_message_is_the_mistakes_hint_at_the_feedback_level(cli, tmp_path, level, message):
    document = json.loads(graded(cli, tmp_path, "prairielearn", "--feedback", level).stdout)
    assert {t["name"]: t["message"] for t in document["tests"]}[WRONG] == message


@pytest.mark.parametrize("level", ["hint", "none"])
def test_below_full_feedback_no_file_gives_the_number(cli, tmp_path, level):
    for fmt in ("gradescope", "prairielearn", "junit", "tap"):
        result = graded(cli, tmp_path, fmt, "--feedback", level)
        assert RIGHT_NUMBER[:4] not in result.stdout and "right number" not in result.stdout


def test_junit_has_a_testcase_per_number_and_failures_for_the_others(cli, tmp_path):
    root = ElementTree.fromstring(graded(cli, tmp_path, "junit").stdout)
    suite = root.find("testsuite")
    assert suite.get("name") == "gradcli check --worksheet"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("21", "2", "0")
    failed = {case.get("name"): case.find("failure") for case in suite.iter("testcase")
              if case.find("failure") is not None}
    assert set(failed) == {WRONG, BLANK}
    assert failed[BLANK].get("message") == "left blank"


def test_tap_has_not_ok_only_for_the_uncredited_numbers(cli, tmp_path):
    points = tap_points(graded(cli, tmp_path, "tap", "--feedback", "none").stdout)
    assert len(points) == 21
    assert [(p[2], p[3]["message"], p[3]["points"]) for p in points if not p[0]] == \
        [(WRONG, "wrong", "0"), (BLANK, "left blank", "0")]


@pytest.mark.parametrize("fmt", ["gradescope", "prairielearn", "junit", "tap"])
def test_o_writes_the_worksheets_file_and_nothing_on_stdout(cli, tmp_path, fmt):
    out = tmp_path / "results"
    result = graded(cli, tmp_path, fmt, "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert out.read_text() == graded(cli, tmp_path, fmt).stdout


def test_an_unreadable_worksheet_is_not_gradable_and_exits_4(cli, tmp_path):
    path = write(tmp_path, "answer.json", '{"nodes": {"f": {"value": "0.7.3"}}}')
    result = cli("check", "--worksheet", path, "--format", "prairielearn")
    assert result.exit_code == 4
    document = json.loads(result.stdout)
    assert_prairielearn(document)
    assert document["gradable"] is False and document["score"] == 0
    assert len(result.stderr.strip().splitlines()) == 1


def batch(cli, *more, cases=CASES):
    text = "".join(json.dumps(case) + "\n" for case in cases)
    return cli("check", "--cases", "-", "--format", "gradescope", *more, input=text)


def test_a_worksheet_case_earns_its_points_per_number(cli):
    result = batch(cli)
    assert result.exit_code == 1
    document, tests = gradescope_tests(result)
    assert [(t["score"], t["max_score"], t["status"]) for t in tests.values()] == \
        [(7, 7, "passed"), (12, 14, "failed"), (2, 2, "passed")]
    assert document["score"] == 21
    assert tests["case ben"]["output"].startswith("n1 grad: wrong: at f (`*`)")


def test_a_worksheet_case_without_follow_through(cli):
    _, tests = gradescope_tests(batch(cli, "--no-follow-through"))
    assert tests["case ben"]["score"] == 8  # n1's, x's and y's gradients earn nothing
