"""What tests share beyond fixtures: system programs a test needs.

A test that needs a program (Graphviz's ``dot``, ``pdflatex``, ``chromium``) calls
``require_program``: without the program it is skipped with a reason, so the README's
test command passes on any machine. CI installs the programs and sets
``GRADCLI_REQUIRE_TOOLS=1``, which turns those skips into failures: nothing is
silently untested there.
"""

from __future__ import annotations

import os
import shutil

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
