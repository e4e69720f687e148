"""Output formats, one registry per command: ``--format`` choices come from here.

Each entry names a pure function by module and attribute, imported only when
chosen (start-up time matters in shell loops; JSON and TSV never import Rich).
A new format is one function plus one entry plus a golden test.

* ``EVAL_FORMATS``, ``CHECK_FORMATS``: ``(result) -> str | Rich renderable``.
* ``CASES_FORMATS``: ``(results: Iterable[CaseResult]) -> Iterator[str | renderable]``,
  so that JSON Lines can stream one line per case as it is checked.
"""

from __future__ import annotations

import importlib

EVAL_FORMATS: dict[str, str] = {
    "table": "gradcli.output.table:eval_table",
    "json": "gradcli.output.json_eval:eval_json",
    "tsv": "gradcli.output.tabular:eval_tsv",
    "csv": "gradcli.output.tabular:eval_csv",
}

# The grading platforms' own files (output/graders/): the same for one check and a batch.
GRADER_FORMATS = ("gradescope", "prairielearn", "junit", "tap")

CHECK_FORMATS: dict[str, str] = {
    "table": "gradcli.output.check_table:check_table",
    "json": "gradcli.output.json_check:check_json",
    **{name: f"gradcli.output.graders.{name}:check_{name}" for name in GRADER_FORMATS},
}

CASES_FORMATS: dict[str, str] = {
    "table": "gradcli.output.check_table:cases_table",
    "json": "gradcli.output.json_check:cases_json",
    **{name: f"gradcli.output.graders.{name}:cases_{name}" for name in GRADER_FORMATS},
}

# (result, digits=None) -> str
EXPLAIN_FORMATS: dict[str, str] = {
    "text": "gradcli.output.explain.narrate:explain_text",
    "markdown": "gradcli.output.explain.narrate:explain_markdown",
    "latex": "gradcli.output.explain.latex:explain_latex",
}

# () -> str | Rich renderable: the op registry
OPS_FORMATS: dict[str, str] = {
    "table": "gradcli.output.opsdoc:ops_table",
    "markdown": "gradcli.output.opsdoc:ops_markdown",
    "json": "gradcli.output.opsdoc:ops_json",
}

# ``gradcli graph``: png is bytes, the others text or a Rich renderable; html also takes
# ``predict`` and ``decimals`` (predict mode).
GRAPH_FORMATS: dict[str, str] = {
    "tree": "gradcli.output.tree:graph_tree",
    "dot": "gradcli.output.drawing:to_dot",
    "mermaid": "gradcli.output.drawing:to_mermaid",
    "json": "gradcli.output.json_eval:graph_json",
    "svg": "gradcli.output.picture:to_svg",
    "png": "gradcli.output.picture:to_png",
    "html": "gradcli.output.stepper:to_html",
}

# ``gradcli worksheet``: (sheet, digits=None) -> str, or bytes for png
WORKSHEET_FORMATS: dict[str, str] = {
    "json": "gradcli.output.worksheet_sheet:sheet_json",
    "csv": "gradcli.output.worksheet_sheet:sheet_csv",
    "md": "gradcli.output.worksheet_sheet:sheet_markdown",
    "latex": "gradcli.output.worksheet_sheet:sheet_latex",
    "svg": "gradcli.output.worksheet_picture:sheet_svg",
    "png": "gradcli.output.worksheet_picture:sheet_png",
}

# ``gradcli check --worksheet``: (report) -> str | renderable | bytes; the grader formats give
# one test per number
WORKSHEET_CHECK_FORMATS: dict[str, str] = {
    "table": "gradcli.output.worksheet_report:graded_table",
    "json": "gradcli.output.worksheet_report:graded_json",
    "svg": "gradcli.output.worksheet_picture:graded_svg",
    "png": "gradcli.output.worksheet_picture:graded_png",
    **{name: f"gradcli.output.graders.{name}:worksheet_{name}" for name in GRADER_FORMATS},
}

# ``check --cases --tally``: (results) -> Iterator[str | renderable], the mistakes counted
TALLY_FORMATS: dict[str, str] = {
    "table": "gradcli.output.worksheet_tally:tally_table",
    "json": "gradcli.output.worksheet_tally:tally_json",
}


def load(registry: dict[str, str], name: str):
    module, _, attr = registry[name].partition(":")
    return getattr(importlib.import_module(module), attr)
