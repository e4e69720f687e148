"""The Python API the CLI is built on. It returns results and raises
``GradcliError`` subclasses; it never prints and never exits.

>>> r = evaluate("(x+y)*z", x=-2, y=5, z=-4)
>>> r.value, r.gradients
(-12.0, {'x': -4.0, 'y': -4.0, 'z': 3.0})
>>> r.check.ok
True
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Mapping

from .check import CheckResult, sympy_check
from .engine import Trace, run
from .errors import ValueInputError, printable
from .graph import Graph, build_graph
from .parse import Program, parse
from .transform import apply_form

_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


@dataclass
class Result:
    graph: Graph
    trace: Trace | None  # None for the structure alone (a graph drawn without values)
    check: CheckResult | None

    @property
    def output(self) -> str:
        return self.graph.output_node.id

    @property
    def value(self) -> float:
        return self.trace.values[self.graph.output]

    @property
    def inputs(self) -> dict[str, float]:
        return {self.graph.nodes[i].id: self.trace.values[i] for i in self.graph.variables}

    @property
    def gradients(self) -> dict[str, float]:
        return {self.graph.nodes[i].id: self.trace.grads[i] for i in self.graph.variables}

    def grad(self, name: str) -> float:
        return self.trace.grads[_node_index(self.graph, name)]

    def node_value(self, name: str) -> float:
        return self.trace.values[_node_index(self.graph, name)]


def parse_value(name: str, text: str | float | int) -> float:
    """A variable's value: a finite decimal number (``-2``, ``0.5``, ``-2.5e-3``)."""
    if isinstance(text, bool):
        raise ValueInputError(f"value of {name} must be a number, not {text!r}")
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        if not _DECIMAL.fullmatch(text.strip()):
            raise ValueInputError(
                f"value of {printable(name)} is {printable(text, 40)!r}: "
                "expected a finite decimal number such as -2, 0.5 or 1e-3"
            )
        value = float(text)
    if not math.isfinite(value):
        raise ValueInputError(f"value of {printable(name)} is not a finite float64: {printable(str(text), 40)}")
    return value


def parse_values(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """``[(name, text), ...]`` from the command line -> ``{name: float}``."""
    values: dict[str, float] = {}
    for name, text in pairs:
        if not _NAME.fullmatch(name):
            raise ValueInputError(f"{printable(name)!r} is not a variable name (letters, digits, _)")
        if name in values:
            raise ValueInputError(f"value of {name} is given more than once")
        values[name] = parse_value(name, text)
    return values


def build(text: str | Program, values: Mapping[str, float], form: str = "written") -> Graph:
    """The graph, as written or rewritten (``form``: written, expanded, fused; see transform.py)."""
    graph = build_graph(parse(text) if isinstance(text, str) else text, frozenset(values))
    return apply_form(graph, form)


def validate_values(graph: Graph, values: Mapping[str, float]) -> dict[str, float]:
    """Exactly one value for each input variable of the graph, no others."""
    expected = graph.variable_names
    missing = [n for n in expected if n not in values]
    if missing:
        flags = " ".join(f"--{n} VALUE" for n in missing)
        raise ValueInputError(f"no value for {', '.join(missing)}: give {flags}")
    for name in values:
        if name not in expected:
            if name in graph.names:
                raise ValueInputError(f"{name} is computed by the expression; it takes no value")
            have = ", ".join(expected) if expected else "none"
            raise ValueInputError(f"{printable(name)} is not a variable of the expression (it has: {have})")
    return {n: float(values[n]) for n in expected}


def evaluate(
    text: str | Program,
    values: Mapping[str, float] | None = None,
    *,
    check: bool = True,
    form: str = "written",
    **more_values: float,
) -> Result:
    """Build the graph, run forward and backward, and check against SymPy.

    ``form="expanded"`` or ``"fused"`` rewrites the graph first (transform.py);
    the input gradients are the same in every form.
    """
    given = {**(values or {}), **more_values}
    point = {name: parse_value(name, v) for name, v in given.items()}
    graph = build(text, point, form)
    point = validate_values(graph, point)
    trace = run(graph, point)
    return Result(graph, trace, sympy_check(graph, trace) if check else None)


def structure(text: str | Program, *, form: str = "written") -> Result:
    """The graph alone, without values: ``trace`` is None (a constant expression is evaluated)."""
    graph = build(text, {}, form)
    if not graph.variables:
        return Result(graph, run(graph, {}), None)
    return Result(graph, None, None)


def _node_index(graph: Graph, name: str) -> int:
    index = graph.index(name)
    if index is None:
        known = ", ".join(graph.names)
        raise ValueInputError(f"no node named {printable(name)!r} (named nodes: {known})")
    return index
