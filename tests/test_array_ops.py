"""Every gate's rules for arrays, from the registry: no new test needed for a new gate.

Elementwise gates: their NumPy forward and local gradients must equal the scalar
rules (checked against SymPy in test_ops_registry.py) entry by entry, with
broadcasting. Array gates (@, dot, T, sum, mean, norm2): their VJP with a random
upstream gradient must equal gᵀ·J computed by SymPy from the gate's SymPy form,
entry by entry, and centered differences of their NumPy forward; the forward
must agree with the SymPy form and the shape rule.
"""

import itertools

import numpy as np
import pytest
import sympy

from gradcli.checks.sympy_oracle import sympy_number
from gradcli.errors import ShapeError
from gradcli.core.ops import OPS

ELEMENTWISE = [op for op in OPS.values() if op.arrays is not None and not op.array_only]
ARRAY_GATES = [op for op in OPS.values() if op.array_only]
CONSTANTS = [-2.0, -1.0, 0.5, 1.0, 2.0, 3.0]
SHAPES = [(3,), (2, 3), (3, 2), (3, 4), (4,)]
AXES = [0.0, 1.0, -1.0]


def test_every_gate_but_var_and_const_takes_arrays():
    assert {op.name for op in OPS.values() if op.arrays is None} == {"var", "const"}
    assert all(op.arrays.vjp is not None and op.arrays.vjp_formulas for op in ARRAY_GATES)
    assert all(op.arrays.local is not None for op in ELEMENTWISE)


def defined_point(op, rng, shapes):
    """Arrays (of ``shapes``) and a constant where the scalar gate and its local gradients
    are defined."""
    for _ in range(1000):
        c = [float(rng.choice(CONSTANTS))] if op.has_param else []
        args = [rng.uniform(-3, 3, size=shape) for shape in shapes]
        try:
            scalar_rules(op, args, c)
        except (ValueError, ZeroDivisionError, OverflowError):
            continue
        return args, c
    raise AssertionError(f"no point found for {op.name}")


def scalar_rules(op, args, c):
    """Forward and local gradients entry by entry with the scalar rules, broadcast."""
    flat = np.broadcast_arrays(*args)
    values, locals_ = np.empty(flat[0].shape), [np.empty(flat[0].shape) for _ in args]
    for index in np.ndindex(flat[0].shape):
        entry = [float(a[index]) for a in flat] + c
        out = op.forward(*entry)
        values[index] = out
        for k, p in enumerate(op.partials(*entry[: op.arity], out, *c)):
            locals_[k][index] = p
        if op.kink is not None and op.kink(*entry):
            raise ValueError("at a kink")
    return values, locals_


@pytest.mark.parametrize("op", ELEMENTWISE, ids=lambda op: op.name)
def test_elementwise_rules_equal_the_scalar_rules_entry_by_entry(op):
    rng = np.random.default_rng(len(op.name))
    layouts = [[(2, 3)]] if op.arity == 1 else [[(2, 3), (2, 3)], [(2, 3), (3,)], [(1,), (2, 3)]]
    for shapes, _ in itertools.product(layouts, range(5)):
        args, c = defined_point(op, rng, shapes)
        values, expected_locals = scalar_rules(op, args, c)
        out = np.asarray(op.arrays.forward(*args, *c))
        np.testing.assert_allclose(out, values, rtol=1e-12, atol=1e-12)
        for local, expected in zip(op.arrays.local(*args, out, *c), expected_locals):
            np.testing.assert_allclose(np.broadcast_to(local, out.shape), expected,
                                       rtol=1e-12, atol=1e-12)


def fitting_shapes(op):
    """Every combination of SHAPES (and axes) that the gate's shape rule accepts."""
    cs = [[c] for c in AXES] if op.has_param else [[]]
    fits = []
    for shapes in itertools.product(SHAPES, repeat=op.arity):
        for c in cs:
            try:
                out = op.arrays.shape(list(shapes), ["x", "y"][: op.arity], *c)
            except ShapeError:
                continue
            fits.append((shapes, c, tuple(out)))
    return fits


def sympy_vjp(op, args, c, g):
    """gᵀ·J from SymPy: each input entry's derivative of sum(g * f), f the gate's SymPy form."""
    symbols = []
    for k, a in enumerate(args):
        entries = np.empty(a.shape, dtype=object)
        for index in np.ndindex(a.shape):
            entries[index] = sympy.Symbol(f"a{k}_{'_'.join(map(str, index))}", real=True)
        symbols.append(entries)
    out = np.asarray(op.sympy_form(sympy, *symbols, *[sympy_number(x) for x in c]), dtype=object)
    loss = sympy.Add(*(sympy.Float(float(w), 30) * e for w, e in zip(np.ravel(g), out.ravel())))
    point = {s: sympy.Float(float(a[i]), 30) for a, syms in zip(args, symbols)
             for i, s in np.ndenumerate(syms)}
    value = np.array([float(e.xreplace(point)) for e in out.ravel()]).reshape(out.shape)
    grads = [np.array([float(sympy.diff(loss, s).xreplace(point)) for s in syms.ravel()])
             .reshape(syms.shape) for syms in symbols]
    return value, grads


def centered_vjp(op, args, c, g, h=1e-6):
    grads = []
    for k, a in enumerate(args):
        grad = np.empty(a.shape)
        for index in np.ndindex(a.shape):
            moved = []
            for step in (h, -h):
                shifted = [x.copy() for x in args]
                shifted[k][index] += step
                moved.append(float((g * op.arrays.forward(*shifted, *c)).sum()))
            grad[index] = (moved[0] - moved[1]) / (2 * h)
        grads.append(grad)
    return grads


@pytest.mark.parametrize("op", ARRAY_GATES, ids=lambda op: op.name)
def test_array_gate_vjp_equals_sympy_and_centered_differences(op):
    fits = fitting_shapes(op)
    assert fits, f"no shape fits {op.name}"
    rng = np.random.default_rng(len(op.name))
    for shapes, c, out_shape in fits:
        args = [rng.uniform(-2, 2, size=shape) for shape in shapes]
        out = np.asarray(op.arrays.forward(*args, *c))
        assert out.shape == out_shape
        g = rng.uniform(-2, 2, size=out_shape)
        vjp = op.arrays.vjp(g, *args, out, *c)
        value, expected = sympy_vjp(op, args, c, g)
        np.testing.assert_allclose(out, value, rtol=1e-12, atol=1e-12)
        numerics = centered_vjp(op, args, c, g)
        for k, (mine, truth, numeric) in enumerate(zip(vjp, expected, numerics)):
            assert np.shape(mine) == shapes[k]
            np.testing.assert_allclose(mine, truth, rtol=1e-10, atol=1e-12)
            np.testing.assert_allclose(mine, numeric, rtol=1e-6, atol=1e-7)


def test_matmul_shape_rule_names_both_shapes():
    with pytest.raises(ShapeError, match="W is 2×2 and x is 3: the number of columns of W "
                                         r"\(2\) must equal the length of x \(3\)"):
        OPS["matmul"].arrays.shape([(2, 2), (3,)], ["W", "x"])


def test_matmul_rejects_scalars_and_tensors():
    with pytest.raises(ShapeError, match="but x is a scalar; use \\* to multiply by a number"):
        OPS["matmul"].arrays.shape([(2, 2), ()], ["W", "x"])
    with pytest.raises(ShapeError, match="but T is 2×2×2"):
        OPS["matmul"].arrays.shape([(2, 2, 2), (2,)], ["T", "x"])
