"""tests/support.py: a missing program skips a test, or fails it where CI says so."""

import pytest

from support import REQUIRE_TOOLS, require_program


def test_a_present_program_is_found():
    assert require_program("sh").endswith("sh")


def test_a_missing_program_skips_with_the_install_hint(monkeypatch):
    monkeypatch.delenv(REQUIRE_TOOLS, raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(pytest.skip.Exception, match=r"dot is not installed \(Debian/Ubuntu"):
        require_program("dot")


def test_a_missing_program_fails_when_ci_requires_every_tool(monkeypatch):
    monkeypatch.setenv(REQUIRE_TOOLS, "1")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(pytest.fail.Exception, match="GRADCLI_REQUIRE_TOOLS=1 says"):
        require_program("pdflatex")
