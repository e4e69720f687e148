"""A batch stopped by SIGTERM or Ctrl-C reports every case checked before it (issue 12:
"a killed batch has written everything before the kill"), in every format, and exits
128 + the signal."""

from __future__ import annotations

import json
import os
import signal
import subprocess

import pytest

from gradcli import cases

from conftest import gradcli_command

LECTURE = {"expression": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}}
# Exact arithmetic on sigmoid nested 20 deep takes far longer than the test needs
# (its own limit is 60 s): the batch is sure to be inside it when the signal comes.
SLOW = {"id": "slow", "expression": "sigmoid(" * 20 + "x" + ")" * 20, "values": {"x": 0.3},
        "expect": {"x": 0.1}, "exact": True, "timeout": 60}


def case_file(tmp_path, *objects) -> str:
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(o) + "\n" for o in objects))
    return str(path)


def three_cases(tmp_path) -> str:
    return case_file(tmp_path, {"id": "a", **LECTURE, "expect": {"x": -4}},
                     {"id": "b", **LECTURE, "expect": {"x": 4}},
                     {"id": "c", **LECTURE, "expect": {"z": 3}})


def signal_during_case(monkeypatch, number: int, signum: int) -> None:
    """The ``number``-th case checked sends ``signum`` to this process, as a grader would."""
    real = cases._check_case
    seen = []

    def check(case, defaults, cache):
        seen.append(case)
        if len(seen) == number:
            os.kill(os.getpid(), signum)
        return real(case, defaults, cache)

    monkeypatch.setattr(cases, "_check_case", check)


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_table_batch_stopped_by_a_signal_shows_the_cases_before_it(cli, tmp_path,
                                                                      monkeypatch, signum, code):
    signal_during_case(monkeypatch, 3, signum)
    result = cli("check", "--cases", three_cases(tmp_path))
    assert result.exit_code == code
    assert "✓ pass" in result.stdout and "✗ FAIL" in result.stdout  # cases a and b
    assert "expected 3" not in result.stdout  # case c was interrupted: no row
    assert "interrupted by" in result.stderr and "after 2 cases" in result.stderr
    assert "2 cases: 1 passed, 1 failed, 0 errors" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "junit", "tap", "gradescope"])
def test_every_format_reports_the_cases_before_the_signal(cli, tmp_path, monkeypatch, fmt):
    signal_during_case(monkeypatch, 2, signal.SIGTERM)
    result = cli("check", "--cases", three_cases(tmp_path), "--format", fmt)
    assert result.exit_code == 143
    assert "after 1 case:" in result.stderr
    if fmt == "json":
        (line,) = result.stdout.splitlines()
        assert json.loads(line)["id"] == "a"


def test_the_signals_handlers_are_restored_after_the_batch(cli, tmp_path):
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    result = cli("check", "--cases", three_cases(tmp_path))
    assert result.exit_code == 1  # case b fails; nothing interrupted
    assert "interrupted" not in result.stderr
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before


def test_sigterm_to_a_real_batch_inside_a_slow_case(tmp_path):
    path = case_file(tmp_path, {"id": "a", **LECTURE, "expect": {"x": -4}}, SLOW,
                     {"id": "after", **LECTURE, "expect": {"x": -4}})
    proc = subprocess.Popen(gradcli_command() + ["check", "--cases", path, "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()  # case a is written: the slow case is running now
        proc.send_signal(signal.SIGTERM)
        rest, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert json.loads(first)["id"] == "a"
    assert rest == ""  # neither the interrupted case nor the one after it
    assert proc.returncode == 143
    assert "interrupted by SIGTERM after 1 case" in err
    assert "Traceback" not in err
