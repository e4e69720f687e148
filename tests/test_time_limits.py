"""Time limits nest, share one budget per input, and hold where no timer exists.

No test here measures time: each block would run forever without its limit.
"""

from __future__ import annotations

import signal

import pytest

from gradcli import api
from gradcli.limits import Limits, TimeLimitExceeded, shared_budget, time_limit


def forever():
    n = 0
    while True:
        n = abs(n - 1)


def step():
    return 1


def forever_calling():
    """A loop of Python calls: what the operation budget counts (SymPy is all calls)."""
    while True:
        step()


def test_a_block_past_its_limit_is_interrupted():
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.01):
            forever()


def test_the_inner_limit_is_caught_by_its_caller_and_the_outer_still_holds():
    caught = []
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.05):
            try:
                with time_limit(0.01):
                    forever()
            except TimeLimitExceeded:
                caught.append("inner")
            forever()  # the outer limit was re-armed when the inner one ended
    assert caught == ["inner"]


def test_an_outer_limit_passes_every_inner_handler():
    # a case's limit runs out inside the SymPy check, whose own handler must not take it
    inner_handled = []
    with pytest.raises(TimeLimitExceeded) as outer:
        with time_limit(0.01):
            try:
                with time_limit(60):
                    forever()
            except TimeLimitExceeded:
                inner_handled.append(True)
    assert inner_handled == []
    assert outer.value.seconds == 0.01


def test_code_catching_exception_does_not_swallow_the_end_of_time():
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.01):
            while True:
                try:
                    forever()
                except Exception:  # as SymPy does in places
                    pass


def test_steps_in_one_budget_share_it():
    # a step asking for 60 s gets what is left of the input's 0.01 s
    with shared_budget(0.01):
        with pytest.raises(TimeLimitExceeded):
            with time_limit(60):
                forever()
        with pytest.raises(TimeLimitExceeded):  # nothing left: the next step ends at once
            with time_limit(60):
                pass


def test_no_limit_means_none(monkeypatch):
    for seconds in (None, 0, float("inf")):
        with time_limit(seconds):
            assert step() == 1


@pytest.fixture
def no_interval_timer(monkeypatch):
    """As on Windows and Pyodide: the signal module has no setitimer."""
    monkeypatch.delattr(signal, "setitimer")


def test_without_a_timer_an_operation_budget_bounds_the_work(no_interval_timer):
    from gradcli.limits import timer

    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.001):  # 1,000 lines of Python
            forever_calling()
    assert isinstance(timer._state.clock, timer._LineClock)


def test_without_a_timer_limits_still_nest(no_interval_timer):
    with pytest.raises(TimeLimitExceeded) as outer:
        with time_limit(0.002):
            try:
                with time_limit(60):
                    forever_calling()
            except TimeLimitExceeded:
                pytest.fail("the inner limit took the outer one's expiry")
    assert outer.value.seconds == 0.002


def test_without_a_timer_the_sympy_check_still_falls_back_and_says_so(no_interval_timer):
    r = api.evaluate("exp(sin(x)**7)*tanh(x*y)**5", x=0.3, y=0.7,
                     limits=Limits(check_timeout=1e-5))
    assert r.check.method == "directional"
    assert "--check-timeout" in r.check.note
    assert r.check.ok
