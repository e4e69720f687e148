"""``gradcli graph``: golden tree, DOT and Mermaid; JSON; pictures by the real Graphviz."""

import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter

import pytest

from conftest import LECTURE_POINT, SIGMOID_CIRCUIT, gradcli_command, modules_loaded_by
from gradcli.output.formats import GRAPH_FORMATS
from support import require_program
from test_cli import run_in_terminal
from support import strip_right

GOLDEN_TREE = """\
f  1/x
└── n7  +1
    └── n6  exp
        └── n5  *-1
            └── n4  +
                ├── n3  +
                │   ├── n1  *
                │   │   ├── w0
                │   │   └── x0
                │   └── n2  *
                │       ├── w1
                │       └── x1
                └── w2
"""

GOLDEN_TREE_VALUES = """\
f  1/x  value 0.73  grad 1
└── n7  +1  value 1.4  grad -0.53
    └── n6  exp  value 0.37  grad -0.53
        └── n5  *-1  value -1  grad -0.2
            └── n4  +  value 1  grad 0.2
                ├── n3  +  value 4  grad 0.2
                │   ├── n1  *  value -2  grad 0.2
                │   │   ├── w0  value 2  grad -0.2
                │   │   └── x0  value -1  grad 0.39
                │   └── n2  *  value 6  grad 0.2
                │       ├── w1  value -3  grad -0.39
                │       └── x1  value -2  grad -0.59
                └── w2  value -3  grad 0.2
"""

GOLDEN_DOT = """\
digraph circuit {
  graph [rankdir=LR, nodesep=0.4, ranksep=0.5];
  node [shape=box, fontname="Helvetica", fontsize=14];
  edge [fontname="Helvetica", fontsize=11, arrowsize=0.6];
  "w0" [shape=plaintext, label="w0"];
  "x0" [shape=plaintext, label="x0"];
  "w1" [shape=plaintext, label="w1"];
  "x1" [shape=plaintext, label="x1"];
  "w2" [shape=plaintext, label="w2"];
  "n1" [label=<*<BR/><FONT POINT-SIZE="10" COLOR="#666666">n1</FONT>>];
  "n2" [label=<*<BR/><FONT POINT-SIZE="10" COLOR="#666666">n2</FONT>>];
  "n3" [label=<+<BR/><FONT POINT-SIZE="10" COLOR="#666666">n3</FONT>>];
  "n4" [label=<+<BR/><FONT POINT-SIZE="10" COLOR="#666666">n4</FONT>>];
  "n5" [label=<*-1<BR/><FONT POINT-SIZE="10" COLOR="#666666">n5</FONT>>];
  "n6" [label=<exp<BR/><FONT POINT-SIZE="10" COLOR="#666666">n6</FONT>>];
  "n7" [label=<+1<BR/><FONT POINT-SIZE="10" COLOR="#666666">n7</FONT>>];
  "f" [label=<1/x<BR/><FONT POINT-SIZE="10" COLOR="#666666">f</FONT>>];
  ":output" [shape=plaintext, label="f"];
  { rank=source; "w0" -> "x0" -> "w1" -> "x1" -> "w2" [style=invis]; }
  "w0" -> "n1" [label=<<FONT COLOR="#008000">2</FONT><BR/><FONT COLOR="#cc0000">-0.19661193324148188</FONT>>];
  "x0" -> "n1" [label=<<FONT COLOR="#008000">-1</FONT><BR/><FONT COLOR="#cc0000">0.39322386648296376</FONT>>];
  "w1" -> "n2" [label=<<FONT COLOR="#008000">-3</FONT><BR/><FONT COLOR="#cc0000">-0.39322386648296376</FONT>>];
  "x1" -> "n2" [label=<<FONT COLOR="#008000">-2</FONT><BR/><FONT COLOR="#cc0000">-0.5898357997244457</FONT>>];
  "n1" -> "n3" [label=<<FONT COLOR="#008000">-2</FONT><BR/><FONT COLOR="#cc0000">0.19661193324148188</FONT>>];
  "n2" -> "n3" [label=<<FONT COLOR="#008000">6</FONT><BR/><FONT COLOR="#cc0000">0.19661193324148188</FONT>>];
  "n3" -> "n4" [label=<<FONT COLOR="#008000">4</FONT><BR/><FONT COLOR="#cc0000">0.19661193324148188</FONT>>];
  "w2" -> "n4" [label=<<FONT COLOR="#008000">-3</FONT><BR/><FONT COLOR="#cc0000">0.19661193324148188</FONT>>];
  "n4" -> "n5" [label=<<FONT COLOR="#008000">1</FONT><BR/><FONT COLOR="#cc0000">0.19661193324148188</FONT>>];
  "n5" -> "n6" [label=<<FONT COLOR="#008000">-1</FONT><BR/><FONT COLOR="#cc0000">-0.19661193324148188</FONT>>];
  "n6" -> "n7" [label=<<FONT COLOR="#008000">0.36787944117144233</FONT><BR/><FONT COLOR="#cc0000">-0.534446645388523</FONT>>];
  "n7" -> "f" [label=<<FONT COLOR="#008000">1.3678794411714423</FONT><BR/><FONT COLOR="#cc0000">-0.534446645388523</FONT>>];
  "f" -> ":output" [label=<<FONT COLOR="#008000">0.7310585786300049</FONT><BR/><FONT COLOR="#cc0000">1</FONT>>];
}
"""

GOLDEN_MERMAID = """\
flowchart LR
    N0["w0"]:::input
    N1["x0"]:::input
    N2["w1"]:::input
    N3["x1"]:::input
    N4["w2"]:::input
    N5["*<br/>n1"]
    N6["*<br/>n2"]
    N7["+<br/>n3"]
    N8["+<br/>n4"]
    N9["*-1<br/>n5"]
    N10["exp<br/>n6"]
    N11["+1<br/>n7"]
    N12["1/x<br/>f"]
    OUT["f"]:::input
    N0 -->|"value 2<br/>grad -0.2"| N5
    N1 -->|"value -1<br/>grad 0.39"| N5
    N2 -->|"value -3<br/>grad -0.39"| N6
    N3 -->|"value -2<br/>grad -0.59"| N6
    N5 -->|"value -2<br/>grad 0.2"| N7
    N6 -->|"value 6<br/>grad 0.2"| N7
    N7 -->|"value 4<br/>grad 0.2"| N8
    N4 -->|"value -3<br/>grad 0.2"| N8
    N8 -->|"value 1<br/>grad 0.2"| N9
    N9 -->|"value -1<br/>grad -0.2"| N10
    N10 -->|"value 0.37<br/>grad -0.53"| N11
    N11 -->|"value 1.4<br/>grad -0.53"| N12
    N12 -->|"value 0.73<br/>grad 1"| OUT
    classDef input fill:none,stroke:none
    classDef branch fill:#000,stroke:#000
"""

# The slide: each wire's forward value (green, above) and gradient (red, below).
LECTURE_WIRE_VALUES = ["2", "-1", "-3", "-2", "-2", "6", "4", "-3", "1", "-1", "0.37", "1.4",
                       "0.73"]
LECTURE_WIRE_GRADS = ["-0.2", "0.39", "-0.39", "-0.59", "0.2", "0.2", "0.2", "0.2", "0.2", "-0.2",
                      "-0.53", "-0.53", "1"]


def graph(cli, *args):
    return cli("graph", *args, env={"COLUMNS": "80"})


# --- golden output


def test_tree_golden(cli):
    result = graph(cli, SIGMOID_CIRCUIT)
    assert result.exit_code == 0, result.stderr
    assert strip_right(result.stdout) == GOLDEN_TREE
    assert result.stderr == ""


def test_tree_with_values_golden(cli):
    result = graph(cli, SIGMOID_CIRCUIT, *LECTURE_POINT, "--digits", "2")
    assert strip_right(result.stdout) == GOLDEN_TREE_VALUES


def test_dot_golden(cli):
    result = graph(cli, SIGMOID_CIRCUIT, *LECTURE_POINT, "--format", "dot")
    assert result.exit_code == 0
    assert result.stdout == GOLDEN_DOT


def test_mermaid_golden(cli):
    result = graph(cli, SIGMOID_CIRCUIT, *LECTURE_POINT, "--format", "mermaid", "--digits", "2")
    assert result.stdout == GOLDEN_MERMAID


def test_without_values_wires_have_no_labels(cli):
    dot = graph(cli, SIGMOID_CIRCUIT, "--format", "dot").stdout
    assert '  "n7" -> "f";\n' in dot and "label=<<FONT" not in dot
    mermaid = graph(cli, SIGMOID_CIRCUIT, "--format", "mermaid").stdout
    assert "    N11 --> N12\n" in mermaid and "value" not in mermaid


def test_format_choices_come_from_the_registry(cli):
    result = cli("graph", "x", "--format", "yaml")
    assert result.exit_code == 2
    assert "'tree', 'dot', 'mermaid', 'json', 'svg', 'png', 'html'" in result.stderr
    assert list(GRAPH_FORMATS) == ["tree", "dot", "mermaid", "json", "svg", "png", "html"]


# --- fan-out: branch points, and gradients that add up


FAN_OUT = ["a = x*y; a*a + exp(x)", "--x", "2", "--y", "-1"]


def test_a_fanning_out_value_gets_a_branch_point_whose_branches_add_up(cli):
    dot = graph(cli, *FAN_OUT, "--format", "dot").stdout
    assert '  "x:branch" [shape=point, width=0.06];' in dot
    # x = 2 carries its gradient 4 + e^2 = 11.389... into the point; the branches carry 4 and e^2
    assert re.search(r'"x" -> "x:branch" \[label=<.*>2<.*>11\.389056098930', dot)
    assert re.search(r'"x:branch" -> "a" \[label=<.*>2<.*>4</FONT>', dot)
    assert re.search(r'"x:branch" -> "n2" \[label=<.*>2<.*>7\.38905609893065', dot)
    assert dot.count('"a:branch" -> "n1"') == 2  # a*a: one wire per input


def test_json_link_gradients_add_up_to_each_nodes_gradient(cli):
    data = json.loads(graph(cli, *FAN_OUT, "--format", "json").stdout)
    sums = Counter()
    for link in data["links"]:
        sums[link["source"]] += link["grad"]
    for node in data["nodes"]:
        if node["id"] != data["graph"]["output"]:
            assert sums[node["id"]] == pytest.approx(node["grad"], rel=1e-15), node["id"]


# --- JSON: node-link form, the same node objects as eval


def test_json_nodes_are_evals_nodes(cli):
    drawn = json.loads(graph(cli, SIGMOID_CIRCUIT, *LECTURE_POINT, "--format", "json").stdout)
    table = json.loads(cli("eval", SIGMOID_CIRCUIT, *LECTURE_POINT, "--format", "json").stdout)
    assert drawn["nodes"] == table["nodes"]
    assert (drawn["directed"], drawn["multigraph"]) == (True, True)
    assert drawn["graph"] == {"expression": SIGMOID_CIRCUIT, "output": "f", "values": True}
    assert drawn["links"][0] == {"source": "w0", "target": "n1", "key": 0, "value": 2,
                                 "grad": -0.19661193324148188}
    assert [(link["source"], link["target"]) for link in drawn["links"][-3:]] == [
        ("n5", "n6"), ("n6", "n7"), ("n7", "f")]


def test_json_without_values_is_the_structure(cli):
    data = json.loads(graph(cli, "(x+y)*z", "--format", "json").stdout)
    assert data["nodes"] == [
        {"id": "x", "op": "var", "label": "x", "inputs": []},
        {"id": "y", "op": "var", "label": "y", "inputs": []},
        {"id": "z", "op": "var", "label": "z", "inputs": []},
        {"id": "n1", "op": "add", "label": "+", "inputs": ["x", "y"]},
        {"id": "f", "op": "mul", "label": "*", "inputs": ["n1", "z"]},
    ]
    assert data["links"] == [
        {"source": "x", "target": "n1", "key": 0}, {"source": "y", "target": "n1", "key": 1},
        {"source": "n1", "target": "f", "key": 0}, {"source": "z", "target": "f", "key": 1},
    ]
    assert data["graph"]["values"] is False


def test_a_constant_expression_is_drawn_with_its_value(cli):
    data = json.loads(graph(cli, "2*3", "--format", "json").stdout)
    assert data["nodes"] == [{"id": "f", "op": "const", "label": "6", "inputs": [], "value": 6,
                              "local": [], "const": 6, "grad": 1}]


# --- --expand / --fuse


def test_expand_and_fuse_change_the_drawing(cli):
    expanded = graph(cli, "sigmoid(w0*x0+w1*x1+w2)", "--expand")
    assert strip_right(expanded.stdout) == GOLDEN_TREE
    fused = graph(cli, SIGMOID_CIRCUIT, "--fuse", *LECTURE_POINT, "--digits", "2")
    assert strip_right(fused.stdout).splitlines()[0] == "f  sigmoid  value 0.73  grad 1"
    assert "n5" not in fused.stdout


# --- pictures: the real Graphviz


def svg_texts(svg, colour):
    """The text of every SVG <text> element in ``colour`` (Graphviz writes - as &#45;)."""
    pattern = rf'<text [^>]*fill="{colour}"[^>]*>([^<]*)</text>'
    return [html.unescape(text) for text in re.findall(pattern, svg)]


def test_svg_shows_every_forward_value_and_gradient_of_the_lecture(cli, tmp_path):
    require_program("dot")
    out = tmp_path / "sigmoid.svg"
    result = cli("graph", SIGMOID_CIRCUIT, *LECTURE_POINT, "--digits", "2", "--format", "svg",
                 "-o", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    svg = out.read_text()
    assert svg.lstrip().startswith("<?xml") and "</svg>" in svg
    assert Counter(svg_texts(svg, "#008000")) == Counter(LECTURE_WIRE_VALUES)
    assert Counter(svg_texts(svg, "#cc0000")) == Counter(LECTURE_WIRE_GRADS)
    for gate in ["*", "+", "*-1", "exp", "+1", "1/x", "w0", "x0", "w1", "x1", "w2"]:
        assert f">{gate}</text>" in html.unescape(svg)


def test_svg_to_stdout_at_full_precision(cli):
    require_program("dot")
    svg = cli("graph", SIGMOID_CIRCUIT, *LECTURE_POINT, "--format", "svg").stdout
    assert "0.7310585786300049" in svg_texts(svg, "#008000")
    assert "-0.5898357997244457" in svg_texts(svg, "#cc0000")


def test_png_is_written_to_a_file(cli, tmp_path):
    require_program("dot")
    out = tmp_path / "sigmoid.png"
    result = cli("graph", SIGMOID_CIRCUIT, *LECTURE_POINT, "--format", "png", "-o", str(out))
    assert result.exit_code == 0
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_png_is_not_written_to_a_terminal():
    code, out = run_in_terminal(["graph", "x*y", "--format", "png"], {})
    assert code == 2
    assert "PNG" not in out  # nothing binary reached the terminal


def test_without_graphviz_png_is_a_one_line_error_saying_how_to_install_it(cli, monkeypatch,
                                                                           tmp_path):
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    out = tmp_path / "circuit.png"
    result = cli("graph", "x*y", "--x", "1", "--y", "2", "--format", "png", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --format png needs Graphviz's `dot` program, which is not on PATH; install "
        "Graphviz: Debian/Ubuntu `sudo apt-get install graphviz`, Homebrew `brew install "
        "graphviz`\n")
    assert result.stdout == "" and not out.exists()
    assert cli("graph", "x*y", "--format", "dot").exit_code == 0  # nothing else needs it
    assert cli("graph", "x*y", "--format", "svg").exit_code == 0  # gradcli's own layout


def test_without_graphviz_on_path_as_a_real_process():
    env = {**os.environ, "PATH": os.path.dirname(sys.executable)}
    proc = subprocess.run(gradcli_command() + ["graph", "x", "--format", "png", "-o", "x.png"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.count("\n") == 1 and "brew install graphviz" in proc.stderr


def test_a_graph_too_large_to_draw_is_refused_before_graphviz_runs(cli):
    result = cli("graph", "x" + "+1" * 600, "--format", "svg")
    assert result.exit_code == 2
    assert result.stderr == ("error: the graph has 601 nodes, too many to draw as svg (at most "
                             "300); use --format dot, json or tree\n")


# --- same values, errors and exit codes as eval


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["(x+y)*z", "--x", "1", "--y", "2"], 2, "error: no value for z: give --z VALUE"),
        (["x", "--x", "nan"], 2, "error: value of x is 'nan'"),
        (["(x+", "--x", "1"], 2, "error: the expression ends where"),
        (["foo(x)"], 2, "error: unknown function 'foo'"),
        (["log(x)", "--x", "-1"], 3, "error: node f (log) is undefined at x = -1"),
        (["1/x", "--x", "0", "--format", "svg"], 3, "error: node f (1/x) divides by zero"),
        (["sigmoid(x)", "--expand", "--fuse"], 2, "--expand and --fuse cannot be used together"),
        (["x", "-o", "/nonexistent/out.dot"], 2, "error: cannot write /nonexistent/out.dot"),
        ([], 2, "Missing argument 'EXPR'"),
        (["x", "-o"], 2, "Option '-o' requires an argument."),  # not a file named "--"
        (["x", "--format"], 2, "Option '--format' requires an argument."),
    ],
)
def test_errors_are_one_line_with_evals_exit_codes(cli, args, code, message):
    result = cli("graph", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_kink_warning_on_stderr_as_in_eval(cli):
    result = cli("graph", "relu(x)", "--x", "0")
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: kink at node f (relu) with input 0")


def test_output_file_gets_the_tree_without_colour(cli, tmp_path):
    out = tmp_path / "tree.txt"
    result = cli("graph", SIGMOID_CIRCUIT, *LECTURE_POINT, "--digits", "2", "-o", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    assert strip_right(out.read_text()) == GOLDEN_TREE_VALUES


def test_tree_colours_on_a_terminal_green_values_red_gradients():
    code, out = run_in_terminal(["graph", "x*y", "--x", "2", "--y", "3"], {})
    assert code == 0
    assert "\x1b[32mvalue 6\x1b[0m" in out and "\x1b[31mgrad 1\x1b[0m" in out


def test_json_and_dot_never_import_rich_or_sympy():
    runs = [["graph", "x*y", "--x", "1", "--y", "2", "--format", fmt]
            for fmt in ("json", "dot", "mermaid")]
    assert modules_loaded_by(runs, ("rich", "sympy")) == []
    assert modules_loaded_by([runs[0][:-1] + ["tree"]], ("rich", "sympy")) == ["rich"]


# --- size: sharing stays small, huge graphs never recurse


def test_heavy_sharing_prints_one_line_per_use_not_an_exponential_tree(cli):
    program = "a1 = x*x; " + "; ".join(f"a{k} = a{k - 1}*a{k - 1}" for k in range(2, 61))
    lines = strip_right(graph(cli, program).stdout).splitlines()
    # a60, then per level a gate expanded once and its second use named, then x twice
    assert len(lines) == 1 + 2 * 59 + 2
    for k in range(1, 61):
        assert sum(re.search(rf"\ba{k}  \*$", line) is not None for line in lines) == 1
        assert sum(line.endswith(f"a{k}  *  (see above)") for line in lines) == (k < 60)


def test_a_100000_node_chain_goes_through_json_dot_and_tree(cli):
    chain = "x" + "+1" * 99_999  # 100,000 nodes: the default --max-nodes
    data = json.loads(cli("graph", chain, "--x", "1", "--format", "json").stdout)
    assert len(data["nodes"]) == 100_000 and len(data["links"]) == 99_999
    assert data["nodes"][-1]["value"] == 100_000
    dot = cli("graph", chain, "--format", "dot").stdout
    assert dot.count(" -> ") == 100_000  # every wire, and the output's
    tree = strip_right(cli("graph", chain).stdout).splitlines()
    assert len(tree) == 103  # the output, 100 levels below it, "…" under the last, the note
    assert tree[-1] == ("└── … tree cut at 1000 lines or 100 levels: 101 of 100000 nodes "
                        "shown; --format json or dot give the whole graph")


def test_exact_tree_shows_exact_forms_beside_decimals(cli):
    result = cli("graph", "x/3", "--x", "0.1", "--exact")
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines == [
        "f  /3  value 0.03333333333333333 (= 1/30)  grad 1 (= 1)",
        "└── x  value 0.1 (= 1/10)  grad 0.3333333333333333 (= 1/3)",
    ]


def test_exact_json_carries_exact_strings(cli):
    import json

    result = cli("graph", "x/3", "--x", "0.1", "--exact", "--format", "json")
    nodes = json.loads(result.stdout)["nodes"]
    assert nodes[0]["exact"] == {"value": "1/10", "grad": "1/3"}


@pytest.mark.parametrize("fmt", ["dot", "mermaid", "svg", "png"])
def test_exact_pictures_are_refused_with_a_reason(cli, fmt):
    result = cli("graph", "x/3", "--x", "0.1", "--exact", "--format", fmt)
    assert result.exit_code == 2
    assert "--exact shows exact forms in the tree and json formats" in result.stderr


def test_exact_needs_values(cli):
    result = cli("graph", "x/3", "--exact")
    assert result.exit_code == 2
    assert "--exact needs the variables' values" in result.stderr


def test_graphviz_runs_under_the_check_timeout(run_gradcli):
    # Graphviz's layout of 150 nodes of this shape took 23 s; 240 would take minutes
    from support import require_program

    require_program("dot")
    chain = "; ".join(["t = x"] + ["t = sin(t)*x + t*y"] * 60)
    proc = run_gradcli("graph", chain, "--format", "svg", "--check-timeout", "0.3")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "error: Graphviz's dot did not finish within 0.3 s: the graph is too large to draw; "
        "raise the limit with --check-timeout N, or use --format dot, json or tree\n")
