"""``check --cases`` against slow, huge and empty cases: one case never hangs or sinks a batch.

Real processes, as a grader runs them. No timing: the slow case would run for
minutes without its limit.
"""

from __future__ import annotations

import json
import select
import random
import subprocess

import pytest

from conftest import gradcli_command

LECTURE = {"expression": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}, "expect": {"x": -4}}
# exact arithmetic on sigmoid nested 20 deep runs for minutes
SLOW = {"expression": "sigmoid(" * 20 + "x" + ")" * 20, "values": {"x": 0.5},
        "expect": {"x": "1/7"}, "exact": True}
HANG_GUARD = 60  # seconds: a guard against hangs, not a performance assertion


def batch(tmp_path, lines: list[bytes], *options: str) -> subprocess.CompletedProcess:
    path = tmp_path / "cases.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return subprocess.run(gradcli_command() + ["check", "--cases", str(path), "--format", "json",
                                               *options],
                          capture_output=True, text=True, timeout=HANG_GUARD)


def case(obj: dict) -> bytes:
    return json.dumps(obj).encode()


def results(proc) -> list[dict]:
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_a_case_out_of_time_is_an_error_and_the_others_are_checked(tmp_path):
    proc = batch(tmp_path, [case({"id": "a", **LECTURE}), case({"id": "slow", **SLOW,
                                                               "timeout": 0.5}),
                            case({"id": "b", **LECTURE})])
    got = results(proc)
    assert [(r["id"], r["status"]) for r in got] == [("a", "pass"), ("slow", "error"),
                                                     ("b", "pass")]
    assert got[1]["details"]["error"] == (
        "the case did not finish within 0.5 s; raise the limit with --case-timeout S or the "
        "case's \"timeout\" key")
    assert got[1]["exit_code"] == 2
    assert proc.returncode == 2  # a bad case: the batch says so first (docs/exit-codes.md)
    assert proc.stderr == "3 cases: 2 passed, 0 failed, 1 error\n"


def test_the_command_line_sets_every_cases_time_limit(tmp_path):
    proc = batch(tmp_path, [case({"id": "slow", **SLOW})], "--case-timeout", "0.5")
    assert "did not finish within 0.5 s" in results(proc)[0]["details"]["error"]


def test_a_case_limit_passes_through_the_limits_inside_it(tmp_path):
    # the exact arithmetic inside has its own (longer) limit: the case's, shorter, wins
    proc = batch(tmp_path, [case({"id": "slow", **SLOW, "timeout": 0.5})],
                 "--check-timeout", "30")
    assert results(proc)[0]["details"]["error"].startswith("the case did not finish within 0.5 s")


def test_a_bad_timeout_key_is_an_error_of_its_case(tmp_path):
    proc = batch(tmp_path, [case({**LECTURE, "timeout": 0}), case({**LECTURE, "timeout": "1"}),
                            case(LECTURE)])
    got = results(proc)
    assert got[0]["details"]["error"] == '"timeout" must be a number of seconds > 0'
    assert got[1]["details"]["error"] == "timeout must be a number, not a string"
    assert got[2]["status"] == "pass"


def test_results_are_written_as_each_case_finishes(tmp_path):
    # a batch killed during a slow case has written every result before it
    path = tmp_path / "cases.jsonl"
    path.write_bytes(b"\n".join([case({"id": "a", **LECTURE}), case({"id": "b", **LECTURE}),
                                 case({"id": "slow", **SLOW, "timeout": 600})]) + b"\n")
    proc = subprocess.Popen(gradcli_command() + ["check", "--cases", str(path), "--format",
                                                 "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        written = [_read_line(proc), _read_line(proc)]
    finally:
        proc.kill()
        proc.wait()
    assert [json.loads(line)["id"] for line in written] == ["a", "b"]


def _read_line(proc) -> bytes:
    ready, _, _ = select.select([proc.stdout], [], [], HANG_GUARD)
    assert ready, "no result was written before the slow case"
    return proc.stdout.readline()


def test_blank_lines_are_skipped_and_still_counted(tmp_path):
    proc = batch(tmp_path, [b""] * 100_000 + [b"  \t\r", case({"id": "a", **LECTURE})])
    assert [(r["id"], r["line"]) for r in results(proc)] == [("a", 100_002)]
    assert proc.stderr == "1 case: 1 passed, 0 failed, 0 errors\n"


def test_a_line_over_the_case_size_limit_is_an_error_and_never_kept_whole(tmp_path):
    huge = case({"id": "huge", "expression": "+".join(["x"] * 1_000_000), "values": {"x": 1}})
    proc = batch(tmp_path, [huge, case({"id": "a", **LECTURE})])
    got = results(proc)
    assert got[0] == {"id": None, "line": 1, "status": "error", "exit_code": 2, "details": {
        "error": f"the line's length in bytes is {len(huge):,}, over the limit of 1,000,000; "
                 "raise it with --max-case-bytes N"}}
    assert (got[1]["id"], got[1]["status"]) == ("a", "pass")


def test_the_case_size_limit_is_an_option(tmp_path):
    proc = batch(tmp_path, [case(LECTURE)], "--max-case-bytes", "20")
    assert "over the limit of 20; raise it with --max-case-bytes" in results(proc)[0]["details"][
        "error"]
    proc = batch(tmp_path, [case(LECTURE)], "--max-case-bytes", str(len(case(LECTURE))))
    assert results(proc)[0]["status"] == "pass"


def reference_lines(data: bytes, limit: int):
    """What the chunked reader must give: the non-blank lines, numbered, long ones marked."""
    from gradcli.cases import LongLine

    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    for number, line in enumerate(lines, 1):
        line = line.removesuffix(b"\r").lstrip(b" \t\r")  # JSON's leading white space
        if line.strip():
            yield number, LongLine(len(line), limit) if len(line) > limit else line


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 8, 64])
def test_the_chunked_reader_splits_lines_as_a_whole_file_split_would(tmp_path, monkeypatch,
                                                                     chunk):
    from gradcli.cli import lines

    monkeypatch.setattr(lines, "_CHUNK", chunk)
    rng = random.Random(chunk)
    for trial in range(40):
        data = bytes(rng.choice(b"ab \n\n\r\t") for _ in range(rng.randrange(60)))
        path = tmp_path / f"{trial}.jsonl"
        path.write_bytes(data)
        assert list(lines.case_lines(str(path), 6)) == list(reference_lines(data, 6)), data
