"""gradcli: backpropagation by hand, checked against SymPy.

The Python API (``evaluate``, ``check``, ``grad``; docs/api.md) is what the
command line is built on. None of it imports SymPy or Rich until used.
"""

from __future__ import annotations

__version__ = "0.1.0"

# Imported eagerly on purpose: ``gradcli.check`` must be the function, not the
# ``gradcli/check.py`` module of the same name, whatever is imported first.
# (Import the module's contents with ``from gradcli.check import ...``.)
from .api import Cache, check, evaluate, grad  # noqa: E402

__all__ = ["evaluate", "check", "grad", "Cache", "__version__"]
