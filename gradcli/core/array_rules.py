"""The gates' rules for vector and matrix values (NumPy), as small named functions.

The op registry (ops.py) points at these from each record's ``ArrayRules``.
Two kinds of gate:

* elementwise gates (``+ - * / **``, ``exp``, ``relu``, ``max`` ...) broadcast as
  NumPy does. Their local gradient is the diagonal of their Jacobian, an array
  like the value; the VJP is ``upstream * local``, summed over broadcast axes
  (the tensor engine does that sum, ``unbroadcast``);
* array gates (``@``, ``sum``, ``T`` ...) have a VJP rule of their own, which
  never builds the Jacobian (a 4096x4096 ReLU Jacobian is diagonal; a matmul's
  would take gigabytes).

Every rule function takes NumPy arrays and returns arrays. NumPy is imported on
first use, so that importing the registry costs nothing.
"""

from __future__ import annotations

from ..errors import ShapeError


def numpy():
    import numpy  # after the first call, a dictionary look-up in sys.modules

    return numpy


# --- elementwise forward rules where the scalar ones (math.*) do not take arrays


def exp(x):
    return numpy().exp(x)


def log(x):
    return numpy().log(x)


def sqrt(x):
    return numpy().sqrt(x)


def sin(x):
    return numpy().sin(x)


def cos(x):
    return numpy().cos(x)


def tan(x):
    return numpy().tan(x)


def tanh(x):
    return numpy().tanh(x)


def sigmoid(x):
    np = numpy()
    z = np.exp(-np.abs(x))  # never overflows, as the scalar rule's two branches
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def softplus(x):
    return numpy().logaddexp(0.0, x)  # ln(e^0 + e^x), never overflowing


def relu(x):
    return numpy().where(x > 0, x, 0.0)


def absolute(x):
    return numpy().abs(x)


def power(x, y):
    return numpy().power(x, y)


def maximum(x, y):
    return numpy().where(x >= y, x, y)


def minimum(x, y):
    return numpy().where(x <= y, x, y)


def const_pow(x, c):
    return numpy().power(c, x)


# --- elementwise local gradients (the Jacobian's diagonal), same conventions as
# the scalar rules: relu'(0) = 0, |x|'(0) = 0, a tie of max/min splits evenly


def sin_local(x, out):
    return (numpy().cos(x),)


def cos_local(x, out):
    return (-numpy().sin(x),)


def tanh_local(x, out):
    np = numpy()
    z = np.exp(-2.0 * np.abs(x))  # as the scalar rule: 1/cosh² from the input
    return (4.0 * z / ((1.0 + z) * (1.0 + z)),)


def sigmoid_local(x, out):
    np = numpy()
    z = np.exp(-np.abs(x))  # as the scalar rule: σ(x)σ(-x) from the input
    return (z / ((1.0 + z) * (1.0 + z)),)


def softplus_local(x, out):
    return (sigmoid(x),)


def relu_local(x, out):
    return (numpy().where(x > 0, 1.0, 0.0),)


def abs_local(x, out):
    return (numpy().sign(x) + 0.0,)  # + 0.0 turns sign(-0.0) = -0.0 into 0


def power_local(x, y, out):
    np = numpy()
    dx = y * np.power(x, y - 1)
    # d/dy 0**y is 0 for y > 0; log(0) would make it look undefined.
    dy = np.where((x == 0) & (y > 0), 0.0, out * np.log(np.where(x == 0, 1.0, x)))
    return (dx, dy)


def _router(first_wins, tie):
    np = numpy()
    return np.where(tie, 0.5, np.where(first_wins, 1.0, 0.0))


def maximum_local(x, y, out):
    return (_router(x > y, x == y), _router(y > x, x == y))


def minimum_local(x, y, out):
    return (_router(x < y, x == y), _router(y < x, x == y))


def pow_const_local(x, out, c):
    if c == 0:
        return (0.0,)
    if c == 1:
        return (1.0,)
    return (c * numpy().power(x, c - 1),)


def max_const_local(x, out, c):
    return (_router(x > c, x == c),)


def min_const_local(x, out, c):
    return (_router(x < c, x == c),)


# --- array gates: forward, shape rule, VJP
#
# A shape rule takes the inputs' shapes and names (and the constant) and returns
# the output's shape, or raises ShapeError saying which shapes do not fit.


def shape_text(shape: tuple) -> str:
    """2×3 for a matrix, 3 for a vector, scalar for a scalar."""
    return "×".join(map(str, shape)) if shape else "scalar"


def _is(name: str, shape: tuple) -> str:
    return f"{name} is a scalar" if not shape else f"{name} is {shape_text(shape)}"


def broadcast_shape(shapes, names, *c):
    """NumPy's broadcasting: sizes agree from the right, or one of them is 1."""
    np = numpy()
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        raise ShapeError(f"{_is(names[0], shapes[0])} and {_is(names[1], shapes[1])}: "
                         "elementwise gates need equal sizes (or a size 1, or a scalar) "
                         "in each dimension, counted from the right") from None


def matmul(x, y):
    return x @ y


def matmul_shape(shapes, names):
    (a, b), (x, y) = shapes, names
    for shape, name in ((a, x), (b, y)):
        if len(shape) not in (1, 2):
            use = "; use * to multiply by a number" if not shape else ""
            raise ShapeError(f"@ multiplies vectors and matrices, but {_is(name, shape)}{use}")
    if a[-1] != b[0]:
        raise ShapeError(f"{_is(x, a)} and {_is(y, b)}: the {_inner(x, a)} must "
                         f"equal the {_inner(y, b, first=True)}")
    return a[:-1] + b[1:]


def _inner(name: str, shape: tuple, first: bool = False) -> str:
    if len(shape) == 1:
        return f"length of {name} ({shape[0]})"
    size = shape[0] if first else shape[1]
    return f"number of {'rows' if first else 'columns'} of {name} ({size})"


def matmul_vjp(g, x, y, out):
    """y = x @ w: dL/dx = dL/dy · wᵀ, dL/dw = xᵀ · dL/dy (a vector is a row on the left
    of @ and a column on its right, as in NumPy)."""
    x2 = x.reshape(1, -1) if x.ndim == 1 else x
    y2 = y.reshape(-1, 1) if y.ndim == 1 else y
    g2 = g.reshape(x2.shape[0], y2.shape[1])
    return ((g2 @ y2.T).reshape(x.shape), (x2.T @ g2).reshape(y.shape))


def matmul_vjp_shapes(shapes, k: int) -> str:
    """The shapes of dL/dx = dL/dy · wᵀ (k = 0) or dL/dw = xᵀ · dL/dy (k = 1), a vector
    being a row on the left of @ and a column on its right, as in NumPy."""
    a, b = shapes
    rows_a = (1, a[0]) if len(a) == 1 else a
    rows_b = (b[0], 1) if len(b) == 1 else b
    g = (rows_a[0], rows_b[1])
    if k == 0:
        left, right, made, shape = g, rows_b[::-1], rows_a, a
    else:
        left, right, made, shape = rows_a[::-1], g, rows_b, b
    text = f"shapes {shape_text(left)} · {shape_text(right)} → {shape_text(made)}"
    if tuple(made) != tuple(shape):
        text += f", a vector of {shape[0]}"
    return text


def matmul_cost(out, x, y):
    """Each output entry is a sum of x.shape[-1] products: a multiply and an add each."""
    return 2 * out.size * x.shape[-1]


def dot(x, y):
    return (x * y).sum()


def dot_shape(shapes, names):
    (a, b), (x, y) = shapes, names
    if len(a) != 1 or len(b) != 1 or a != b:
        raise ShapeError(f"dot({x}, {y}) takes two vectors of the same length, but "
                         f"{_is(x, a)} and {_is(y, b)}; use @ for matrices")
    return ()


def dot_vjp(g, x, y, out):
    return (g * y, g * x)


def transpose(x):
    return x.T


def transpose_shape(shapes, names):
    return shapes[0][::-1]


def transpose_vjp(g, x, out):
    return (g.T,)


def total(x):
    return x.sum()


def scalar_shape(shapes, names):
    return ()


def total_vjp(g, x, out):
    return (numpy().broadcast_to(g, x.shape),)


def axis_shape(shapes, names, c):
    shape, name = shapes[0], names[0]
    axis = int(c)
    if not -len(shape) <= axis < len(shape):
        raise ShapeError(f"axis {axis} is out of range: {_is(name, shape)}, "
                         f"whose axes are 0 to {len(shape) - 1}" if shape else
                         f"axis {axis} is out of range: {name} is a scalar, with no axes")
    return shape[:axis % len(shape)] + shape[axis % len(shape) + 1:]


def total_axis(x, c):
    return x.sum(axis=int(c))


def total_axis_vjp(g, x, out, c):
    np = numpy()
    return (np.broadcast_to(np.expand_dims(g, int(c)), x.shape),)


def mean(x):
    return x.mean()


def mean_vjp(g, x, out):
    return (numpy().broadcast_to(g / x.size, x.shape),)


def mean_axis(x, c):
    return x.mean(axis=int(c))


def mean_axis_vjp(g, x, out, c):
    np = numpy()
    axis = int(c)
    return (np.broadcast_to(np.expand_dims(g / x.shape[axis], axis), x.shape),)


def norm2(x):
    return (x * x).sum()


def norm2_vjp(g, x, out):
    return (2.0 * x * g,)


# --- SymPy forms of the array gates, on NumPy arrays of SymPy expressions (one per
# entry): the check's oracle differentiates them entry by entry


def sym_matmul(sp, x, y):
    return x @ y


def sym_dot(sp, x, y):
    return sp.Add(*(x * y).ravel())


def sym_transpose(sp, x):
    return x.T


def sym_total(sp, x):
    return sp.Add(*x.ravel())


def sym_total_axis(sp, x, c):
    return x.sum(axis=int(c))


def sym_mean(sp, x):
    return sp.Add(*x.ravel()) / x.size


def sym_mean_axis(sp, x, c):
    return x.sum(axis=int(c)) / x.shape[int(c)]


def sym_norm2(sp, x):
    # ravel() of NumPy: for a scalar (a 0-d array) x * x is a SymPy number, not an array
    return sp.Add(*numpy().ravel(x * x))
