"""What tests share beyond fixtures: system programs a test needs.

A test that needs a program (Graphviz's ``dot``, ``pdflatex``, ``chromium``) calls
``require_program``: without the program it is skipped with a reason, so the README's
test command passes on any machine. CI installs the programs and sets
``GRADCLI_REQUIRE_TOOLS=1``, which turns those skips into failures: nothing is
silently untested there.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

REQUIRE_TOOLS = "GRADCLI_REQUIRE_TOOLS"

INSTALL = {
    "dot": "Debian/Ubuntu `apt-get install graphviz`, Homebrew `brew install graphviz`",
    "pdflatex": "Debian/Ubuntu `apt-get install texlive-latex-recommended`",
    "chromium": "Debian `apt-get install chromium chromium-driver`",
    "chromedriver": "Debian `apt-get install chromium-driver`",
}


def require_program(name: str) -> str:
    """The path of program ``name``; else skip the test (fail it under GRADCLI_REQUIRE_TOOLS=1)."""
    path = shutil.which(name)
    if path:
        return path
    reason = f"{name} is not installed ({INSTALL.get(name, 'install it')})"
    if os.environ.get(REQUIRE_TOOLS) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_TOOLS}=1 says every test must run", pytrace=False)
    pytest.skip(reason)


# --- what users read: output as shown in the docs, compared as a reader would

ROOT = Path(__file__).parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]

# A number as gradcli prints it; compared with a tolerance where BLAS may round differently.
_NUMBER = re.compile(r"-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
_PADDING = re.compile(r"[ ─━]+")  # table padding and rules: their width follows the numbers'


def strip_right(text: str) -> str:
    """Output as a golden holds it: no trailing spaces, one newline at the end."""
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def same_output(actual: str, shown: str, rel: float = 1e-12) -> bool:
    """Whether ``actual`` is what ``shown`` shows: equal after trailing spaces, or equal
    text around numbers that agree to ``rel`` (the last digit of a NumPy/BLAS result
    differs between machines, and a table's padding with it)."""
    actual, shown = strip_right(actual), strip_right(shown)
    if actual == shown:
        return True
    a_text, s_text = _NUMBER.split(actual), _NUMBER.split(shown)
    a_nums, s_nums = _NUMBER.findall(actual), _NUMBER.findall(shown)
    if len(a_nums) != len(s_nums) or len(a_text) != len(s_text):
        return False
    if any(_PADDING.sub(" ", a) != _PADDING.sub(" ", s) for a, s in zip(a_text, s_text)):
        return False
    return all(_close(float(a), float(s), rel) for a, s in zip(a_nums, s_nums))


def _close(a: float, b: float, rel: float) -> bool:
    return a == b or abs(a - b) <= rel * max(abs(a), abs(b))


_FENCE = re.compile(r"```[A-Za-z0-9_-]*\s*$")


def code_blocks(text: str, language: str = "") -> list[str]:
    """The fenced blocks of a Markdown text with this language tag ("" for none)."""
    blocks, current, tag = [], None, ""
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):  # not ```` ```mermaid ```` in a sentence
            if current is None:
                current, tag = [], line[3:].strip()
            else:
                if tag == language:
                    blocks.append("".join(current))
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def doc_examples(paths=DOCS, heading: str | None = None):
    """(doc, command line, output shown) for every ``$ gradcli`` line of a fenced block
    with output under it (in the section ``heading`` only, when given)."""
    for path in paths:
        text = path.read_text()
        if heading is not None:
            text = text.split(heading, 1)[1].split("\n## ", 1)[0]
        for block in code_blocks(text):
            for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
                command, _, output = part.partition("\n")
                if command.startswith("gradcli ") and "|" not in command and output.strip():
                    yield path.name, command, output
