"""Exact arithmetic (``--exact``): every value, local gradient and gradient as a SymPy number.

One function for every command: ``exact_trace(graph, exact_point(values))`` runs
the same two loops as the engine, with SymPy numbers instead of floats. Decimal
inputs become rationals read from their decimal *text* (``0.1`` is 1/10, not the
float nearest to it); the expression's constants stay symbolic (``pi``, ``e``,
``log(2)``), rebuilt from the graph's ``Const`` records, never from user text.
Local gradients are SymPy's derivatives of each gate's registered SymPy form;
at a kink the registry's convention applies, as in the engine.

Exact forms can grow without bound (``x*x`` squared 40 times at x = 1/3 has a
denominator of 3^(2^40)), so sizes are estimated before SymPy computes them, and
anything past the limits below is refused with an ``ExactTooLarge`` error
(exit 2) instead of hanging. SymPy is imported lazily, as everywhere.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping

from ..errors import InputError, MathError, printable
from ..core.graph import Const, Graph
from ..core.ops import OPS

# Limits of exact mode, chosen so that any accepted input finishes in about a second.
MAX_NODES = 5_000  # nodes in the graph
MAX_BITS = 10_000  # bits of a numerator or denominator (about 3,000 digits)
MAX_SIZE = 1_000  # estimated size (atoms and operations) of a symbolic form
_DECIMAL = re.compile(r"\s*[+-]?([0-9]*)\.?([0-9]*)(?:[eE]([+-]?[0-9]+))?\s*")


class ExactTooLarge(InputError):
    """The exact form would be too large to compute or print (exit 2)."""


@dataclass
class ExactTrace:
    values: list  # SymPy numbers, one per node
    locals: list[tuple] = field(default_factory=list)
    grads: list = field(default_factory=list)
    consts: list = field(default_factory=list)  # a folded gate's exact constant, else None
    kinks: list[int] = field(default_factory=list)


def exact_number(value: str | int | float):
    """A number as an exact rational, from its decimal text (0.1 -> 1/10).

    A fraction of decimals (``1/3``) is read too, for exact expectations such as
    ``check --expect x=1/3``; variables' values are decimals (values.parse_value).
    """
    import sympy

    if isinstance(value, bool):
        raise InputError(f"not a number: {value!r}")
    if isinstance(value, int):
        return sympy.Integer(value)
    # U+2212, a PDF's minus sign, is a minus (inputs.values.MINUS_SIGN)
    text = repr(float(value)) if isinstance(value, float) else value.strip().replace("\u2212", "-")
    numerator, slash, denominator = text.partition("/")
    if not slash:
        return _decimal(text)
    divisor = _decimal(denominator)
    if divisor == 0:
        raise InputError(f"{printable(text, 40)} divides by zero")
    return _decimal(numerator) / divisor


def _decimal(text: str):
    import sympy

    m = _DECIMAL.fullmatch(text)
    if m is None or not (m.group(1) or m.group(2)):
        raise InputError(f"not a decimal number: {printable(text, 40)!r}")
    digits = len(m.group(1)) + len(m.group(2))
    exponent = m.group(3) or "0"
    if len(exponent.lstrip("+-")) > 6 or (digits + abs(int(exponent))) * 3.33 > MAX_BITS:
        raise ExactTooLarge(f"{printable(text, 40)} has too many digits for exact mode")
    return sympy.Rational(text)


def exact_point(graph: Graph, values: Mapping[str, str | int | float]) -> dict:
    """Each input variable's exact value, ``values`` keyed by variable name: a decimal, or a
    constant expression (``pi/2`` stays pi/2)."""
    return {name: exact_value(values[name]) for name in graph.variable_names}


def exact_value(value: str | int | float):
    try:
        return exact_number(value)
    except ExactTooLarge:
        raise
    except InputError:
        if not isinstance(value, str):
            raise
    from ..frontends.constant import constant_of

    return exact_const(constant_of(value))


def exact_trace(graph: Graph, point: Mapping[str, object]) -> ExactTrace:
    """Forward and backward passes in exact arithmetic at ``point`` (from ``exact_point``)."""
    if len(graph.nodes) > MAX_NODES:
        raise ExactTooLarge(
            f"exact mode handles graphs of up to {MAX_NODES:,} nodes; this one has "
            f"{len(graph.nodes):,} (drop --exact)"
        )
    trace, sizes = _forward(graph, point)
    _backward(graph, trace, sizes)
    return trace


def exact_text(value) -> str:
    """The exact form as text (SymPy's string form: ``1/10``, ``-exp(-1)/(exp(-1) + 1)**2``).

    Remembered: ``write_texts`` prints a trace's numbers once, inside the time limit
    (printing nested forms can take longer than computing them), and renderers reuse them.
    """
    return _texts(value)


@lru_cache(maxsize=8 * MAX_NODES)
def _texts(value) -> str:
    import sympy

    return _printed(sympy.sstr, value)


def write_texts(trace: ExactTrace) -> None:
    """Print every exact number of ``trace`` (values, locals, gradients, constants) once."""
    for group in (trace.values, trace.grads, trace.consts):
        for value in group:
            if value is not None:
                exact_text(value)
    for local in trace.locals:
        for value in local or ():
            exact_text(value)


def exact_latex(value) -> str:
    import sympy

    return _printed(sympy.latex, value)


def _printed(printer, value) -> str:
    try:
        return printer(value)
    except ValueError as error:  # Python's limit on the digits of an int it prints
        raise ExactTooLarge(f"an exact number has too many digits to print ({error}); "
                            "drop --exact") from None


# --- forward


def _forward(graph: Graph, point: Mapping[str, object]) -> tuple[ExactTrace, list[int]]:
    n = len(graph.nodes)
    trace = ExactTrace([None] * n, consts=[None] * n)
    sizes = [1] * n
    for i, node in enumerate(graph.nodes):
        c = None if node.const is None else exact_const(node.const)
        trace.consts[i] = c
        if node.op.name == "var":
            trace.values[i] = point[node.id]
            continue
        if node.op.name == "const":
            trace.values[i] = c
            continue
        args = [trace.values[j] for j in node.inputs] + ([c] if c is not None else [])
        sizes[i] = _grown_size(graph, i, [sizes[j] for j in node.inputs])
        value = _apply(node.op, args, graph, i)
        trace.values[i] = _finite(graph, i, _within_bits(graph, i, value, "value"), "value")
        if _is_number(trace.values[i]):
            sizes[i] = 1
    return trace, sizes


def exact_const(const: Const):
    """A folded constant, exactly: rebuilt from how the graph builder computed it."""
    done: dict[int, object] = {}
    stack: list[tuple[Const, bool]] = [(const, False)]
    while stack:
        item, ready = stack.pop()
        if item.op is None:
            done[id(item)] = _leaf(item)
        elif not ready:
            stack.append((item, True))
            stack.extend((part, False) for part in item.parts)
        elif item.op == "neg":
            done[id(item)] = -done[id(item.parts[0])]
        else:
            args = [done[id(part)] for part in item.parts]
            done[id(item)] = _apply(OPS[item.op], args)
    return done[id(const)]


def _leaf(const: Const):
    import sympy

    source = const.source
    if source in ("pi", "e"):
        return {"pi": sympy.pi, "e": sympy.E}[source]
    if source is not None:
        try:
            return exact_number(source)
        except ExactTooLarge:
            raise
        except InputError:
            pass  # not plain digits in the source (x²): fall back to the value
    return exact_number(repr(const.value))


def _apply(op, args: list, graph: Graph | None = None, index: int = -1):
    import sympy

    _check_power_bits(op.power_of, args, graph, index)
    return op.sympy_form(sympy, *args)


def _check_power_bits(power_of: tuple[int, int] | None, args: list, graph: Graph | None,
                      index: int) -> None:
    """Refuse results whose exact value would have more than MAX_BITS bits.

    ``power_of`` (the gate's record) gives a power's base and exponent among ``args``;
    any other gate's result has about as many bits as its arguments together.
    """
    if power_of is None:
        bits = sum(_bits(a) for a in args)
    else:
        base, exponent = (args[k] for k in power_of)
        if not (_is_number(base) and _is_number(exponent)):
            return
        bits = abs(int(exponent.p)) * _bits(base)
    if bits > MAX_BITS:
        node = graph.nodes[index] if graph is not None else None
        where = f"node {node.id} ({node.label})" if node is not None else "a constant"
        raise ExactTooLarge(
            f"the exact value of {where} would have about {bits:,} bits (the limit is "
            f"{MAX_BITS:,}); drop --exact"
        )


def _within_bits(graph: Graph, index: int, value, what: str):
    """``value`` if every rational in it fits MAX_BITS: a power of an algebraic number
    ((sqrt(2)/2)**30000 = 2**-15000) passes the check before SymPy computes it."""
    import sympy

    numbers = [value] if _is_number(value) else value.atoms(sympy.Rational)
    bits = max((_bits(v) for v in numbers), default=0)
    if bits > MAX_BITS:
        node = graph.nodes[index]
        raise ExactTooLarge(
            f"the exact {what} of node {node.id} ({node.label}) has about {bits:,} bits "
            f"(the limit is {MAX_BITS:,}); drop --exact"
        )
    return value


def _bits(value) -> int:
    if not _is_number(value):
        return 0
    return max(abs(int(value.p)).bit_length(), int(value.q).bit_length())


def _is_number(value) -> bool:
    return getattr(value, "is_Rational", False) is True


def _grown_size(graph: Graph, index: int, parts: list[int]) -> int:
    size = 1 + sum(parts)
    if size > MAX_SIZE:
        node = graph.nodes[index]
        raise ExactTooLarge(
            f"the exact form of node {node.id} ({node.label}) grows past {MAX_SIZE:,} "
            "symbols; drop --exact"
        )
    return size


def _finite(graph: Graph, index: int, value, what: str):
    import sympy

    # A structural test: asking SymPy "is_real" may evaluate the whole form numerically.
    if _undefined(value) or value.has(sympy.I):
        node = graph.nodes[index]
        raise MathError(f"node {node.id} ({node.label}) has no finite real exact {what}")
    return value


# --- backward


def _backward(graph: Graph, trace: ExactTrace, sizes: list[int]) -> None:
    import sympy

    n = len(graph.nodes)
    trace.locals = [()] * n
    trace.grads = [sympy.Integer(0)] * n
    trace.grads[graph.output] = sympy.Integer(1)
    grad_sizes = [1] * n
    for i in range(n - 1, -1, -1):
        node = graph.nodes[i]
        if node.op.arity == 0:
            continue
        local_size = _grown_size(graph, i, [3 * sizes[j] for j in node.inputs])
        trace.locals[i] = _local_gradients(graph, trace, i)
        for j, local in zip(node.inputs, trace.locals[i]):
            size = _grown_size(graph, j, [grad_sizes[j], grad_sizes[i], local_size])
            _check_power_bits(None, [trace.grads[j], trace.grads[i], local], graph, j)
            grad = _within_bits(graph, j, trace.grads[j] + trace.grads[i] * local, "gradient")
            grad = _finite(graph, j, grad, "gradient")
            trace.grads[j] = grad
            grad_sizes[j] = 1 if _is_number(grad) else size


def _local_gradients(graph: Graph, trace: ExactTrace, index: int) -> tuple:
    node = graph.nodes[index]
    op = node.op
    args = [trace.values[j] for j in node.inputs]
    extra = [] if trace.consts[index] is None else [trace.consts[index]]
    if op.kink is not None and op.kink(*args, *extra):
        trace.kinks.append(index)
        # The registry's convention (0, 1/2 or 1), exactly as the engine applies it.
        partials = op.partials(*args, trace.values[index], *extra)
        return tuple(exact_number(float(p)) for p in partials)
    symbols, derivatives = _derivatives(op.name)
    point = dict(zip(symbols, args + extra))
    locals_ = []
    for k, derivative in enumerate(derivatives):
        value = derivative.xreplace(point)
        if _undefined(value):
            value = _engine_limit(graph, trace, index, k, args + extra)
        value = _within_bits(graph, index, value, "local gradient")
        locals_.append(_finite(graph, index, value, "local gradient"))
    return tuple(locals_)


def _engine_limit(graph: Graph, trace: ExactTrace, index: int, k: int, args: list):
    """Where SymPy's formula reads 0*log(0) or 0/0 (d/dy x**y at x = 0, d/dx x**y at x = 0),
    the engine's limit from where x**y is defined: 0, or 1 for d/dx x**1."""
    node = graph.nodes[index]
    inputs, extra = args[: node.op.arity], args[node.op.arity :]
    try:
        partial = float(node.op.partials(*inputs, trace.values[index], *extra)[k])
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        partial = math.nan
    if partial not in (0.0, 1.0):  # the engine's only such limits; anything else is undefined
        raise MathError(f"node {node.id} ({node.label}) has no finite exact local gradient")
    return exact_number(int(partial))


def _undefined(value) -> bool:
    import sympy

    return bool(value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo))


@lru_cache(maxsize=None)
def _derivatives(op_name: str) -> tuple[tuple, tuple]:
    """The gate's SymPy form differentiated by each input, once per op."""
    import sympy

    op = OPS[op_name]
    symbols = sympy.symbols(f"a0:{op.arity + op.has_param}", real=True)
    form = op.sympy_form(sympy, *symbols)
    return symbols, tuple(sympy.diff(form, s) for s in symbols[: op.arity])
