"""``gradcli check --cases``: JSON Lines in, exactly one result per case line out."""

import json
import os
import pty
import subprocess

import pytest

from conftest import gradcli_command, read_until_closed

LECTURE = {"expression": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}}

MIXED = [
    json.dumps({"id": "good", **LECTURE, "expect": {"x": -4, "y": -4, "z": 3}}).encode(),
    json.dumps({"id": "wrong", **LECTURE, "expect": {"z": -4}}).encode(),
    b'{"id": "broken json", "expression": ',
    json.dumps({"id": "syntax", "expression": "(x+y*z", "values": {"x": 1}}).encode(),
    json.dumps({"id": "missing", "expression": "(x+y)*z", "values": {"x": 1}}).encode(),
    json.dumps({"id": 7, "expression": "x**3", "values": {"x": 1},
                "derivative": {"x": "3*x"}}).encode(),
    json.dumps({"id": "formula", "expression": "x**3", "values": {"x": 1},
                "derivative": {"x": "3*x**2"}, "expect": {"x": 3}}).encode(),
    b'{"id": "latin-1", "expression": "x", "values": {"x": 1}} \xe9',
    b"",
    json.dumps({"id": "typo", **LECTURE, "expects": {"x": -4}}).encode(),
    b'{"id": "nan", "expression": "x", "values": {"x": NaN}}',
    b"[" * 100000 + b"]" * 100000,
    json.dumps({"id": "math", "expression": "log(x)", "values": {"x": -1}}).encode(),
    json.dumps({"id": "string", "expression": "x", "values": {"x": "1"}}).encode(),
    json.dumps({"id": "dup", "expression": "x", "values": {"x": 1}}).replace(
        '"values"', '"expression": "y", "values"').encode(),
    json.dumps({"id": "rtol", **LECTURE, "expect": {"x": -4.001}, "rtol": 1e-3}).encode(),
    json.dumps({"id": "unreadable", **LECTURE, "expect": {"x": "-4.0.0"}}).encode(),
    json.dumps({"id": "bad formula", "expression": "x**3", "values": {"x": 1},
                "derivative": {"x": "3*x**"}}).encode(),
]

EXPECTED = [  # (id, status, exit code, start of the error or of the first failure message)
    ("good", "pass", 0, None),
    ("wrong", "fail", 1, "∂f/∂z: expected -4, but it is 3"),
    (None, "error", 2, "bad JSON: Expecting value at column 37"),
    ("syntax", "error", 2, "'(' is never closed\n  (x+y*z\n  ^"),
    ("missing", "error", 2, 'no value for y, z: add it to "values"'),
    (7, "fail", 1, "∂f/∂x: 3*x is not the derivative (it is right at the given point only)"),
    ("formula", "pass", 0, None),
    (None, "error", 2, "the line is not UTF-8 (byte 0xe9 at column 58)"),
    ("typo", "error", 2, "unknown key 'expects'"),
    (None, "error", 2, "NaN is not a number gradcli accepts"),
    (None, "error", 2, "bad JSON: nested too deeply"),
    ("math", "error", 3, "node f (log) is undefined at x = -1"),
    ("string", "error", 2, "x must be a number, not a string"),
    (None, "error", 2, "key 'expression' appears twice"),
    ("rtol", "pass", 0, None),
    ("unreadable", "invalid", 4, "value of expect x is '-4.0.0'"),
    ("bad formula", "invalid", 4, "in the formula for ∂f/∂x: the expression ends where"),
]


def first_message(result):
    details = result["details"]
    if "error" in details:
        return details["error"]
    failures = [c["message"] for c in details["checks"] if not c["ok"]]
    return failures[0] if failures else None


def test_a_mixed_file_gives_one_result_per_line_in_order(cli, tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_bytes(b"\n".join(MIXED) + b"\n")
    result = cli("check", "--cases", str(path), "--format", "json")
    lines = result.stdout.splitlines()
    assert len(lines) == len(MIXED) - 1  # the blank line is skipped
    results = [json.loads(line) for line in lines]
    assert [r["line"] for r in results] == [k for k in range(1, len(MIXED) + 1) if k != 9]
    for r, (case_id, status, code, message) in zip(results, EXPECTED):
        assert (r["id"], r["status"], r["exit_code"]) == (case_id, status, code), r
        if message is None:
            assert first_message(r) is None
        else:
            assert first_message(r).startswith(message), r
    assert result.exit_code == 2  # bad cases: the grader's mistake comes first
    assert result.stderr == "17 cases: 3 passed, 2 failed, 2 invalid, 10 errors\n"


def test_passing_details_are_the_check_json(cli, tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps({"id": "a", **LECTURE, "expect": {"x": -4}}) + "\n")
    batch = json.loads(cli("check", "--cases", str(path), "--format", "json").stdout)
    single = json.loads(cli("check", "(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4",
                            "--expect", "x=-4", "--format", "json").stdout)
    assert batch == {"id": "a", "line": 1, "status": "pass", "exit_code": 0, "details": single}


def test_all_passing_exits_0_and_reads_stdin(run_gradcli):
    cases = "".join(json.dumps({"id": f"s{k}", **LECTURE, "expect": {"x": -4}}) + "\n"
                    for k in range(3))
    proc = run_gradcli("check", "--cases", "-", "--format", "json", input=cases)
    assert proc.returncode == 0
    assert [json.loads(line)["status"] for line in proc.stdout.splitlines()] == ["pass"] * 3
    assert proc.stderr == "3 cases: 3 passed, 0 failed, 0 errors\n"


def test_the_installed_command_separates_results_and_summary(run_gradcli, tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_bytes(b"\n".join(MIXED[:4]) + b"\n")
    proc = run_gradcli("check", "--cases", str(path), "--format", "json")
    assert proc.returncode == 2
    assert [json.loads(line)["status"] for line in proc.stdout.splitlines()] == [
        "pass", "fail", "error", "error"]
    assert proc.stderr == "4 cases: 1 passed, 1 failed, 2 errors\n"


def test_table_format_lists_every_case(cli, tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_bytes(b"\n".join(MIXED[:4]) + b"\n")
    result = cli("check", "--cases", str(path))
    assert result.exit_code == 2
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    cells = [[c.strip() for c in row.split("│")[1:-1]] for row in rows]
    assert cells == [
        ["1", "good", "✓ pass", "3 checks passed"],
        ["2", "wrong", "✗ FAIL", "∂f/∂z: expected -4, but it is 3 (rel. error 1.8 > rtol 1e-06)"],
        ["3", "", "! error", "bad JSON: Expecting value at column 37"],
        ["4", "syntax", "! error", "'(' is never closed"],
    ]
    assert result.stderr == "4 cases: 1 passed, 1 failed, 2 errors\n"


def test_command_line_tolerances_and_numeric_apply_to_every_case(cli, tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps({**LECTURE, "expect": {"x": -4.001}}) + "\n"
                    + json.dumps({**LECTURE, "expect": {"x": -4.001}, "rtol": 1e-9}) + "\n")
    result = cli("check", "--cases", str(path), "--format", "json", "--rtol", "1e-3", "--numeric")
    first, second = [json.loads(line) for line in result.stdout.splitlines()]
    assert (first["status"], second["status"]) == ("pass", "fail")
    assert [c["kind"] for c in first["details"]["checks"]] == ["gradient"] + ["numeric"] * 3


def test_a_bug_in_one_case_does_not_stop_the_others(cli, tmp_path, monkeypatch):
    from gradcli import cases

    real = cases.check

    def flaky(text, *args, **kwargs):
        if text == "x":
            raise RuntimeError("boom")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(cases, "check", flaky)
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps({"expression": "x", "values": {"x": 1}}) + "\n"
                    + json.dumps({**LECTURE, "expect": {"x": -4}}) + "\n")
    result = cli("check", "--cases", str(path), "--format", "json")
    first, second = [json.loads(line) for line in result.stdout.splitlines()]
    assert (first["status"], first["exit_code"]) == ("error", 70)
    assert first["details"]["error"].startswith("internal error: RuntimeError: boom")
    assert second["status"] == "pass"
    assert result.exit_code == 70


@pytest.mark.parametrize("args", [["x"], ["--x", "1"], ["--expect", "x=1"], ["--values", "v.json"]])
def test_cases_take_no_expression_values_or_expectations(cli, args):
    result = cli("check", "--cases", "-", *args)
    assert result.exit_code == 2
    assert "--cases takes no EXPR, values or expectations" in result.stderr


def test_an_unreadable_cases_file_is_one_error(cli, tmp_path):
    result = cli("check", "--cases", str(tmp_path / "nope.jsonl"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("error: cannot read --cases from ")


def test_the_cache_builds_each_expression_once_and_asks_sympy_once_per_formula(monkeypatch):
    from gradcli.checks import formula, grading
    from gradcli.cases import run_cases

    builds, simplified = [], []
    real_build = grading.build_graph

    def counting_build(*args, **options):
        builds.append(args[1])
        return real_build(*args, **options)

    real_proven = formula.Symbolic.proven_equal

    def counting_proven(self, index, text):
        if (index, text) not in self._proven:
            simplified.append(text)
        return real_proven(self, index, text)

    monkeypatch.setattr(grading, "build_graph", counting_build)
    monkeypatch.setattr(formula.Symbolic, "proven_equal", counting_proven)
    answers = ["3*x**2", "x*3*x", "3*x**2", "3*x**2", "x*3*x"]
    lines = [json.dumps({"expression": "x**3", "values": {"x": k + 1},
                         "derivative": {"x": a}}).encode() for k, a in enumerate(answers)]
    statuses = [r.status for r in run_cases(lines)]
    assert statuses == ["pass"] * 5
    assert builds == [frozenset({"x"})]
    assert simplified == ["3*x**2", "x*3*x"]


def run_with_stderr_on_a_terminal(args, input_bytes):
    primary, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="100")
    proc = subprocess.Popen(gradcli_command() + args, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=secondary, env=env)
    out, _ = proc.communicate(input_bytes, timeout=120)
    os.close(secondary)
    return proc.returncode, out.decode(), read_until_closed(primary).decode()


@pytest.mark.parametrize("count, bar", [(60, True), (5, False)])
def test_a_progress_bar_on_a_terminal_for_long_batches_only(count, bar):
    cases = b"".join(json.dumps({**LECTURE, "expect": {"x": -4}}).encode() + b"\n"
                     for _ in range(count))
    code, out, err = run_with_stderr_on_a_terminal(["check", "--cases", "-", "--format", "json"],
                                                   cases)
    assert code == 0
    assert len(out.splitlines()) == count  # stdout carries the results only
    assert ("checking" in err) is bar
    assert f"{count} cases: {count} passed, 0 failed, 0 errors" in err


def test_no_progress_bar_when_stderr_is_not_a_terminal(run_gradcli):
    cases = "".join(json.dumps({**LECTURE, "expect": {"x": -4}}) + "\n" for _ in range(60))
    proc = run_gradcli("check", "--cases", "-", "--format", "json", input=cases)
    assert proc.stderr == "60 cases: 60 passed, 0 failed, 0 errors\n"


def test_a_reader_that_stops_early_ends_the_batch_quietly(tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps({**LECTURE, "expect": {"x": -4}}) + "\n"
                            for _ in range(3000)))
    proc = subprocess.Popen(gradcli_command() + ["check", "--cases", str(path), "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert json.loads(proc.stdout.readline())["status"] == "pass"
    proc.stdout.close()  # as `| head -1` does
    assert proc.wait(timeout=120) == 141
    assert proc.stderr.read() == b""
    proc.stderr.close()


@pytest.mark.parametrize("lines, code", [
    ([0, 6], 0),  # all pass
    ([0, 1], 1),  # an answer is wrong
    ([1, 16], 4),  # wrong and unreadable: a student's format, not the grader's mistake
    ([1, 16, 12], 3),  # a math error at a case's point
    ([16, 12, 3], 2),  # a bad case: the grader's mistake comes first
])
def test_the_batch_exit_code_says_whose_mistake_comes_first(cli, lines, code):
    result = cli("check", "--cases", "-", "--format", "json",
                 input=b"\n".join(MIXED[i] for i in lines).decode() + "\n")
    assert result.exit_code == code
    assert len(result.stdout.splitlines()) == len(lines)
