"""A student's text never reads the grader's files (issue 12): EXPR is text, never a
file name; ``--file FILE`` is the one way to read a program, and its errors name the
place without echoing a file that is not a regular one. Real processes."""

import os

import pytest

COMMANDS = [("eval", "--format", "json"), ("grad",), ("check",), ("explain",), ("graph",)]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("expr", ["@/proc/self/environ", "@secret.txt", "-"])
def test_expr_text_never_names_a_file(run_gradcli, tmp_path, command, expr):
    (tmp_path / "secret.txt").write_text("GRADER_SECRET = 1 $\n")
    env = {"GRADER_SECRET": "hunter2"}
    proc = run_gradcli(command[0], expr, "--x", "1", *command[1:], env=env, cwd=tmp_path,
                       input="x $ GRADER_SECRET")
    assert proc.returncode == 2
    assert "GRADER_SECRET" not in proc.stderr + proc.stdout
    assert "hunter2" not in proc.stderr + proc.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_reads_a_program_with_file(run_gradcli, tmp_path, command):
    (tmp_path / "prog.txt").write_text("q = x + y\nf = q*z\n")
    proc = run_gradcli(command[0], "--file", "prog.txt", "--x", "-2", "--y", "5", "--z", "-4",
                       *command[1:], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "-12" in proc.stdout or "−12" in proc.stdout or "-4" in proc.stdout


def test_stdin_with_file_dash(run_gradcli):
    proc = run_gradcli("grad", "--file", "-", "--x", "3", input="x*x")
    assert (proc.returncode, proc.stdout) == (0, "x\t6\n")


def test_a_syntax_error_names_file_line_and_column_and_shows_a_regular_file(run_gradcli,
                                                                             tmp_path):
    (tmp_path / "prog.txt").write_text("x1 = x + 1\ny = x1 $ 2\n")
    proc = run_gradcli("eval", "--file", "prog.txt", "--x", "1", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == ("error: prog.txt:2:8: unexpected character '$' (U+0024)\n"
                           "  y = x1 $ 2\n"
                           "         ^\n")


@pytest.mark.skipif(not os.path.exists("/proc/self/environ"), reason="needs /proc")
def test_a_proc_file_is_never_echoed(run_gradcli):
    proc = run_gradcli("eval", "--file", "/proc/self/environ",
                       env={"GRADER_SECRET": "hunter2"})
    assert proc.returncode == 2
    assert "hunter2" not in proc.stderr and "GRADER_SECRET" not in proc.stderr
    assert proc.stderr.startswith("error: /proc/self/environ:1:")
    assert "not shown: not a regular file" in proc.stderr
    assert proc.stderr.count("\n") == 1


def from_a_pipe(run_gradcli, tmp_path, text, *args):
    """gradcli reading its program with --file from a named pipe that holds ``text``."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(text))
    writer.start()
    proc = run_gradcli(args[0], "--file", str(fifo), *args[1:])
    writer.join()
    return proc, fifo


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_error_that_is_not_a_syntax_error_is_not_echoed_either(run_gradcli, tmp_path):
    proc, fifo = from_a_pipe(run_gradcli, tmp_path, "SECRET_NAME + 1", "eval")
    assert proc.returncode == 2
    assert "SECRET_NAME" not in proc.stderr
    assert proc.stderr.startswith(f"error: {fifo}: bad input (the text of")


def test_expr_and_file_together_is_a_usage_error(run_gradcli, tmp_path):
    (tmp_path / "prog.txt").write_text("x")
    proc = run_gradcli("grad", "x", "--file", "prog.txt", "--x", "1", cwd=tmp_path)
    assert proc.returncode == 2
    assert "give EXPR or --file FILE, not both" in proc.stderr


def test_neither_expr_nor_file_is_a_usage_error(run_gradcli):
    proc = run_gradcli("grad", "--x", "1")
    assert proc.returncode == 2
    assert "Missing argument 'EXPR' (or give --file FILE)" in proc.stderr


def test_only_the_command_line_opens_files():
    """Text reaches the layers below cli/ as text: nothing there can be made to read a file
    (the step-through page reads its own package resources)."""
    from pathlib import Path

    root = Path(__file__).parent.parent / "gradcli"
    openers = ("open(", ".read_text(", ".read_bytes(")
    readers = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                     if p.parent.name != "cli" and any(o in p.read_text() for o in openers))
    assert readers == ["output/stepper.py"]
    assert "resources.files(__package__)" in (root / "output" / "stepper.py").read_text()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_warning_about_a_pipe_does_not_quote_it(run_gradcli, tmp_path):
    proc, fifo = from_a_pipe(run_gradcli, tmp_path, "SECRET_NAME = relu(x)", "grad", "--x", "0")
    assert proc.returncode == 0, proc.stderr
    assert "SECRET_NAME" not in proc.stderr
    assert proc.stderr == f"warning: about the text of {fifo}, not shown (not a regular file)\n"
