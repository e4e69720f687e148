"""The op registry's expand recipes: each compound gate written with the lecture's gates.

``--expand`` walks the graph and asks each gate's record (ops.py) how to write it:

* a gate that *is* a chain of one-input lecture gates declares the chain
  (``Op.chain``, the steps in the order they apply to the input): ``--expand``
  writes it out and ``--fuse`` finds it written out and makes it one gate again;
* any other compound gate names a recipe (``Op.expand``), a small function
  ``(out, args, c, text) -> new node, or None to keep the gate as is``. ``out`` is
  the rewriter's builder: ``out.gate(step, inputs)`` and ``out.chain(steps, start)``
  add interned gates and return the new node's index; ``args`` are the new indices
  of the gate's inputs, ``c`` and ``text`` its folded constant and how it reads.

Recipes name gates by op name, so this module needs nothing from ops.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

# Integer exponents up to this size become a square-and-multiply chain of ``*``.
MAX_PRODUCT_EXPONENT = 16


@dataclass(frozen=True)
class Step:
    """One gate of a rewrite chain: op name and folded constant (None for none)."""

    op: str
    c: float | None = None
    text: str | None = None  # how the constant reads in the gate's label


class Builder(Protocol):
    """What a recipe may ask of the rewriter (frontends/rewrite.py's ``_Rebuilder``)."""

    def gate(self, step: Step, inputs: tuple[int, ...]) -> int: ...

    def chain(self, steps: tuple[Step, ...], start: int) -> int: ...


# --- chains: a gate that is its input passed through these gates, in order

SIGMOID_CHAIN = (Step("mulc", -1.0), Step("exp"), Step("addc", 1.0), Step("recip", 1.0))
# tanh(t) = 2*sigmoid(2t) - 1 = 2/(1 + exp(-2t)) - 1
TANH_CHAIN = (Step("mulc", -2.0), Step("exp"), Step("addc", 1.0), Step("recip", 1.0),
              Step("mulc", 2.0), Step("addc", -1.0))
# softplus(t) = ln(1 + e^t)
SOFTPLUS_CHAIN = (Step("exp"), Step("addc", 1.0), Step("log"))

NEGATE = Step("mulc", -1.0)
RECIP = Step("recip", 1.0)


# --- recipes of two-input gates


def sub_as_sum(out: Builder, args, c, text):
    """a - b = a + (-1*b)"""
    return out.gate(Step("add"), (args[0], out.gate(NEGATE, (args[1],))))


def div_as_product(out: Builder, args, c, text):
    """a / b = a * (1/b)"""
    return out.gate(Step("mul"), (args[0], out.gate(RECIP, (args[1],))))


def pow_as_exp(out: Builder, args, c, text):
    """a**b = exp(log(a)*b)"""
    logged = out.gate(Step("log"), args[:1])
    return out.gate(Step("exp"), (out.gate(Step("mul"), (logged, args[1])),))


def dot_as_sum(out: Builder, args, c, text):
    """dot(u, v) = sum(u * v)"""
    return out.gate(Step("sum"), (out.gate(Step("mul"), args),))


# --- recipes of one-input gates (and folded constants)


def norm2_as_sum(out: Builder, args, c, text):
    """||x||² = sum(x * x)"""
    return out.gate(Step("sum"), (out.gate(Step("mul"), (args[0], args[0])),))


def sqrt_as_exp(out: Builder, args, c, text):
    """sqrt(t) = exp(0.5*log(t))"""
    return _exp_of_product(out, args[0], Step("mulc", 0.5))


def rsubc_as_sum(out: Builder, args, c, text):
    """c - t = (-1*t) + c"""
    negated = out.gate(NEGATE, args)
    return negated if c == 0 else out.gate(Step("addc", c, text), (negated,))


def recip_as_product(out: Builder, args, c, text):
    """c/t = c * (1/t); 1/t is a lecture gate already"""
    if c == 1:
        return None
    return out.gate(Step("mulc", c, text), (out.gate(RECIP, args),))


def divc_as_product(out: Builder, args, c, text):
    """t/c = t * (1/c)"""
    if c == 0:
        return None
    return out.gate(Step("mulc", 1.0 / c, _reciprocal_text(text)), args)


def cpow_as_exp(out: Builder, args, c, text):
    """c**t = exp(ln(c)*t), for c > 0"""
    if not c > 0:
        return None
    return out.gate(Step("exp"), (out.gate(Step("mulc", math.log(c), f"ln({text})"), args),))


def powc_as_product(out: Builder, args, c, text):
    """t**n by square and multiply (1/that for n < 0), t**c = exp(c*log(t)) for a fraction."""
    base = args[0]
    if c.is_integer() and 2 <= abs(c) <= MAX_PRODUCT_EXPONENT:
        product = _square_and_multiply(out, base, int(abs(c)))
        return product if c > 0 else out.gate(RECIP, (product,))
    if c == -1:
        return out.gate(RECIP, (base,))
    if not c.is_integer():  # a fractional power needs t > 0 anyway: exp(c*log(t))
        return _exp_of_product(out, base, Step("mulc", c, text))
    return None  # t^0, t^1 and large integer powers have no simpler chain


def _square_and_multiply(out: Builder, base: int, n: int) -> int:
    result = base
    for bit in bin(n)[3:]:
        result = out.gate(Step("mul"), (result, result))
        if bit == "1":
            result = out.gate(Step("mul"), (result, base))
    return result


def _exp_of_product(out: Builder, base: int, scale: Step) -> int:
    return out.chain((Step("log"), scale, Step("exp")), base)


def _reciprocal_text(text: str) -> str:
    return f"-1/{text[1:]}" if text.startswith("-") else f"1/{text}"
