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

# (result, digits=None) -> str
EXPLAIN_FORMATS: dict[str, str] = {
    "text": "gradcli.explain:explain_text",
    "markdown": "gradcli.explain:explain_markdown",
    "latex": "gradcli.explain_latex:explain_latex",
}

# () -> str | Rich renderable: the op registry
OPS_FORMATS: dict[str, str] = {
    "table": "gradcli.opsdoc:ops_table",
    "markdown": "gradcli.opsdoc:ops_markdown",
    "json": "gradcli.opsdoc:ops_json",
}


def load(registry: dict[str, str], name: str):
    module, _, attr = registry[name].partition(":")
    return getattr(importlib.import_module(module), attr)
