"""The graph → SymPy conversion the check differentiates: chains of + and * become one
Add or Mul (linear, not quadratic), the expression is the gate-by-gate one, and the
check of a 1,000-node program still catches a wrong gradient."""

import json
import sys
from pathlib import Path

import pytest
import sympy

from gradcli.api import build, evaluate
from gradcli.checks.oracle import verify
from gradcli.checks.sympy_oracle import sympy_nodes, to_sympy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import workloads  # noqa: E402

x, y, z, w = sympy.symbols("x y z w", real=True)


def test_a_chain_of_sums_is_one_add_and_a_chain_of_products_one_mul():
    expr, symbols = to_sympy(build("a = x + y\nb = a + z\nc = b + w\nd = c*x\ne = d*y\nf = e*z",
                                   {}))
    assert symbols == {"x": x, "y": y, "z": z, "w": w}
    assert expr == (x + y + z + w) * x * y * z
    assert expr.func is sympy.Mul and sympy.Add(x, y, z, w) in expr.args


def test_a_sum_read_twice_is_not_merged_into_its_readers():
    expr, _ = to_sympy(build("s = x + y\nt = s + z\nf = t*s + s", {}))
    assert expr == (x + y + z) * (x + y) + x + y


def test_the_output_inside_a_chain_is_the_output():
    graph = build("a = x + y\nb = a + z", {}, output="a")
    assert to_sympy(graph)[0] == x + y


@pytest.mark.parametrize("generate", [workloads.network, workloads.wide, workloads.trees])
def test_the_expression_is_the_gate_by_gate_one(generate):
    text, values = generate(1_000)
    graph = build(text, values)
    flat, symbols = to_sympy(graph)
    nested = sympy_nodes(graph)[0][graph.output]
    point = {symbols[name]: sympy.Float(v, 30) for name, v in values.items()}
    # the same to 30 digits; only 30-digit products of constants may round apart
    assert flat.xreplace(point) == pytest.approx(nested.xreplace(point), rel=1e-25)
    if generate is not workloads.trees:  # no products of constants: the very same
        assert flat == nested


def test_a_thousand_node_check_catches_a_wrong_gradient_and_passes_the_others():
    text, values = workloads.network(1_000)
    result = evaluate(text, values, check=False)
    graph, trace = result.graph, result.trace
    assert 1_000 <= len(graph.nodes) <= 2_000
    wrong = graph.index("x3")
    right = trace.grads[wrong]
    trace.grads[wrong] = right * (1 + 1e-7)
    check = verify(graph, trace)
    assert check.method == "sympy"
    assert {v.name: v.status for v in check.variables} == \
        {name: "fail" if name == "x3" else "ok" for name in graph.variable_names}
    x3 = next(v for v in check.variables if v.name == "x3")
    assert x3.reference == pytest.approx(right, rel=1e-12)
    assert x3.rel_error == pytest.approx(1e-7, rel=1e-3)


def test_a_thousand_node_conversion_runs_under_the_time_limit_and_falls_back_saying_so():
    from gradcli.limits import Limits

    text, values = workloads.network(1_000)
    result = evaluate(text, values, limits=Limits(check_timeout=0.05))
    assert result.check.method == "directional" and result.check.ok
    assert result.check.note == "SymPy did not finish within 0.05 s (--check-timeout)"


def test_check_of_a_thousand_node_program_compares_every_input_with_sympy(cli):
    # the check command differentiates the same one-Add expression (checks/formula.py)
    text, values = workloads.network(1_000)
    args = [a for name, v in values.items() for a in (f"--{name}", str(v))]
    result = cli("check", "--file", "-", *args, "--format", "json", input=text)
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["checks"]
    assert [(i["kind"], i["status"]) for i in items] == [("sympy", "pass")] * 10
    backprop = evaluate(text, values, check=False)
    for item in items:
        grad = backprop.trace.grads[backprop.graph.index(item["name"])]
        assert item["expected"] == pytest.approx(grad, rel=1e-12)
