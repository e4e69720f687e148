"""Every op in the registry, checked against SymPy: no new test needed for a new gate."""

import math
import random

import pytest
import sympy

from gradcli.checks.sympy_oracle import sympy_number
from gradcli.output.opsdoc import ops_markdown
from gradcli.core.ops import OPS
from pathlib import Path

GATES = [op for op in OPS.values() if op.name not in ("var", "const")]
SCALAR_GATES = [op for op in GATES if not op.array_only]  # array gates: tests/test_array_ops.py
CONSTANTS = [-2.0, -1.0, 0.5, 1.0, 2.0, 3.0]


def random_point(op, rng):
    """Inputs (and a constant) where the gate and its local gradients are defined."""
    for _ in range(1000):
        args = [rng.uniform(-3, 3) for _ in range(op.arity)]
        if op.has_param:
            args.append(rng.choice(CONSTANTS))
        try:
            out = op.forward(*args)
            if op.has_param:
                op.partials(*args[:-1], out, args[-1])
            else:
                op.partials(*args, out)
        except (ValueError, ZeroDivisionError, OverflowError):
            continue
        if op.kink is not None and op.kink(*args):
            continue
        return args
    raise AssertionError(f"no point found for {op.name}")


@pytest.mark.parametrize("op", SCALAR_GATES, ids=lambda op: op.name)
def test_local_gradients_match_sympy_derivative(op):
    rng = random.Random(op.name)
    symbols = sympy.symbols("a b", real=True)[: op.arity]
    for _ in range(20):
        args = random_point(op, rng)
        inputs = args[: op.arity]
        c = [sympy_number(args[-1])] if op.has_param else []
        expr = op.sympy_form(sympy, *symbols, *c)
        out = op.forward(*args)
        assert float(expr.xreplace(dict(zip(symbols, map(sympy.Float, inputs))))) == \
            pytest.approx(out, rel=1e-12, abs=1e-12)
        if op.has_param:
            partials = op.partials(*inputs, out, args[-1])
        else:
            partials = op.partials(*inputs, out)
        assert len(partials) == op.arity
        point = {s: sympy.Float(v, 30) for s, v in zip(symbols, inputs)}
        for symbol, partial in zip(symbols, partials):
            expected = float(sympy.diff(expr, symbol).xreplace(point))
            assert partial == pytest.approx(expected, rel=1e-9, abs=1e-12), (op.name, args)


@pytest.mark.parametrize("op", GATES, ids=lambda op: op.name)
def test_every_gate_documents_one_local_gradient_per_input(op):
    assert len(op.local_formulas) == op.arity
    assert op.label and op.formula


@pytest.mark.parametrize("op", [op for op in GATES if op.kink], ids=lambda op: op.name)
def test_gates_with_kinks_name_their_convention(op):
    assert op.convention


def test_docs_ops_page_is_generated_from_the_registry():
    page = Path(__file__).parent.parent / "docs" / "ops.md"
    assert page.read_text(encoding="utf-8") == ops_markdown(), (
        "docs/ops.md is stale: run python -m gradcli.output.opsdoc > docs/ops.md"
    )


@pytest.mark.parametrize(
    "name, args, expected",
    [
        ("relu", (0.0, 0.0), (0.0,)),  # relu'(0) = 0
        ("abs", (0.0, 0.0), (0.0,)),  # |x|'(0) = 0
        ("max", (1.0, 1.0, 1.0), (0.5, 0.5)),  # a tie splits evenly
        ("min", (1.0, 1.0, 1.0), (0.5, 0.5)),
        ("maxc", (2.0, 2.0, 2.0), (0.5,)),
    ],
)
def test_kink_conventions(name, args, expected):
    assert OPS[name].partials(*args) == expected


def test_sigmoid_is_stable_at_large_inputs():
    sigmoid = OPS["sigmoid"].forward
    assert sigmoid(-1000) == 0.0 and sigmoid(1000) == 1.0
    assert math.isclose(sigmoid(-30), math.exp(-30) / (1 + math.exp(-30)), rel_tol=1e-15)


def run_chain(chain, x):
    for step in chain:
        op = OPS[step.op]
        x = op.forward(x, step.c) if op.has_param else op.forward(x)
    return x


@pytest.mark.parametrize("op", [op for op in GATES if op.chain], ids=lambda op: op.name)
def test_a_gate_equals_the_chain_of_lecture_gates_it_declares(op):
    rng = random.Random(op.name)
    for _ in range(20):
        (x,) = random_point(op, rng)
        assert run_chain(op.chain, x) == pytest.approx(op.forward(x), rel=1e-12, abs=1e-12)
    assert all(OPS[step.op].arity == 1 and not OPS[step.op].chain for step in op.chain)
