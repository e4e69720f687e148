"""Results as plain data: the JSON contract of ``--format json``.

Keys are documented in docs/json.md; scripts rely on them, so add keys freely
but never rename or remove one.
"""

from __future__ import annotations

import json

from .api import Result
from .arrays import to_json
from .oracle import METHOD_TOLERANCES
from .numfmt import json_number


def node_dicts(result: Result) -> list[dict]:
    graph, trace = result.graph, result.trace
    exact = exact_nodes(result)
    out = []
    for i, node in enumerate(graph.nodes):
        item = {
            "id": node.id,
            "op": node.op.name,
            "label": node.label,
            "inputs": [graph.nodes[j].id for j in node.inputs],
            "value": to_json(trace.values[i]),
        }
        if trace.arrays:
            item["shape"] = list(trace.values[i].shape)
        if node.op.name != "var":
            item["local"] = [None if x is None else to_json(x) for x in trace.locals[i]]
            if node.op.array_only:
                item["vjp"] = vjp_texts(graph, node)
        if node.const is not None:
            item["const"] = json_number(node.const.value)
        item["grad"] = to_json(trace.grads[i])
        if exact:
            item["exact"] = exact[i]
        out.append(item)
    return out


def vjp_texts(graph, node) -> list[str]:
    """An array gate's VJP per input, in its inputs' names: ``g @ xᵀ``, ``Wᵀ @ g``."""
    from .tensor_engine import fill_names

    return [fill_names(graph, node, text) for text in node.op.arrays.vjp_formulas]


def exact_nodes(result: Result) -> list[dict]:
    """With --exact: per node, the exact value, local gradients, gradient (and constant)."""
    exact = result.exact
    if exact is None:
        return []
    from .exact import exact_text

    out = []
    for i, node in enumerate(result.graph.nodes):
        item = {"value": exact_text(exact.values[i])}
        if node.op.name != "var":
            item["local"] = [exact_text(x) for x in exact.locals[i]]
        if exact.consts[i] is not None:
            item["const"] = exact_text(exact.consts[i])
        item["grad"] = exact_text(exact.grads[i])
        out.append(item)
    return out


def intermediates_dict(result: Result) -> dict:
    trace = result.trace
    return {
        name: {"value": to_json(trace.values[i]), "grad": to_json(trace.grads[i])}
        for name, i in result.intermediates.items()
    }


def check_dict(result: Result) -> dict | None:
    check = result.check
    if check is None:
        return None
    rtol, atol = METHOD_TOLERANCES[check.method]
    return {
        "method": check.method,
        "ok": check.ok,
        "rtol": rtol,
        "atol": atol,
        "gradients": {v.name: to_json(v.reference) if v.reference is not None else None
                      for v in check.variables},
        "rel_errors": {v.name: json_number(v.rel_error) if v.rel_error is not None else None
                       for v in check.variables},
        "status": {v.name: v.status for v in check.variables},
        "kinks": [result.graph.nodes[k.node].id for k in result.trace.kinks],
        "note": check.note,
        "directions": [
            {"numeric": json_number(d.numeric) if d.numeric is not None else None,
             "backprop": json_number(d.backprop),
             "rel_error": json_number(d.rel_error) if d.rel_error is not None else None,
             "ok": d.ok}
            for d in check.directions
        ],
    }


def eval_dict(result: Result) -> dict:
    data = {
        "expression": result.graph.text,
        "output": {"name": result.output, "value": json_number(result.value)},
        "inputs": {k: to_json(v) for k, v in result.inputs.items()},
        "gradients": {k: to_json(v) for k, v in result.gradients.items()},
        "intermediates": intermediates_dict(result),
        "nodes": node_dicts(result),
        "kinks": [
            {"node": result.graph.nodes[k.node].id, "message": k.message}
            for k in result.trace.kinks
        ],
        "check": check_dict(result),
    }
    if result.exact is not None:
        add_exact(data, result)
    return data


def add_exact_point(data: dict, result: Result) -> None:
    """``output.exact`` and ``inputs_exact``: the output's exact value, the inputs as read."""
    from .exact import exact_text

    graph, exact = result.graph, result.exact
    data["output"]["exact"] = exact_text(exact.values[graph.output])
    names = [graph.nodes[i].id for i in graph.variables]
    data["inputs_exact"] = {n: exact_text(exact.values[i]) for n, i in zip(names, graph.variables)}


def add_exact(data: dict, result: Result) -> None:
    """The ``exact`` strings beside the output, inputs and gradients (nodes carry their own)."""
    from .exact import exact_text

    add_exact_point(data, result)
    graph, exact = result.graph, result.exact
    names = [graph.nodes[i].id for i in graph.variables]
    data["gradients_exact"] = {n: exact_text(exact.grads[i]) for n, i in zip(names, graph.variables)}
    for name, i in result.intermediates.items():
        data["intermediates"][name]["exact"] = {
            "value": exact_text(exact.values[i]), "grad": exact_text(exact.grads[i]),
        }


def eval_json(result: Result, digits: int | None = None) -> str:
    # JSON always carries full precision; ``digits`` only rounds what people read.
    return json.dumps(eval_dict(result), indent=2, allow_nan=False, ensure_ascii=False)
