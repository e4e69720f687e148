"""The worksheet a student fills in, as plain data: every node in topological order with
its gate, its inputs, and its value and gradient (blanks, or the key's numbers).

``sheet_data`` gives the self-describing JSON object (output/ renders it as JSON, CSV,
Markdown, LaTeX or a picture); ``sheet_rows`` the same rows for the table formats.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.arrays import to_json
from ...core.graph import Graph

INPUT_GATE = "input"


@dataclass
class Sheet:
    """A worksheet to hand out: the problem, the circuit, its true trace, and the rows
    (blanks, or with ``key`` the answer key)."""

    expression: str
    values: dict
    graph: Graph
    trace: object
    rows: list
    key: bool = False
    decimals: int | None = None
    sigfigs: int | None = None

    def data(self) -> dict:
        return sheet_data(self.expression, self.values, self.rows, self.decimals, self.sigfigs)


def make_sheet(expression: str, values: dict, graph: Graph, trace, key: bool = False,
               decimals: int | None = None, sigfigs: int | None = None) -> Sheet:
    return Sheet(expression, values, graph, trace, sheet_rows(graph, trace, key), key,
                 decimals, sigfigs)


@dataclass(frozen=True)
class Row:
    node: str
    gate: str
    inputs: tuple[str, ...]
    value: object  # a float or an array; None for a blank
    grad: object


def sheet_rows(graph: Graph, trace, key: bool = False) -> list[Row]:
    """One row per node: the inputs' values filled in, the rest blank unless ``key``."""
    rows = []
    for i, node in enumerate(graph.nodes):
        is_input = node.op.name == "var"
        value = trace.values[i] if key or is_input else None
        grad = trace.grads[i] if key else None
        rows.append(Row(node.id, INPUT_GATE if is_input else node.label,
                        tuple(graph.nodes[j].id for j in node.inputs), value, grad))
    return rows


def plain_number(value):
    """A number (or nested lists of them) as JSON writes it; None stays a blank."""
    return None if value is None else to_json(value)


def sheet_data(expression: str, values: dict, rows: list[Row], decimals: int | None = None,
               sigfigs: int | None = None) -> dict:
    """The self-describing worksheet (a filled blank is a valid answer)."""
    data = {"expression": expression,
            "values": {name: plain_number(v) for name, v in values.items()},
            "decimals": decimals}
    if sigfigs is not None:
        data["sigfigs"] = sigfigs
    data["nodes"] = {row.node: {"gate": row.gate, "inputs": list(row.inputs),
                                "value": plain_number(row.value), "grad": plain_number(row.grad)}
                     for row in rows}
    return data
