"""Results as plain data: the JSON contract of ``--format json``.

Keys are documented in docs/json.md; scripts rely on them, so add keys freely
but never rename or remove one.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from ..api import Result
from ..core.arrays import to_json
from ..checks.verdicts import METHOD_TOLERANCES
from ..core.numfmt import json_number
from .json_text import dumps as _dumps


def node_dicts(result: Result) -> list[dict]:
    return list(iter_node_dicts(result))


def iter_node_dicts(result: Result) -> Iterator[dict]:
    """One JSON object per node, in topological order, made as they are written;
    without values (``result.trace`` None) the structure alone."""
    graph, trace = result.graph, result.trace
    nodes = graph.nodes
    exact = exact_nodes(result)
    for i, node in enumerate(nodes):
        item = {
            "id": node.id,
            "op": node.op.name,
            "label": node.label,
            "inputs": [nodes[j].id for j in node.inputs],
        }
        if trace is not None:
            item["value"] = to_json(trace.values[i])
            if trace.arrays:
                item["shape"] = list(trace.values[i].shape)
            if node.op.name != "var":
                item["local"] = [None if x is None else to_json(x) for x in trace.locals[i]]
        if node.op.array_only:
            item["vjp"] = vjp_texts(graph, node)
        if node.const is not None:
            item["const"] = json_number(node.const.value)
        if trace is not None:
            item["grad"] = to_json(trace.grads[i])
        if exact:
            item["exact"] = exact[i]
        yield item


def json_document(data: dict, streamed: dict[str, Iterable], batch: int = 2000) -> Iterator[str]:
    """``data`` as indented JSON, each key of ``streamed`` written one entry per line.

    ``data[key]`` is ``[]`` or ``{}`` to say which: a streamed list is given as
    its items, a streamed object as (key, value) pairs. Each entry goes through
    json's C encoder on its own line: for a 10^5-node graph this is ~10x faster
    than indenting everything, and the per-node dicts never exist all at once.
    The chunks joined are the document.
    """
    text = _dumps({**data, **{key: f"\u0000{key}\u0000" for key in streamed}}, indent=2)
    for key, entries in streamed.items():
        head, text = text.split(_dumps(f"\u0000{key}\u0000"))
        yield from _stream(head, entries, "{}" if isinstance(data[key], dict) else "[]", batch)
    yield text


def _stream(head: str, entries: Iterable, brackets: str, batch: int) -> Iterator[str]:
    parts, count = [head + brackets[0]], 0
    for entry in entries:
        line = f"{_dumps(entry[0])}: {_dumps(entry[1])}" if brackets == "{}" else _dumps(entry)
        parts.append((",\n    " if count else "\n    ") + line)
        count += 1
        if len(parts) >= batch:
            yield "".join(parts)
            parts = []
    parts.append(("\n  " if count else "") + brackets[1])
    yield "".join(parts)


def vjp_texts(graph, node) -> list[str]:
    """An array gate's VJP per input, in its inputs' names: ``g @ xᵀ``, ``Wᵀ @ g``."""
    from ..engines.arrays import fill_names

    return [fill_names(graph, node, text) for text in node.op.arrays.vjp_formulas]


def exact_nodes(result: Result) -> list[dict]:
    """With --exact: per node, the exact value, local gradients, gradient (and constant)."""
    exact = result.exact
    if exact is None:
        return []
    from ..engines.exact import exact_text

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
    return dict(iter_intermediates(result))


def iter_intermediates(result: Result) -> Iterator[tuple[str, dict]]:
    trace = result.trace
    for name, i in result.intermediates.items():
        yield name, {"value": to_json(trace.values[i]), "grad": to_json(trace.grads[i])}


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


def eval_dict(result: Result, nodes: list | None = None) -> dict:
    data = {
        "expression": result.graph.text,
        "output": {"name": result.output, "value": json_number(result.value)},
        "inputs": {k: to_json(v) for k, v in result.inputs.items()},
        "gradients": {k: to_json(v) for k, v in result.gradients.items()},
        "intermediates": intermediates_dict(result),
        "nodes": node_dicts(result) if nodes is None else nodes,
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
    from ..engines.exact import exact_text

    graph, exact = result.graph, result.exact
    data["output"]["exact"] = exact_text(exact.values[graph.output])
    names = [graph.nodes[i].id for i in graph.variables]
    data["inputs_exact"] = {n: exact_text(exact.values[i]) for n, i in zip(names, graph.variables)}


def add_exact(data: dict, result: Result) -> None:
    """The ``exact`` strings beside the output, inputs and gradients (nodes carry their own)."""
    from ..engines.exact import exact_text

    add_exact_point(data, result)
    graph, exact = result.graph, result.exact
    names = [graph.nodes[i].id for i in graph.variables]
    data["gradients_exact"] = {
        n: exact_text(exact.grads[i]) for n, i in zip(names, graph.variables)
    }
    for name, i in result.intermediates.items():
        data["intermediates"][name]["exact"] = {
            "value": exact_text(exact.values[i]), "grad": exact_text(exact.grads[i]),
        }


def grad_json(result: Result, gradients: dict, exact: dict | None = None) -> str:
    """``gradcli grad --format json``: the gradients asked for, the output, SymPy's check."""
    from ..engines.exact import exact_text

    data = {
        "expression": result.graph.text,
        "output": {"name": result.output, "value": json_number(result.value)},
        "gradients": {name: to_json(value) for name, value in gradients.items()},
        "check": check_dict(result),
    }
    if exact is not None:
        data["gradients_exact"] = {name: exact_text(value) for name, value in exact.items()}
    return _dumps(data, indent=2)


def eval_json(result: Result, digits: int | None = None) -> Iterator[str]:
    # JSON always carries full precision; ``digits`` only rounds what people read.
    data = eval_dict(result, nodes=[])
    streamed = {"nodes": iter_node_dicts(result)}
    if result.exact is None:  # (exact mode adds its strings to intermediates in place)
        data["intermediates"] = {}
        streamed = {"intermediates": iter_intermediates(result), **streamed}
    return json_document(data, streamed)


def graph_dict(result: Result, with_nodes: bool = True) -> dict:
    """The graph in node-link form: D3's and networkx's ``nodes`` and ``links``."""
    from .circuit import wires

    nodes = result.graph.nodes
    links = []
    for wire in wires(result)[:-1]:  # the last wire leaves the circuit: no target node
        link = {"source": nodes[wire.source].id, "target": nodes[wire.target].id,
                "key": wire.position}
        if wire.value is not None:
            if result.trace.arrays:
                link["shape"] = list(wire.value.shape)
            link["value"] = to_json(wire.value)
            link["grad"] = to_json(wire.grad)
        links.append(link)
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"expression": result.graph.text, "output": result.output,
                  "values": result.trace is not None},
        "nodes": node_dicts(result) if with_nodes else [],
        "links": links,
    }


def graph_json(result: Result, digits: int | None = None) -> Iterator[str]:
    data = graph_dict(result, with_nodes=False)  # nodes and links are streamed
    links, data["links"] = data["links"], []
    return json_document(data, {"nodes": iter_node_dicts(result), "links": iter(links)})
