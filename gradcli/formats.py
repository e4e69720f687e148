"""Output formats, one registry: ``--format`` choices come from here.

Each entry names a pure function ``(result) -> str | Rich renderable`` by
module and attribute, imported only when chosen (start-up time matters in
shell loops). A new format is one function plus one entry plus a golden test.
"""

from __future__ import annotations

import importlib

EVAL_FORMATS: dict[str, str] = {
    "table": "gradcli.render:eval_table",
    "json": "gradcli.report:eval_json",
}

# ``gradcli graph``: png is bytes, the others text or a Rich renderable.
GRAPH_FORMATS: dict[str, str] = {
    "tree": "gradcli.tree:graph_tree",
    "dot": "gradcli.drawing:to_dot",
    "mermaid": "gradcli.drawing:to_mermaid",
    "json": "gradcli.report:graph_json",
    "svg": "gradcli.picture:to_svg",
    "png": "gradcli.picture:to_png",
}


def load(registry: dict[str, str], name: str):
    module, _, attr = registry[name].partition(":")
    return getattr(importlib.import_module(module), attr)
