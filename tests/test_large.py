"""Deep and large graphs through every command that walks them: no recursion, no hang.

A staged program of 100,000 statements and a graph 100,000 nodes deep, through
`eval --no-check`, `graph --format json` and `explain` (CliRunner, from --file:
argv cannot carry them), with --max-nodes raised: the defaults admit what ends
within 10 s (100,000 nodes; explain 20,000), and say which option lifts them.
"""

import json

import pytest

SIZE = 100_000


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("large")
    program = folder / "program.txt"
    program.write_text("\n".join(f"x{i + 1} = x{i} * 1.00001 + 0.5" for i in range(SIZE)))
    chain = folder / "chain.txt"
    chain.write_text("x" + "+1" * SIZE)
    raised = ("--max-nodes", "300000")
    return {"program": ("--file", str(program), "--x0", "0.5", *raised),
            "chain": ("--file", str(chain), "--x", "1", *raised)}


def test_the_default_node_limit_names_its_option(cli, inputs):
    result = cli("eval", *inputs["program"][:4])
    assert result.exit_code == 2
    assert result.stderr == ("error: the number of graph nodes is 100,001, over the limit of "
                             "100,000; raise it with --max-nodes N\n")


def test_explain_has_a_lower_default_node_limit(cli):
    program = "; ".join(f"x{i + 1} = x{i} * 1.00001 + 0.5" for i in range(10_001))
    result = cli("explain", program, "--x0", "0.5")
    assert result.stderr == ("error: the number of graph nodes is 20,001, over the limit of "
                             "20,000; raise it with --max-nodes N\n")
    assert cli("explain", program, "--x0", "0.5", "--max-nodes", "20003").exit_code == 0


@pytest.mark.parametrize("shape", ["program", "chain"])
def test_eval_no_check(cli, inputs, shape):
    result = cli("eval", *inputs[shape], "--no-check", "--format", "json")
    assert result.exit_code == 0, result.stderr[-500:]
    data = json.loads(result.stdout)
    expected_nodes = 2 * SIZE + 1 if shape == "program" else SIZE + 1
    assert len(data["nodes"]) == expected_nodes
    if shape == "chain":
        assert data["output"]["value"] == SIZE + 1
        assert data["gradients"] == {"x": 1}


@pytest.mark.parametrize("shape", ["program", "chain"])
def test_graph_json(cli, inputs, shape):
    result = cli("graph", *inputs[shape], "--format", "json")
    assert result.exit_code == 0, result.stderr[-500:]
    data = json.loads(result.stdout)
    assert len(data["links"]) == len(data["nodes"]) - 1


@pytest.mark.parametrize("shape", ["program", "chain"])
def test_explain(cli, inputs, shape):
    result = cli("explain", *inputs[shape])
    assert result.exit_code == 0, result.stderr[-500:]
    out, x = ("x100000", "x0") if shape == "program" else ("f", "x")
    tail = result.stdout[-20_000_000:].split(f"Gradients of {out}:\n", 1)[1]
    assert tail.startswith(f"  ∂{out}/∂{x} = ")


def test_the_default_check_of_a_large_program_falls_back_and_says_so(cli, inputs):
    result = cli("eval", *inputs["program"], "--format", "json")
    assert result.exit_code == 0, result.stderr[-500:]
    check = json.loads(result.stdout)["check"]
    assert (check["method"], check["ok"]) == ("directional", True)
    assert "more than SymPy is given" in check["note"]
