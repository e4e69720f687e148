"""docs/notebook.ipynb, run by nbclient in a real kernel: the API's results display as
gradcli builds them (tables with the lecture's colours, the circuit as SVG, Markdown).

``python tests/test_notebook.py`` runs the notebook and writes its outputs back into docs/.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).parent.parent / "docs" / "notebook.ipynb"


def execute(path: Path = NOTEBOOK):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


@pytest.fixture(scope="module")
def outputs() -> list[list[dict]]:
    """Per code cell, its outputs."""
    return [cell.outputs for cell in execute().cells if cell.cell_type == "code"]


def shown(cell_outputs: list[dict], mime: str) -> str:
    (result,) = [o for o in cell_outputs if o.output_type == "execute_result"]
    return result["data"][mime]


def test_every_cell_shows_one_result_and_nothing_else(outputs):
    assert outputs[0] == []  # import gradcli
    for cell in outputs[1:]:
        assert [o.output_type for o in cell] == ["execute_result"]  # no error, no stray display


def test_evaluate_shows_the_table_the_check_and_the_circuit(outputs):
    plain, html = shown(outputs[1], "text/plain"), shown(outputs[1], "text/html")
    assert "│ f    │ *     │ n1, z  │   -12 │          -4, 3 │             1 │" in plain
    assert "check: backprop agrees with SymPy's derivative" in plain
    assert '<td style="border:1px solid #ccc;padding:2px 8px;white-space:pre;text-align:right;' \
           'color:#008000">-12</td>' in html  # a value, green
    assert "color:#cc0000\">-4</td>" in html  # a gradient, red
    assert "<svg" in html and 'data-node="n1"' in html


def test_grad_is_a_dict_shown_as_a_table(outputs):
    assert shown(outputs[2], "text/plain") == "{'x': -4.0, 'y': -4.0, 'z': 3.0}"
    assert "<caption style=\"text-align:left\">gradients of f</caption>" in shown(outputs[2],
                                                                                  "text/html")


def test_the_sigmoid_circuit_and_its_explanation(outputs):
    assert "│ n6   │ exp   │ n5     │ 0.367879 │" in shown(outputs[3], "text/plain")
    assert ">-0.196612</text>" in shown(outputs[3], "text/html")  # on the wire into exp
    markdown = shown(outputs[4], "text/markdown")
    assert "  - `n5: [-0.53] × [0.37] = -0.2`" in markdown
    assert r"\begin{align*}" in shown(outputs[4], "text/latex")


def test_check_shows_its_report(outputs):
    plain = shown(outputs[5], "text/plain")
    assert "∂f/∂w0" in plain and "✓" in plain and "passed" in plain


def test_the_array_example_shows_shapes(outputs):
    plain, html = shown(outputs[6], "text/plain"), shown(outputs[6], "text/html")
    assert "│ W    │ input │        │    2×2 │" in plain
    assert ">2×2</text>" in html and ">[0.22, 0.26]</text>" in html


def test_a_display_method_never_raises():
    import gradcli.output.notebook  # noqa: F401  (installs the renderers, as gradcli.evaluate does)
    from gradcli.api import Result
    from gradcli.core.display import bundle

    broken = Result(graph=None, trace=None, check=None)
    shown = broken._repr_mimebundle_()
    assert list(shown) == ["text/plain"] and "cannot be displayed" in shown["text/plain"]
    assert bundle(3, "no_such_renderer") == {"text/plain": "3"}  # no renderer: plain text


if __name__ == "__main__":
    import nbformat

    nbformat.write(execute(Path(sys.argv[1]) if len(sys.argv) > 1 else NOTEBOOK), NOTEBOOK)
