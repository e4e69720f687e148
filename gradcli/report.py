"""Results as plain data: the JSON contract of ``--format json``.

Keys are documented in docs/json.md; scripts rely on them, so add keys freely
but never rename or remove one.
"""

from __future__ import annotations

import json

from .api import Result
from .check import ATOL, RTOL
from .numfmt import json_number


def node_dicts(result: Result) -> list[dict]:
    """One dict per node; without values (``result.trace`` None) the structure alone."""
    graph, trace = result.graph, result.trace
    out = []
    for i, node in enumerate(graph.nodes):
        item = {
            "id": node.id,
            "op": node.op.name,
            "label": node.label,
            "inputs": [graph.nodes[j].id for j in node.inputs],
        }
        if trace is not None:
            item["value"] = json_number(trace.values[i])
            if node.op.name != "var":
                item["local"] = [json_number(x) for x in trace.locals[i]]
        if node.const is not None:
            item["const"] = json_number(node.const.value)
        if trace is not None:
            item["grad"] = json_number(trace.grads[i])
        out.append(item)
    return out


def check_dict(result: Result) -> dict | None:
    check = result.check
    if check is None:
        return None
    return {
        "method": check.method,
        "ok": check.ok,
        "rtol": RTOL,
        "atol": ATOL,
        "gradients": {v.name: json_number(v.reference) if v.reference is not None else None
                      for v in check.variables},
        "rel_errors": {v.name: json_number(v.rel_error) if v.rel_error is not None else None
                       for v in check.variables},
        "status": {v.name: v.status for v in check.variables},
        "kinks": [result.graph.nodes[k.node].id for k in result.trace.kinks],
    }


def eval_dict(result: Result) -> dict:
    return {
        "expression": result.graph.text,
        "output": {"name": result.output, "value": json_number(result.value)},
        "inputs": {k: json_number(v) for k, v in result.inputs.items()},
        "gradients": {k: json_number(v) for k, v in result.gradients.items()},
        "nodes": node_dicts(result),
        "kinks": [
            {"node": result.graph.nodes[k.node].id, "message": k.message}
            for k in result.trace.kinks
        ],
        "check": check_dict(result),
    }


def eval_json(result: Result, digits: int | None = None) -> str:
    # JSON always carries full precision; ``digits`` only rounds what people read.
    return json.dumps(eval_dict(result), indent=2, allow_nan=False, ensure_ascii=False)


def graph_dict(result: Result) -> dict:
    """The graph in node-link form: D3's and networkx's ``nodes`` and ``links``."""
    from .circuit import wires

    nodes = result.graph.nodes
    links = []
    for wire in wires(result)[:-1]:  # the last wire leaves the circuit: no target node
        link = {"source": nodes[wire.source].id, "target": nodes[wire.target].id,
                "key": wire.position}
        if wire.value is not None:
            link["value"] = json_number(wire.value)
            link["grad"] = json_number(wire.grad)
        links.append(link)
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"expression": result.graph.text, "output": result.output,
                  "values": result.trace is not None},
        "nodes": node_dicts(result),
        "links": links,
    }


def graph_json(result: Result, digits: int | None = None) -> str:
    return json.dumps(graph_dict(result), indent=2, allow_nan=False, ensure_ascii=False)
