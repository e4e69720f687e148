"""The node table as TSV or CSV, for spreadsheets, ``awk`` and ``cut``.

One header line, then one line per node in topological order, the columns of
``gradcli eval``'s table plus the registry's op name. A gate's inputs and its
local gradients are space-separated within their cell, in the same order.
Numbers are full precision (shortest round-trip, never ``-0``) unless
``--digits`` asks for fewer.
"""

from __future__ import annotations

import csv
import io

from .api import Result
from .numfmt import format_number, format_rounded

COLUMNS = ("node", "gate", "op", "inputs", "value", "local", "grad")


def node_rows(result: Result, digits: int | None = None) -> list[list[str]]:
    fmt = format_number if digits is None else (lambda x: format_rounded(x, digits))
    graph, trace = result.graph, result.trace
    rows = [list(COLUMNS)]
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
        ])
    return rows


def eval_tsv(result: Result, digits: int | None = None) -> str:
    # No cell can hold a tab or a newline: ids are names, labels come from the registry.
    return "\n".join("\t".join(row) for row in node_rows(result, digits))


def eval_csv(result: Result, digits: int | None = None) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(node_rows(result, digits))
    return out.getvalue().rstrip("\n")
