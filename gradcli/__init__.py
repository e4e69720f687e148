"""gradcli: backpropagation by hand, checked against SymPy.

The Python API (``evaluate``) is what the command line is built on.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["evaluate", "__version__"]


def __getattr__(name: str):
    # Lazy, so that ``import gradcli.cli`` for --help stays fast.
    if name == "evaluate":
        from .api import evaluate

        return evaluate
    raise AttributeError(name)
