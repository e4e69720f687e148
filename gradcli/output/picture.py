"""The circuit as a picture (SVG, PNG): the DOT source rendered by Graphviz's ``dot``.

Graphviz is the only thing in gradcli that needs it, and only for PNG: without
``dot`` on PATH, SVG is drawn by gradcli's own layered layout (output/layout.py)
and PNG fails with a message that says how to install Graphviz.
"""

from __future__ import annotations

import shutil
import subprocess

from ..api import Result
from ..limits import active as active_limits
from .drawing import to_dot
from ..errors import InputError, MissingProgramError, RenderError

INSTALL_HINT = ("install Graphviz: Debian/Ubuntu `sudo apt-get install graphviz`, "
                "Homebrew `brew install graphviz`")
# Graphviz's layout time grows much faster than the graph, and not with its size alone:
# 150 nodes of a chain that fans out took 23 s, 200 over a minute, while 500 nodes of a
# ladder take 2 s. So dot runs under the time limit SymPy has (--check-timeout), and past
# a few hundred nodes, which no one reads in a picture anyway, it is not run at all.
MAX_PICTURE_NODES = 300
_TOO_LARGE = "use --format dot, json or tree"


def render(source: str, fmt: str) -> bytes:
    """``source`` (DOT) rendered by ``dot -T<fmt>``."""
    exe = shutil.which("dot")
    if exe is None:
        raise MissingProgramError(
            f"--format {fmt} needs Graphviz's `dot` program, which is not on PATH; {INSTALL_HINT}"
        )
    seconds = active_limits().check_timeout
    try:
        proc = subprocess.run([exe, f"-T{fmt}"], input=source.encode("utf-8"),
                              capture_output=True, timeout=_own(seconds), check=False)
    except subprocess.TimeoutExpired:
        raise InputError(f"Graphviz's dot did not finish within {seconds:g} s: the graph is too "
                         f"large to draw; raise the limit with --check-timeout N, or "
                         f"{_TOO_LARGE}") from None
    except OSError as exc:
        raise RenderError(f"could not run Graphviz's dot ({exe}): {exc.strerror}") from None
    if proc.returncode != 0:
        reason = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"Graphviz's dot failed: {reason[0] if reason else proc.returncode}")
    return proc.stdout


def _own(seconds: float) -> float | None:
    """A subprocess timeout: none for a limit of 0 or inf (no limit)."""
    return seconds if 0 < seconds < float("inf") else None


def check_size(result: Result, fmt: str) -> None:
    """Refuse a picture of more than MAX_PICTURE_NODES nodes (InputError, exit 2)."""
    count = len(result.graph.nodes)
    if count > MAX_PICTURE_NODES:
        raise InputError(
            f"the graph has {count} nodes, too many to draw as {fmt} (at most "
            f"{MAX_PICTURE_NODES}); {_TOO_LARGE}"
        )


def _picture(result: Result, digits: int | None, fmt: str, wire_attributes=None) -> bytes:
    check_size(result, fmt)
    return render(to_dot(result, digits, wire_attributes), fmt)


def picture(result: Result, fmt: str, digits: int | None = None, wire_attributes=None):
    """The circuit as ``fmt`` (svg: text, png: bytes), wires drawn as ``to_dot`` is told."""
    drawn = _picture(result, digits, fmt, wire_attributes)
    return drawn.decode("utf-8") if fmt == "svg" else drawn


def to_svg(result: Result, digits: int | None = None) -> str:
    """Graphviz's drawing when ``dot`` is on PATH, else gradcli's own (output/circuit_svg.py)."""
    if shutil.which("dot") is None:
        from .circuit_svg import circuit_svg

        check_size(result, "svg")
        return circuit_svg(result, digits)
    return _picture(result, digits, "svg").decode("utf-8")


def to_png(result: Result, digits: int | None = None) -> bytes:
    return _picture(result, digits, "png")
