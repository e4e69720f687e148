"""The circuit as SVG without Graphviz: the layered layout of layout.py, drawn as the slides do.

Inputs as plain names on the left, one box per gate (its label, its id in small grey
type), the output's name on the right; each wire carries its forward value above
(green) and the gradient flowing back along it below (red), a branch point where a
value fans out (circuit.py). Every gate is ``<g id="node-K">`` and every stroke
``<g id="wire-K">`` (K: topological index, stroke index), so the step-through page
can address them. With ``reveal`` each number carries ``data-step``: the step from
which it is shown. Pure and deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..api import Result
from .circuit import BRANCH, NODE, strokes
from .drawing import GRAD_COLOR, ID_COLOR, VALUE_COLOR, numbers, wire_shape
from .layout import layered

GATE_FONT, WIRE_FONT, ID_FONT = 14, 12, 10
CHAR = 0.62  # a character's width in ems, roughly, for Helvetica-like type
PAD, GATE_HEIGHT, MARGIN, PORT = 10, 40, 16, 20
BRANCH_GAP = 14  # from a node to its branch point, when the stroke carries no numbers
CURVE = 24  # room for a wire to bend between two rows


@dataclass
class Reveal:
    """The step from which each stroke's value and gradient are shown."""

    value: list[int]
    grad: list[int]


def text_width(text: str, size: int) -> float:
    return len(text) * size * CHAR


class _Geometry:
    """Where everything goes: columns (ranks) left to right, rows top to bottom."""

    def __init__(self, result: Result, labels: list[list[str]]):
        graph = result.graph
        self.result, self.labels, self.count = result, labels, len(graph.nodes)
        self.drawn = strokes(result)
        self.edges = [(k, w.source, self.count if w.target is None else w.target)
                      for k, (_, end, w) in enumerate(self.drawn) if end[0] != BRANCH]
        column = list(graph.variables) + [i for i, n in enumerate(graph.nodes)
                                          if n.op.arity == 0 and n.op.name != "var"]
        self.placed = layered(self.count + 1, [(u, v) for _, u, v in self.edges], column)
        self.path_of = {k: path for (k, _, _), path in zip(self.edges, self.placed.paths)}
        self.widths = [self._box_width(v) for v in range(len(self.placed.ranks))]
        for k, (start, _, _) in enumerate(self.drawn):
            if self.passes(k):  # a long branch carries its numbers through its first dummy
                self.widths[self.path_of[k][1]] = self.run(k)
        self.port = self._ports()
        self.row = 80 if result.trace is not None and result.trace.arrays else 64
        self._columns()

    def _ports(self) -> dict[int, int]:
        """Which input of its gate each stroke enters, counted from the top: the wire that
        comes from higher up takes the upper one, so two inputs never cross at the gate."""
        into: dict[int, list[tuple[float, int, int]]] = {}
        for k, _, target in self.edges:
            path = self.path_of[k]
            came_from = (self.placed.rows[path[-2]], self.drawn[k][2].position, k)
            into.setdefault(target, []).append(came_from)
        return {k: n for wires in into.values() for n, (_, _, k) in enumerate(sorted(wires))}

    def _box_width(self, v: int) -> float:
        if v > self.count:
            return 0.0  # a dummy: a wire passing through
        if v == self.count:
            return text_width(self.result.graph.output_node.id, GATE_FONT) + 4
        node = self.result.graph.nodes[v]
        if node.op.arity == 0:
            return text_width(node.id, GATE_FONT) + 4
        return max(text_width(node.label, GATE_FONT), text_width(node.id, ID_FONT), 20) + 2 * PAD

    def label_width(self, k: int) -> float:
        return max((text_width(t, WIRE_FONT) for t in self.labels[k]), default=0.0)

    def _columns(self) -> None:
        depth = self.placed.depth
        width = [0.0] * depth
        for v, r in enumerate(self.placed.ranks):
            width[r] = max(width[r], self.widths[v])
        gap = [2 * PAD + CURVE] * depth
        self.branch_x: dict[int, float] = {}
        for k, (start, end, wire) in enumerate(self.drawn):
            if end[0] == BRANCH:  # the node's own stroke, then its branches, in one gap
                r = self.placed.ranks[start[1]]
                self.branch_x[start[1]] = max(self.label_width(k) + 2 * PAD, BRANCH_GAP)
                gap[r] = max(gap[r], self.branch_x[start[1]] + self._branches_width(start[1]))
            elif not self.passes(k):  # labelled where it starts, or for a branch where it ends
                r = self.placed.ranks[self.path_of[k][-1 if start[0] == BRANCH else 0]]
                gap[r - (start[0] == BRANCH)] = max(gap[r - (start[0] == BRANCH)],
                                                    self.run(k) + CURVE)
        self.left = []
        x = MARGIN
        for r in range(depth):
            self.left.append(x)
            x += width[r] + gap[r]
        self.column_width = width
        self.width = x - gap[-1] + MARGIN
        lowest = min(self.placed.rows, default=0.0)
        # room above the top row and below the bottom one for a wire's numbers
        self.height = (max(self.placed.rows, default=0.0) - lowest + 1.2) * self.row
        self.top = (0.6 - lowest) * self.row

    def _branches_width(self, node: int) -> float:
        near = [self.label_width(k) for k, (s, _, _) in enumerate(self.drawn)
                if s == (BRANCH, node) and len(self.path_of[k]) == 2
                and self.placed.ranks[self.path_of[k][1]] == self.placed.ranks[node] + 1]
        return max(near, default=0.0) + 2 * PAD + CURVE

    def passes(self, k: int) -> bool:
        """Whether stroke ``k`` is a branch that passes a dummy."""
        return self.drawn[k][0][0] == BRANCH and len(self.path_of.get(k, ())) > 2

    def run(self, k: int) -> float:
        """The straight stretch that carries stroke ``k``'s numbers."""
        return self.label_width(k) + 2 * PAD if self.labels[k] else 0.0

    def centre(self, v: int) -> tuple[float, float]:
        r = self.placed.ranks[v]
        return self.left[r] + self.column_width[r] / 2, self.top + self.placed.rows[v] * self.row

    def right_edge(self, v: int) -> float:
        r = self.placed.ranks[v]
        if v < self.count and self.result.graph.nodes[v].op.arity == 0:
            return self.left[r] + self.column_width[r]  # names are set flush right
        return self.centre(v)[0] + self.widths[v] / 2

    def points(self, k: int) -> list[tuple[float, float]]:
        """The polyline of stroke ``k``: from its node or branch point, through the dummies,
        to its gate's input (two inputs side by side) or the output."""
        start, end, wire = self.drawn[k]
        y = self.centre(start[1])[1]
        x = self.right_edge(start[1])
        if end[0] == BRANCH:
            return [(x, y), (x + self.branch_x[start[1]], y)]
        if start[0] == BRANCH:
            x += self.branch_x[start[1]]
        out = [(x, y)] if start[0] == BRANCH else [(x, y), (x + self.run(k), y)]
        for d in self.path_of[k][1:-1]:
            r = self.placed.ranks[d]
            dy = self.centre(d)[1]
            out += [(self.left[r], dy), (self.left[r] + self.column_width[r], dy)]
        target = self.path_of[k][-1]
        tx, ty = self.centre(target)
        tx -= self.widths[target] / 2
        if end[0] == NODE:
            ty += (self.port[k] - (self.result.graph.nodes[target].op.arity - 1) / 2) * PORT
        end_run = [(tx - self.run(k), ty)] if start[0] == BRANCH and not self.passes(k) else []
        return out + end_run + [(tx, ty)]

    def anchor(self, k: int) -> tuple[float, float, int]:
        """Where stroke ``k``'s numbers go: the middle of its straight stretch, and on which
        side (0 both, -1 above, 1 below: a branch into a gate's upper or lower input)."""
        start, end, wire = self.drawn[k]
        points = self.points(k)
        if end[0] == BRANCH or start[0] != BRANCH or self.passes(k):
            (px, py), (qx, _) = points[0 + self.passes(k): 2 + self.passes(k)]
            return (px + qx) / 2, py, 0
        (px, py), (qx, _) = points[-2], points[-1]
        arity = self.result.graph.nodes[end[1]].op.arity if end[0] == NODE else 1
        side = 0 if arity == 1 else (-1 if self.port[k] == 0 else 1)
        return (px + qx) / 2, py, side


def circuit_svg(result: Result, digits: int | None = None, reveal: Reveal | None = None) -> str:
    """The circuit as a standalone SVG document."""
    fmt = numbers(digits)
    labels = [_wire_texts(wire, fmt) for _, _, wire in strokes(result)]
    geo = _Geometry(result, labels)
    title = f"The circuit of {result.graph.text}"
    lines = [f'<svg xmlns="http://www.w3.org/2000/svg" class="circuit" role="img" '
             f'width="{geo.width:.0f}" height="{geo.height:.0f}" '
             f'viewBox="0 0 {geo.width:.0f} {geo.height:.0f}" font-family="Helvetica, Arial, '
             f'sans-serif"><title>{escape(title)}</title>',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
             'markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z"/></marker></defs>']
    for k in range(len(geo.drawn)):
        lines.append(_stroke(geo, k, reveal))
    for i, node in enumerate(result.graph.nodes):
        lines.append(_node(geo, i, node))
    x, y = geo.centre(geo.count)
    lines.append(f'<text class="output" x="{x - geo.widths[geo.count] / 2 + 2:.1f}" '
                 f'y="{y + 5:.1f}" font-size="{GATE_FONT}">{escape(result.output)}</text>')
    return "\n".join(lines + ["</svg>"]) + "\n"


def _wire_texts(wire, fmt) -> list[str]:
    if wire.value is None:
        return []
    shape = wire_shape(wire)
    return ([shape] if shape else []) + [fmt(wire.value), fmt(wire.grad)]


def _node(geo: _Geometry, i: int, node) -> str:
    x, y = geo.centre(i)
    if node.op.arity == 0:
        return (f'<g id="node-{i}" class="input" data-node="{escape(node.id)}">'
                f'<text x="{geo.right_edge(i) - 2:.1f}" y="{y + 5:.1f}" text-anchor="end" '
                f'font-size="{GATE_FONT}">{escape(node.id)}</text></g>')
    w = geo.widths[i]
    return (f'<g id="node-{i}" class="gate" data-node="{escape(node.id)}">'
            f'<rect x="{x - w / 2:.1f}" y="{y - GATE_HEIGHT / 2:.1f}" width="{w:.1f}" '
            f'height="{GATE_HEIGHT}" rx="4" fill="#fff" stroke="#000"/>'
            f'<text x="{x:.1f}" y="{y + 1:.1f}" text-anchor="middle" '
            f'font-size="{GATE_FONT}">{escape(node.label)}</text>'
            f'<text x="{x:.1f}" y="{y + 14:.1f}" text-anchor="middle" font-size="{ID_FONT}" '
            f'fill="{ID_COLOR}">{escape(node.id)}</text></g>')


def _path(points: list[tuple[float, float]]) -> str:
    (x, y), rest = points[0], points[1:]
    out = [f"M{x:.1f},{y:.1f}"]
    for qx, qy in rest:
        if abs(qy - y) < 0.05:
            out.append(f"L{qx:.1f},{qy:.1f}")
        else:
            mid = (x + qx) / 2
            out.append(f"C{mid:.1f},{y:.1f} {mid:.1f},{qy:.1f} {qx:.1f},{qy:.1f}")
        x, y = qx, qy
    return "".join(out)


def _stroke(geo: _Geometry, k: int, reveal: Reveal | None) -> str:
    start, end, wire = geo.drawn[k]
    points = geo.points(k)
    arrow = ' marker-end="url(#arrow)"' if end[0] != BRANCH else ""
    parts = [f'<g id="wire-{k}" class="wire">',
             f'<path d="{_path(points)}" fill="none" stroke="#000"{arrow}/>']
    if end[0] == BRANCH:
        bx, by = points[-1]
        parts.append(f'<circle cx="{bx:.1f}" cy="{by:.1f}" r="3"/>')
    texts = geo.labels[k]
    if texts:
        x, y, side = geo.anchor(k)
        steps = (None, None) if reveal is None else (reveal.value[k], reveal.grad[k])
        kinds = [("shape", ID_COLOR, steps[0])] * (len(texts) == 3) + [
            ("value", VALUE_COLOR, steps[0]), ("grad", GRAD_COLOR, steps[1])]
        for text, (kind, color, step), dy in zip(texts, kinds, _offsets(len(texts), side)):
            parts.append(_label(x, y + dy, text, kind, color, step))
    return "".join(parts) + "</g>"


def _offsets(lines: int, side: int) -> list[float]:
    """Baselines of a stroke's lines of numbers: the gradient under the wire, the rest
    above; or all above (side -1) or all below (side 1) it."""
    if side == 0:
        return [-5 - 14 * (lines - 2 - n) for n in range(lines - 1)] + [14]
    if side < 0:
        return [-5 - 14 * (lines - 1 - n) for n in range(lines)]
    return [14 + 14 * n for n in range(lines)]


def _label(x: float, y: float, text: str, kind: str, color: str, step: int | None) -> str:
    shown = "" if step is None else f' data-step="{step}"'
    return (f'<text class="{kind}" x="{x:.1f}" y="{y:.1f}" text-anchor="middle" '
            f'font-size="{WIRE_FONT}" fill="{color}"{shown}>{escape(text)}</text>')


