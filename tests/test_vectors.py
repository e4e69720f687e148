"""Vectors and matrices: the lecture's second half, with its numbers written literally."""

import json
import re
import shlex
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from conftest import modules_loaded_by
from support import doc_examples, same_output

from gradcli.api import evaluate
from gradcli.errors import ShapeError
from gradcli.engines.arrays import run

W_X = ["sum((W @ x)**2)", "--W", "[[0.1, 0.5], [-0.3, 0.8]]", "--x", "[0.2, 0.4]"]
RELU = ["sum(relu(x) * g)", "--x", "[1, -2, 3, -1]", "--g", "[4, -1, 5, 9]"]
NEGATIVE_ZERO = re.compile(r"(?<![0-9.eE])-0(?![0-9.])")  # -0, not -0.5 nor 1e-09
MATMUL = ["sum((x @ w) * G)", "--x", "[[2, 1, -3], [-3, 4, 2]]",
          "--w", "[[3, 2, 1, -1], [2, 1, 3, 2], [3, 2, 1, -2]]",
          "--G", "[[2, 3, -3, 9], [-8, 1, 4, 6]]"]


def eval_json(cli, args):
    result = cli("eval", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- the three examples of the issue


def test_norm_of_w_times_x():
    r = evaluate("q = W @ x; f = sum(q**2)", W=[[0.1, 0.5], [-0.3, 0.8]], x=[0.2, 0.4])
    np.testing.assert_allclose(r.node_value("q"), [0.22, 0.26], rtol=1e-12)
    assert r.value == pytest.approx(0.116, rel=1e-12)
    np.testing.assert_allclose(r.gradients["W"], [[0.088, 0.176], [0.104, 0.208]], rtol=1e-12)
    np.testing.assert_allclose(r.gradients["x"], [-0.112, 0.636], rtol=1e-12)
    assert r.check.method == "sympy" and r.check.ok


def test_norm2_gate_gives_the_same_gradients():
    r = evaluate("norm2(W @ x)", W=[[0.1, 0.5], [-0.3, 0.8]], x=[0.2, 0.4])
    np.testing.assert_allclose(r.gradients["W"], [[0.088, 0.176], [0.104, 0.208]], rtol=1e-12)
    np.testing.assert_allclose(r.gradients["x"], [-0.112, 0.636], rtol=1e-12)


def test_norm_of_w_times_x_through_the_cli(cli):
    data = eval_json(cli, W_X)
    assert data["output"]["value"] == pytest.approx(0.116, rel=1e-12)
    np.testing.assert_allclose(data["gradients"]["W"], [[0.088, 0.176], [0.104, 0.208]],
                               rtol=1e-12)
    np.testing.assert_allclose(data["gradients"]["x"], [-0.112, 0.636], rtol=1e-12)
    q = next(node for node in data["nodes"] if node["op"] == "matmul")
    np.testing.assert_allclose(q["value"], [0.22, 0.26], rtol=1e-12)
    assert q["shape"] == [2] and q["local"] == [None, None]
    assert q["vjp"] == ["∂f/∂n1 · xᵀ", "Wᵀ · ∂f/∂n1"]
    assert [node["shape"] for node in data["nodes"]] == [[2, 2], [2], [2], [2], []]
    assert data["check"]["method"] == "sympy" and data["check"]["ok"] is True


def test_relu_routes_the_upstream_gradient(cli):
    data = eval_json(cli, RELU)
    assert data["gradients"] == {"x": [4, 0, 5, 0], "g": [1, 0, 3, 0]}
    relu = next(node for node in data["nodes"] if node["op"] == "relu")
    assert relu["local"] == [[1, 0, 1, 0]] and relu["grad"] == [4, -1, 5, 9]


@pytest.mark.parametrize("extra", [
    ["--format", "json"], ["--format", "tsv"], ["--format", "csv"], [], ["--digits", "3"]])
def test_relu_example_prints_no_negative_zero(cli, extra):
    result = cli("eval", *RELU, *extra)
    assert result.exit_code == 0
    assert not NEGATIVE_ZERO.search(result.stdout)


@pytest.mark.parametrize("command", [
    ["grad"], ["grad", "--wrt", "x"], ["explain"], ["explain", "--format", "markdown"],
    ["explain", "--format", "latex"], ["check"], ["check", "--numeric"],
    ["check", "--expect", "x=[4, 0, 5, 0]", "--format", "json"]])
def test_no_negative_zero_in_any_command(cli, command):
    result = cli(command[0], *RELU, *command[1:])
    assert result.exit_code == 0, result.stderr
    assert not NEGATIVE_ZERO.search(result.stdout)


def test_matrix_multiply_gradients(cli):
    data = eval_json(cli, MATMUL)
    assert data["gradients"]["x"] == [[0, 16, -9], [-24, 9, -30]]
    assert data["gradients"]["w"] == [[28, 3, -18, 0], [-30, 7, 13, 33], [-22, -7, 17, -15]]
    assert data["check"]["ok"] is True


def test_grad_prints_json_nested_lists(cli):
    result = cli("grad", *MATMUL)
    assert result.stdout == ("x\t[[0,16,-9],[-24,9,-30]]\n"
                             "w\t[[28,3,-18,0],[-30,7,13,33],[-22,-7,17,-15]]\n"
                             "G\t[[-1,-1,2,6],[5,2,11,7]]\n")
    one = cli("grad", *MATMUL, "--wrt", "w").stdout
    assert json.loads(one) == [[28, 3, -18, 0], [-30, 7, 13, 33], [-22, -7, 17, -15]]


# --- shapes: every gradient has its variable's shape; errors name the shapes


@pytest.mark.parametrize("args, message", [
    (["sum(W @ x)", "--W", "[[0.1, 0.5], [-0.3, 0.8]]", "--x", "[0.2, 0.4, 1]"],
     "error: shape error at n1 = W @ x: W is 2×2 and x is 3: the number of columns of W (2) "
     "must equal the length of x (3)\n"),
    (["sum(W @ x)", "--W", "[[0.1, 0.5], [-0.3]]", "--x", "[0.2, 0.4]"],
     "error: value of W is a ragged list: W[1] is a list of 1, where it should be a list of 2, "
     "as W[0] (a vector or matrix needs rows of equal length)\n"),
    (["W @ x", "--W", "[[0.1, 0.5], [-0.3, 0.8]]", "--x", "[0.2, 0.4]"],
     "error: the output f is a vector of 2 (shape 2), not a scalar: backprop starts from a "
     "scalar loss; wrap the expression in sum(...) (or mean(...), norm2(...))\n"),
    (["sum(x * y)", "--x", "[1, 2]", "--y", "[[1, 2, 3]]"],
     "error: shape error at n1 = x * y: x is 2 and y is 1×3: elementwise gates need equal "
     "sizes (or a size 1, or a scalar) in each dimension, counted from the right\n"),
    (["dot(x, y)", "--x", "[1, 2]", "--y", "[1, 2, 3]"],
     "error: shape error at f = dot(x, y): dot(x, y) takes two vectors of the same length, "
     "but x is 2 and y is 3; use @ for matrices\n"),
])
def test_shape_errors_are_one_line_with_exit_2(run_gradcli, args, message):
    proc = run_gradcli("eval", *args)
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", message)


def test_math_error_names_the_entry(cli):
    result = cli("eval", "sum(log(x))", "--x", "[1, -2, 3]")
    assert result.exit_code == 3
    assert result.stderr == ("error: node n1 (log) is undefined at entry [1], with x = -2; "
                             "log needs x > 0\n")


def test_every_gradient_has_its_variables_shape():
    r = evaluate("sum(A * b) + mean(A, 0) @ b * s", A=[[1, 2, 3], [4, 5, 6]], b=[1, 0, -1], s=2)
    for node, value, grad in zip(r.graph.nodes, r.trace.values, r.trace.grads):
        assert np.shape(grad) == np.shape(value), node.id
    np.testing.assert_allclose(r.gradients["A"], [[2, 0, -2], [2, 0, -2]])  # b + s*b/2
    np.testing.assert_allclose(r.gradients["b"], [5 + 5, 7 + 7, 9 + 9])  # column sums, twice
    assert r.gradients["s"] == pytest.approx(-2.0)
    assert r.check.ok


def test_the_engine_refuses_a_gradient_of_the_wrong_shape():
    r = evaluate("sum(T(A) @ b)", A=[[1, 2, 3], [4, 5, 6]], b=[1, 2], check=False)
    node = next(n for n in r.graph.nodes if n.op.name == "transpose")
    broken = replace(node.op.arrays, vjp=lambda g, x, out: (g,))  # forgets to transpose back
    node.op = replace(node.op, arrays=broken)
    with pytest.raises(AssertionError, match="the gradient of A has shape 3×2, its value 2×3"):
        run(r.graph, {"A": np.array([[1.0, 2, 3], [4, 5, 6]]), "b": np.array([1.0, 2])})


def test_broadcasting_sums_the_gradient_over_broadcast_axes():
    r = evaluate("sum(A * b + c)", A=[[1, 2, 3], [4, 5, 6]], b=[1, 10, 100], c=[[1], [2]])
    np.testing.assert_allclose(r.gradients["b"], [5, 7, 9])
    np.testing.assert_allclose(r.gradients["c"], [[3], [3]])
    np.testing.assert_allclose(r.gradients["A"], [[1, 10, 100], [1, 10, 100]])


def test_sum_and_mean_along_an_axis():
    r = evaluate("dot(sum(A, 0), u) + dot(mean(A, -1), v)", A=[[1, 2], [3, 4]], u=[1, -1],
                 v=[2, 4])
    assert r.value == pytest.approx(4 - 6 + 1.5 * 2 + 3.5 * 4)
    np.testing.assert_allclose(r.gradients["A"], [[1 + 1, -1 + 1], [1 + 2, -1 + 2]])
    assert r.check.ok


@pytest.mark.parametrize("text", ["sum(A, 1.5)", "sum(A, x)", "sum(A, 1 + 0)", "mean(A, 100)"])
def test_an_axis_must_be_an_integer_literal(cli, text):
    result = cli("eval", text, "--A", "[[1, 2]]", "--x", "1")
    assert result.exit_code == 2
    assert "the axis must be an integer literal" in result.stderr


def test_names_of_array_functions_stay_usable_as_variables(cli):
    assert cli("grad", "T*sum + mean", "--T", "3", "--sum", "2", "--mean", "1").stdout == \
        "T\t2\nsum\t3\nmean\t1\n"


# --- the check: SymPy entry by entry when small, centered differences when large


def test_small_arrays_are_checked_by_sympy_entry_by_entry(cli):
    result = cli("eval", *W_X)
    assert "check: backprop agrees with SymPy's derivative, entry by entry" in result.stdout


def test_larger_arrays_are_checked_by_centered_differences(cli):
    result = cli("eval", *W_X, "--sympy-max-nodes", "4", "--format", "json")
    check = json.loads(result.stdout)["check"]
    assert check["method"] == "centered" and check["ok"] is True
    assert check["note"] == ("written out entry by entry the expression has 18 gates, more "
                             "than SymPy is given (--sympy-max-nodes 4)")
    np.testing.assert_allclose(check["gradients"]["W"], [[0.088, 0.176], [0.104, 0.208]],
                               rtol=1e-7)
    table = cli("eval", *W_X, "--sympy-max-nodes", "4").stdout
    assert "check: centered differences, entry by entry agree with backprop" in table


def test_many_entries_are_checked_along_random_directions():
    rng = np.random.default_rng(0)
    r = evaluate("sum(relu(W @ x))", W=rng.normal(size=(60, 60)), x=rng.normal(size=60))
    assert r.check.method == "directional" and r.check.ok
    assert len(r.check.directions) == 2


def test_a_wrong_vjp_fails_the_check():
    r = evaluate("sum((W @ x)**2)", W=[[0.1, 0.5], [-0.3, 0.8]], x=[0.2, 0.4], check=False)
    r.trace.grads[0] = r.trace.grads[0] * 1.01
    from gradcli.checks.oracle import verify

    result = verify(r.graph, r.trace)
    assert [v.status for v in result.variables] == ["fail", "ok"]


# --- check, values files and batch cases with arrays


def test_check_expect_compares_arrays(cli):
    ok = cli("check", *W_X, "--expect", "W=[[0.088, 0.176], [0.104, 0.208]]",
             "--expect", "x=[-0.112, 0.636]", "--expect-value", "n1=[0.22, 0.26]")
    assert ok.exit_code == 0 and "all 3 checks passed" in ok.stdout
    wrong = cli("check", *W_X, "--expect", "W=[[0.088, 0.176], [0.104, 0.2]]", "--format", "json")
    assert wrong.exit_code == 1
    assert same_output(json.loads(wrong.stdout)["checks"][0]["message"], (
        "∂f/∂W: expected [[0.088, 0.176], [0.104, 0.2]], but it is [[0.08800000000000001, "
        "0.17600000000000002], [0.10400000000000004, 0.20800000000000007]] (1 of 4 entries "
        "differ; entry [1, 1]: expected 0.2, it is 0.20800000000000007, rel. error 0.038 > "
        "rtol 1e-06; right to 1 significant figure)"))  # BLAS rounds the last digits its own way


def test_check_expect_of_the_wrong_shape_fails(cli):
    result = cli("check", *W_X, "--expect", "x=[-0.112, 0.636, 0]", "--format", "json")
    assert result.exit_code == 1
    item = json.loads(result.stdout)["checks"][0]
    assert item["status"] == "fail" and item["expected"] == [-0.112, 0.636, 0]
    assert item["message"].startswith("∂f/∂x: expected a vector of 3, but it is a vector of 2")


def test_check_numeric_with_arrays(cli):
    result = cli("check", *MATMUL, "--numeric", "--format", "json")
    items = json.loads(result.stdout)["checks"]
    numeric = [item for item in items if item["kind"] == "numeric"]
    assert [item["name"] for item in numeric] == ["x", "w", "G"]
    assert all(item["status"] == "pass" and item["verdict"] == "happy" for item in numeric)
    np.testing.assert_allclose(numeric[0]["expected"], [[0, 16, -9], [-24, 9, -30]], atol=1e-6)


def test_values_file_holds_arrays(cli, tmp_path):
    (tmp_path / "point.json").write_text('{"W": [[0.1, 0.5], [-0.3, 0.8]], "x": [0.2, 0.4]}')
    result = cli("grad", "sum((W @ x)**2)", "--values", str(tmp_path / "point.json"), "--wrt", "x")
    np.testing.assert_allclose(json.loads(result.stdout), [-0.112, 0.636], rtol=1e-14)


def test_batch_cases_hold_arrays(cli, tmp_path):
    cases = [
        {"id": "right", "expression": "sum((W @ x)**2)",
         "values": {"W": [[0.1, 0.5], [-0.3, 0.8]], "x": [0.2, 0.4]},
         "expect": {"W": [[0.088, 0.176], [0.104, 0.208]], "x": [-0.112, 0.636]}},
        {"id": "wrong", "expression": "sum(relu(x) * g)",
         "values": {"x": [1, -2, 3, -1], "g": [4, -1, 5, 9]}, "expect": {"x": [4, -1, 5, 9]}},
        {"id": "ragged", "expression": "sum(x)", "values": {"x": [[1], [2, 3]]}},
    ]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(c) for c in cases) + "\n")
    result = cli("check", "--cases", str(tmp_path / "c.jsonl"), "--format", "json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(x["id"], x["status"], x["exit_code"]) for x in lines] == [
        ("right", "pass", 0), ("wrong", "fail", 1), ("ragged", "error", 2)]
    assert lines[1]["details"]["checks"][0]["computed"] == [4, 0, 5, 0]
    assert "ragged" in lines[2]["details"]["error"]


# --- explain: the matmul gate in the lecture's terms, with the shapes


def test_explain_narrates_the_matmul_vjp_with_shapes(cli):
    text = cli("explain", *MATMUL).stdout
    assert ("    x: ∂f/∂x = ∂f/∂n1 · wᵀ = [[2, 3, -3, 9], [-8, 1, 4, 6]] · "
            "[[3, 2, 1, -1], [2, 1, 3, 2], [3, 2, 1, -2]]ᵀ = [[0, 16, -9], [-24, 9, -30]] "
            "(shapes 2×4 · 4×3 → 2×3)\n") in text
    assert ("    w: ∂f/∂w = xᵀ · ∂f/∂n1 = [[2, 1, -3], [-3, 4, 2]]ᵀ · "
            "[[2, 3, -3, 9], [-8, 1, 4, 6]] = [[28, 3, -18, 0], [-30, 7, 13, 33], "
            "[-22, -7, 17, -15]] (shapes 3×2 · 2×4 → 3×4)\n") in text


def test_explain_shows_a_vector_as_a_column_on_the_right_of_matmul(cli):
    text = cli("explain", *W_X, "--digits", "3").stdout
    assert "W: ∂f/∂W = ∂f/∂n1 · xᵀ = [0.44, 0.52] · [0.2, 0.4]ᵀ = [[0.088, 0.176], " \
        "[0.104, 0.208]] (shapes 2×1 · 1×2 → 2×2)" in text
    assert "x: ∂f/∂x = Wᵀ · ∂f/∂n1 = [[0.1, 0.5], [-0.3, 0.8]]ᵀ · [0.44, 0.52] = " \
        "[-0.112, 0.636] (shapes 2×2 · 2×1 → 2×1, a vector of 2)" in text


def test_the_errors_shown_in_the_docs_are_real(cli):
    doc = (Path(__file__).parent.parent / "docs" / "vectors.md").read_text()
    block = doc.split("```text\n", 1)[1].split("```")[0].splitlines()
    pairs = list(zip(block[::2], block[1::2]))
    assert len(pairs) == 5
    for command, message in pairs:
        result = cli(*shlex.split(command.removeprefix("$ gradcli ")))
        assert result.exit_code in (2, 3) and result.stderr == message + "\n"


def test_readme_section_is_there():
    readme = Path(__file__).parent.parent / "README.md"
    assert len(list(doc_examples([readme], "## Vectors and matrices"))) == 2


# --- NumPy is imported only where arrays are


SCALAR_RUNS = [
    ["eval", "x*y", "--x", "1", "--y", "2"],
    ["eval", "x*y", "--x", "1", "--y", "2", "--no-check", "--format", "json"],
    ["grad", "x*y", "--x", "1", "--y", "2"],
    ["check", "x*y", "--x", "1", "--y", "2", "--expect", "x=2", "--numeric"],
    ["explain", "sigmoid(x*y)", "--x", "1", "--y", "2"],
    ["graph", "sigmoid(x*y)", "--x", "1", "--y", "2", "--format", "dot"],
]


def test_scalar_paths_never_import_numpy(cli):
    assert all(cli(*argv).exit_code == 0 for argv in SCALAR_RUNS)
    assert modules_loaded_by(SCALAR_RUNS, ("numpy",)) == []


def test_array_paths_import_numpy():
    argv = ["grad", "sum(x)", "--x", "[1, 2]", "--no-check"]
    assert modules_loaded_by([argv], ("numpy",)) == ["numpy"]


def test_shape_error_is_an_input_error():
    with pytest.raises(ShapeError) as error:
        evaluate("sum(W @ x)", W=[[1, 2]], x=[1, 2, 3])
    assert error.value.exit_code == 2



# --- graph: shapes on the wires


def test_graph_dot_shows_shapes_values_and_gradients_on_the_wires(cli):
    dot = cli("graph", *W_X, "--digits", "3", "--format", "dot").stdout
    assert ('  "W" -> "n1" [label=<<FONT COLOR="#666666">2×2</FONT><BR/><FONT COLOR="#008000">'
            '[[0.1, 0.5], [-0.3, 0.8]]</FONT><BR/><FONT COLOR="#cc0000">[[0.088, 0.176], '
            '[0.104, 0.208]]</FONT>>];\n') in dot
    assert ('  "f" -> ":output" [label=<<FONT COLOR="#666666">scalar</FONT><BR/>'
            '<FONT COLOR="#008000">0.116</FONT><BR/><FONT COLOR="#cc0000">1</FONT>>];\n') in dot


def test_graph_json_links_carry_shapes(cli):
    data = json.loads(cli("graph", *MATMUL, "--format", "json").stdout)
    links = {(link["source"], link["target"]): link for link in data["links"]}
    assert links[("w", "n1")]["shape"] == [3, 4]
    assert links[("w", "n1")]["grad"] == [[28, 3, -18, 0], [-30, 7, 13, 33], [-22, -7, 17, -15]]
    assert links[("n2", "f")]["shape"] == [2, 4]
    assert [node["shape"] for node in data["nodes"]] == [[2, 3], [3, 4], [2, 4], [2, 4], [2, 4],
                                                          []]


def test_graph_wires_of_a_broadcast_and_a_fan_out(cli):
    data = json.loads(cli("graph", "sum(A * b) + sum(x * x)", "--A", "[[1, 2, 3], [4, 5, 6]]",
                          "--b", "[1, 0, -1]", "--x", "[3, -2]", "--format", "json").stdout)
    links = [(link["source"], link["target"], link["grad"]) for link in data["links"]]
    assert ("b", "n1", [5, 7, 9]) in links  # summed over the broadcast rows, b's shape
    assert links.count(("x", "n3", [3, -2])) == 2  # each branch of x * x; they add to 2x


def test_graph_of_the_structure_alone_names_the_vjps(cli):
    data = json.loads(cli("graph", "sum(W @ x)", "--format", "json").stdout)
    assert data["nodes"][2]["vjp"] == ["∂f/∂n1 · xᵀ", "Wᵀ · ∂f/∂n1"]
    assert "shape" not in data["nodes"][2] and "value" not in data["links"][0]


def test_expand_writes_norm2_and_dot_with_sum(cli):
    result = cli("eval", "norm2(W @ x) + dot(u, v)", "--expand", "--W", "[[0.1, 0.5], [-0.3, 0.8]]",
                 "--x", "[0.2, 0.4]", "--u", "[1, 2]", "--v", "[3, 4]", "--format", "json")
    data = json.loads(result.stdout)
    assert [node["op"] for node in data["nodes"]][4:] == ["matmul", "mul", "sum", "mul", "sum",
                                                          "add"]
    assert data["gradients"]["u"] == [3, 4] and data["check"]["ok"] is True
    np.testing.assert_allclose(data["gradients"]["x"], [-0.112, 0.636], rtol=1e-12)


def test_max_entries_is_checked_from_the_shape_rule_before_the_gate_runs(monkeypatch):
    from gradcli.core.ops import OPS
    from gradcli.errors import LimitError
    from gradcli.limits import Limits, using

    def never(*args):
        raise AssertionError("the gate ran")

    add = OPS["add"]
    monkeypatch.setitem(OPS, "add", replace(add, arrays=replace(add.arrays, forward=never)))
    with using(Limits(max_entries=1_000)), pytest.raises(LimitError) as error:
        evaluate("sum(sin(x + y))", x=[[0.1]] * 40, y=[[0.1] * 40], check=False)
    assert str(error.value) == (
        "the number of vector and matrix entries, counted up to node n1 (+, shape 40×40), "
        "is 1,680, over the limit of 1,000; raise it with --max-entries N")


def test_max_entries_counts_every_node_of_the_graph_together():
    from gradcli.errors import LimitError
    from gradcli.limits import Limits, using

    # x, sin, * and + have 300 entries each: 1,200 in all, though each alone is under 1,000
    with using(Limits(max_entries=1_000)), pytest.raises(LimitError, match="node n3 "):
        evaluate("sum(sin(x) * x + x)", x=[0.5] * 300, check=False)
    with using(Limits(max_entries=1_201)):  # and the sum's one entry
        assert evaluate("sum(sin(x) * x + x)", x=[0.5] * 300, check=False).value > 0
