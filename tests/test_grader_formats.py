"""check --format gradescope|prairielearn|junit|tap, checked against each platform's documented
format (fields, types, ranges), for one check and for a batch (issue 13)."""

import json
import re
from xml.etree import ElementTree

import pytest

LECTURE = {"expression": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}}
ONE_CHECK = ["check", "(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4", "--expect", "x=-4",
             "--expect", "z=-4"]
CASES = [
    {"name": "∂f/∂x and ∂f/∂z", "points": 2, **LECTURE, "expect": {"x": -4, "z": -4},
     "tags": ["problem 1"], "visibility": "after_due_date"},
    {"name": "unreadable", **LECTURE, "expect": {"x": "-4.0.0"}},
    {"name": "right", **LECTURE, "expect": {"y": -4}, "visibility": "hidden"},
]
GRADESCOPE_VISIBILITY = {"visible", "hidden", "after_due_date", "after_published"}


def batch(cli, fmt, *more):
    text = "".join(json.dumps(case) + "\n" for case in CASES)
    return cli("check", "--cases", "-", "--format", fmt, *more, input=text)


def assert_gradescope(document):
    assert isinstance(document["score"], (int, float))
    assert isinstance(document["tests"], list)
    for test in document["tests"]:
        assert set(test) <= {"score", "max_score", "status", "name", "name_format", "number",
                             "output", "output_format", "tags", "visibility", "extra_data"}
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] in ("passed", "failed")
        assert test["output_format"] == "md"
        assert test["visibility"] in GRADESCOPE_VISIBILITY
        assert all(isinstance(tag, str) for tag in test["tags"])
    assert document["score"] == sum(test["score"] for test in document["tests"])


def assert_prairielearn(document):
    assert isinstance(document["gradable"], bool)
    assert 0 <= document["score"] <= 1
    for test in document["tests"]:
        assert isinstance(test["name"], str) and isinstance(test["message"], str)
        assert 0 <= test["points"] <= test["max_points"]
    if not document["gradable"]:
        assert document["format_errors"] and all(isinstance(e, str)
                                                 for e in document["format_errors"])


def tap_points(text):
    """(ok, number, description, diagnostics) per test point of a TAP 14 stream, checked."""
    lines = text.splitlines()
    assert lines[0] == "TAP version 14"
    plan = re.fullmatch(r"1\.\.(\d+)", lines[1])
    assert plan
    points, i = [], 2
    while i < len(lines):
        m = re.fullmatch(r"(not )?ok (\d+) - (.*)", lines[i])
        assert m, lines[i]
        diagnostics = {}
        if i + 1 < len(lines) and lines[i + 1] == "  ---":
            end = lines.index("  ...", i + 1)
            for line in lines[i + 2:end]:
                key, _, value = line.strip().partition(": ")
                diagnostics[key] = json.loads(value) if value.startswith('"') else value
            i = end
        points.append((m.group(1) is None, int(m.group(2)), m.group(3), diagnostics))
        i += 1
    assert [p[1] for p in points] == list(range(1, int(plan.group(1)) + 1))
    return points


def test_one_check_as_gradescope(cli):
    result = cli(*ONE_CHECK, "--format", "gradescope")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert_gradescope(document)
    assert [(t["name"], t["score"], t["status"]) for t in document["tests"]] == [
        ("∂f/∂x", 1, "passed"), ("∂f/∂z", 0, "failed")]
    assert document["score"] == 1


def test_a_batch_as_gradescope_has_partial_credit_visibility_and_tags(cli):
    result = batch(cli, "gradescope")
    assert result.exit_code == 4  # an answer could not be read
    document = json.loads(result.stdout)
    assert_gradescope(document)
    first, unreadable, right = document["tests"]
    assert (first["score"], first["max_score"], first["visibility"], first["tags"]) == (
        2, 4, "after_due_date", ["problem 1"])  # 2 points for each of 2 checks, 1 passed
    assert (unreadable["score"], unreadable["status"]) == (0, "failed")
    assert "cannot be read" in unreadable["output"]
    assert (right["score"], right["max_score"], right["visibility"]) == (1, 1, "hidden")
    assert document["score"] == 3


def test_a_batch_as_prairielearn_is_not_gradable_when_an_answer_cannot_be_read(cli):
    document = json.loads(batch(cli, "prairielearn").stdout)
    assert_prairielearn(document)
    assert document["gradable"] is False and document["score"] == 0
    assert document["format_errors"][0].startswith("unreadable: the answer cannot be read")


def test_prairielearn_scores_in_zero_to_one(cli):
    document = json.loads(cli(*ONE_CHECK, "--format", "prairielearn").stdout)
    assert_prairielearn(document)
    assert (document["gradable"], document["score"]) == (True, 0.5)
    assert [t["points"] for t in document["tests"]] == [1, 0]


def test_one_unreadable_check_as_prairielearn_is_its_file_and_exit_4(cli):
    result = cli("check", "x", "--x", "1", "--expect", "x=abc", "--format", "prairielearn")
    assert result.exit_code == 4
    document = json.loads(result.stdout)
    assert_prairielearn(document)
    assert document["gradable"] is False


def test_junit_has_one_testcase_per_check_and_a_failure_with_the_message(cli):
    root = ElementTree.fromstring(batch(cli, "junit").stdout)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["∂f/∂x and ∂f/∂z", "unreadable", "right"]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    failure = cases[0].find("failure")
    assert failure.get("message").startswith("∂f/∂z: expected -4, but it is 3")
    assert cases[1].find("error") is not None and cases[2].find("failure") is None


def test_tap_14_has_a_plan_and_yaml_diagnostics(cli):
    points = tap_points(batch(cli, "tap").stdout)
    assert [(ok, name) for ok, _, name, _ in points] == [
        (False, "∂f/∂x and ∂f/∂z"), (False, "unreadable"), (True, "right")]
    diagnostics = points[0][3]
    assert diagnostics["severity"] == "fail"
    assert diagnostics["message"].startswith("∂f/∂z: expected -4")
    assert points[1][3]["status"] == "invalid"


def test_tap_escapes_hash_in_descriptions(cli):
    case = {"name": "q#1 \\ 2", **LECTURE, "expect": {"x": -4}}
    result = cli("check", "--cases", "-", "--format", "tap", input=json.dumps(case) + "\n")
    assert tap_points(result.stdout)[0][2] == "q\\#1 \\\\ 2"


@pytest.mark.parametrize("fmt", ["gradescope", "prairielearn", "junit", "tap"])
def test_o_writes_the_file_and_nothing_on_stdout(cli, tmp_path, fmt):
    path = tmp_path / "results" / "results.json"
    path.parent.mkdir()
    result = batch(cli, fmt, "-o", str(path))
    assert result.stdout == ""
    assert path.read_text().strip()


@pytest.mark.parametrize("fmt", ["gradescope", "prairielearn", "junit", "tap"])
def test_grader_files_never_hold_an_escape_byte(cli, fmt):
    result = batch(cli, fmt)
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize("case, message", [
    ({"points": -1}, '"points" must be a number ≥ 0'),
    ({"visibility": "sometimes"}, '"visibility" must be one of visible, hidden'),
    ({"tags": "p1"}, '"tags" must be a list of strings'),
    ({"name": 3}, '"name" must be a string'),
])
def test_bad_grading_keys_make_an_error_case(cli, case, message):
    line = json.dumps({**LECTURE, "expect": {"x": -4}, **case})
    result = cli("check", "--cases", "-", "--format", "json", input=line + "\n")
    assert json.loads(result.stdout)["details"]["error"].startswith(message)
