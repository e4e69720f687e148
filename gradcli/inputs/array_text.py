"""Vector and matrix values as users write them: nested lists -> float64 NumPy arrays.

A value written as nested lists (``[0.2, 0.4]``, ``[[0.1, 0.5], [-0.3, 0.8]]``)
becomes a float64 NumPy array. The lists are checked first, level by level (no
recursion), so a ragged list, a non-number or a value that is not finite is a
one-line ``ShapeError``/``ValueInputError`` naming the variable and the shapes.
"""

from __future__ import annotations

import math

from ..core.array_rules import numpy, shape_text
from ..core.arrays import MAX_NDIM, is_array
from ..errors import InputError, ShapeError, ValueInputError, printable, quoted
from .strict_json import JsonNumber, loads


def looks_like_array(text: str) -> bool:
    return text.lstrip().startswith("[")


def array_from_text(name: str, text: str):
    """``[[0.1, 0.5], [-0.3, 0.8]]`` as typed on the command line, read as strict JSON."""
    try:
        data = loads(text)
    except InputError as error:  # the JSON reader's message, said about this variable
        raise ValueInputError(f"value of {printable(name)} is {quoted(text, 40)}: a vector or "
                              f"matrix is written as JSON nested lists ({error})") from None
    return array_from_lists(name, data)


def array_from_lists(name: str, data):
    """Nested lists (or tuples, or a NumPy array) of numbers -> a float64 array."""
    np = numpy()
    if is_array(data):
        return _from_ndarray(name, data)
    shape, leaves = _walk(name, data)
    entries = [_entry(name, shape, k, leaf, JsonNumber) for k, leaf in enumerate(leaves)]
    array = np.array(entries, dtype=np.float64).reshape(shape)
    _require_finite(name, array, leaves)
    return array


def _walk(name: str, data) -> tuple[tuple, list]:
    """The shape of rectangular nested lists, and their entries in order."""
    shape: list[int] = []
    level = [data]
    while isinstance(level[0], (list, tuple)):
        size = len(level[0])
        for k, item in enumerate(level):
            if not isinstance(item, (list, tuple)) or len(item) != size:
                raise ShapeError(_ragged(name, shape, k, item, size))
        if size == 0:
            raise ShapeError(f"value of {printable(name)} has an empty list: "
                             "a vector or matrix needs at least one entry per dimension")
        shape.append(size)
        if len(shape) > MAX_NDIM:
            raise ShapeError(f"value of {printable(name)} is nested more than {MAX_NDIM} deep")
        level = [child for item in level for child in item]
    for k, item in enumerate(level):
        if isinstance(item, (list, tuple)):
            raise ShapeError(_ragged(name, shape, k, item, None))
    return tuple(shape), level


def _index(name: str, shape: list[int] | tuple, k: int) -> str:
    """``W[1][0]``: the k-th item of a level whose parents have ``shape``."""
    parts = []
    for size in reversed(shape):
        k, rest = divmod(k, size)
        parts.append(f"[{rest}]")
    return printable(name) + "".join(reversed(parts))


def _ragged(name: str, shape: list[int], k: int, item, size: int | None) -> str:
    here = _index(name, shape, k)
    first = _index(name, shape, 0)
    where = f"{here} is a list of {len(item)}" if isinstance(item, (list, tuple)) else \
        f"{here} is a number"
    if size is None:
        expected = "a number, as the entries before it"
    else:
        expected = f"a list of {size}, as {first}" if k else f"a list of {size}"
    return (f"value of {printable(name)} is a ragged list: {where}, where it should be "
            f"{expected} (a vector or matrix needs rows of equal length)")


def _entry(name: str, shape: tuple, k: int, leaf, json_number_type: type) -> float:
    if isinstance(leaf, json_number_type):
        return float(leaf)  # JSON's number grammar: only non-finite values remain to refuse
    if isinstance(leaf, (int, float)) and not isinstance(leaf, bool):
        return float(leaf)
    kind = "true/false" if isinstance(leaf, bool) else "null" if leaf is None else \
        "a string" if isinstance(leaf, str) else type(leaf).__name__
    raise ValueInputError(f"{_index(name, shape, k)} must be a number, not {kind}")


def _require_finite(name: str, array, shown: list) -> None:
    np = numpy()
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        k = int(bad[0])
        raise ValueInputError(f"value of {_index(name, array.shape, k)} is not a finite "
                              f"float64: {printable(str(shown[k]), 40)}")


def _from_ndarray(name: str, data):
    np = numpy()
    if data.dtype.kind not in "iuf":
        raise ValueInputError(f"value of {printable(name)} must hold numbers, not {data.dtype}")
    if data.ndim == 0:
        return _from_scalar(name, float(data))
    if data.size == 0:
        raise ShapeError(f"value of {printable(name)} is empty ({shape_text(data.shape)})")
    array = np.array(data, dtype=np.float64)
    _require_finite(name, array, array.ravel().tolist())
    return array


def _from_scalar(name: str, value: float) -> float:
    if not math.isfinite(value):
        raise ValueInputError(f"value of {printable(name)} is not a finite float64: {value}")
    return value
