"""The trace every engine returns: each node's value, local gradients and gradient.

One type for the scalar engine (floats) and, as ``TensorTrace`` (engines/arrays.py),
for the array engine (NumPy arrays), so checks and output read either alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True)
class Kink:
    node: int
    message: str


@dataclass
class Trace:
    arrays: ClassVar[bool] = False  # True for the array engine's trace (engines/arrays.py)
    values: list[float]
    locals: list[tuple[float, ...]] = field(default_factory=list)
    grads: list[float] = field(default_factory=list)
    kinks: list[Kink] = field(default_factory=list)
