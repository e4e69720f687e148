"""The op registry: one record per gate, the single place where a gate is defined.

Each record has the gate's forward rule, its local gradient(s) (one per input,
as plain numbers computed by a small named function), its SymPy form for the
check, its display label and its conventions at kinks and domain edges. The
parser, graph builder, engine, SymPy check, docs (docs/ops.md) and the
registry-driven tests all read this table, so a new gate is added here only.

Gates with a ``param`` are the lecture's constant-folded unary gates: ``1 + t``
is the ``+1`` gate (``addc`` with c = 1), ``-t`` the ``*-1`` gate (``mulc``).
Their forward and partial rules take the constant as the last argument.

Each gate's ``arrays`` record holds its rules for vector and matrix values
(NumPy, in array_rules.py): elementwise gates broadcast and give a local
gradient per entry; array gates (``@``, ``sum``, ``T``, ...; ``array_only``)
have a vector-Jacobian product (VJP) rule of their own and no scalar rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from . import array_rules as ar
from . import recipes as rc
from .numfmt import format_number
from .recipes import Step


# What the math library raises where a gate is undefined at the point.
MATH_FAILURES = (ValueError, ZeroDivisionError, OverflowError)


def failure_words(exc: Exception) -> str:
    """How a math failure reads in a message: "overflows float64", ..."""
    if isinstance(exc, OverflowError):
        return "overflows float64"
    if isinstance(exc, ZeroDivisionError):
        return "divides by zero"
    return "is undefined"


@dataclass(frozen=True)
class ArrayRules:
    """A gate's rules for NumPy arrays.

    Elementwise gates give ``local`` (inputs..., out, [c]) -> one local gradient per
    input (arrays, or numbers that broadcast); their VJP is upstream * local summed
    over broadcast axes. Array gates give ``vjp`` (upstream, inputs..., out, [c]) ->
    one gradient per input, each of its input's shape, and ``shape`` (input shapes,
    input names, [c]) -> the output's shape (ShapeError when they do not fit).
    """

    forward: Callable[..., object]
    local: Callable[..., tuple] | None = None
    vjp: Callable[..., tuple] | None = None
    shape: Callable[..., tuple] | None = None  # None: NumPy broadcasting of the inputs
    vjp_formulas: tuple[str, ...] = ()  # array gates: the VJP per input, g the upstream
    # (out, inputs...) -> how many scalar gates the gate is, written out entry by entry
    # (the SymPy check's cost); None: one per entry of the largest of out and inputs.
    cost: Callable[..., int] | None = None
    # (input shapes, k) -> how the shapes of input k's VJP fit, for explain ("shapes
    # 2×3 · 3×1 → 2×1"); None: nothing to say.
    vjp_shapes: Callable[[list, int], str] | None = None


@dataclass(frozen=True)
class Op:
    name: str  # short lowercase noun, the key used everywhere
    arity: int  # number of node inputs (a folded constant is not an input)
    label: str  # the gate as the lecture draws it; "{c}" stands for the constant
    forward: Callable[..., float]  # (inputs..., [c]) -> value
    partials: Callable[..., tuple]  # (inputs..., out, [c]) -> one local gradient per input
    # The SymPy form: the name of a SymPy function applied to the inputs (and c),
    # or (sympy module, inputs..., [c]) -> SymPy expression.
    sympy: str | Callable[..., object]
    formula: str  # the gate as a formula of x (and y, c)
    local_formulas: tuple[str, ...]  # local gradient per input, as formulas
    has_param: bool = False
    kink: Callable[..., bool] | None = None  # (inputs..., [c]) -> at a non-differentiable point?
    convention: str = ""  # what gradcli does at the kink
    domain: str = ""  # where the gate is defined, named in math errors
    pattern: str = ""  # the lecture's name for how the gate routes gradients
    # The gate in LaTeX, for write-ups: $x and $y stand for the inputs, $c for the
    # folded constant (string.Template placeholders, so LaTeX's braces need no escaping).
    tex: str = ""
    # The names that call the gate: in plain text (``ln(x)``; an array gate's names
    # stay free as variables), and as LaTeX commands (``\sigma(x)``); any plain name
    # reads in LaTeX as \operatorname{name}. tex_braces: the command takes its
    # argument as TeX does, \sqrt{x} or \sqrt x, never in parentheses.
    calls: tuple[str, ...] = ()
    tex_commands: tuple[str, ...] = ()
    tex_braces: bool = False
    arrays: ArrayRules | None = None  # the rules for vector and matrix values
    array_only: bool = False  # an array gate: forward is NumPy's, no scalar partials
    # How --expand writes the gate with the lecture's gates (recipes.py): a chain of
    # one-input gates it is (--fuse finds that chain again), or a recipe function.
    chain: tuple[Step, ...] = ()
    expand: Callable[..., int | None] | None = None
    # The label from the constant's text, where "{c}" in ``label`` would read wrong.
    label_rule: Callable[[str], str] | None = None
    # A power: the positions of base and exponent among (inputs..., c), so that exact
    # mode can refuse a rational power too large to compute.
    power_of: tuple[int, int] | None = None

    def sympy_form(self, sp, *args):
        if isinstance(self.sympy, str):
            return getattr(sp, self.sympy)(*args)
        return self.sympy(sp, *args)

    def gate_label(self, c: float | None = None, c_text: str | None = None) -> str:
        if not self.has_param:
            return self.label
        text = c_text if c_text is not None else format_number(c)
        if self.label_rule is not None:
            return self.label_rule(text)
        return self.label.replace("{c}", text)


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


_TIE = "a tie splits the gradient evenly (0.5 to each side)"

A = ArrayRules  # short, for the table below

OPS: dict[str, Op] = {
    op.name: op
    for op in [
        Op("var", 0, "var", var_forward, no_partials, sym_var, "x", ()),
        # only when a whole expression is constant: elsewhere constants fold into gates
        Op("const", 0, "{c}", const_value, const_partials, sym_const, "c", (), has_param=True,
           tex="$c"),
        # two node inputs
        Op("add", 2, "+", add, add_partials, sym_add, "x + y", ("1", "1"),
           pattern="gradient distributor", tex="$x + $y", arrays=A(add, add_partials)),
        Op("sub", 2, "-", sub, sub_partials, sym_sub, "x - y", ("1", "-1"), tex="$x - $y",
           arrays=A(sub, sub_partials), expand=rc.sub_as_sum),
        Op("mul", 2, "*", mul, mul_partials, sym_mul, "x * y", ("y", "x"),
           pattern="swap multiplier", tex=r"$x \cdot $y", arrays=A(mul, mul_partials)),
        Op("div", 2, "/", div, div_partials, sym_div, "x / y", ("1/y", "-x/y^2"),
           domain="y != 0", tex=r"\frac{$x}{$y}", arrays=A(div, div_partials),
           expand=rc.div_as_product),
        Op("pow", 2, "**", power, power_partials, sym_pow, "x ** y",
           ("y*x^(y-1)", "x^y*ln(x)"),
           domain="x > 0, or x = 0 with y > 0 (a real power with a variable exponent)",
           tex="$x^{$y}", arrays=A(ar.power, ar.power_local), expand=rc.pow_as_exp,
           power_of=(0, 1), calls=("pow",)),
        Op("max", 2, "max", maximum, maximum_partials, "Max", "max(x, y)",
           ("1 if x > y else 0", "1 if y > x else 0"),
           kink=tie, convention=_TIE, pattern="gradient router", tex=r"\max($x, $y)",
           arrays=A(ar.maximum, ar.maximum_local),
           calls=("max",), tex_commands=("max",)),
        Op("min", 2, "min", minimum, minimum_partials, "Min", "min(x, y)",
           ("1 if x < y else 0", "1 if y < x else 0"),
           kink=tie, convention=_TIE, pattern="gradient router", tex=r"\min($x, $y)",
           arrays=A(ar.minimum, ar.minimum_local),
           calls=("min",), tex_commands=("min",)),
        # one input: the lecture's table of simple local gradients
        Op("exp", 1, "exp", math.exp, exp_partials, "exp", "e^x", ("e^x",), tex="e^{$x}",
           arrays=A(ar.exp, exp_partials),
           calls=("exp",), tex_commands=("exp",)),
        Op("log", 1, "log", math.log, log_partials, "log", "ln(x)", ("1/x",),
           domain="x > 0", tex=r"\ln($x)", arrays=A(ar.log, log_partials),
           calls=("log", "ln"), tex_commands=("log", "ln")),
        Op("sqrt", 1, "sqrt", math.sqrt, sqrt_partials, "sqrt", "sqrt(x)",
           ("1/(2*sqrt(x))",), domain="x >= 0 (and x > 0 for its gradient)",
           tex=r"\sqrt{$x}", arrays=A(ar.sqrt, sqrt_partials), expand=rc.sqrt_as_exp,
           calls=("sqrt",), tex_commands=("sqrt",), tex_braces=True),
        Op("sin", 1, "sin", math.sin, sin_partials, "sin", "sin(x)", ("cos(x)",),
           tex=r"\sin($x)", arrays=A(ar.sin, ar.sin_local),
           calls=("sin",), tex_commands=("sin",)),
        Op("cos", 1, "cos", math.cos, cos_partials, "cos", "cos(x)", ("-sin(x)",),
           tex=r"\cos($x)", arrays=A(ar.cos, ar.cos_local),
           calls=("cos",), tex_commands=("cos",)),
        Op("tan", 1, "tan", math.tan, tan_partials, "tan", "tan(x)", ("1 + tan(x)^2",),
           tex=r"\tan($x)", arrays=A(ar.tan, tan_partials),
           calls=("tan",), tex_commands=("tan",)),
        Op("tanh", 1, "tanh", math.tanh, tanh_partials, "tanh", "tanh(x)",
           ("1 - tanh(x)^2",), tex=r"\tanh($x)", arrays=A(ar.tanh, ar.tanh_local),
           chain=rc.TANH_CHAIN,
           calls=("tanh",), tex_commands=("tanh",)),
        Op("sigmoid", 1, "sigmoid", sigmoid, sigmoid_partials, sym_sigmoid,
           "1/(1 + e^-x)", ("(1 - sigmoid(x))*sigmoid(x)",), tex=r"\sigma($x)",
           arrays=A(ar.sigmoid, ar.sigmoid_local), chain=rc.SIGMOID_CHAIN,
           calls=("sigmoid",), tex_commands=("sigma",)),
        Op("softplus", 1, "softplus", softplus, softplus_partials, sym_softplus,
           "ln(1 + e^x)", ("sigmoid(x)",), tex=r"\operatorname{softplus}($x)",
           arrays=A(ar.softplus, ar.softplus_local), chain=rc.SOFTPLUS_CHAIN,
           calls=("softplus",)),
        Op("relu", 1, "relu", relu, relu_partials, sym_relu, "max(0, x)",
           ("1 if x > 0 else 0",), kink=at_zero, convention="relu'(0) = 0",
           pattern="gradient router", tex=r"\max(0, $x)", arrays=A(ar.relu, ar.relu_local),
           calls=("relu",)),
        Op("abs", 1, "abs", absolute, abs_partials, "Abs", "|x|", ("sign(x)",),
           kink=at_zero, convention="|x|'(0) = 0", tex=r"\lvert $x \rvert",
           arrays=A(ar.absolute, ar.abs_local),
           calls=("abs",)),
        # one input and a folded constant c
        Op("addc", 1, "+{c}", add, add_const_partials, sym_add, "c + x",
           ("1",), has_param=True, pattern="gradient distributor", tex="$c + $x",
           arrays=A(add, add_const_partials), label_rule=add_const_label),
        Op("rsubc", 1, "{c}-x", const_minus, const_minus_partials, sym_const_minus,
           "c - x", ("-1",), has_param=True, tex="$c - $x",
           arrays=A(const_minus, const_minus_partials), expand=rc.rsubc_as_sum),
        Op("mulc", 1, "*{c}", mul, mul_const_partials, sym_mul, "c * x",
           ("c",), has_param=True, tex=r"$c \cdot $x", arrays=A(mul, mul_const_partials)),
        Op("divc", 1, "/{c}", div, div_const_partials, sym_div, "x / c",
           ("1/c",), has_param=True, tex=r"\frac{$x}{$c}", arrays=A(div, div_const_partials),
           expand=rc.divc_as_product),
        Op("recip", 1, "{c}/x", recip, recip_partials, sym_recip, "c / x",
           ("-c/x^2",), has_param=True, domain="x != 0", tex=r"\frac{$c}{$x}",
           arrays=A(recip, recip_partials), expand=rc.recip_as_product, label_rule=recip_label),
        Op("powc", 1, "^{c}", power, pow_const_partials, sym_pow, "x ^ c",
           ("c*x^(c-1)",), has_param=True,
           domain="x > 0 for a fractional c; x != 0 for c < 0 (and for the gradient of c < 1)",
           tex="$x^{$c}", arrays=A(ar.power, ar.pow_const_local), expand=rc.powc_as_product,
           power_of=(0, 1)),
        Op("cpow", 1, "{c}^x", const_pow, const_pow_partials, sym_const_pow, "c ^ x",
           ("c^x*ln(c)",), has_param=True, domain="c > 0, or c = 0 with x > 0",
           tex="$c^{$x}", arrays=A(ar.const_pow, const_pow_partials), expand=rc.cpow_as_exp,
           power_of=(1, 0)),
        Op("maxc", 1, "max(x,{c})", maximum, max_const_partials, "Max",
           "max(x, c)", ("1 if x > c else 0",), has_param=True, kink=tie,
           convention=_TIE, pattern="gradient router", tex=r"\max($x, $c)",
           arrays=A(ar.maximum, ar.max_const_local)),
        Op("minc", 1, "min(x,{c})", minimum, min_const_partials, "Min",
           "min(x, c)", ("1 if x < c else 0",), has_param=True, kink=tie,
           convention=_TIE, pattern="gradient router", tex=r"\min($x, $c)",
           arrays=A(ar.minimum, ar.min_const_local)),
        # array gates: vectors and matrices in, a VJP rule out (never a Jacobian)
        Op("matmul", 2, "@", ar.matmul, None, ar.sym_matmul, "x @ y",
           ("VJP g · yᵀ", "VJP xᵀ · g"),
           tex="$x $y", array_only=True,
           arrays=A(ar.matmul, vjp=ar.matmul_vjp, shape=ar.matmul_shape,
                    vjp_formulas=("g · yᵀ", "xᵀ · g"), cost=ar.matmul_cost,
                    vjp_shapes=ar.matmul_vjp_shapes)),
        Op("dot", 2, "dot", ar.dot, None, ar.sym_dot, "dot(x, y)", ("y", "x"),
           tex=r"$x \cdot $y", array_only=True, expand=rc.dot_as_sum,
           arrays=A(ar.dot, vjp=ar.dot_vjp, shape=ar.dot_shape,
                    vjp_formulas=("g * y", "g * x")),
           calls=("dot",)),
        Op("transpose", 1, "T", ar.transpose, None, ar.sym_transpose, "T(x)",
           ("VJP gᵀ",), tex="{$x}^{\\top}", array_only=True,
           arrays=A(ar.transpose, vjp=ar.transpose_vjp, shape=ar.transpose_shape,
                    vjp_formulas=("gᵀ",)),
           calls=("T",)),
        Op("sum", 1, "sum", ar.total, None, ar.sym_total, "sum(x)", ("1 (each entry)",),
           tex=r"\textstyle\sum $x", array_only=True, pattern="gradient distributor",
           arrays=A(ar.total, vjp=ar.total_vjp, shape=ar.scalar_shape,
                    vjp_formulas=("g copied to every entry of x",)),
           calls=("sum",)),
        Op("sum_axis", 1, "sum axis {c}", ar.total_axis, None, ar.sym_total_axis,
           "sum(x, c)", ("1 (each entry)",), has_param=True, array_only=True,
           pattern="gradient distributor", tex=r"\textstyle\sum_{\text{axis } $c} $x",
           arrays=A(ar.total_axis, vjp=ar.total_axis_vjp, shape=ar.axis_shape,
                    vjp_formulas=("g copied along axis c",))),
        Op("mean", 1, "mean", ar.mean, None, ar.sym_mean, "mean(x)", ("1/n (each entry)",),
           tex=r"\operatorname{mean}($x)", array_only=True,
           arrays=A(ar.mean, vjp=ar.mean_vjp, shape=ar.scalar_shape,
                    vjp_formulas=("g / n copied to each of the n entries of x",)),
           calls=("mean",)),
        Op("mean_axis", 1, "mean axis {c}", ar.mean_axis, None, ar.sym_mean_axis,
           "mean(x, c)", ("1/n (each entry)",), has_param=True, array_only=True,
           tex=r"\operatorname{mean}_{\text{axis } $c}($x)",
           arrays=A(ar.mean_axis, vjp=ar.mean_axis_vjp, shape=ar.axis_shape,
                    vjp_formulas=("g / n copied along axis c of length n",))),
        Op("norm2", 1, "norm2", ar.norm2, None, ar.sym_norm2, "norm2(x)", ("2x",),
           tex=r"\lVert $x \rVert^2", array_only=True, expand=rc.norm2_as_sum,
           arrays=A(ar.norm2, vjp=ar.norm2_vjp, shape=ar.scalar_shape,
                    vjp_formulas=("2 * x * g",)),
           calls=("norm2",)),
    ]
}

# The lecture's name for a node whose value feeds several gates (a copy gate):
# the gradients arriving from its branches add up.
FANOUT_PATTERN = "gradient adder"

# Function names of the grammar and the op each one makes (reserved: never a variable).
FUNCTIONS: dict[str, str] = {
    call: op.name for op in OPS.values() if not op.array_only for call in op.calls
}

# Function names of the array gates. Unlike the names above they are not reserved:
# only a call (``sum(...)``) is the function, so ``T`` or ``sum`` alone stays a variable.
ARRAY_FUNCTIONS: dict[str, str] = {
    call: op.name for op in OPS.values() if op.array_only for call in op.calls
}

# Every call the grammar knows: function name -> op.
CALLS: dict[str, str] = {**FUNCTIONS, **ARRAY_FUNCTIONS}

# sum(A, 0), mean(A, -1): with a second argument (an integer literal, the axis)
# a reduction becomes its per-axis gate, the axis folded in as its constant.
AXIS_VARIANTS: dict[str, str] = {"sum": "sum_axis", "mean": "mean_axis"}

# Binary op with one constant operand -> folded unary gate, by the constant's side.
# (op, side of the constant) -> op with the constant as param.
FOLD_CONSTANT: dict[tuple[str, int], str] = {
    ("add", 0): "addc", ("add", 1): "addc",
    ("sub", 0): "rsubc",  # "t - c" becomes addc with -c, see graph.py
    ("mul", 0): "mulc", ("mul", 1): "mulc",
    ("div", 0): "recip", ("div", 1): "divc",
    ("pow", 0): "cpow", ("pow", 1): "powc",
    ("max", 0): "maxc", ("max", 1): "maxc",
    ("min", 0): "minc", ("min", 1): "minc",
}

# Constant names of the grammar (unless the user gives them a value).
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
