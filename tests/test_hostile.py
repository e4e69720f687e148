"""The hostile corpus, run as real processes: exit code, message, no traceback, no hang,
and no code run (a sentinel file is never created)."""

import json
import subprocess

import pytest

from conftest import gradcli_command
from hostile_corpus import CASES, SENTINEL

HANG_GUARD = 60  # seconds: a guard against hangs, not a performance assertion


def test_the_corpus_is_large_and_ids_are_unique():
    assert len(CASES) >= 80
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_input(case, tmp_path):
    sentinel = tmp_path / "pwned"
    args = [a.replace(SENTINEL, str(sentinel)) for a in case.args]
    for name, data in case.files.items():
        (tmp_path / name).write_bytes(data)
    proc = subprocess.run(gradcli_command() + args, input=case.stdin, capture_output=True,
                          text=True, cwd=tmp_path, timeout=HANG_GUARD)
    assert proc.returncode == case.code, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    batch_ran = "--cases" in case.args and proc.stdout  # a batch with bad cases: exit 2
    if case.code in (2, 3, 4) and not batch_ran:
        assert proc.stdout == "" or json_error_of(proc) == case.code
        assert proc.stderr.startswith(("error: ", "Usage: "))
        assert len(proc.stderr.splitlines()) <= 4
        assert case.fragment in proc.stderr
    else:
        assert case.fragment in proc.stdout
    assert "\x1b" not in proc.stderr and "\x1b" not in proc.stdout
    assert not sentinel.exists()


def json_error_of(proc) -> int | None:
    """Under --format json an error is also one JSON object on stdout: its exit code."""
    (line,) = proc.stdout.splitlines()
    error = json.loads(line)["error"]
    assert set(error) == {"exit_code", "kind", "message"}
    return error["exit_code"]
