"""graph --format html: the page's content and budget, its steps, predict mode's tolerance,
and its errors. What a person sees in a browser is tests/test_stepper_browser.py."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from gradcli.api import evaluate
from gradcli.checks.rounding import accepts_rounded
from gradcli.output.steps import Tolerance, page_steps

from conftest import LECTURE_POINT, SIGMOID_CIRCUIT

SIGMOID_VALUES = dict(w0=2, x0=-1, w1=-3, x1=-2, w2=-3)


class Links(HTMLParser):
    """Every src and href of a page, and its script elements' types."""

    def __init__(self):
        super().__init__()
        self.urls, self.scripts = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.urls += [attrs[a] for a in ("src", "href") if a in attrs]
        if tag == "script":
            self.scripts.append(attrs.get("type"))


def page(cli, *args) -> str:
    result = cli("graph", *args, "--format", "html")
    assert result.exit_code == 0, result.output
    return result.output


def steps_of(html: str) -> list[dict]:
    data = re.search(r'<script type="application/json" id="gradcli-steps">(.*?)</script>', html,
                     re.S).group(1)
    return json.loads(data)["steps"]


def test_the_sigmoid_page_is_one_offline_file_under_100_kb(cli):
    html = page(cli, SIGMOID_CIRCUIT, *LECTURE_POINT, "--digits", "2")
    assert len(html.encode("utf-8")) < 100_000
    links = Links()
    links.feed(html)
    assert links.urls == ["data:,"]  # the empty favicon: nothing outside the file
    assert links.scripts == ["application/json", None]  # the steps, then the inlined script
    assert "<svg" in html and 'id="node-12"' in html and 'id="wire-12"' in html
    assert "@import" not in html and "url(http" not in html


def test_the_steps_follow_the_lecture(cli):
    steps = steps_of(page(cli, SIGMOID_CIRCUIT, *LECTURE_POINT, "--digits", "2"))
    kinds = [s["kind"] for s in steps]
    assert kinds == ["inputs"] + ["forward"] * 8 + ["seed"] + ["backward"] * 8
    assert steps[6]["caption"] == ["Forward: n6 = e^n5 = e^(-1) = 0.37"]
    assert steps[12]["caption"] == ["n6 = e^n5 (gate exp)", "n5: [-0.53] × [0.37] = -0.2"]
    assert steps[14]["caption"][0] == "n4 = n3 + w2 (gate +, gradient distributor)"
    assert steps[16]["caption"][0] == "n2 = w1 * x1 (gate *, swap multiplier)"


def test_sums_at_branches_come_with_the_gate_or_at_the_end(cli):
    steps = steps_of(page(cli, "x*y + x", "--x", "3", "--y", "-4"))
    assert steps[-1]["kind"] == "sums"
    assert steps[-1]["caption"][0] == ("∂f/∂x = 1 + (-4) = -3 (gradients add at branches; "
                                       "copy gate: gradient adder)")
    gated = steps_of(page(cli, "a = x*y; f = a*a + x", "--x", "3", "--y", "-4"))
    (at_a,) = [s for s in gated if s["kind"] == "backward" and s["node"] == 2]
    assert at_a["caption"][0].startswith("∂f/∂a = ")


def test_a_number_appears_from_its_step_on():
    result = evaluate("(x+y)*z", dict(x=-2, y=5, z=-4), check=False)
    steps, reveal, _ = page_steps(result, None, Tolerance(sigfigs=2))
    # strokes: x, y into n1; n1, z into f; f out. Values: inputs at 0, n1 at 1, f at 2.
    assert reveal.value == [0, 0, 1, 0, 2]
    # gradients: the seed (3) on f's wire, f's step (4) on n1 and z, n1's (5) on x and y.
    assert reveal.grad == [5, 5, 4, 4, 3]


@pytest.mark.parametrize("tolerance, right, wrong", [
    (Tolerance(sigfigs=2), -0.2, -0.19),
    (Tolerance(sigfigs=3), -0.197, -0.2),
    (Tolerance(decimals=1), -0.2, -0.3),
])
def test_predict_mode_accepts_what_rounding_accepts(tolerance, right, wrong):
    result = evaluate(SIGMOID_CIRCUIT, SIGMOID_VALUES, check=False)
    steps, _, _ = page_steps(result, None, tolerance)
    (question,) = steps[12]["questions"] if isinstance(steps[12], dict) else steps[12].questions
    truth = question["truth"]
    assert truth == pytest.approx(-0.19661193324148188)
    for answer in (right, wrong):
        page_says = abs(answer - truth) <= question["slack"]
        assert page_says == accepts_rounded(answer, truth, tolerance.decimals, tolerance.sigfigs)
    assert abs(right - truth) <= question["slack"] < abs(wrong - truth)


def test_predict_mode_names_the_mistakes_the_worksheet_diagnosis_names():
    from gradcli.checks.worksheet import explain_number

    result = evaluate(SIGMOID_CIRCUIT, SIGMOID_VALUES, check=False)
    steps, _, _ = page_steps(result, 2, Tolerance(sigfigs=2))
    (exp_step,) = [s for s in steps if s.kind == "backward" and s.node == 10]
    (question,) = exp_step.questions
    hints = {round(m["number"], 2): m["hint"] for m in question["mistakes"]}
    assert hints[-0.53] == ("at n6 (`exp`), the upstream gradient was passed back as it is: "
                            "multiply it by the gate's local gradient")
    assert hints[0.53].startswith("at n6 (`exp`), the local gradient of e^x is e^x itself")
    # every named number is named as the worksheet diagnosis names it (one branch each here)
    for step in steps:
        for q in step.questions:
            node = q["label"].rpartition(" ")[2]
            for m in q["mistakes"]:
                code_hint = explain_number(result.graph, result.trace, node, "grad",
                                           m["number"], {})
                assert code_hint is not None and code_hint[1] == m["hint"], (q["label"], m)


def test_arrays_show_shapes_and_ask_only_for_scalars(cli):
    html = page(cli, "sum((W @ x)**2)", "--W", "[[0.1, 0.5], [-0.3, 0.8]]", "--x", "[0.2, 0.4]",
                "--digits", "3", "--predict")
    assert ">2×2</text>" in html and ">[[0.1, 0.5], [-0.3, 0.8]]</text>" in html
    asked = [q["label"] for s in steps_of(html) for q in s["questions"]]
    assert asked == ["value of f"]  # the vectors and matrices are shown, not asked


def test_text_in_the_page_cannot_close_the_script_or_add_markup():
    # No expression gradcli reads holds "<"; the escaping is tested on a text set by hand.
    from gradcli.output.stepper import to_html

    result = evaluate("x*y", dict(x=1, y=2), check=False)
    result.graph.text = "x*y </script><b>"
    html = to_html(result)
    assert "</script><b>" not in html and "&lt;/script&gt;&lt;b&gt;" in html
    assert html.count("</script>") == 2


@pytest.mark.parametrize("args, message", [
    (["x*y", "--format", "html"], "give every variable's value"),
    (["x*y", "--x", "1", "--y", "2", "--predict"], "--predict is a mode of the step-through page"),
    (["x*y", "--x", "1", "--y", "2", "--format", "html", "--decimals", "2"],
     "give it with --predict"),
    (["x*y", "--x", "1", "--y", "2", "--format", "html", "--exact"], "keep the decimals"),
])
def test_bad_combinations_are_one_line_errors(cli, args, message):
    result = cli("graph", *args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
