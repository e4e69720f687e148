"""The Python API: results and exceptions, never printing or exiting."""

import subprocess
import sys
from dataclasses import replace

import pytest

import gradcli
from gradcli.errors import CheckFailed, InputError, MathError, ParseError, UnreadableAnswer


def test_check_returns_a_report_and_prints_nothing(capsys):
    report = gradcli.check("(x+y)*z", {"x": -2, "y": 5}, z=-4, expect={"x": -4, "z": -4},
                           expect_value={"n1": 3}, derivative={"y": "z"}, numeric=True)
    assert capsys.readouterr() == ("", "")
    assert not report.ok
    assert [(i.kind, i.name, i.status) for i in report.items] == [
        ("gradient", "x", "pass"), ("gradient", "z", "fail"), ("value", "n1", "pass"),
        ("formula", "y", "pass"), ("numeric", "x", "pass"), ("numeric", "y", "pass"),
        ("numeric", "z", "pass"),
    ]
    assert [i.name for i in report.failures] == ["z"]
    assert report.result.value == -12


def test_check_accepts_number_strings_like_the_command_line():
    assert gradcli.check("x*2", x="-2.5e-3", expect={"x": "2"}, rtol="0").ok


@pytest.mark.parametrize("call, error", [
    (lambda: gradcli.check("(x+", x=1), ParseError),
    (lambda: gradcli.check("x", x=1, expect={"w": 1}), InputError),
    (lambda: gradcli.check("x", x=1, expect={"x": float("nan")}), UnreadableAnswer),  # the answer is unreadable
    (lambda: gradcli.check("x", x=1, rtol=-1), InputError),
    (lambda: gradcli.check("x*y", x=1), InputError),
    (lambda: gradcli.check("log(x)", x=0), MathError),
    (lambda: gradcli.grad("x", x=1, wrt=["q"]), InputError),
])
def test_the_api_raises_gradcli_errors(call, error):
    with pytest.raises(error):
        call()


def test_grad_raises_check_failed_when_backprop_is_wrong(monkeypatch):
    from gradcli.core import ops

    def wrong(x, y, out):
        return (y, 2 * x)

    monkeypatch.setitem(ops.OPS, "mul", replace(ops.OPS["mul"], partials=wrong))

    monkeypatch.setattr("gradcli.engines.scalar._INLINE", {})  # run * through its (broken) rule
    with pytest.raises(CheckFailed) as caught:
        gradcli.grad("x*y", x=2, y=3)
    assert caught.value.exit_code == 1
    assert str(caught.value) == (
        "the SymPy check failed: ∂f/∂y: backprop gives 4, SymPy's derivative 2")
    assert gradcli.grad("x*y", x=2, y=3, check=False) == {"x": 3.0, "y": 4.0}


def test_gradcli_check_is_the_function_whatever_is_imported_first():
    code = (
        "from gradcli.checks.sympy_oracle import sympy_check\n"
        "import gradcli.checks.sympy_oracle\n"
        "import gradcli\n"
        "print(gradcli.check.__module__, gradcli.check('x', x=1).ok)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout == "gradcli.api True\n", proc.stderr


def test_importing_gradcli_imports_neither_sympy_nor_rich():
    code = "import sys, gradcli; print(sorted(m for m in ('sympy', 'rich') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout == "[]\n", proc.stderr


def test_cache_keeps_the_most_recent_expressions():
    cache = gradcli.Cache(size=2)
    first = cache.prepare("x*2", frozenset({"x"}))
    cache.prepare("x*3", frozenset({"x"}))
    assert cache.prepare("x*2", frozenset({"x"})) is first  # used again: now the newest
    cache.prepare("x*4", frozenset({"x"}))  # evicts x*3, the least recently used
    assert cache.prepare("x*2", frozenset({"x"})) is first
    assert cache.prepare("x*3", frozenset({"x"})) is not None
    none = gradcli.Cache(size=0)
    assert none.prepare("x", frozenset({"x"})) is not none.prepare("x", frozenset({"x"}))


def test_e_and_pi_in_a_formula_follow_the_expression():
    assert gradcli.check("e**x", x=1, derivative={"x": "e**x"}).ok
    assert gradcli.check("x*e", x=2, e=3, derivative={"x": "e", "e": "x"}).ok


def test_identities_that_need_exp_are_proven():
    # d tanh(x)/dx written with exponentials: SymPy proves it once both sides are in exp
    assert gradcli.check("tanh(x)", x=0.4, derivative={"x": "4/(exp(x)+exp(-x))**2"}).ok
