"""Staged programs: named stages, reassignment, --output, micrograd-style code."""

import json

import pytest

from gradcli.api import evaluate
from gradcli.errors import InputError

# The course notes' staged example f(x, y) = (x + sigma(y)) / (sigma(x) + (x + y)^2).
NOTES_STAGES = """\
sigy = 1/(1+exp(-y))
num = x + sigy
sigx = 1/(1+exp(-x))
xpy = x + y
xpysqr = xpy**2
den = sigx + xpysqr
invden = 1/den
f = num*invden"""

# micrograd's README example, written as a gradcli program.
MICROGRAD = """\
c = a + b
d = a * b + b**3
c = c + c + 1
c = c + 1 + c + (-a)
d = d + d * 2 + relu(b + a)
d = d + 3 * d + relu(b - a)
e = c - d
f = e**2
g = f / 2.0
g = g + 10.0 / f"""


def approx(x):
    return pytest.approx(x, rel=1e-10, abs=1e-11)


def test_course_notes_staged_example_in_eight_stages():
    r = evaluate(NOTES_STAGES, x=3, y=-4)
    assert [n.id for n in r.graph.nodes if n.named and n.op.name != "var"] == [
        "sigy", "num", "sigx", "xpy", "xpysqr", "den", "invden", "f",
    ]
    assert r.value == approx(1.54564488411)
    assert r.gradients == {"y": approx(1.59223275148), "x": approx(2.05956979557)}
    assert r.check.ok


def test_gradients_of_named_stages_are_reported_and_askable():
    r = evaluate(NOTES_STAGES, x=3, y=-4, check=False)
    assert r.grad("invden") == approx(3.0179862099620918)  # = num
    assert r.grad("num") == approx(0.5121444488396316)  # = invden
    assert r.grad("xpysqr") == r.grad("den") == r.grad("sigx")
    assert list(r.intermediates) == ["sigy", "num", "sigx", "xpy", "xpysqr", "den", "invden"]


def test_patterns_circuit():
    r = evaluate("f = 2*(x*y + max(z, w))", x=3, y=-4, z=2, w=-1)
    assert r.value == -20
    assert r.gradients == {"x": -8, "y": 6, "z": 2, "w": 0}
    assert [n.op.pattern for n in r.graph.nodes if n.op.arity] == [
        "swap multiplier", "gradient router", "gradient distributor", "",
    ]


def test_micrograd_readme_example():
    r = evaluate(MICROGRAD, a=-4, b=2)
    assert r.output == "g#2"
    assert round(r.value, 4) == 24.7041
    assert {k: round(v, 4) for k, v in r.gradients.items()} == {"a": 138.8338, "b": 645.5773}
    assert r.check.ok


@pytest.mark.parametrize(
    "text, value, grad",
    [
        ("2 * x", 6, 2), ("x * 2", 6, 2), ("10.0 / x", 10 / 3, -10 / 9), ("1 + x", 4, 1),
        ("-x", -3, -1), ("x**2", 9, 6), ("x**-1", 1 / 3, -1 / 9), ("relu(x)", 3, 1),
        ("z = x; z * z", 9, 6), ("x - 1", 2, 1), ("1 - x", -2, -1),
    ],
)
def test_micrograd_style_constants_on_either_side(text, value, grad):
    r = evaluate(text, x=3)
    assert r.value == approx(value)
    assert r.gradients == {"x": approx(grad)}


def test_output_chooses_a_stage_and_drops_what_it_does_not_need():
    r = evaluate("q = x + y; f = q*z", x=-2, y=5, z=-4, output="q")
    assert r.output == "q"
    assert [n.id for n in r.graph.nodes] == ["x", "y", "q"]
    assert r.gradients == {"x": 1, "y": 1}
    assert r.ignored == ["z"]


def test_output_may_name_a_reassigned_stage():
    r = evaluate("c = a + b; c = c * 2; f = c + 1", a=1, b=2, output="c#2")
    assert (r.output, r.value, r.gradients) == ("c#2", 6, {"a": 2, "b": 2})


def test_output_unknown_name_is_bad_input():
    with pytest.raises(InputError, match=r"no node named 'zz' to be the output \(named nodes: x, y, q"):
        evaluate("q = x + y; f = q*2", x=1, y=2, output="zz")


def test_cli_output_option_and_its_warning(cli):
    result = cli("eval", "q = x + y; f = q*z", "--x", "-2", "--y", "5", "--z", "-4",
                 "--output", "q", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["output"] == {"name": "q", "value": 3}
    assert data["gradients"] == {"x": 1, "y": 1}
    assert result.stderr == "warning: the output q does not depend on z: value not used\n"


def test_json_reports_named_intermediates(cli):
    result = cli("eval", "q = x + y; f = q*z", "--x", "-2", "--y", "5", "--z", "-4",
                 "--format", "json", "--no-check")
    assert json.loads(result.stdout)["intermediates"] == {"q": {"value": 3, "grad": -4}}


def test_program_table_title_is_the_program(cli):
    result = cli("eval", "q = x + y; f = q*z", "--x", "-2", "--y", "5", "--z", "-4", "--no-check")
    assert result.stdout.splitlines()[0].rstrip() == "q = x + y; f = q*z"
    assert "│ q    │ +     │ x, y   │     3 │           1, 1 │            -4 │" in result.stdout


def test_alias_of_a_named_node_is_askable():
    r = evaluate("a = x * 3; b = a; f = b + a", x=2, check=False)
    assert r.grad("b") == r.grad("a") == 2
    assert "b" in r.intermediates
