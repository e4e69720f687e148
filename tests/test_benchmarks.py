"""The benchmark still works: ``benchmarks/run.py --quick`` prints every row, and its parts
compute what they claim. No timing is asserted (times depend on the machine)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import check_cost  # noqa: E402
import minitape  # noqa: E402
import timing  # noqa: E402
import workloads  # noqa: E402

ROWS = [
    "start-up: grad --no-check / import click",
    "start-up: eval (SymPy check) / import sympy",
    "engine: deep chain / minimal tape",
    "engine: wide sigmoid sum / minimal tape",
    "engine: random trees / minimal tape",
    "engine: deep chain vs micrograd (as run)",
    "engine: wide sigmoid sum vs micrograd (as run)",
    "engine: random trees vs micrograd (as run)",
    "engine: deep chain vs micrograd (collector paused)",
    "engine: wide sigmoid sum vs micrograd (collector paused)",
    "engine: random trees vs micrograd (collector paused)",
    "end to end: grad --no-check --file prog / tape",
    "growth exponent (100 to 1,000 statements)",
    "peak memory: gradcli grad --file prog",
    "check at scale (directional) / --no-check",
    "peak memory: 2,000 reassigning statements, one grad --file",
    "peak memory: 5,000 reassigning statements, one grad --file",
    "reassigning 2,000 statements / fresh names",
    "reassigning 2,000 statements / minimal tape",
    "40 stages: whole default check (directional) / --check-timeout",
    "check at 100 nodes (network) / plain SymPy",
    "check at 100 nodes (wide sigmoid sum) / plain SymPy",
    "batch: check --cases (20) vs separate",
]
DURATION = r"\d+(\.\d+)? (ms|s)"
NUMBER = r"\d+\.\d+"


@pytest.fixture(scope="module")
def quick():
    proc = subprocess.run([sys.executable, str(BENCHMARKS / "run.py"), "--quick"],
                          capture_output=True, text=True, timeout=300)
    return proc


def table_rows(stdout: str) -> dict[str, list[str]]:
    """measurement -> [gradcli, baseline, ratio, target, result] (cells are 2+ spaces apart)."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("measurement"))
    rows = {}
    for line in lines[start + 2:]:
        if not line.strip():
            break
        cells = re.split(r"\s{2,}", line)
        rows[cells[0]] = cells[1:]
    return rows


def test_quick_run_exits_0_with_a_summary(quick):
    assert quick.returncode == 0, quick.stderr
    assert quick.stderr == ""
    summary = quick.stdout.splitlines()[-1]
    assert re.fullmatch(r"summary: \d+ of \d+ targets met(, \d+ skipped)?(; not met: .+)?",
                        summary)


def test_quick_run_has_every_row_with_well_formed_numbers(quick):
    rows = table_rows(quick.stdout)
    assert list(rows) == ROWS
    for name, (ours, base, ratio, target, result) in rows.items():
        assert result in ("PASS", "FAIL", "skipped", "info"), name
        if result == "skipped":  # only micrograd's rows, when it is not installed
            assert "micrograd" in name and base == "not installed"
            continue
        if name.startswith("growth"):
            assert re.fullmatch(NUMBER, ours) and re.fullmatch(NUMBER, base)
        elif name.startswith("peak memory"):
            assert re.fullmatch(r"\d+ MB", ours) and re.fullmatch(r"\d+ MB", base)
        else:
            assert re.fullmatch(DURATION, ours) and re.fullmatch(DURATION, base), name
            assert re.fullmatch(NUMBER + r"x( faster)?", ratio), name
        if result == "info":  # context rows: no target of their own
            assert target == "-", name
        else:
            assert re.fullmatch(r"(<=|>=|<) \d+(\.\d+)?(x|x faster| MB)?", target), name


def test_quick_run_names_the_check_method_and_the_engines_agree(quick):
    # 2,500 statements: more nodes than SymPy is given, so the numeric check runs
    assert "check method (eval --format json): directional" in quick.stdout
    # three engine workloads, end to end, the reassigning program in one call (two sizes),
    # the default check's two programs against plain SymPy
    assert quick.stdout.count("gradients agree: yes") == 8
    assert re.search(r"network +\d+ nodes  check .* \(sympy\)  plain SymPy", quick.stdout)


def test_performance_doc_shows_every_row_and_the_command(quick):
    def shape(text: str) -> str:  # sizes differ between the quick run and the doc's full run
        return re.sub(r"\d[\d,]*", "N", text)

    doc = (ROOT / "docs" / "performance.md").read_text()
    for name in table_rows(quick.stdout):
        assert shape(name) in shape(doc), name
    assert "python benchmarks/run.py" in doc
    assert "python benchmarks/run.py" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("generate", [workloads.chain, workloads.wide, workloads.trees,
                                      workloads.network])
def test_minimal_tape_matches_gradcli_node_for_node(generate):
    from gradcli.api import build
    from gradcli.engines.scalar import run

    text, values = generate(600)
    ops, env, out = minitape.parse(text)
    graph = build(text, values)
    trace = run(graph, values)
    grads = minitape.backward(ops, minitape.forward(ops, values), out)
    assert len(ops) == len(graph.nodes)  # every constant is distinct: no gate is merged
    assert 500 <= len(ops) <= 700
    for name in values:
        assert grads[env[name]] == pytest.approx(trace.grads[graph.index(name)], rel=1e-12)


def test_minimal_tape_against_finite_differences():
    ops, env, out = minitape.parse("a = tanh(x*y + 0.1)\nb = sigmoid(a - 0.5)*exp(y)\n"
                                   "c = sin(b) * 0.5 + x\n")
    point = {"x": 0.3, "y": -0.7}
    grads = minitape.backward(ops, minitape.forward(ops, point), out)
    for name in point:
        h = 1e-6
        up, down = dict(point), dict(point)
        up[name] += h
        down[name] -= h
        slope = (minitape.forward(ops, up)[out] - minitape.forward(ops, down)[out]) / (2 * h)
        assert grads[env[name]] == pytest.approx(slope, rel=1e-7)


def test_workloads_are_the_same_every_time():
    assert workloads.trees(300) == workloads.trees(300)
    assert workloads.network(50)[0] != workloads.network(50, seed=5)[0]


def test_growth_exponent_of_known_powers():
    sizes = [1_000, 10_000, 100_000]
    assert timing.growth_exponent(sizes, [2e-6 * n for n in sizes]) == pytest.approx(1.0)
    assert timing.growth_exponent(sizes, [3e-9 * n**2 for n in sizes]) == pytest.approx(2.0)


def test_process_timing_without_hyperfine():
    (median,) = timing.process_medians([[sys.executable, "-c", "pass"]], runs=2, warmup=0,
                                       use_hyperfine=False)
    assert 0 < median < 60


def test_peak_memory_is_the_commands_own():
    big = bytearray(300 * 2**20)  # the measuring process's memory must not be counted
    assert timing.peak_memory_mb([sys.executable, "-c", "pass"]) < 100
    assert timing.peak_memory_mb([sys.executable, "-c", "x = bytearray(200 * 2**20)"]) > 200
    del big
    with pytest.raises(RuntimeError, match="exited 3"):
        timing.peak_memory_mb([sys.executable, "-c", "raise SystemExit(3)"])


def test_plain_sympy_gradient_against_the_lecture_and_finite_differences():
    # the lecture's circuit: f = (x + y) * z at (-2, 5, -4)
    lecture = check_cost.statements("q = x + y\nf = q*z\n")
    assert check_cost.plain_sympy_gradient(lecture, {"x": -2, "y": 5, "z": -4}) == \
        {"x": -4.0, "y": -4.0, "z": 3.0}
    text = "a = sigmoid(x*0.5 + y); b = tanh(a)*exp(y) - sin(x)/cos(y)"
    point = {"x": 0.3, "y": -0.7}
    grads = check_cost.plain_sympy_gradient(check_cost.statements(text), point)

    def f(x, y):
        import math
        a = 1 / (1 + math.exp(-(x * 0.5 + y)))
        return math.tanh(a) * math.exp(y) - math.sin(x) / math.cos(y)

    h = 1e-6
    assert grads["x"] == pytest.approx((f(0.3 + h, -0.7) - f(0.3 - h, -0.7)) / (2 * h), rel=1e-7)
    assert grads["y"] == pytest.approx((f(0.3, -0.7 + h) - f(0.3, -0.7 - h)) / (2 * h), rel=1e-7)


@pytest.mark.parametrize("name", list(check_cost.PROGRAMS))
def test_check_cost_programs_stay_within_what_sympy_is_given(name):
    from gradcli.api import build
    from gradcli.limits import DEFAULT_LIMITS

    for size in check_cost.SIZES:
        text, values = check_cost.program(name, size)
        nodes = len(build(text, values).nodes)
        assert 0.95 * size <= nodes <= min(size, DEFAULT_LIMITS.sympy_max_nodes)


def test_in_process_runs_raise_the_node_limit_as_users_do():
    # The full run's 10^5-node workloads are over the default --max-nodes; a default as
    # small as this stands in for it, so the quick sizes prove the full ones can run.
    import endtoend
    import engines
    import shapes
    from gradcli.limits import Limits, using

    with using(Limits(max_nodes=50)):
        text, values = workloads.chain(300)
        assert len(engines.gradcli_graph(text, values).nodes) > 50
        assert len(endtoend.growth([300], [1]).gradcli) == 1
        assert shapes.reassignment(100, 1)["reassigning"] > 0
