"""The gates' scalar rules, as small named functions: the op registry (ops.py) points at them.

Forward rules take the inputs (and a folded constant c last); local gradients take
the inputs, the output and c, and return plain numbers, one per input, so that tables,
``explain`` and docs can show them; SymPy forms take the sympy module first and build
the gate's expression for the check. Label rules give a folded gate's label from its
constant's text.
"""

from __future__ import annotations

import math


# --- forward rules and local gradients (named, so tables and docs can show them)


def add(x, y):
    return x + y


def add_partials(x, y, out):
    return (1.0, 1.0)


def sub(x, y):
    return x - y


def sub_partials(x, y, out):
    return (1.0, -1.0)


def mul(x, y):
    return x * y


def mul_partials(x, y, out):
    return (y, x)  # the lecture's "swap multiplier"


def div(x, y):
    return x / y


def div_partials(x, y, out):
    return (1.0 / y, -x / (y * y))


def power(x, y):
    return math.pow(x, y)


def power_partials(x, y, out):
    if x == 0 and y > 0:
        # d/dy 0**y is 0 for y > 0; log(0) would make it look undefined.
        return (y * math.pow(x, y - 1) if y != 1 else 1.0, 0.0)
    return (y * math.pow(x, y - 1), out * math.log(x))


def maximum(x, y):
    return x if x >= y else y


def maximum_partials(x, y, out):
    if x == y:
        return (0.5, 0.5)  # a tie splits the gradient evenly (JAX, autograd, PyTorch)
    return (1.0, 0.0) if x > y else (0.0, 1.0)


def minimum(x, y):
    return x if x <= y else y


def minimum_partials(x, y, out):
    if x == y:
        return (0.5, 0.5)
    return (1.0, 0.0) if x < y else (0.0, 1.0)


def tie(x, y):
    return x == y


def exp_partials(x, out):
    return (out,)


def log_partials(x, out):
    return (1.0 / x,)


def sqrt_partials(x, out):
    return (0.5 / out,)


def sin_partials(x, out):
    return (math.cos(x),)


def cos_partials(x, out):
    return (-math.sin(x),)


def tan_partials(x, out):
    return (1.0 + out * out,)


def tanh_partials(x, out):
    # 1/cosh²(x) = 4z/(1+z)², z = e^(-2|x|), from the input: 1 - tanh² of the rounded
    # output is exactly 0 for |x| > 19 (the truth at 20 is 1.7e-17) and loses digits
    # before that. Tables and explain still show the lecture's 1 - tanh(x)^2.
    z = math.exp(-2.0 * abs(x))
    return (4.0 * z / ((1.0 + z) * (1.0 + z)),)


def sigmoid(x):
    # Two branches so that neither exp(-x) nor exp(x) can overflow.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def sigmoid_partials(x, out):
    # σ(x)σ(-x) = z/(1+z)², z = e^(-|x|), from the input, with relative accuracy:
    # (1 - σ)σ of the rounded output is exactly 0 for x > 36 (σ'(40) is 4.2e-18).
    z = math.exp(-abs(x))
    return (z / ((1.0 + z) * (1.0 + z)),)


def softplus(x):
    # ln(1 + e^x) as max(x, 0) + ln(1 + e^-|x|): e^-|x| <= 1 never overflows, and
    # log1p keeps the digits of a tiny e^-|x| that 1 + e^-|x| would round away.
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def softplus_partials(x, out):
    return (sigmoid(x),)  # from x, not out: 1 - e^-out would cancel for large x


def relu(x):
    return x if x > 0 else 0.0


def relu_partials(x, out):
    return (1.0 if x > 0 else 0.0,)  # relu'(0) = 0


def absolute(x):
    return abs(x)


def abs_partials(x, out):
    return (1.0 if x > 0 else -1.0 if x < 0 else 0.0,)  # |x|'(0) = 0


def at_zero(x):
    return x == 0


def add_const_partials(x, out, c):
    return (1.0,)


def const_minus(x, c):
    return c - x


def const_minus_partials(x, out, c):
    return (-1.0,)


def mul_const_partials(x, out, c):
    return (c,)


def div_const_partials(x, out, c):
    return (1.0 / c,)


def add_const_label(text):
    return text if text.startswith("-") else f"+{text}"  # "t - 3" is the "-3" gate, not "+-3"


def recip_label(text):
    return "1/x" if text == "1" else f"{text}/x"


def recip(x, c):
    return c / x


def recip_partials(x, out, c):
    return (-c / (x * x),)


def pow_const_partials(x, out, c):
    if c == 0:
        return (0.0,)
    if c == 1:
        return (1.0,)
    return (c * math.pow(x, c - 1),)


def const_pow(x, c):
    return math.pow(c, x)


def const_pow_partials(x, out, c):
    if c == 0:
        return (0.0,)  # 0**x is 0 for every x > 0
    return (out * math.log(c),)


def max_const_partials(x, out, c):
    return (0.5 if x == c else 1.0 if x > c else 0.0,)


def min_const_partials(x, out, c):
    return (0.5 if x == c else 1.0 if x < c else 0.0,)


def var_forward():  # pragma: no cover - variables are read, not computed
    raise AssertionError("a variable has no forward rule")


def no_partials(out):
    return ()


def const_value(c):
    return c


def const_partials(out, c):
    return ()


# --- SymPy forms, used by the check (never built from user text)


def sym_add(sp, x, y):
    return x + y


def sym_sub(sp, x, y):
    return x - y


def sym_mul(sp, x, y):
    return x * y


def sym_div(sp, x, y):
    return x / y


def sym_pow(sp, x, y):
    return x**y


def sym_sigmoid(sp, x):
    return 1 / (1 + sp.exp(-x))


def sym_softplus(sp, x):
    return sp.log(1 + sp.exp(x))


def sym_relu(sp, x):
    return sp.Max(0, x)


def sym_const_minus(sp, x, c):
    return c - x


def sym_recip(sp, x, c):
    return c / x


def sym_const_pow(sp, x, c):
    return c**x


def sym_var(sp):  # pragma: no cover - variables become SymPy symbols directly
    raise AssertionError("a variable has no SymPy form")


def sym_const(sp, c):
    return c
