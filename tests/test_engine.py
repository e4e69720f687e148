"""Math at the point: domain errors name the node; kinks use documented conventions."""

import pytest

from gradcli.api import evaluate
from gradcli.errors import ExitCode, MathError


@pytest.mark.parametrize(
    "text, values, message",
    [
        ("log(x)", dict(x=-1), "node f (log) is undefined at x = -1; log needs x > 0"),
        ("log(x)", dict(x=0), "node f (log) is undefined at x = 0"),
        ("sqrt(x)", dict(x=-1), "node f (sqrt) is undefined at x = -1"),
        ("1/x", dict(x=0), "node f (1/x) divides by zero at x = 0; 1/x needs x != 0"),
        ("x/y", dict(x=1, y=0), "node f (/) divides by zero at x = 1, y = 0"),
        ("x**(-1)", dict(x=0), "node f (^-1) is undefined at x = 0"),
        ("x**0.5", dict(x=-4), "node f (^0.5) is undefined at x = -4"),
        ("exp(x)", dict(x=1000), "node f (exp) overflows float64 at x = 1000"),
        ("x*y", dict(x=1e200, y=1e200), "node f (*) overflows to inf at x = 1e+200, y = 1e+200"),
        ("1/exp(x)", dict(x=-1000), "node f (1/x) divides by zero at n1 = 0"),
        ("sqrt(x)", dict(x=0), "node f (sqrt) has no finite local gradient at x = 0"),
        ("x**y", dict(x=-2, y=2), "node f (**) has no finite local gradient at x = -2, y = 2"),
        ("x*x*x", dict(x=1e103), "node f (*) overflows to inf at n1 = 1e+206, x = 1e+103"),
    ],
)
def test_math_errors_name_the_node_its_gate_and_inputs(text, values, message):
    with pytest.raises(MathError) as info:
        evaluate(text, values)
    assert message in str(info.value)
    assert info.value.exit_code == ExitCode.MATH_ERROR == 3


def test_a_gradient_that_overflows_while_the_value_does_not_is_a_math_error():
    # (x**3)**0.5 is finite at 1e-200 but its local gradient 0.5/sqrt(1e-600) is not.
    with pytest.raises(MathError, match="gradient"):
        evaluate("sqrt(x**3)", x=1e-200)


@pytest.mark.parametrize(
    "text, values, grads, node",
    [
        ("relu(x)", dict(x=0), {"x": 0}, "f"),
        ("abs(x)", dict(x=0), {"x": 0}, "f"),
        ("max(x, y)", dict(x=1, y=1), {"x": 0.5, "y": 0.5}, "f"),
        ("min(x, y)", dict(x=2, y=2), {"x": 0.5, "y": 0.5}, "f"),
        ("2*relu(x) + y", dict(x=0, y=1), {"x": 0, "y": 1}, "n1"),
    ],
)
def test_kinks_use_the_convention_and_are_reported(text, values, grads, node):
    r = evaluate(text, values)
    assert r.gradients == grads
    assert [r.graph.nodes[k.node].id for k in r.trace.kinks] == [node]
    assert "kink at node " + node in r.trace.kinks[0].message
    statuses = {v.name: v.status for v in r.check.variables}
    assert statuses["x"] == "kink"
    assert r.check.ok  # a kink is not a failure
    if "y" in statuses and text.startswith("2*"):
        assert statuses["y"] == "ok"


def test_max_routes_the_gradient_to_the_larger_input():
    r = evaluate("2*(x*y + max(z, w))", x=3, y=-4, z=2, w=-1)
    assert r.value == -20
    assert r.gradients == {"x": -8, "y": 6, "z": 2, "w": 0}


def test_gradients_add_at_branches():
    r = evaluate("x*y + x", x=2, y=5)
    assert r.gradients == {"x": 6, "y": 2}


@pytest.mark.parametrize("text, values", [
    ("x + y", dict(x=1.5, y=-2.25)), ("x * y", dict(x=1.5, y=-2.25)),
    ("x + 0.3", dict(x=1.5)), ("0.3 * x", dict(x=1.5)), ("x - 4", dict(x=1.5)),
    ("exp(x)", dict(x=-0.7)), ("tanh(x)", dict(x=-0.7)), ("sigmoid(x)", dict(x=-0.7)),
    ("sigmoid(x)", dict(x=2.5)), ("sigmoid(x)", dict(x=-800)), ("sigmoid(x)", dict(x=800)),
])
def test_inline_arithmetic_equals_the_registry_rules(text, values):
    """The engine runs +, *, +c and *c inline; they must do what the registry says."""
    from gradcli.engines.scalar import run
    from gradcli.frontends.build import build_graph

    graph = build_graph(text)
    trace = run(graph, values)
    node = graph.nodes[graph.output]
    args = [trace.values[j] for j in node.inputs]
    const = [node.const.value] if node.const is not None else []
    assert trace.values[graph.output] == node.op.forward(*args, *const)
    assert trace.locals[graph.output] == node.op.partials(*args, trace.values[graph.output], *const)
    for j, local in zip(node.inputs, trace.locals[graph.output]):
        assert trace.grads[j] == local
