"""``graph --format html``: one self-contained page that steps through the circuit.

The circuit is inline SVG (circuit_svg.py), the steps JSON data (steps.py), and
stepper.js and stepper.css (package data beside this module) are inlined: the page
loads nothing, so it opens from ``file://``, an LMS upload or an e-mail. It opens at
the step in its URL fragment (``#step=N``, ``#step=end``) and keeps the fragment up to
date. ``predict=True`` asks for each number before revealing it.
"""

from __future__ import annotations

from html import escape
from importlib import resources

from ..api import Result
from ..errors import InputError
from .circuit_svg import circuit_svg
from .json_text import dumps
from .picture import check_size
from .steps import Tolerance, page_steps

# Predict mode without --digits or --decimals: the slides' two significant figures.
DEFAULT_SIGFIGS = 2


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _script_json(data: dict) -> str:
    # Inside <script>, "</" could close the element: JSON allows "\/" for "/".
    return dumps(data, separators=(",", ":"), allow_nan=True).replace("</", "<\\/")


def tolerance_for(digits: int | None, decimals: int | None) -> Tolerance:
    if decimals is not None:
        return Tolerance(decimals=decimals)
    return Tolerance(sigfigs=digits if digits is not None else DEFAULT_SIGFIGS)


def to_html(result: Result, digits: int | None = None, predict: bool = False,
            decimals: int | None = None) -> str:
    """The step-through page of an evaluated circuit."""
    if result.trace is None:
        raise InputError("--format html steps through values and gradients: give every "
                         "variable's value")
    check_size(result, "html")
    tolerance = tolerance_for(digits, decimals)
    steps, reveal, hover = page_steps(result, digits, tolerance)
    data = {"steps": [s.as_dict() for s in steps], "hover": {str(k): v for k, v in hover.items()},
            "predict": predict, "tolerance": tolerance.words()}
    title = f"Backprop, step by step: {result.graph.text}"
    mode = (f'<p class="mode">Predict mode: type each number before it is revealed '
            f'(right {escape(tolerance.words())}).</p>' if predict else "")
    return _PAGE.format(
        title=escape(title), expression=escape(result.graph.text), mode=mode,
        css=_asset("stepper.css"), svg=circuit_svg(result, digits, reveal),
        data=_script_json(data), js=_asset("stepper.js"))


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gradcli">
<title>{title}</title>
<link rel="icon" href="data:,">
<style>
{css}</style>
</head>
<body>
<main>
<h1>Backprop, step by step</h1>
<p class="expression"><code>{expression}</code></p>
{mode}
<nav class="controls" aria-label="Steps">
<button type="button" id="first" title="First step (Home)">&#xAB; First</button>
<button type="button" id="back" title="Step back (&#x2190;)">&#x2190; Back</button>
<button type="button" id="next" title="Step forward (&#x2192;)">Next &#x2192;</button>
<button type="button" id="last" title="Last step (End)">Last &#xBB;</button>
<span id="counter" aria-live="polite"></span>
</nav>
<section id="caption" aria-live="polite"></section>
<form id="predict" hidden autocomplete="off">
<div id="questions"></div>
<button type="submit" id="check">Check</button>
<button type="button" id="reveal">Show me</button>
<p id="verdict" role="status"></p>
</form>
<div class="figure">
{svg}</div>
<aside id="info" aria-live="polite">Hover over or focus a gate (Tab) to see its local
gradients.</aside>
<p class="keys">Keys: &#x2190; &#x2192; step, Home and End jump; the address ends in
<code>#step=N</code>, so a link opens at that step.</p>
</main>
<script type="application/json" id="gradcli-steps">{data}</script>
<script>
{js}</script>
</body>
</html>
"""
