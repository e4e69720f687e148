"""gradcli: backpropagation by hand, checked against SymPy.

The Python API (``evaluate``, ``check``, ``grad``; docs/api.md) is what the
command line is built on. It is imported on first use, so that a shell loop
calling ``gradcli grad ... --no-check`` pays only for what that path needs.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["evaluate", "check", "grad", "explain", "Cache", "__version__"]


def __getattr__(name: str):
    if name == "explain":  # the explanation object: built by the output layer
        from .output.notebook import explain

        globals()[name] = explain
        return explain
    if name in __all__:
        from . import api

        value = getattr(api, name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module 'gradcli' has no attribute {name!r}")
