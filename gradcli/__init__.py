"""gradcli: backpropagation by hand, checked against SymPy.

The Python API (``evaluate``, ``check``, ``grad``; docs/api.md) is what the
command line is built on. It is imported on first use, so that a shell loop
calling ``gradcli grad ... --no-check`` pays only for what that path needs. This
facade also tells the results where their notebook display is (output/notebook.py,
loaded at the first display), which the command line never needs.
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
        from .core import display

        display.defer(_load_notebook_display)
        value = getattr(api, name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module 'gradcli' has no attribute {name!r}")


def _load_notebook_display() -> None:
    from .output import notebook  # noqa: F401  (installs the renderers as it loads)
