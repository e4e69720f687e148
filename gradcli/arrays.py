"""Vector and matrix values: reading nested lists, and showing arrays.

A value written as nested lists (``[0.2, 0.4]``, ``[[0.1, 0.5], [-0.3, 0.8]]``)
becomes a float64 NumPy array. The lists are checked first, level by level (no
recursion), so a ragged list, a non-number or a value that is not finite is a
one-line ``ShapeError``/``ValueInputError`` naming the variable and the shapes.

NumPy is imported only when an array is met: scalar expressions with scalar
values never load it (``is_array`` tells without importing it).
"""

from __future__ import annotations

import math

from .array_rules import numpy, shape_text
from .errors import InputError, ShapeError, ValueInputError, printable, quoted
from .numfmt import format_number, json_number

MAX_NDIM = 16  # dimensions of a value; deeper nesting is a mistake, not a tensor
FULL_ENTRIES = 16  # arrays with more entries are abbreviated in tables and narrations
EDGE = 2  # entries kept at each end of a long axis when abbreviating


def is_array(value) -> bool:
    """A NumPy value (an engine's array, even 0-d), as opposed to a Python number."""
    return hasattr(value, "shape")


def needs_arrays(graph, values) -> bool:
    """Whether a graph runs on the array engine: an array value, or an array gate."""
    return any(is_array(v) for v in values.values()) or any(
        node.op.array_only for node in graph.nodes)


def shape_of(value) -> tuple:
    return tuple(value.shape) if is_array(value) else ()


def looks_like_array(text: str) -> bool:
    return text.lstrip().startswith("[")


def array_from_text(name: str, text: str):
    """``[[0.1, 0.5], [-0.3, 0.8]]`` as typed on the command line, read as strict JSON."""
    from .jsonin import loads

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
    from .jsonin import JsonNumber

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


# --- showing arrays


def nest(flat: list, shape: tuple, marks: tuple = ()) -> object:
    """Flat items grouped into nested lists of ``shape``, from the last axis out.

    ``marks[d]`` (optional) is the position where an axis was abbreviated: an
    ellipsis item goes there.
    """
    items = list(flat)
    for d in range(len(shape) - 1, -1, -1):
        size = shape[d]
        mark = marks[d] if marks else None
        groups = []
        for start in range(0, len(items), size):
            group = items[start:start + size]
            if mark is not None:
                group.insert(mark, "…")
            groups.append(group)
        items = groups
    return items[0] if shape else flat[0]


def to_json(value):
    """A number (JSON-safe) or nested lists of them: JSON's form of a value."""
    if not is_array(value):
        return json_number(value)
    if value.ndim == 0:
        return json_number(float(value))
    return nest([json_number(x) for x in value.ravel().tolist()], value.shape)


def compact_json(value) -> str:
    """One line, no spaces: a value in a TSV cell or a shell variable."""
    import json  # only array outputs need it

    return json.dumps(to_json(value), separators=(",", ":"), allow_nan=False)


def format_value(value, fmt=format_number, full: bool = False, rows: bool = False,
                 sep: str = ", ") -> str:
    """A number as ``fmt`` writes it; an array as nested lists, abbreviated when large
    (unless ``full``); with ``rows`` a matrix's rows go on lines of their own, and
    ``sep`` between entries (``","`` for a TSV cell)."""
    if not is_array(value) or value.ndim == 0:
        return fmt(float(value))
    nested = abbreviated(value, fmt, full)
    if rows and value.ndim >= 2:
        lines = [row if isinstance(row, str) else _bracketed(row, sep) for row in nested]
        return "[" + ",\n ".join(lines) + "]"
    return _bracketed(nested, sep)


def abbreviated(value, fmt=format_number, full: bool = False) -> list:
    """An array as nested lists of texts; when large (and not ``full``) only the first
    and last entries of each long axis, with "…" in between."""
    shape, marks, kept = value.shape, [], value
    if not full and value.size > FULL_ENTRIES:
        np = numpy()
        keep = []
        for n in shape:
            long_axis = n > 2 * EDGE + 1
            keep.append(list(range(EDGE)) + list(range(n - EDGE, n)) if long_axis else
                        list(range(n)))
            marks.append(EDGE if long_axis else None)
        kept = value[np.ix_(*keep)]
    texts = [fmt(x) for x in kept.ravel().tolist()]
    return nest(texts, kept.shape, tuple(marks))


def _bracketed(nested, sep: str = ", ") -> str:
    """Nested lists of texts as ``[[a, b], [c, d]]`` (an explicit stack, no recursion)."""
    out: list[str] = []
    stack = [(nested, 0)]
    while stack:
        items, k = stack.pop()
        if k == 0:
            out.append("[")
        if k == len(items):
            out.append("]")
            continue
        if k:
            out.append(sep)
        stack.append((items, k + 1))
        item = items[k]
        if isinstance(item, list):
            stack.append((item, 0))
        else:
            out.append(item)
    return "".join(out)


def describe(value) -> str:
    """How a value's shape reads in a sentence: a scalar, a vector of 3, a 2×3 matrix."""
    shape = shape_of(value)
    if not shape:
        return "a scalar"
    if len(shape) == 1:
        return f"a vector of {shape[0]}"
    return f"a {shape_text(shape)} {'matrix' if len(shape) == 2 else 'array'}"
