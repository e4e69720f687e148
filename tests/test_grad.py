"""``gradcli grad``: plain numbers for shell scripts."""

import pytest

from conftest import LECTURE_POINT, SIGMOID_CIRCUIT, modules_loaded_by

POINT = ["--x", "-2", "--y", "5", "--z", "-4"]


def test_one_name_tab_gradient_line_per_input(cli):
    result = cli("grad", "(x+y)*z", *POINT)
    assert result.exit_code == 0
    assert result.stdout == "x\t-4\ny\t-4\nz\t3\n"
    assert result.stderr == ""


def test_a_single_wrt_prints_only_the_number(cli):
    result = cli("grad", "(x+y)*z", *POINT, "--wrt", "z")
    assert (result.exit_code, result.stdout) == (0, "3\n")


def test_several_wrt_keep_their_order(cli):
    result = cli("grad", "(x+y)*z", *POINT, "--wrt", "z", "--wrt", "x")
    assert result.stdout == "z\t3\nx\t-4\n"


def test_wrt_names_intermediates_aliases_and_automatic_ids(cli):
    program = "q = x + y; p = q; f = p*z"
    result = cli("grad", program, *POINT, "--wrt", "q", "--wrt", "p", "--wrt", "f")
    assert result.stdout == "q\t-4\np\t-4\nf\t1\n"
    lecture = cli("grad", "(x+y)*z", *POINT, "--wrt", "n1")
    assert lecture.stdout == "-4\n"


def test_an_unknown_wrt_name_is_bad_input(cli):
    result = cli("grad", "(x+y)*z", *POINT, "--wrt", "w")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "error: no node named 'w' (named nodes: x, y, z, n1, f)\n"


def test_numbers_read_back_to_the_same_float64(cli):
    from gradcli import grad

    exact = grad(SIGMOID_CIRCUIT, {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3})
    result = cli("grad", SIGMOID_CIRCUIT, *LECTURE_POINT)
    printed = dict(line.split("\t") for line in result.stdout.splitlines())
    assert {name: float(text) for name, text in printed.items()} == exact
    assert printed["w0"] == "-0.19661193324148188"


def test_negative_zero_is_never_printed(cli):
    # ∂(x*y)/∂x is y = -0.0 here
    result = cli("grad", "x*y", "--x", "1", "--y", "-0")
    assert result.stdout == "x\t0\ny\t1\n"
    assert cli("grad", "x*y", "--x", "1", "--y", "-0", "--wrt", "x").stdout == "0\n"


def test_a_failed_check_prints_nothing_on_stdout_and_exits_1(cli, monkeypatch):
    from dataclasses import replace

    from gradcli.core import ops

    def wrong(x, y, out):
        return (y, 2 * x)

    monkeypatch.setitem(ops.OPS, "mul", replace(ops.OPS["mul"], partials=wrong))

    monkeypatch.setattr("gradcli.engines.scalar._INLINE", {})  # run * through its (broken) rule
    result = cli("grad", "x*y", "--x", "2", "--y", "3")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: the SymPy check failed: ∂f/∂y: backprop gives 4, SymPy's derivative 2\n"
    )
    unchecked = cli("grad", "x*y", "--x", "2", "--y", "3", "--no-check")
    assert (unchecked.exit_code, unchecked.stdout) == (0, "x\t3\ny\t4\n")


def test_kinks_warn_on_stderr_and_the_number_stays_clean(cli):
    result = cli("grad", "relu(x)*y", "--x", "0", "--y", "3", "--wrt", "x")
    assert (result.exit_code, result.stdout) == (0, "0\n")
    assert result.stderr.startswith("warning: kink at node n1 (relu)")


def test_installed_grad_in_a_shell_substitution(run_gradcli):
    proc = run_gradcli("grad", "(x+y)*z", *POINT, "--wrt", "x")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "-4\n", "")
    bad = run_gradcli("grad", "(x+y)*z", "--x", "1")
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr == "error: no value for y, z: give --y VALUE --z VALUE\n"


@pytest.mark.parametrize("command", ["grad", "check", "tsv"])
def test_fast_paths_never_import_sympy_nor_rich(command):
    argv = {
        "grad": ["grad", "x*y", "--x", "1", "--y", "2", "--no-check"],
        "check": ["check", "x*y", "--x", "1", "--y", "2", "--expect", "x=2", "--format", "json"],
        "tsv": ["eval", "x*y", "--x", "1", "--y", "2", "--no-check", "--format", "tsv"],
    }[command]
    assert modules_loaded_by([argv], ("sympy", "rich")) == []


def test_the_limit_options_apply_to_grad(cli):
    result = cli("grad", "x+x+x", "--x", "1", "--max-nodes", "2")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("error: the number of graph nodes is 3, over the limit of 2; "
                             "raise it with --max-nodes N\n")
