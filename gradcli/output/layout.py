"""A layered (Sugiyama-style) layout of a DAG, for drawing circuits without Graphviz.

The lecture's shape: the inputs in one column on the left, in their order from the
top, every gate one rank right of its furthest input (ranks by longest path), the
output on the right. A wire that spans several ranks passes through a dummy vertex
in each rank between, so that crossing reduction (barycentre sweeps, as Graphviz's
``dot`` does) can route it round the gates instead of through them.

Pure and deterministic: ties keep the earlier (topological) order. It is linear in
the vertices plus the dummies, and callers cap the graph's size (picture.py).

Why not a package: grandalf, the pip-installable Sugiyama layout, has had no release
since January 2023 and lays out top to bottom with its own port and dummy handling; the
lecture's shape (inputs pinned in their order in the first column) is these ~100 lines.

>>> placed = layered(4, [(0, 2), (1, 2), (2, 3)], column=[0, 1])
>>> placed.ranks, placed.rows
([0, 0, 1, 2], [0.0, 1.0, 0.5, 0.5])
"""

from __future__ import annotations

from dataclasses import dataclass

SWEEPS = 4  # barycentre passes down and up: the crossings the lecture's circuits have go in 1-2
# Inputs that feed every stage of a long program need a dummy in every rank between: past this
# many vertices one pass is made, so a 500-gate drawing stays about a second.
FULL_SWEEPS_UP_TO = 20_000


@dataclass
class Layered:
    ranks: list[int]  # per vertex, real ones first (0..count-1), then the dummies
    rows: list[float]  # per vertex: its height in the rank, in units of one row
    paths: list[list[int]]  # per edge, in the order given: the vertices it passes through
    count: int  # the real vertices; the rest are dummies

    @property
    def depth(self) -> int:
        return max(self.ranks, default=0) + 1


def layered(count: int, edges: list[tuple[int, int]], column: list[int]) -> Layered:
    """Vertices ``0..count-1`` in topological order (each edge goes from a lower index to a
    higher), ``column`` the sources that stand in the first rank, in that order from the top."""
    ranks = _longest_path_ranks(count, edges)
    paths = []
    for u, v in edges:  # one dummy per rank a wire passes without a gate there
        path = [u]
        for r in range(ranks[u] + 1, ranks[v]):
            ranks.append(r)
            path.append(len(ranks) - 1)
        paths.append(path + [v])
    preds, succs = _neighbours(len(ranks), paths)
    layers = _initial_layers(ranks, column)
    for _ in range(SWEEPS if len(ranks) <= FULL_SWEEPS_UP_TO else 1):
        _sweep(layers, preds, range(1, len(layers)), step=1)
        _sweep(layers, succs, range(len(layers) - 2, 0, -1), step=-1)
    return Layered(ranks, _rows(layers, preds, len(ranks)), paths, count)


def _longest_path_ranks(count: int, edges: list[tuple[int, int]]) -> list[int]:
    incoming: list[list[int]] = [[] for _ in range(count)]
    for u, v in edges:
        incoming[v].append(u)
    ranks = [0] * count
    for v in range(count):  # topological order: every input is ranked already
        ranks[v] = max((ranks[u] + 1 for u in incoming[v]), default=0)
    return ranks


def _neighbours(total: int, paths: list[list[int]]):
    preds: list[list[int]] = [[] for _ in range(total)]
    succs: list[list[int]] = [[] for _ in range(total)]
    for path in paths:
        for u, v in zip(path, path[1:]):
            preds[v].append(u)
            succs[u].append(v)
    return preds, succs


def _initial_layers(ranks: list[int], column: list[int]) -> list[list[int]]:
    layers: list[list[int]] = [[] for _ in range(max(ranks, default=0) + 1)]
    first = set(column)
    layers[0] = list(column)
    for v, r in enumerate(ranks):
        if not (r == 0 and v in first):
            layers[r].append(v)
    return layers


def _sweep(layers: list[list[int]], neighbours: list[list[int]], order, step: int) -> None:
    """Sort each layer by the mean position of its vertices' neighbours in the layer ``step``
    before it (the first rank stays as given: the inputs in their order)."""
    for r in order:
        position = {v: k for k, v in enumerate(layers[r - step])}
        current = {v: k for k, v in enumerate(layers[r])}
        layers[r].sort(key=lambda v: _barycentre(neighbours[v], position, current[v]))


def _barycentre(neighbours: list[int], position: dict[int, int], here: int) -> tuple:
    known = [position[u] for u in neighbours if u in position]
    return (sum(known) / len(known) if known else here, here)


def _rows(layers: list[list[int]], preds: list[list[int]], total: int) -> list[float]:
    """Heights: the first rank one row apart; each later vertex at the mean of its inputs,
    pushed apart to one row between neighbours and the rank shifted back to its wish."""
    rows = [0.0] * total
    for k, v in enumerate(layers[0]):
        rows[v] = float(k)
    for layer in layers[1:]:
        wish = [sum(rows[u] for u in preds[v]) / len(preds[v]) if preds[v] else 0.0 for v in layer]
        placed = []
        for w in wish:
            placed.append(w if not placed else max(w, placed[-1] + 1.0))
        shift = sum(w - p for w, p in zip(wish, placed)) / len(layer)
        for v, p in zip(layer, placed):
            rows[v] = p + shift
    return rows
