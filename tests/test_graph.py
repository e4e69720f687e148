"""The graph is what the user wrote, with constants folded into lecture gates."""

import pytest

from gradcli.api import evaluate
from gradcli.errors import MathError
from gradcli.frontends.build import build_graph
from gradcli.limits import Limits


def gates(text, given=()):
    g = build_graph(text, frozenset(given))
    return [(n.id, n.label, tuple(g.nodes[j].id for j in n.inputs)) for n in g.nodes
            if n.op.name != "var"]


@pytest.mark.parametrize(
    "text, label",
    [
        ("1/t", "1/x"), ("1 + t", "+1"), ("t + 1", "+1"), ("-t", "*-1"), ("2*t", "*2"),
        ("t*2", "*2"), ("t**2", "^2"), ("t^2", "^2"), ("t - 3", "-3"), ("t - -3", "+3"),
        ("3 - t", "3-x"), ("t/4", "/4"), ("10/t", "10/x"), ("2**t", "2^x"), ("e**t", "exp"),
        ("e^t", "exp"), ("max(t, 0)", "max(x,0)"), ("min(0, t)", "min(x,0)"), ("t + pi", "+pi"),
        ("t - pi", "-pi"), ("t * (2 + 3)", "*5"), ("pow(t, 3)", "^3"),
    ],
)
def test_a_constant_operand_folds_into_a_labelled_gate(text, label):
    assert [g[1] for g in gates(text)] == [label]


def test_structure_is_kept_as_written():
    assert gates("(x+y)+z") == [("n1", "+", ("x", "y")), ("f", "+", ("n1", "z"))]
    assert gates("x+(y+z)") == [("n1", "+", ("y", "z")), ("f", "+", ("x", "n1"))]


def test_variables_come_first_in_order_of_appearance():
    g = build_graph("z*(y+x)")
    assert g.variable_names == ["z", "y", "x"]


def test_a_repeated_subexpression_is_one_node_and_its_gradients_add():
    assert gates("exp(x)*exp(x)") == [("n1", "exp", ("x",)), ("f", "*", ("n1", "n1"))]
    r = evaluate("exp(x)*exp(x)", x=0.5)
    assert r.gradients["x"] == pytest.approx(2 * 2.718281828459045, rel=1e-15)


def test_e_and_pi_are_variables_when_given_a_value():
    assert gates("e*x", given={"e", "x"}) == [("f", "*", ("e", "x"))]
    assert gates("e*x") == [("f", "*e", ("x",))]


def test_reassignment_makes_a_new_node_with_a_marked_name():
    assert gates("c = c + c + 1") == [("n1", "+", ("c", "c")), ("c#2", "+1", ("n1",))]


def test_an_assigned_e_is_a_node_not_the_constant():
    assert gates("e = c - d; f = e * 2") == [("e", "-", ("c", "d")), ("f", "*2", ("e",))]


def test_automatic_ids_avoid_user_names():
    assert gates("n1 * n2 + n3") == [("g1", "*", ("n1", "n2")), ("f", "+", ("g1", "n3"))]
    assert [g[0] for g in gates("f*2 + 1")] == ["n1", "out"]


def test_constant_expression_is_one_const_node():
    g = build_graph("2 * 3")
    assert [(n.id, n.op.name, n.label) for n in g.nodes] == [("f", "const", "6")]


def test_undefined_constant_is_a_math_error():
    with pytest.raises(MathError, match=r"the constant 1/0 divides by zero"):
        build_graph("x + 1/0")
    with pytest.raises(MathError, match="overflows"):
        build_graph("x + 10**400")
    with pytest.raises(MathError, match=r"the constant log\(-1\) is undefined"):
        build_graph("x + log(-1)")


def test_a_chain_100000_nodes_deep_runs_without_recursion():
    depth = 100_000
    r = evaluate("x" + "+1" * depth, x=0, check=False, limits=Limits(max_nodes=200_000))
    assert len(r.graph.nodes) == depth + 1
    assert r.value == depth
    assert r.gradients == {"x": 1}
