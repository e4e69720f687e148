"""The lecture's worked examples, node by node: our first acceptance tests."""

import pytest

from gradcli.api import evaluate

SIGMOID_POINT = dict(w0=2, x0=-1, w1=-3, x1=-2, w2=-3)


def approx(x):
    return pytest.approx(x, rel=1e-10, abs=1e-11)


def test_simple_example_values_and_gradients():
    r = evaluate("(x+y)*z", x=-2, y=5, z=-4)
    q = r.graph.nodes[3]
    assert (q.label, r.trace.values[3]) == ("+", 3)
    assert r.value == -12
    assert r.gradients == {"x": -4, "y": -4, "z": 3}
    assert r.check.ok


def test_implicit_multiplication_as_on_the_slide_gives_the_same():
    r = evaluate("(x + y)z", x=-2, y=5, z=-4)
    assert [n.label for n in r.graph.nodes[3:]] == ["+", "*"]
    assert r.value == -12
    assert r.gradients == {"x": -4, "y": -4, "z": 3}


def test_staged_form_names_q_and_f():
    r = evaluate("q = x + y; f = q*z", x=-2, y=5, z=-4)
    assert r.node_value("q") == 3
    assert r.grad("q") == -4
    assert r.output == "f"


def test_sigmoid_circuit_has_the_lectures_eight_gates():
    r = evaluate("1/(1+exp(-(w0*x0+w1*x1+w2)))", **SIGMOID_POINT)
    gates = [n.label for n in r.graph.nodes if n.op.name != "var"]
    assert gates == ["*", "*", "+", "+", "*-1", "exp", "+1", "1/x"]


def test_sigmoid_circuit_node_by_node():
    r = evaluate("1/(1+exp(-(w0*x0+w1*x1+w2)))", **SIGMOID_POINT)
    gates = [i for i, n in enumerate(r.graph.nodes) if n.op.name != "var"]
    values = [r.trace.values[i] for i in gates]
    grads = [r.trace.grads[i] for i in gates]
    assert values == [
        approx(-2), approx(6), approx(4), approx(1), approx(-1),
        approx(0.36787944117), approx(1.36787944117), approx(0.73105857863),
    ]
    assert grads == [
        approx(0.19661193324), approx(0.19661193324), approx(0.19661193324),
        approx(0.19661193324), approx(-0.19661193324), approx(-0.53444664539),
        approx(-0.53444664539), 1,
    ]
    assert r.gradients == {
        "w0": approx(-0.19661193324), "x0": approx(0.39322386648),
        "w1": approx(-0.39322386648), "x1": approx(-0.58983579972),
        "w2": approx(0.19661193324),
    }
    assert r.check.ok


def test_lecture_local_gradient_products():
    # "[upstream gradient] x [local gradient]": w0: [0.2] x [-1] = -0.2, x0: [0.2] x [2] = 0.4
    r = evaluate("1/(1+exp(-(w0*x0+w1*x1+w2)))", **SIGMOID_POINT)
    w0x0 = r.graph.index("n1")
    assert r.trace.locals[w0x0] == (-1, 2)
    assert round(r.trace.grads[w0x0], 1) == 0.2


def test_single_sigmoid_gate_form_has_five_gates_and_same_gradients():
    written = evaluate("1/(1+exp(-(w0*x0+w1*x1+w2)))", **SIGMOID_POINT)
    fused = evaluate("sigmoid(w0*x0+w1*x1+w2)", **SIGMOID_POINT)
    assert [n.label for n in fused.graph.nodes if n.op.name != "var"] == [
        "*", "*", "+", "+", "sigmoid",
    ]
    sig = fused.graph.output
    assert fused.trace.locals[sig] == (approx(0.19661193324),)  # (1 - sigma) sigma
    for name, grad in written.gradients.items():
        assert fused.gradients[name] == pytest.approx(grad, rel=1e-12)


def test_x_times_x_is_one_mul_gate_with_x_twice():
    r = evaluate("x*x", x=3)
    assert len(r.graph.nodes) == 2
    assert r.graph.nodes[1].inputs == (0, 0)
    assert r.gradients == {"x": 6}
