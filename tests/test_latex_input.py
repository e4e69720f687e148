"""LaTeX input: a second front end that builds the same graph as plain text."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SIGMOID_CIRCUIT
from gradcli.api import evaluate
from gradcli.errors import GradcliError, ParseError
from gradcli.frontends.build import build_graph
from gradcli.frontends.latex import looks_like_latex, parse_latex
from gradcli.limits import Limits
from gradcli.core.ops import OPS

SLIDE = r"\frac{1}{1+e^{-(w_0x_0+w_1x_1+w_2)}}"
POINT = dict(w0=2, x0=-1, w1=-3, x1=-2, w2=-3)


def shape(graph):
    return [(n.id, n.label, tuple(graph.nodes[j].id for j in n.inputs)) for n in graph.nodes]


def test_the_slide_gives_the_same_eight_gates_and_gradients_as_plain_text():
    latex = evaluate(SLIDE, POINT)
    plain = evaluate(SIGMOID_CIRCUIT, POINT)
    assert shape(latex.graph) == shape(plain.graph)
    assert [n.label for n in latex.graph.nodes if n.op.arity] == [
        "*", "*", "+", "+", "*-1", "exp", "+1", "1/x",
    ]
    assert latex.gradients == plain.gradients
    assert latex.check.ok


@pytest.mark.parametrize(
    "latex, plain",
    [
        (r"\frac{a}{b}", "(a)/(b)"),
        (r"\frac12 x", "(1/2)*x"),
        (r"e^{x}", "exp(x)"),
        (r"\exp(x) + \exp{y}", "exp(x) + exp(y)"),
        (r"\log(x) \cdot \ln{y}", "log(x) * ln(y)"),
        (r"\sqrt{x} \times \sqrt2", "sqrt(x) * sqrt(2)"),
        (r"\sigma(w_0 x_0)", "sigmoid(w0*x0)"),
        (r"\max(a, b) - \min(a, 0)", "max(a, b) - min(a, 0)"),
        (r"\tanh\left(x\right)", "tanh(x)"),
        (r"x^{2} + x^2y", "x**2 + x**2*y"),
        (r"x_{1} + x_12", "x1 + x1*2"),
        (r"\frac{1}{1+e^{-(w0x0 + w_1x1)}}", "1/(1+exp(-(w0*x0 + w1*x1)))"),
        (r"(x + y)z", "(x + y)*z"),
        (r"2\pi r", "2*pi*r"),
        (r"\theta_1 \alpha", "theta1*alpha"),
        (r"\mathrm{xpy}\operatorname{relu}(x)", "xpy*relu(x)"),
        (r"\lvert x \rvert", "abs(x)"),
        (r"[x + y]\,z", "(x + y)*z"),
        (r"$x \div y$", "x / y"),
        (r"q = x + y \\ f = qz", "q = x + y; f = q*z"),
        ("f(w, x) = \\frac{w}{x}\n", "f = w/x"),
        ("\\frac{1}{1 +\n e^{-x}}", "1/(1 + exp(-x))"),
    ],
)
def test_latex_parses_like_its_plain_text(latex, plain):
    assert shape(build_graph(parse_latex(latex))) == shape(build_graph(plain))


def test_subscripted_names_answer_to_both_spellings():
    by_canonical = evaluate(SLIDE, POINT, check=False)
    by_latex = evaluate(SLIDE, dict(w_0=2, x_0=-1, w_1=-3, x_1=-2, w_2=-3), check=False)
    assert by_latex.gradients == by_canonical.gradients
    assert list(by_latex.gradients) == ["w0", "x0", "w1", "x1", "w2"]
    assert by_latex.grad("w_0") == by_latex.grad("w0")


@pytest.mark.parametrize("text, detected", [
    (r"\frac{1}{x}", True), (r"  \sigma(x)", True), ("$x^2$", True), ("x/2", False),
    ("(x+y)*z", False), (r"q = \frac{x}{2}", True), ("x_1 + 2", False),
])
def test_auto_detection(text, detected):
    assert looks_like_latex(text) is detected


@pytest.mark.parametrize(
    "text, message, caret",
    [
        # The caret line is under the text as shown, where a backslash is shown doubled.
        (r"\frac{1}{", "'{' is never closed", "         ^"),
        (r"\frac{1}{x)", "')' closes the '{' at column 9", "           ^"),
        (r"\foo{x}", r"unsupported LaTeX command '\foo' (supported: \frac \sqrt", "^^^^^"),
        (r"\frac{}{x}", "expected a number, name or '(' here, not '}'", "       ^"),
        (r"\sigma x", r"write \sigma(...) or \sigma{...}", "^^^^^^^"),
        (r"x^", "^ needs an argument", " ^"),
        ("\\sqrt\\", r"\sqrt needs an argument in braces", "      ^^"),
        (r"2 3", "missing operator before '3'", "  ^"),
        (r"x_", "a subscript is a letter or digit", " ^"),
        (r"|x|", "write |x| as \\lvert x \\rvert", "^"),
    ],
)
def test_errors_point_at_the_latex(text, message, caret):
    with pytest.raises(ParseError) as info:
        parse_latex(text)
    assert message in info.value.message
    assert str(info.value).splitlines()[2] == "  " + caret


@pytest.mark.parametrize("command", sorted({c for op in OPS.values() for c in op.tex_commands}))
def test_the_unsupported_command_message_names_every_gate_command(command):
    with pytest.raises(ParseError) as info:
        parse_latex(r"\foo{x}")
    assert f"\\{command} " in info.value.message


@pytest.mark.parametrize("op", [op for op in OPS.values() if op.tex_commands],
                         ids=lambda op: op.name)
def test_every_gate_command_makes_its_gate(op):
    for command in op.tex_commands:
        graph = build_graph(parse_latex(rf"\{command}{{x}}" if op.arity == 1 else
                                        rf"\{command}(x, y)"))
        assert graph.output_node.op is op


@pytest.mark.parametrize("op", [op for op in OPS.values() if op.tex_delimiters],
                         ids=lambda op: op.name)
def test_every_gate_between_delimiters_makes_its_gate(op):
    opening, closing = op.tex_delimiters
    graph = build_graph(parse_latex(rf"\{opening} x - y \{closing}"))
    assert graph.output_node.op is op


def test_cli_auto_detects_latex_and_takes_subscript_spellings(cli):
    result = cli("eval", SLIDE, "--w_0", "2", "--x_0", "-1", "--w1", "-3", "--x_1", "-2",
                 "--w_2", "-3", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["expression"] == SLIDE
    assert [n["label"] for n in data["nodes"][5:]] == ["*", "*", "+", "+", "*-1", "exp", "+1", "1/x"]


def test_cli_latex_flag_forces_either_front_end(cli):
    forced = cli("eval", "xy", "--latex", "--x", "2", "--y", "3", "--format", "json")
    assert json.loads(forced.stdout)["gradients"] == {"x": 3, "y": 2}  # x times y
    plain = cli("eval", "xy", "--no-latex", "--xy", "2", "--format", "json")
    assert json.loads(plain.stdout)["gradients"] == {"xy": 1}  # one variable
    bad = cli("eval", r"\frac{1}{x", "--x", "1")
    assert (bad.exit_code, bad.stdout) == (2, "")
    assert bad.stderr.startswith("error: '{' is never closed\n")


PIECES = list("\\{}()[]^_ 01xyzew+-*/=;,\n$&|") + [
    r"\frac", r"\sigma", r"\left(", r"\right)", r"\exp", r"\cdot", r"\sqrt", r"\max", r"\pi",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_any_text_parses_or_fails_with_a_gradcli_error(text):
    try:
        build_graph(parse_latex(text))
    except GradcliError:
        pass


def test_ten_thousand_nested_groups_parse_without_recursion():
    depth = 10_000
    text = r"\frac{1}{" * depth + "x" + "}" * depth
    graph = build_graph(parse_latex(text, Limits(max_depth=5 * depth)))  # over the default
    assert len(graph.nodes) == depth + 1


def test_the_latex_program_form_is_detected_without_latex(run_gradcli):
    # docs/latex.md: statements separated by LaTeX's line break \\ (issue 12)
    proc = run_gradcli("grad", "q = x + y \\\\ f = qz", "--x", "-2", "--y", "5", "--z", "-4")
    assert (proc.returncode, proc.stdout) == (0, "x\t-4\ny\t-4\nz\t3\n"), proc.stderr
