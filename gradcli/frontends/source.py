"""Text -> Program by either front end: the one place that decides "is this LaTeX?"."""

from __future__ import annotations

from ..core.program import Program
from ..limits import Limits
from ..limits import active as active_limits


def parse_any(text: str, latex: bool | None = None, limits: Limits | None = None,
              stream: bool = False) -> Program:
    """Plain text, or LaTeX when asked (``latex=True``) or when it looks like LaTeX (``None``).

    Only text with a backslash or a ``$`` can be LaTeX; the LaTeX front end is
    imported for that text alone. ``stream``: plain text's statements are a one-pass
    iterator, parsed as the graph builder reads them (frontends/plain.parse).
    """
    limits = limits or active_limits()
    if latex is False or (latex is None and "\\" not in text and "$" not in text):
        from .plain import parse

        return parse(text, limits, stream)
    from .latex import looks_like_latex, parse_latex

    if latex or looks_like_latex(text):
        return parse_latex(text, limits)
    from .plain import parse

    return parse(text, limits, stream)
