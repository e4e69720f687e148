"""The op registry: one record per gate, the single place where a gate is defined.

Each record has the gate's forward rule, its local gradient(s) (one per input,
as plain numbers computed by a small named function in rules.py), its SymPy form for the
check, its display label and its conventions at kinks and domain edges, and
whatever else a layer needs to know about that gate: its names in plain text and
LaTeX, how ``--expand`` writes it with the lecture's gates (recipes.py; ``--fuse``
reads the same chains), whether exact mode must treat it as a power, its cost for
the SymPy check. The parsers, graph builder, rewrites, engines, checks, docs
(docs/ops.md) and the registry-driven tests all read this table, so a new gate is
added here (with its rule functions) only.

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
from . import rules as sr
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
    tex_delimiters: tuple[str, str] | None = None  # a gate written \lvert x \rvert
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


_TIE = "a tie splits the gradient evenly (0.5 to each side)"

A = ArrayRules  # short, for the table below

OPS: dict[str, Op] = {
    op.name: op
    for op in [
        Op("var", 0, "var", sr.var_forward, sr.no_partials, sr.sym_var, "x", ()),
        # only when a whole expression is constant: elsewhere constants fold into gates
        Op("const", 0, "{c}", sr.const_value, sr.const_partials, sr.sym_const, "c", (),
           has_param=True, tex="$c"),
        # two node inputs
        Op("add", 2, "+", sr.add, sr.add_partials, sr.sym_add, "x + y", ("1", "1"),
           pattern="gradient distributor", tex="$x + $y", arrays=A(sr.add, sr.add_partials)),
        Op("sub", 2, "-", sr.sub, sr.sub_partials, sr.sym_sub, "x - y", ("1", "-1"), tex="$x - $y",
           arrays=A(sr.sub, sr.sub_partials), expand=rc.sub_as_sum),
        Op("mul", 2, "*", sr.mul, sr.mul_partials, sr.sym_mul, "x * y", ("y", "x"),
           pattern="swap multiplier", tex=r"$x \cdot $y", arrays=A(sr.mul, sr.mul_partials)),
        Op("div", 2, "/", sr.div, sr.div_partials, sr.sym_div, "x / y", ("1/y", "-x/y^2"),
           domain="y != 0", tex=r"\frac{$x}{$y}", arrays=A(sr.div, sr.div_partials),
           expand=rc.div_as_product),
        Op("pow", 2, "**", sr.power, sr.power_partials, sr.sym_pow, "x ** y",
           ("y*x^(y-1)", "x^y*ln(x)"),
           domain="x > 0, or x = 0 with y > 0 (a real power with a variable exponent)",
           tex="$x^{$y}", arrays=A(ar.power, ar.power_local), expand=rc.pow_as_exp,
           power_of=(0, 1), calls=("pow",)),
        Op("max", 2, "max", sr.maximum, sr.maximum_partials, "Max", "max(x, y)",
           ("1 if x > y else 0", "1 if y > x else 0"),
           kink=sr.tie, convention=_TIE, pattern="gradient router", tex=r"\max($x, $y)",
           arrays=A(ar.maximum, ar.maximum_local),
           calls=("max",), tex_commands=("max",)),
        Op("min", 2, "min", sr.minimum, sr.minimum_partials, "Min", "min(x, y)",
           ("1 if x < y else 0", "1 if y < x else 0"),
           kink=sr.tie, convention=_TIE, pattern="gradient router", tex=r"\min($x, $y)",
           arrays=A(ar.minimum, ar.minimum_local),
           calls=("min",), tex_commands=("min",)),
        # one input: the lecture's table of simple local gradients
        Op("exp", 1, "exp", math.exp, sr.exp_partials, "exp", "e^x", ("e^x",), tex="e^{$x}",
           arrays=A(ar.exp, sr.exp_partials),
           calls=("exp",), tex_commands=("exp",)),
        Op("log", 1, "log", math.log, sr.log_partials, "log", "ln(x)", ("1/x",),
           domain="x > 0", tex=r"\ln($x)", arrays=A(ar.log, sr.log_partials),
           calls=("log", "ln"), tex_commands=("log", "ln")),
        Op("sqrt", 1, "sqrt", math.sqrt, sr.sqrt_partials, "sqrt", "sqrt(x)",
           ("1/(2*sqrt(x))",), domain="x >= 0 (and x > 0 for its gradient)",
           tex=r"\sqrt{$x}", arrays=A(ar.sqrt, sr.sqrt_partials), expand=rc.sqrt_as_exp,
           calls=("sqrt",), tex_commands=("sqrt",), tex_braces=True),
        Op("sin", 1, "sin", math.sin, sr.sin_partials, "sin", "sin(x)", ("cos(x)",),
           tex=r"\sin($x)", arrays=A(ar.sin, ar.sin_local),
           calls=("sin",), tex_commands=("sin",)),
        Op("cos", 1, "cos", math.cos, sr.cos_partials, "cos", "cos(x)", ("-sin(x)",),
           tex=r"\cos($x)", arrays=A(ar.cos, ar.cos_local),
           calls=("cos",), tex_commands=("cos",)),
        Op("tan", 1, "tan", math.tan, sr.tan_partials, "tan", "tan(x)", ("1 + tan(x)^2",),
           tex=r"\tan($x)", arrays=A(ar.tan, sr.tan_partials),
           calls=("tan",), tex_commands=("tan",)),
        Op("tanh", 1, "tanh", math.tanh, sr.tanh_partials, "tanh", "tanh(x)",
           ("1 - tanh(x)^2",), tex=r"\tanh($x)", arrays=A(ar.tanh, ar.tanh_local),
           chain=rc.TANH_CHAIN,
           calls=("tanh",), tex_commands=("tanh",)),
        Op("sigmoid", 1, "sigmoid", sr.sigmoid, sr.sigmoid_partials, sr.sym_sigmoid,
           "1/(1 + e^-x)", ("(1 - sigmoid(x))*sigmoid(x)",), tex=r"\sigma($x)",
           arrays=A(ar.sigmoid, ar.sigmoid_local), chain=rc.SIGMOID_CHAIN,
           calls=("sigmoid",), tex_commands=("sigma",)),
        Op("softplus", 1, "softplus", sr.softplus, sr.softplus_partials, sr.sym_softplus,
           "ln(1 + e^x)", ("sigmoid(x)",), tex=r"\operatorname{softplus}($x)",
           arrays=A(ar.softplus, ar.softplus_local), chain=rc.SOFTPLUS_CHAIN,
           calls=("softplus",)),
        Op("relu", 1, "relu", sr.relu, sr.relu_partials, sr.sym_relu, "max(0, x)",
           ("1 if x > 0 else 0",), kink=sr.at_zero, convention="relu'(0) = 0",
           pattern="gradient router", tex=r"\max(0, $x)", arrays=A(ar.relu, ar.relu_local),
           calls=("relu",)),
        Op("abs", 1, "abs", sr.absolute, sr.abs_partials, "Abs", "|x|", ("sign(x)",),
           kink=sr.at_zero, convention="|x|'(0) = 0", tex=r"\lvert $x \rvert",
           arrays=A(ar.absolute, ar.abs_local),
           calls=("abs",), tex_delimiters=("lvert", "rvert")),
        # one input and a folded constant c
        Op("addc", 1, "+{c}", sr.add, sr.add_const_partials, sr.sym_add, "c + x",
           ("1",), has_param=True, pattern="gradient distributor", tex="$c + $x",
           arrays=A(sr.add, sr.add_const_partials), label_rule=sr.add_const_label),
        Op("rsubc", 1, "{c}-x", sr.const_minus, sr.const_minus_partials, sr.sym_const_minus,
           "c - x", ("-1",), has_param=True, tex="$c - $x",
           arrays=A(sr.const_minus, sr.const_minus_partials), expand=rc.rsubc_as_sum),
        Op("mulc", 1, "*{c}", sr.mul, sr.mul_const_partials, sr.sym_mul, "c * x",
           ("c",), has_param=True, tex=r"$c \cdot $x", arrays=A(sr.mul, sr.mul_const_partials)),
        Op("divc", 1, "/{c}", sr.div, sr.div_const_partials, sr.sym_div, "x / c",
           ("1/c",), has_param=True, tex=r"\frac{$x}{$c}", arrays=A(sr.div, sr.div_const_partials),
           expand=rc.divc_as_product),
        Op("recip", 1, "{c}/x", sr.recip, sr.recip_partials, sr.sym_recip, "c / x",
           ("-c/x^2",), has_param=True, domain="x != 0", tex=r"\frac{$c}{$x}",
           arrays=A(sr.recip, sr.recip_partials), expand=rc.recip_as_product,
           label_rule=sr.recip_label),
        Op("powc", 1, "^{c}", sr.power, sr.pow_const_partials, sr.sym_pow, "x ^ c",
           ("c*x^(c-1)",), has_param=True,
           domain="x > 0 for a fractional c; x != 0 for c < 0 (and for the gradient of c < 1)",
           tex="$x^{$c}", arrays=A(ar.power, ar.pow_const_local), expand=rc.powc_as_product,
           power_of=(0, 1)),
        Op("cpow", 1, "{c}^x", sr.const_pow, sr.const_pow_partials, sr.sym_const_pow, "c ^ x",
           ("c^x*ln(c)",), has_param=True, domain="c > 0, or c = 0 with x > 0",
           tex="$c^{$x}", arrays=A(ar.const_pow, sr.const_pow_partials), expand=rc.cpow_as_exp,
           power_of=(1, 0)),
        Op("maxc", 1, "max(x,{c})", sr.maximum, sr.max_const_partials, "Max",
           "max(x, c)", ("1 if x > c else 0",), has_param=True, kink=sr.tie,
           convention=_TIE, pattern="gradient router", tex=r"\max($x, $c)",
           arrays=A(ar.maximum, ar.max_const_local)),
        Op("minc", 1, "min(x,{c})", sr.minimum, sr.min_const_partials, "Min",
           "min(x, c)", ("1 if x < c else 0",), has_param=True, kink=sr.tie,
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
