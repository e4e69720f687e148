"""The node table as TSV or CSV, for spreadsheets, ``awk`` and ``cut``.

One header line, then one line per node in topological order, the columns of
``gradcli eval``'s table plus the registry's op name. A gate's inputs and its
local gradients are space-separated within their cell, in the same order.
Numbers are full precision (shortest round-trip, never ``-0``) unless
``--digits`` asks for fewer. With vectors and matrices a value is nested lists
without spaces (``[[0.1,0.5],[-0.3,0.8]]``), an array gate's local gradient is
``-`` (its VJP stands in for its Jacobian), and a last column gives each
node's shape (``[2,2]``; ``[]`` for a scalar).
"""

from __future__ import annotations

import csv
import io

from ..api import Result
from ..core.arrays import format_value
from ..core.numfmt import format_number, format_rounded

COLUMNS = ("node", "gate", "op", "inputs", "value", "local", "grad")


def node_rows(result: Result, digits: int | None = None) -> list[list[str]]:
    number = format_number if digits is None else (lambda x: format_rounded(x, digits))

    def fmt(value) -> str:  # an array in full, as nested lists without spaces
        return "-" if value is None else format_value(value, number, full=True, sep=",")

    graph, trace = result.graph, result.trace
    rows = [list(COLUMNS) + ["shape"] * trace.arrays]
    for i, node in enumerate(graph.nodes):
        is_var = node.op.name == "var"
        rows.append([
            node.id,
            "input" if is_var else node.label,
            node.op.name,
            " ".join(graph.nodes[j].id for j in node.inputs),
            fmt(trace.values[i]),
            "" if is_var else " ".join(fmt(x) for x in trace.locals[i]),
            fmt(trace.grads[i]),
        ] + ([_shape(trace.values[i])] if trace.arrays else []))
    return rows


def _shape(value) -> str:
    return "[" + ",".join(map(str, value.shape)) + "]"


def eval_tsv(result: Result, digits: int | None = None) -> str:
    # No cell can hold a tab or a newline: ids are names, labels come from the registry.
    return "\n".join("\t".join(row) for row in node_rows(result, digits))


def eval_csv(result: Result, digits: int | None = None) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(node_rows(result, digits))
    return out.getvalue().rstrip("\n")
