"""The terminal is not the attacker's (issue 12): no ESC byte, bidi override or raw
carriage return from user text reaches stdout or stderr, Click's messages included.
Real processes."""

import json
import os
import shutil

import pytest

from test_cli import run_in_terminal

ESC = "\x1b"
TITLE = f"{ESC}]0;pwned{ESC}\\"
CLEAR = f"{ESC}[2J"


def run_bytes(*args, input=""):
    """A real process, its output as bytes (text mode would turn a raw \\r into \\n)."""
    import subprocess

    from conftest import gradcli_command

    proc = subprocess.run(gradcli_command() + list(args), capture_output=True, timeout=120,
                          input=input.encode())
    proc.stdout, proc.stderr = proc.stdout.decode(), proc.stderr.decode()
    return proc


def no_escapes(proc):
    out = proc.stdout + proc.stderr
    return ESC not in out and "\u202e" not in out and "\r" not in out


@pytest.mark.parametrize("args", [
    ("eval", "x", f"-{TITLE}"),  # Click: unexpected extra argument
    ("eval", "x", "--x", "1", f"--{CLEAR}x"),  # gradcli: a variable with no value
    (f"--{CLEAR}",),  # Click: no such option on the group
    ("eval", "x", "--x", "1", "--format", CLEAR),  # Click: invalid choice
    ("eval", "x", "--x", "1", "--digits", CLEAR),  # Click: not an integer
    ("graph", "x", "--format", "json", "-o", f"/nonexistent/{CLEAR}"),
    (f"{CLEAR}",),  # no such command
    ("eval", f"x + {CLEAR}", "--x", "1"),
    ("eval", "--latex", f"x + \\{ESC}", "--x", "1"),  # LaTeX: unsupported command
    ("eval", "\\frac{1}{x}\u202e", "--x", "1"),
    # A student's answer that cannot be read: exit 4, escaped all the same.
    ("check", "x", "--x", "1", "--expect", f"x={CLEAR}"),
    ("check", "x", "--x", "1", "--derivative", f"x=1{CLEAR}"),
])
def test_no_escape_from_user_text_in_any_message(args):
    proc = run_bytes(*args)
    assert proc.returncode == (4 if args[0] == "check" else 2), proc.stderr
    assert no_escapes(proc), repr(proc.stderr)
    assert "\\x1b" in proc.stderr or "\\u202e" in proc.stderr


CASE_IDS = [TITLE, CLEAR, "a\u202eb", "x\ry", "line\u2028break"]


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_case_ids_are_escaped_in_the_batch_output(fmt):
    lines = [json.dumps({"id": i, "expression": "x*x", "values": {"x": 3}}) for i in CASE_IDS]
    proc = run_bytes("check", "--cases", "-", "--format", fmt, input="\n".join(lines))
    assert proc.returncode == 0, proc.stderr
    assert no_escapes(proc), repr(proc.stdout)
    if fmt == "table":
        assert "\\x1b]0;pwned" in proc.stdout and "a\\u202eb" in proc.stdout


def test_explain_does_not_copy_a_carriage_return():
    proc = run_bytes("explain", "q = x\r\nf = q*2", "--x", "1")
    assert proc.returncode == 0, proc.stderr
    assert "\r" not in proc.stdout
    assert proc.stdout.startswith("Backprop, step by step: q = x\nf = q*2\n")


@pytest.mark.skipif(shutil.which("dot") is None and os.environ.get("GRADCLI_REQUIRE_TOOLS") != "1",
                    reason="needs Graphviz's dot")
def test_png_to_a_pipe_is_written(tmp_path):
    import subprocess

    from conftest import gradcli_command

    proc = subprocess.run(gradcli_command() + ["graph", "x*y", "--format", "png"],
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"\x89PNG\r\n\x1a\n")


def test_png_to_a_terminal_is_refused():
    code, out = run_in_terminal(["graph", "x*y", "--format", "png"], {})
    assert code == 2
    assert "\x89PNG" not in out
