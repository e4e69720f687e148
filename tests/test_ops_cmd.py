"""``gradcli ops``: the op registry as a table, as docs/ops.md's Markdown, as JSON."""

import json
import re
from pathlib import Path
from string import Template

import pytest

from gradcli.core.ops import OPS
from gradcli.output.opsdoc import ops_markdown

GATES = [op for op in OPS.values() if op.name not in ("var", "const")]


def test_markdown_format_is_exactly_docs_ops_md(cli):
    result = cli("ops", "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout == ops_markdown()
    assert result.stdout == (Path(__file__).parent.parent / "docs" / "ops.md").read_text()


def test_json_lists_every_gate_with_its_local_gradients(cli):
    data = json.loads(cli("ops", "--format", "json").stdout)
    assert [g["name"] for g in data] == [op.name for op in GATES]
    by_name = {g["name"]: g for g in data}
    # The lecture's table of simple local gradients.
    assert (by_name["exp"]["formula"], by_name["exp"]["local_gradients"]) == ("e^x", ["e^x"])
    assert (by_name["recip"]["formula"], by_name["recip"]["local_gradients"]) == ("c / x", ["-c/x^2"])
    assert (by_name["mulc"]["formula"], by_name["mulc"]["local_gradients"]) == ("c * x", ["c"])
    assert (by_name["addc"]["formula"], by_name["addc"]["local_gradients"]) == ("c + x", ["1"])
    assert by_name["sigmoid"]["local_gradients"] == ["(1 - sigmoid(x))*sigmoid(x)"]
    assert by_name["relu"]["kink_convention"] == "relu'(0) = 0"
    assert by_name["log"]["domain"] == "x > 0"
    assert by_name["mul"]["pattern"] == "swap multiplier"
    assert by_name["max"]["functions"] == ["max"] and by_name["log"]["functions"] == ["log", "ln"]


def test_table_has_a_row_per_gate(cli):
    result = cli("ops")
    rows = [line.split("│")[1].strip() for line in result.stdout.splitlines() if line.startswith("│")]
    assert rows == [op.name for op in GATES]
    assert re.search(r"│ sigmoid +│", result.stdout)
    assert "(1 - sigmoid(x))*sigmoid(x)" in result.stdout


@pytest.mark.parametrize("op", GATES, ids=lambda op: op.name)
def test_every_gate_has_a_latex_form_with_its_inputs(op):
    placeholders = set(re.findall(r"\$([a-z])", op.tex))
    assert placeholders == set("xy"[: op.arity]) | ({"c"} if op.has_param else set())
    filled = Template(op.tex).substitute(x="a", y="b", c="2")
    assert filled.count("{") == filled.count("}")


@pytest.mark.parametrize("op", GATES, ids=lambda op: op.name)
def test_every_gate_formula_names_its_inputs(op):
    # explain fills these formulas with node names: each input must appear.
    names = set(re.findall(r"\b([xyc])\b", op.formula))
    assert names == set("xy"[: op.arity]) | ({"c"} if op.has_param else set())
