"""--expand and --fuse: the same function drawn with other gates, the same input gradients."""

import math
import re

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import LECTURE_POINT, SIGMOID_CIRCUIT
from gradcli.api import evaluate
from gradcli.errors import InputError, MathError
from gradcli.frontends.build import build_graph
from gradcli.frontends.rewrite import FORMS, expand, fuse
from test_properties import LEAVES, POINT, extend

SIGMOID_POINT = dict(w0=2, x0=-1, w1=-3, x1=-2, w2=-3)
LECTURE_GATES = ["*", "*", "+", "+", "*-1", "exp", "+1", "1/x"]


def gates(graph):
    return [(n.id, n.label, tuple(graph.nodes[j].id for j in n.inputs)) for n in graph.nodes
            if n.op.name != "var"]


def labels(graph):
    return [n.label for n in graph.nodes if n.op.name != "var"]


# --- the lecture's sigmoid example, both directions


def test_fusing_the_written_sigmoid_circuit_gives_one_sigmoid_gate_and_the_same_gradients():
    written = evaluate(SIGMOID_CIRCUIT, SIGMOID_POINT)
    fused = evaluate(SIGMOID_CIRCUIT, SIGMOID_POINT, form="fused")
    assert labels(fused.graph) == ["*", "*", "+", "+", "sigmoid"]
    assert fused.trace.locals[fused.graph.output] == (pytest.approx(0.19661193324, rel=1e-10),)
    assert fused.gradients.keys() == written.gradients.keys()
    for name, grad in written.gradients.items():
        assert fused.gradients[name] == pytest.approx(grad, rel=1e-12, abs=0)
    assert fused.check.ok


def test_expanding_the_sigmoid_gate_gives_the_lectures_eight_gates_and_the_same_gradients():
    gate = evaluate("sigmoid(w0*x0+w1*x1+w2)", SIGMOID_POINT)
    expanded = evaluate("sigmoid(w0*x0+w1*x1+w2)", SIGMOID_POINT, form="expanded")
    assert labels(expanded.graph) == LECTURE_GATES
    assert gates(expanded.graph) == gates(build_graph(SIGMOID_CIRCUIT))
    for name, grad in gate.gradients.items():
        assert expanded.gradients[name] == pytest.approx(grad, rel=1e-12, abs=0)
    # the slide's numbers: w0 -0.2, x0 0.39, w1 -0.39, x1 -0.59, w2 0.2
    assert {k: round(v, 2) for k, v in expanded.gradients.items()} == {
        "w0": -0.2, "x0": 0.39, "w1": -0.39, "x1": -0.59, "w2": 0.2}
    assert expanded.check.ok


# --- what each rewrite produces


@pytest.mark.parametrize(
    "text, expanded",
    [
        ("sigmoid(t)", ["*-1", "exp", "+1", "1/x"]),
        ("tanh(t)", ["*-2", "exp", "+1", "1/x", "*2", "-1"]),
        ("a/b", ["1/x", "*"]),
        ("a-b", ["*-1", "+"]),
        ("3 - t", ["*-1", "+3"]),
        ("0 - t", ["*-1"]),
        ("10/t", ["1/x", "*10"]),
        ("t/4", ["*1/4"]),
        ("sqrt(t)", ["log", "*0.5", "exp"]),
        ("t**3", ["*", "*"]),
        ("t**4", ["*", "*"]),
        ("t**-2", ["*", "1/x"]),
        ("t**-1", ["1/x"]),
        ("t**1.5", ["log", "*1.5", "exp"]),
        ("pow(a, b)", ["log", "*", "exp"]),
        ("2**t", ["*ln(2)", "exp"]),
        # already primitive, or no simpler chain: kept
        ("exp(t)*a + 1", ["exp", "*", "+1"]),
        ("t**17", ["^17"]),
        ("t**1", ["^1"]),
        ("t/0", ["/0"]),
        ("relu(t) + max(a, b) + log(t)", ["relu", "max", "+", "log", "+"]),
    ],
)
def test_expand_lowers_compound_gates(text, expanded):
    assert labels(expand(build_graph(text))) == expanded


def test_square_and_multiply_shares_the_square():
    assert gates(expand(build_graph("t**4"))) == [("n1", "*", ("t", "t")), ("f", "*", ("n1", "n1"))]


def test_fuse_finds_tanh_written_out_and_undoes_expand():
    assert labels(fuse(build_graph("2*(1/(1+exp(-2*t))) - 1"))) == ["tanh"]
    for text in ["sigmoid(t)", "tanh(t)", "sigmoid(sigmoid(t))*tanh(a)"]:
        assert gates(fuse(expand(build_graph(text)))) == gates(build_graph(text))


@pytest.mark.parametrize(
    "text",
    [
        "a = -t; 1/(1+exp(a))",  # a named stage is the user's: it is kept
        "1/(1+exp(-t)) + exp(-t)",  # exp(-t) feeds another gate: fusing would compute it twice
        "1/(2+exp(-t))",  # not the pattern
        "1/(1+exp(t))",
    ],
)
def test_fuse_leaves_other_graphs_alone(text):
    assert gates(fuse(build_graph(text))) == gates(build_graph(text))


def test_names_survive_and_automatic_ids_are_renumbered_in_order():
    graph = expand(build_graph("q = x/y; f = sigmoid(q)*z"))
    assert gates(graph) == [
        ("n1", "1/x", ("y",)), ("q", "*", ("x", "n1")), ("n2", "*-1", ("q",)),
        ("n3", "exp", ("n2",)), ("n4", "+1", ("n3",)), ("n5", "1/x", ("n4",)),
        ("f", "*", ("n5", "z")),
    ]
    assert graph.variable_names == ["x", "y", "z"]
    assert gates(expand(build_graph("n1 / n2"))) == [("g1", "1/x", ("n2",)),
                                                      ("f", "*", ("n1", "g1"))]


def test_gates_that_become_equal_are_one_node_and_names_become_aliases():
    fused = fuse(build_graph("sigmoid(x) + 1/(1+exp(-x))"))
    assert gates(fused) == [("n1", "sigmoid", ("x",)), ("f", "+", ("n1", "n1"))]
    graph = expand(build_graph("q = x/y; r = x*(1/y); q + r"))
    assert gates(graph) == [("n1", "1/x", ("y",)), ("q", "*", ("x", "n1")), ("f", "+", ("q", "q"))]
    assert graph.index("r") == graph.index("q")


def test_rewrites_do_not_touch_the_graph_they_are_given():
    graph = build_graph("q = sigmoid(x/y)")
    before = gates(graph)
    expand(graph), fuse(expand(graph))
    assert gates(graph) == before


def test_unknown_form_is_bad_input():
    with pytest.raises(InputError, match="unknown graph form 'bogus'"):
        evaluate("x", {"x": 1}, form="bogus")


# --- the property: input gradients are identical in every form


# The written form is the oracle here, not SymPy: the SymPy half of test_properties'
# (text, SymPy) pairs is carried along unused, a fresh symbol for every leaf, so
# that SymPy never meets a number such as sqrt(-2) or 1/(u-u) that Max refuses.
TEXT_LEAVES = LEAVES.map(lambda leaf: (leaf[0], sympy.Dummy()))
VARIABLES = TEXT_LEAVES.filter(lambda leaf: leaf[0].isalpha())
REWRITES = [  # text that --expand or --fuse rewrites; {} is a random subexpression
    "sigmoid({})", "tanh({})", "1/(1+exp(-({})))", "(2*(1/(1+exp(-2*({})))) - 1)",
    "(3 - {})", "(10/({}))", "(({})/4)", "2**({})", "({})**1.5", "({})**4",
]
FUSABLE = REWRITES[2:4]


def rewritable(children):
    """test_properties' random expressions, plus every rewrite of --expand and --fuse."""

    def wrap(formats):
        return st.tuples(st.sampled_from(formats), children).map(
            lambda t: (t[0].format(t[1][0]), sympy.Dummy()))

    power = st.tuples(children, children).map(
        lambda t: (f"pow({t[0][0]}, {t[1][0]})", sympy.Dummy()))
    return st.one_of(extend(children), wrap(REWRITES), wrap(FUSABLE), power)


EXPRESSIONS = st.recursive(st.one_of(TEXT_LEAVES, VARIABLES), rewritable, max_leaves=10)
RELATIVE = 1e-12
ATOL = 1e-12  # the check's own absolute floor (gradcli.check.ATOL)
MAX_AMPLIFICATION = 1e3  # rounding errors up to 1e3 ε ≈ 1e-13 in the values


def gradient_scale(result):
    """Per variable, the sum of |upstream x local| over every path: what rounding is relative to.

    Where branches cancel (x*y - y*x), the gradient is near 0 and its rounding is
    relative to the size of the terms that cancelled, not to the near-0 sum.
    """
    graph, trace = result.graph, result.trace
    scale = [0.0] * len(graph.nodes)
    scale[graph.output] = 1.0
    for i in range(len(graph.nodes) - 1, -1, -1):
        for j, local in zip(graph.nodes[i].inputs, trace.locals[i]):
            scale[j] += scale[i] * abs(local)
    return {graph.nodes[i].id: scale[i] for i in graph.variables}


def amplification(result):
    """How many times its own rounding error (in units of ε) each value may carry, at most.

    A first-order bound, pushed forward through the graph: a gate adds one
    rounding and scales each input's relative error by |x * local / value|
    (the gate's relative condition number). tan near a pole, or cos(19683)
    when 19683 came from exp(9*log(3)) a few ulps off, amplify a lot.
    """
    graph, trace = result.graph, result.trace
    values, error = trace.values, [0.0] * len(graph.nodes)
    for i, node in enumerate(graph.nodes):
        if not node.inputs:
            continue
        carried = [abs(values[j] * local) * error[j]
                   for j, local in zip(node.inputs, trace.locals[i])]
        if values[i] == 0:
            error[i] = math.inf if any(carried) else 1.0
        else:
            error[i] = 1.0 + sum(carried) / abs(values[i])
    return max(error, default=0.0)


def well_conditioned(result):
    """No kink or near-tie, no saturated sigmoid/tanh, no amplified rounding, in this form.

    Where float64 itself cannot give 12 digits the forms differ by more than
    1e-12 because of rounding, not because a rewrite is wrong: a saturated
    sigmoid's (1 - σ)σ cancels once σ rounds towards 1 (and 1 - tanh² with it),
    and an ill-conditioned gate (see ``amplification``) magnifies the few ulps
    by which x/y and x*(1/y), or x**9 and exp(9*log(x)), differ.
    """
    graph, values = result.graph, result.trace.values
    if amplification(result) > MAX_AMPLIFICATION:
        return False
    for i, node in enumerate(graph.nodes):
        args = [values[j] for j in node.inputs]
        if node.op.name in ("sigmoid", "tanh") and abs(args[0]) > 4:
            return False
        if node.op.kink is not None:
            args += [node.const.value] if node.const is not None else []
            for rounded in ([round(a, 9) for a in args], [float(f"{a:.12g}") for a in args]):
                if node.op.kink(*rounded):
                    return False
    return not result.trace.kinks


@settings(max_examples=500, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(EXPRESSIONS, POINT, POINT, POINT)
def test_input_gradients_are_identical_written_expanded_and_fused(pair, x, y, z):
    text = pair[0]
    used = set(re.findall(r"\b[xyz]\b", text))
    point = {k: v for k, v in {"x": x, "y": y, "z": z}.items() if k in used}
    results = {}
    for form in FORMS:
        try:
            results[form] = evaluate(text, point, check=False, form=form)
        except MathError:
            assume(False)  # outside a form's domain (log(0) in exp(c*log(t)), exp overflow)
        assume(well_conditioned(results[form]))
    written = results["written"]
    for form in ("expanded", "fused"):
        other = results[form]
        assert other.gradients.keys() == written.gradients.keys()
        scales = gradient_scale(other)
        for name, grad in written.gradients.items():
            scale = max(abs(grad), abs(other.gradients[name]), scales[name],
                        gradient_scale(written)[name])
            assume(math.isfinite(scale) and scale < 1e200)
            difference = abs(other.gradients[name] - grad)
            # At a gradient that is 0, x/x = 1 against x*(1/x) = 1 - 1e-16 leaves log()
            # rounding noise of 1e-16: "relative" there means absolute, as in check.ATOL.
            assert difference <= RELATIVE * scale or difference <= ATOL, (form, text, name)


# --- through the CLI


def test_eval_expand_shows_the_lectures_gates(cli):
    result = cli("eval", "sigmoid(w0*x0+w1*x1+w2)", *LECTURE_POINT, "--expand", "--format", "json")
    assert result.exit_code == 0, result.stderr
    import json

    data = json.loads(result.stdout)
    assert [n["label"] for n in data["nodes"][5:]] == LECTURE_GATES
    assert data["check"]["ok"] is True


def test_eval_fuse_shows_one_sigmoid_gate(cli):
    result = cli("eval", SIGMOID_CIRCUIT, *LECTURE_POINT, "--fuse", "--no-check", "--digits", "2")
    assert result.exit_code == 0, result.stderr
    assert "│ f    │ sigmoid │ n4     │  0.73 │            0.2 │             1 │" in (
        result.stdout)


def test_expand_and_fuse_together_is_a_usage_error(cli):
    result = cli("eval", "sigmoid(x)", "--x", "1", "--expand", "--fuse")
    assert result.exit_code == 2
    assert "--expand and --fuse cannot be used together" in result.stderr
    assert result.stdout == ""
