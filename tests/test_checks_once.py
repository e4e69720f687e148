"""Each check written once serves numbers and arrays; one status vocabulary."""

import json

import numpy as np
import pytest

from gradcli.api import check, evaluate
from gradcli.core.status import Status
from gradcli.limits import Limits


def test_a_status_is_its_json_word_everywhere():
    words = [s.value for s in Status]
    assert words == ["ok", "pass", "fail", "kink", "undefined", "undecided", "invalid", "error"]
    assert json.dumps({"status": Status.UNDECIDED}) == '{"status": "undecided"}'
    assert f"{Status.KINK} / {Status.FAIL!s} / {Status.OK!r}" == "kink / fail / 'ok'"
    assert Status.OK.as_item() is Status.PASS and Status.KINK.as_item() is Status.KINK


def test_statuses_of_checks_and_items_are_the_enum():
    report = check("relu(x) + x*y", x=0.0, y=2)
    assert [type(item.status) for item in report.items] == [Status, Status]
    assert [item.status for item in report.items] == ["kink", "pass"]


def test_centered_differences_of_an_array_are_the_numbers_entry_by_entry():
    from gradcli.checks.differences import numeric_gradients
    from gradcli.frontends.build import build_graph

    text = "sum(tanh(w*x) + relu(w - 0.5))"
    w, x = [0.3, -1.2, 2.0], 0.7
    arrays = numeric_gradients(build_graph(text, frozenset("wx")),
                               {"w": np.array(w), "x": np.array(x)})
    scalar = build_graph("tanh(w*x) + relu(w - 0.5)", frozenset("wx"))
    by_entry = [numeric_gradients(scalar, {"w": wk, "x": x}) for wk in w]
    assert arrays["w"].tolist() == pytest.approx([g["w"] for g in by_entry], rel=1e-9)
    assert float(arrays["x"]) == pytest.approx(sum(g["x"] for g in by_entry), rel=1e-9)


# 3,000 entries are too many for differences entry by entry: random directions then
@pytest.mark.parametrize("values", [dict(x=0.0, y=2.0), dict(x=np.zeros(3000), y=2.0)])
def test_numbers_and_arrays_shrink_the_directional_step_past_a_kink(values):
    text = "sum(relu(x - 0.00001) + x*y)" if hasattr(values["x"], "shape") else \
        "relu(x - 0.00001) + x*y"
    r = evaluate(text, values, limits=Limits(sympy_max_nodes=1))
    assert r.check.method == "directional"
    assert {v.status for v in r.check.variables} == {"ok"}


@pytest.mark.parametrize("answer, ok", [(-4.000003, True), (-4.00001, False)])
def test_an_expected_number_and_an_expected_vector_are_judged_alike(answer, ok):
    number = check("x*y", x=2.0, y=-4.0, expect={"x": answer})
    vector = check("sum(x*y)", x=[2.0, 1.0], y=-4.0, expect={"x": [answer, -4.0]})
    assert number.ok is vector.ok is ok
    assert number.items[0].error == vector.items[0].error
    if not ok:
        assert number.items[0].message == \
            "∂f/∂x: expected -4.00001, but it is -4 (rel. error 2.5e-06 > rtol 1e-06; right to " \
            "5 significant figures)"
        assert vector.items[0].message.endswith(
            "(1 of 2 entries differ; entry [0]: expected -4.00001, it is -4, "
            "rel. error 2.5e-06 > rtol 1e-06; right to 5 significant figures)")
