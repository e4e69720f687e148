"""Each catalogued mistake, injected into the lecture's circuits and carried through the rest
of the worksheet as a student would: the diagnosis names its code, node and gate, and marks
every number computed right from the wrong one ``consistent``."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import SIGMOID_CIRCUIT
from gradcli.checks.worksheet.catalogue import PRIORITY
from gradcli.checks.worksheet import (CODES, CONSISTENT, CORRECT, WRONG, Tolerance,
                                      explain_number, grade, numbers)
from gradcli.frontends.build import build_graph
from gradcli.engines.arrays import run
from gradcli.errors import MathError
from worksheet_student import Slip, fill

LECTURE = {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}
CIRCUITS = {
    "add-mul": ("(x+y)*z", {"x": -2, "y": 5, "z": -4}),
    "sigmoid-8": (SIGMOID_CIRCUIT, LECTURE),
    "sigmoid-5": ("sigmoid(w0*x0+w1*x1+w2)", LECTURE),
    "fan-out": ("(x + sigmoid(y))/(sigmoid(x) + (x+y)**2)", {"x": 3, "y": -4}),
    "norm": ("sum((W @ x)**2)", {"W": [[0.1, 0.5], [-0.3, 0.8]], "x": [0.2, 0.4]}),
    "norm2": ("norm2(W @ x)", {"W": [[1, 2], [-3, 1]], "x": [2, -1]}),
    "matmul": ("sum(W @ X)", {"W": [[1, 2, -1], [0, 3, 2]], "X": [[2, -1], [1, 0], [-2, 4]]}),
}

# (circuit, the slip the student makes, (code, node, gate) the check must name)
INJECTED = [
    ("add-mul", Slip("mul-not-swapped", gate="f", position=0), ("n1", "f")),
    ("add-mul", Slip("mul-not-swapped", gate="f", position=1), ("z", "f")),
    ("add-mul", Slip("upstream-only", gate="f", position=0), ("n1", "f")),
    ("add-mul", Slip("local-only", gate="n1", position=0), ("x", "n1")),
    ("add-mul", Slip("value-for-grad", node="x"), ("x", "x")),
    ("add-mul", Slip("forward", node="n1", number=4), ("n1", "n1")),
    ("add-mul", Slip("unknown", node="n1", number=7), ("n1", "f")),
    ("sigmoid-8", Slip("sign-dropped", gate="n5", position=0), ("n4", "n5")),
    ("sigmoid-8", Slip("exp-local", gate="n6", position=0), ("n5", "n6")),
    ("sigmoid-8", Slip("recip-local", gate="f", position=0), ("n7", "f")),
    ("sigmoid-8", Slip("mul-not-swapped", gate="n1", position=0), ("w0", "n1")),
    ("sigmoid-8", Slip("upstream-only", gate="n6", position=0), ("n5", "n6")),
    ("sigmoid-8", Slip("local-only", gate="n6", position=0), ("n5", "n6")),
    ("sigmoid-8", Slip("forward", node="n6", number=0.5), ("n6", "n6")),
    ("sigmoid-5", Slip("sigmoid-local", gate="f", position=0), ("n4", "f")),
    ("sigmoid-5", Slip("mul-not-swapped", gate="n2", position=1), ("x1", "n2")),
    ("fan-out", Slip("branch-not-summed", node="x"), ("x", "x")),
    ("fan-out", Slip("branch-not-summed", node="y"), ("y", "y")),
    ("fan-out", Slip("sigmoid-local", gate="n3", position=0), ("x", "n3")),
    ("norm", Slip("transposed", gate="n1", position=0), ("W", "n1")),
    ("norm", Slip("transposed", gate="n1", position=1), ("x", "n1")),
    ("norm2", Slip("transposed", gate="n1", position=0), ("W", "n1")),
    ("matmul", Slip("transposed", gate="n1", position=0), ("W", "n1")),
    ("matmul", Slip("transposed", gate="n1", position=1), ("X", "n1")),
    ("matmul", Slip("shape", node="W", number=[1, 1, 1, 1, 1, 1]), ("W", "W")),
]


def graded(circuit: str, slip: Slip | None, tol: Tolerance | None = None):
    text, point = CIRCUITS[circuit]
    graph = build_graph(text)
    trace = run(graph, {k: np.asarray(v, dtype=float) for k, v in point.items()})
    sheet = fill(graph, point, slip)
    return graph, trace, sheet, grade(graph, trace, lambda n, w: numbers(sheet[n][w]), tol)


def test_the_slips_cover_the_whole_catalogue():
    assert {slip.code for _, slip, _ in INJECTED} == set(CODES)


@pytest.mark.parametrize("circuit", sorted(CIRCUITS))
def test_a_right_worksheet_is_all_correct(circuit):
    grading = graded(circuit, None)[3]
    assert {m.status for m in grading.marks} == {CORRECT}
    assert grading.ok and grading.first_wrong is None


@pytest.mark.parametrize("circuit, slip, where", INJECTED,
                         ids=[f"{c}-{s.code}-{w[0]}" for c, s, w in INJECTED])
def test_an_injected_mistake_is_named_and_followed_through(circuit, slip, where):
    graph, trace, sheet, grading = graded(circuit, slip)
    node, gate = where
    field = "value" if slip.code == "forward" else "grad"
    assert [(m.code, m.node, m.field, m.gate) for m in grading.mistakes] == \
        [(slip.code, node, field, gate)]
    first = grading.first_wrong
    assert (first.node, first.field) == (node, field)
    for mark in grading.marks:
        if (mark.node, mark.field) == (node, field):
            assert mark.status == WRONG
            continue
        right = Tolerance().accepts(mark.given, mark.truth)
        assert mark.status == (CORRECT if right else CONSISTENT), (mark.node, mark.field)
    assert not grading.ok  # the wrong number is not credited


def test_follow_through_numbers_are_marked_consistent():
    """The issue's example: the sign dropped at *-1; what follows from it is consistent."""
    grading = graded("sigmoid-8", Slip("sign-dropped", gate="n5", position=0))[3]
    assert grading.mark("n3", "grad").status == CONSISTENT
    assert grading.mark("w0", "grad").status == CONSISTENT
    assert grading.mark("n5", "grad").status == CORRECT
    assert grading.mistakes[0].hint == ("at n5 (`*-1`), the gradient flowing back changes "
                                        "sign: multiply the upstream gradient by the gate's "
                                        "constant, sign included")


def test_hints_never_give_the_number():
    for circuit, slip, _ in INJECTED:
        grading = graded(circuit, slip)[3]
        for mark in grading.marks:
            if mark.mistake is not None and mark.truth.ndim == 0:
                truth = float(mark.truth)
                shown = {f"{truth:.{d}f}" for d in (1, 2, 3)} - {"0.0", "-0.0", "1.0"}
                assert not any(text in mark.mistake.hint for text in shown), mark.mistake


def test_the_slides_rounded_numbers_pass_with_decimals_2():
    text, point = CIRCUITS["sigmoid-8"]
    graph = build_graph(text)
    trace = run(graph, {k: np.asarray(v, dtype=float) for k, v in point.items()})
    sheet = fill(graph, point)
    rounded = lambda n, w: numbers(np.round(sheet[n][w], 2))  # noqa: E731
    assert grade(graph, trace, rounded, Tolerance(decimals=2)).ok
    assert not grade(graph, trace, rounded).ok  # without the rounding rule: not exact


def test_explain_number_names_a_typed_mistake_and_only_a_mistake():
    text, point = CIRCUITS["sigmoid-8"]
    graph = build_graph(text)
    trace = run(graph, {k: np.asarray(v, dtype=float) for k, v in point.items()})
    earlier = {"n5": {"grad": float(trace.grads[9])}}
    code, hint = explain_number(graph, trace, "n4", "grad", -float(trace.grads[8]), earlier)
    assert code == "sign-dropped" and "n5" in hint
    assert explain_number(graph, trace, "n4", "grad", float(trace.grads[8]), earlier) is None
    assert explain_number(graph, trace, "n4", "grad", 123.0, earlier) is None


# --- any expression: one random mistake, the first wrong number always found

UNARY = ["exp({})", "sigmoid({})", "-({})", "({})*2", "1/(2+({})**2)", "({})+1", "tanh({})"]
BINARY = ["({})+({})", "({})*({})", "({})-({})"]


@st.composite
def expressions(draw):
    parts = [draw(st.sampled_from(["x", "y", "z"])) for _ in range(draw(st.integers(1, 3)))]
    for _ in range(draw(st.integers(1, 6))):
        if len(parts) > 1 and draw(st.booleans()):
            a, b = parts.pop(), parts.pop()
            parts.append(draw(st.sampled_from(BINARY)).format(a, b))
        else:
            parts.append(draw(st.sampled_from(UNARY)).format(parts.pop()))
    while len(parts) > 1:
        a, b = parts.pop(), parts.pop()
        parts.append(draw(st.sampled_from(BINARY)).format(a, b))
    return parts[0]


GATE_SLIPS = {"mul": ["mul-not-swapped"], "exp": ["exp-local"], "sigmoid": ["sigmoid-local"],
              "mulc": ["sign-dropped"]}


@st.composite
def slips_at(draw, graph, node, field, truth):
    """A wrong number at (node, field): any number, or a slip at a gate the node feeds."""
    feeds = [(c, k) for c, n in enumerate(graph.nodes) for k, j in enumerate(n.inputs)
             if graph.nodes[j].id == node]
    if field == "grad" and feeds and draw(st.booleans()):
        c, k = draw(st.sampled_from(feeds))
        gate = graph.nodes[c]
        codes = ["upstream-only", "local-only"] + GATE_SLIPS.get(gate.op.name, [])
        if gate.op.name == "mulc" and gate.const.value > 0:
            codes.remove("sign-dropped")
        return Slip(draw(st.sampled_from(codes)), gate=gate.id, position=k)
    wrong = draw(st.sampled_from([truth + 1, -truth, 2 * truth, truth + 0.5]))
    return Slip("forward" if field == "value" else "unknown", node=node, number=wrong)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions(), st.lists(st.integers(-3, 3), min_size=3, max_size=3), st.data())
def test_one_random_mistake_is_the_first_wrong_number(text, point, data):
    graph = build_graph(text)
    values = dict(zip("xyz", map(float, point)))
    values = {name: values[name] for name in graph.variable_names}
    try:
        trace = run(graph, {k: np.asarray(v) for k, v in values.items()})
    except MathError:
        assume(False)
    assume(all(abs(float(v)) < 1e6 for v in list(trace.values) + list(trace.grads)))
    slots = [(n.id, "value") for n in graph.nodes if n.op.name != "var"] + \
            [(n.id, "grad") for n in graph.nodes]
    node, field = data.draw(st.sampled_from(slots))
    index = graph.index(node)
    truth = float(trace.values[index] if field == "value" else trace.grads[index])
    slip = data.draw(slips_at(graph, node, field, truth))
    sheet = fill(graph, values, slip)
    wrong = float(sheet[node][field])
    assume(abs(wrong - truth) > 1e-3 * max(1.0, abs(truth)))
    assume(all(np.isfinite(sheet[n][w]).all() and abs(float(sheet[n][w])) < 1e9
               for n in sheet for w in ("value", "grad")))
    grading = grade(graph, trace, lambda n, w: numbers(sheet[n][w]))
    first = grading.first_wrong
    assert first is not None and (first.node, first.field) == (node, field)
    assert grading.mistakes[0].code in CODES


def test_after_a_blank_the_numbers_that_follow_from_the_students_are_consistent():
    graph, trace, sheet, _ = graded("sigmoid-8", Slip("sign-dropped", gate="n5", position=0))
    sheet["n2"]["grad"] = None
    grading = grade(graph, trace, lambda n, w: numbers(sheet[n][w]))
    assert grading.mark("n2", "grad").status == "missing"
    assert grading.mark("w1", "grad").status == CONSISTENT
    assert grading.mark("x1", "grad").status == CONSISTENT
    assert [m.node for m in grading.mistakes] == ["n4"]


def test_dw_as_x_transposed_times_dy_is_named_transposed():
    """The issue's example: dW = xᵀ·dy (a number, for vectors) where dy·xᵀ belongs."""
    graph, trace, sheet, _ = graded("norm", None)
    dy, x = sheet["n1"]["grad"], sheet["x"]["value"]
    sheet["W"]["grad"] = np.asarray(x @ dy)
    grading = grade(graph, trace, lambda n, w: numbers(sheet[n][w]))
    assert [(m.node, m.gate, m.code) for m in grading.mistakes] == [("W", "n1", "transposed")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions(), st.lists(st.integers(-3, 3), min_size=3, max_size=3),
       st.integers(1, 3))
def test_rounding_as_you_go_is_never_a_mistake(text, point, decimals):
    """A student who writes every number rounded and works on from the rounded numbers,
    with no slip, has nothing wrong (each number correct or consistent)."""
    graph = build_graph(text)
    values = {name: float(v) for name, v in zip("xyz", point) if name in graph.variable_names}
    try:
        trace = run(graph, {k: np.asarray(v) for k, v in values.items()})
    except MathError:
        assume(False)
    sheet = fill(graph, values, decimals=decimals)
    assume(all(np.isfinite(sheet[n][w]).all() and abs(float(sheet[n][w])) < 1e6
               for n in sheet for w in ("value", "grad")))
    grading = grade(graph, trace, lambda n, w: numbers(sheet[n][w]), Tolerance(decimals))
    assert grading.mistakes == [] and grading.ok


def every_slip():
    """Every slip the student module can make at every gate input of every circuit."""
    specific = {"mul": ["mul-not-swapped"], "exp": ["exp-local"], "recip": ["recip-local"],
                "sigmoid": ["sigmoid-local"], "matmul": ["transposed"], "mulc": ["sign-dropped"]}
    for circuit, (text, _) in sorted(CIRCUITS.items()):
        graph = build_graph(text)
        for node in graph.nodes:
            for k in range(len(node.inputs)):
                generic = ["local-only"] if node.op.array_only else ["upstream-only",
                                                                     "local-only"]
                for code in generic + specific.get(node.op.name, []):
                    yield circuit, Slip(code, gate=node.id, position=k)


@pytest.mark.parametrize("circuit, slip", list(every_slip()),
                         ids=[f"{c}-{s.gate}.{s.position}-{s.code}" for c, s in every_slip()])
def test_every_slip_at_every_gate_is_found_where_it_was_made(circuit, slip):
    graph, trace, sheet, grading = graded(circuit, slip)
    gate = graph.nodes[graph.index(slip.gate)]
    node = graph.nodes[gate.inputs[slip.position]].id
    if Tolerance().accepts(numbers(sheet[node]["grad"]), np.asarray(trace.grads[graph.index(
            node)])):
        return  # this slip changes nothing here (upstream-only at a + gate)
    assert (grading.first_wrong.node, grading.first_wrong.field) == (node, "grad")
    (mistake,) = grading.mistakes
    assert mistake.node == node
    named, made = PRIORITY.index(mistake.code), PRIORITY.index(slip.code)
    # the slip's own code, or one that explains the same number and is preferred to it
    assert mistake.code == slip.code or (named < made and mistake.code != "unknown")
