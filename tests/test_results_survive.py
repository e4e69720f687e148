"""Results survive the tools that read them (issue 12): one JSON Lines record per line
whatever the strings hold, case ids exactly as given, ``-o`` all or nothing, stdout on
a full disk an error. Real processes."""

import json
import os
import resource
import signal
import subprocess

import pytest

from conftest import gradcli_command

# Every line break str.splitlines() knows, and the C1 "escape" U+009B.
BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x9b"


@pytest.mark.parametrize("separator", list(BREAKS), ids=lambda c: f"U+{ord(c):04X}")
def test_a_json_lines_record_is_one_line_whatever_its_strings_hold(run_gradcli, separator):
    cases = [{"id": f"a{separator}b", "expression": f"x*x{separator}", "values": {"x": 3}},
             {"id": "ok", "expression": "x*x", "values": {"x": 3}},
             {"id": 3, "expression": "x", "values": {"x": 1}, "derivative": {"x": f"1{separator}"}}]
    proc = run_gradcli("check", "--cases", "-", "--format", "json",
                       input="\n".join(json.dumps(c) for c in cases))
    records = proc.stdout.splitlines()
    assert len(records) == 3, proc.stdout
    assert [json.loads(r)["id"] for r in records] == [f"a{separator}b", "ok", 3]


def test_the_json_writer_escapes_every_line_break_and_reads_back():
    from gradcli.output.json_text import dumps

    data = {"text": BREAKS + "\u202e\x1b", BREAKS: [BREAKS]}
    for indent in (None, 2):
        text = dumps(data, indent=indent)
        assert len(text.splitlines()) == (1 if indent is None else 6)
        assert "\x1b" not in text and "\u202e" not in text
        assert json.loads(text) == data


def test_parallel_writers_leave_one_whole_output(tmp_path):
    target = tmp_path / "graph.json"
    exprs = ["+".join([f"x{k}"] * (200 + 50 * k)) for k in range(8)]
    procs = [subprocess.Popen(gradcli_command() + ["graph", e, "--format", "json", "-o",
                                                   str(target)], stderr=subprocess.PIPE)
             for e in exprs]
    assert [p.wait(timeout=120) for p in procs] == [0] * len(procs)
    written = json.loads(target.read_text())  # whole: one writer's output, not a mix
    assert written["graph"]["expression"] in exprs
    assert os.listdir(tmp_path) == ["graph.json"]


@pytest.mark.parametrize("text", ["1e999", "1" * 5000, "-0", "1.50", "12345678901234567890",
                                  "2E+3", "-1e-999"])
def test_a_number_id_comes_back_exactly_as_written(run_gradcli, text):
    line = '{"id": %s, "expression": "x*x", "values": {"x": 3}}' % text
    proc = run_gradcli("check", "--cases", "-", "--format", "json", input=line)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith('{"id": %s, "line": 1, ' % text)
    table = run_gradcli("check", "--cases", "-", input=line)
    assert table.returncode == 0, table.stderr
    assert text[:50] in table.stdout


def test_unusual_string_ids_come_back_exactly(run_gradcli):
    ids = ["\x00\x01\x1f", "\ud83d\ude00", "tab\there", "" , " "]
    lines = [json.dumps({"id": i, "expression": "x", "values": {"x": 1}}) for i in ids]
    proc = run_gradcli("check", "--cases", "-", "--format", "json", input="\n".join(lines))
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(r)["id"] for r in proc.stdout.splitlines()] == [
        json.loads(json.dumps(i)) for i in ids]


def limited_file_size(limit: int):
    def before_exec():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return before_exec


def test_output_file_on_a_full_disk_keeps_the_existing_file(tmp_path):
    target = tmp_path / "graph.json"
    target.write_text("the old graph\n")
    proc = subprocess.run(gradcli_command() + ["graph", "+".join(["x"] * 300), "--format", "json",
                                               "-o", str(target)],
                          preexec_fn=limited_file_size(1000), capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2
    assert proc.stderr == f"error: cannot write {target}: File too large\n"
    assert target.read_text() == "the old graph\n"
    assert os.listdir(tmp_path) == ["graph.json"]  # no temporary file left behind


def test_output_file_is_replaced_whole_with_the_usual_permissions(run_gradcli, tmp_path):
    target = tmp_path / "tree.txt"
    target.write_text("x" * 100_000)
    proc = run_gradcli("graph", "x*y", "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    assert target.read_text().startswith("f  *\n")
    assert len(target.read_text()) < 100
    proc = run_gradcli("graph", "x*y", "-o", str(tmp_path / "new.txt"))
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o666 & ~umask


def test_output_file_to_a_device_is_written_in_place(run_gradcli):
    proc = run_gradcli("graph", "x*y", "-o", os.devnull)
    assert (proc.returncode, proc.stderr) == (0, "")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("eval", "x", "--x", "1"), ("eval", "x", "--x", "1", "--format",
                                  "json"), ("grad", "x", "--x", "1"), ("graph", "x"),
                                  ("explain", "x", "--x", "1"), ("ops",), ("--help",),
                                  ("eval", "--help"), ("--version",)])
def test_stdout_on_a_full_disk_is_a_one_line_error(args):
    with open("/dev/full", "w") as full:
        proc = subprocess.run(gradcli_command() + list(args), stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120)
    assert proc.returncode == 2
    # (a note about the table's width may come first: that is not about the disk)
    assert proc.stderr.endswith("error: cannot write the output to stdout: No space left on "
                                "device\n")
    assert "Traceback" not in proc.stderr


def test_expand_warns_naming_the_node_whose_underflow_changes_the_answer(run_gradcli):
    proc = run_gradcli("grad", "log(sigmoid(x - 572.8))", "--x", "-1.875", "--expand",
                       "--no-check")
    assert (proc.returncode, proc.stdout) == (0, "x\t0\n")
    assert proc.stderr.startswith("warning: --expand: node n5 (1/x) underflows in the expanded "
                                  "form, where the written form does not: ∂f/∂x is 0 expanded, ")
    written = run_gradcli("grad", "log(sigmoid(x - 572.8))", "--x", "-1.875", "--no-check")
    assert float(written.stdout.split("\t")[1]) == pytest.approx(1, rel=1e-12)
    assert written.stderr == ""


@pytest.mark.parametrize("flag", ["--expand", "--fuse"])
def test_no_warning_when_the_forms_agree(run_gradcli, flag):
    proc = run_gradcli("grad", "1/(1+exp(-x)) * sigmoid(x)", "--x", "0.5", flag, "--no-check")
    assert proc.returncode == 0
    assert proc.stderr == ""


def test_every_json_output_goes_through_the_one_writer():
    """A new JSON output that called json.dumps itself would write U+2028 raw again."""
    from pathlib import Path

    root = Path(__file__).parent.parent / "gradcli"
    allowed = {root / "output" / "json_text.py",
               root / "core" / "arrays.py"}  # numbers only, ASCII
    callers = [p for p in root.rglob("*.py") if "json.dumps(" in p.read_text() and p not in allowed]
    assert callers == []
