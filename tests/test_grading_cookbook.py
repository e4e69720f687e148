"""docs/grading/: the Gradescope autograder, the PrairieLearn grader and the GitHub Classroom
workflow, run offline on the sample submissions, with the exact grades (issue 13)."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_grader_formats import assert_gradescope, assert_prairielearn, tap_points

GRADING = Path(__file__).parent.parent / "docs" / "grading"
SHARED = ["grade_submission.py", "problems.jsonl", "point.json"]
# sample: the points of each problem (1a 1b 1c 2a 2b 2c: 1 each; 2d, the formula: 2)
GRADES = {
    "right": [1, 1, 1, 1, 1, 1, 2],
    "rounded": [1, 1, 1, 1, 1, 1, 2],  # more digits, a PDF's minus sign, another formula
    "wrong": [0, 1, 0, 1, 1, 0, 0],  # signs, σ(+1) for g, (1+σ) in the formula
    "unreadable": [0, 0, 1, 1, 0, 1, 0],  # -4.0.0, words, a vector, a formula that does not parse
    "hostile": [0, 0, 0, 1, 1, 1, 0],  # code, escape bytes, 1e999999: never run, never shown
    "left-out": [1, 1, 1, 1, 0, 1, 0],  # the factor w left out of ∂g/∂x and of its formula
}
UNREADABLE = {"unreadable": 4, "hostile": 4}  # answers PrairieLearn must not charge for


def shell_env():
    bin_dir = os.path.dirname(sys.executable)  # gradcli and python3 of this environment
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


def require_bash():
    if shutil.which("bash") is None:
        if os.environ.get("GRADCLI_REQUIRE_TOOLS") == "1":
            pytest.fail("bash is required")
        pytest.skip("bash is not installed")


def run(command, cwd, env):
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("sample", GRADES)
def test_the_gradescope_autograder_gives_the_exact_grades(tmp_path, sample):
    require_bash()
    root = tmp_path / "autograder"
    for folder in ("source", "submission", "results"):
        (root / folder).mkdir(parents=True)
    for name in SHARED + ["gradescope/setup.sh", "gradescope/run_autograder"]:
        shutil.copy(GRADING / name, root / "source")
    shutil.copy(GRADING / "samples" / f"{sample}.json", root / "submission" / "answers.json")
    env = {**shell_env(), "AUTOGRADER": str(root)}
    proc = run(["bash", str(root / "source" / "run_autograder")], tmp_path, env)
    assert proc.returncode == 0, proc.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert_gradescope(results)
    assert [test["score"] for test in results["tests"]] == GRADES[sample]
    assert results["score"] == sum(GRADES[sample])
    assert [test["max_score"] for test in results["tests"]] == [1, 1, 1, 1, 1, 1, 2]
    text = (root / "results" / "results.json").read_text()
    assert "\x1b" not in text and not list(tmp_path.rglob("PWNED"))
    for test in results["tests"]:  # feedback is hint: no true value, no true formula
        assert "it is" not in test["output"] and "SymPy's" not in test["output"]


@pytest.mark.parametrize("sample", GRADES)
def test_the_prairielearn_grader_gives_the_exact_grades(tmp_path, sample):
    require_bash()
    root = tmp_path / "grade"
    (root / "tests").mkdir(parents=True)
    (root / "student").mkdir()
    for name in SHARED:
        shutil.copy(GRADING / name, root / "tests")
    shutil.copy(GRADING / "samples" / f"{sample}.json", root / "student" / "answers.json")
    proc = run(["bash", str(GRADING / "prairielearn" / "run.sh")], tmp_path,
               {**shell_env(), "GRADE": str(root)})
    assert proc.returncode == 0, proc.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert_prairielearn(results)
    assert [test["points"] for test in results["tests"]] == GRADES[sample]
    if sample in UNREADABLE:  # not gradable: no attempt and no points charged
        assert results["gradable"] is False
        assert len(results["format_errors"]) == UNREADABLE[sample]
    else:
        assert results["gradable"] is True
        assert results["score"] == pytest.approx(sum(GRADES[sample]) / 8)


def workflow_steps():
    """The workflow's shell steps after pip's (which needs the network)."""
    text = (GRADING / "github-classroom" / "grade.yml").read_text()
    runs = re.findall(r"^      - run: (.*)$", text, re.M)
    return [step for step in runs if not step.startswith("pip ")]


@pytest.mark.parametrize("sample, passes", [("right", True), ("rounded", True),
                                            ("wrong", False), ("unreadable", False)])
def test_the_github_classroom_workflow_fails_unless_every_answer_is_right(tmp_path, sample,
                                                                         passes):
    require_bash()
    (tmp_path / "grading").mkdir()
    for name in SHARED:
        shutil.copy(GRADING / name, tmp_path / "grading")
    shutil.copy(GRADING / "samples" / f"{sample}.json", tmp_path / "answers.json")
    codes = [run(["bash", "-c", step], tmp_path, shell_env()).returncode
             for step in workflow_steps()]
    assert (codes[-1] == 0) == passes and all(code == 0 for code in codes[:-1])
    points = tap_points((tmp_path / "report.tap").read_text())
    assert [ok for ok, *_ in points] == [g > 0 for g in GRADES[sample]]


def test_the_workflow_runs_what_the_docs_say():
    steps = workflow_steps()
    assert steps[0] == "python3 grading/grade_submission.py --format tap --answers answers.json -o report.tap"
