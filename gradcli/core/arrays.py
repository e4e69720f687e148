"""Vector and matrix values as every layer sees them: telling arrays apart, and showing them.

Reading arrays from users' text is inputs/array_text.py. NumPy is imported only when
an array is met: scalar expressions with scalar values never load it (``is_array``
tells without importing it).
"""

from __future__ import annotations

from .array_rules import numpy, shape_text
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
