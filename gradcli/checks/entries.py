"""A value's entries, so that one check serves numbers and arrays alike.

A number has one entry, at index ``()``; an array one per index, in C order (a
small version of HIPS autograd's ``VSpace``). Numbers stay Python floats, so the
scalar path never imports NumPy and pays nothing for the arrays' generality.
"""

from __future__ import annotations

from ..core.array_rules import numpy
from ..core.arrays import is_array


def entries(value) -> list[float]:
    """The entries as Python floats, in C order."""
    return value.ravel().tolist() if is_array(value) else [value]


def indices(value) -> list[tuple]:
    """Each entry's index, in the order of ``entries``."""
    return list(numpy().ndindex(value.shape)) if is_array(value) else [()]


def entry_name(name: str, index: tuple) -> str:
    """``W[0, 1]``; a number's one entry is just its name."""
    return f"{name}[{', '.join(map(str, index))}]" if index else name


def shaped_like(value, flat: list[float | None]):
    """``flat`` in the form of ``value``: a number, or an array of its shape (nan for None)."""
    if not is_array(value):
        return flat[0]
    nan = float("nan")
    return numpy().array([nan if x is None else x for x in flat]).reshape(value.shape)
