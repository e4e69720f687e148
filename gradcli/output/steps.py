"""The steps of the step-through page, from explain's narration: what each step shows and says.

Step 0 shows the inputs; then one forward step per gate in topological order (its
value appears on its wires); then ∂f/∂f = 1 on the output's wire; then one backward
step per gate from the output back (the gradients along its input wires appear, with
explain's lines: the gate and its pattern, each input's ``[upstream] × [local] =
downstream``, the sum where branches meet); last the sums at inputs that branch.

Each stroke of the drawing gets the step from which its value and its gradient are
shown (circuit_svg.Reveal). For predict mode each step also carries the numbers it
reveals, with the half unit of the asked digit that checks/rounding.py accepts, and the
wrong numbers the worksheet diagnosis names (mistakes.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..api import Result
from ..checks.rounding import NOISE, half_unit
from ..core.arrays import format_value, is_array
from ..core.numfmt import number_formatter
from .circuit import BRANCH, OUTPUT, strokes, wire_gradient
from .circuit_svg import Reveal
from .explain.narrate import Style, backward_line, forward_line, narrate
from .mistakes import value_hint, wire_mistakes


@dataclass
class Tolerance:
    """How rounded a predicted number may be: N significant figures or N decimals."""

    sigfigs: int | None = None
    decimals: int | None = None

    def slack(self, truth: float) -> float:
        return half_unit(truth, self.decimals, self.sigfigs) + NOISE * max(abs(truth), 1e-300)

    def words(self) -> str:
        if self.decimals is not None:
            return f"to {self.decimals} decimal places"
        return f"to {self.sigfigs} significant figures"


@dataclass
class PageStep:
    kind: str  # inputs | forward | seed | backward | sums
    node: int | None  # the gate the step is about (highlighted)
    caption: list[str]
    questions: list[dict] = field(default_factory=list)  # predict mode: what it reveals

    def as_dict(self) -> dict:
        return {"kind": self.kind, "node": self.node, "caption": self.caption,
                "questions": self.questions}


def page_steps(result: Result, digits: int | None, tolerance: Tolerance):
    """(steps, reveal, hover): the page's steps, when each stroke's numbers show, and per
    gate the lines shown on hover or focus (its local gradients at this point)."""
    graph = result.graph
    story = narrate(result, Style(result, digits))
    index = {node.id: i for i, node in enumerate(graph.nodes)}
    steps = [PageStep("inputs", None, ["Inputs: " + ", ".join(f"{k} = {v}" for k, v in story.point)
                                       if story.point else "No inputs: the circuit is constant"])]
    forward_at = {i: 0 for i in graph.variables}
    for line in story.forward:
        i = index[line.node]
        forward_at[i] = len(steps)
        asked = _question(f"value of {line.node}", result.trace.values[i], tolerance,
                          otherwise=value_hint(result, i))
        steps.append(PageStep("forward", i, [f"Forward: {forward_line(line)}"], asked))
    seed = len(steps)
    steps.append(PageStep("seed", graph.output, [
        f"Backward pass, from the output: ∂{story.output}/∂{story.output} = 1",
        "[upstream gradient] × [local gradient] = downstream gradient"]))
    backward_at = _backward(result, story.backward, index, steps, tolerance)
    summary = f"Gradients of {story.output}: " + ", ".join(
        f"{s.parts['partial']} = {s.parts['grad']}" for s in story.gradients)
    steps[-1].caption.append(summary)
    reveal = _reveal(result, forward_at, backward_at, seed)
    return steps, reveal, hover_lines(result, digits)


def _backward(result: Result, lines, index, steps: list[PageStep], tolerance) -> dict:
    """Group explain's backward lines by gate: a branch sum goes with the gate it precedes,
    the sums at inputs into one last step. Returns the step of each gate and summed node."""
    at: dict[int, int] = {}
    pending: list[str] = []
    summed: list[int] = []
    position = 0  # which input of the current gate the next line is about
    for line in lines:
        if line.kind == "branch":
            pending.append(backward_line(line))
            summed.append(index[line.node])
            continue
        if line.kind == "gate":
            i = index[line.node]
            steps.append(PageStep("backward", i, pending + [backward_line(line)]))
            at[i] = len(steps) - 1
            pending, position = [], 0
            continue
        steps[-1].caption.append(backward_line(line))
        gate = steps[-1].node
        along = wire_gradient(result, gate, position)
        label = f"gradient from {result.graph.nodes[gate].id} back to {line.node}"
        if not (is_array(along) and along.ndim):
            named, otherwise = wire_mistakes(result, gate, position)
            steps[-1].questions += _question(label, along, tolerance, named, otherwise)
        position += 1
    if pending:
        steps.append(PageStep("sums", None, pending))
    for i in summed:  # a gate's sum came with its step; an input's with the last
        at.setdefault(i, len(steps) - 1)
    return at


def _question(label: str, truth, tolerance: Tolerance, named=(), otherwise: str = "") -> list:
    """A number to predict: scalars only (an array is revealed without asking), with the
    numbers catalogued slips give and their hints (mistakes.py), and the hint otherwise."""
    if is_array(truth) and truth.ndim:
        return []
    truth = float(truth)
    mistakes = [{"number": n, "slack": tolerance.slack(n), "hint": h} for n, h in named
                if abs(n - truth) > tolerance.slack(truth)]  # a slip that gives the truth: none
    return [{"label": label, "truth": truth, "slack": tolerance.slack(truth),
             "mistakes": mistakes, "otherwise": otherwise}]


def _reveal(result: Result, forward_at: dict, backward_at: dict, seed: int) -> Reveal:
    values, grads = [], []
    for start, end, wire in strokes(result):
        values.append(forward_at.get(wire.source, 0))
        if end[0] == OUTPUT:
            grads.append(seed)
        elif end[0] == BRANCH:
            grads.append(backward_at[wire.source])
        else:
            grads.append(backward_at[wire.target])
    return Reveal(values, grads)


def hover_lines(result: Result, digits: int | None) -> dict[int, list[str]]:
    """Per gate: its label and node, then each input's local gradient rule and its value here
    (an array gate: its VJP rule, g the upstream gradient)."""
    from ..engines.arrays import fill_names

    graph, trace = result.graph, result.trace
    fmt = number_formatter(digits)
    out = {}
    for i, node in enumerate(graph.nodes):
        if node.op.arity == 0:
            continue
        lines = [f"gate {node.label} (node {node.id}): {fill_names(graph, node, node.op.formula)}"]
        for k, j in enumerate(node.inputs):
            partial = f"∂{node.id}/∂{graph.nodes[j].id}"
            if node.op.array_only:
                rule = fill_names(graph, node, node.op.arrays.vjp_formulas[k])
                lines.append(f"VJP for {graph.nodes[j].id}: {rule}")
                continue
            rule = fill_names(graph, node, node.op.local_formulas[k])
            here = format_value(trace.locals[i][k], fmt)
            value = f" = {here}" if here != rule else ""  # not "= 1 = 1"
            lines.append(f"local gradient {partial} = {rule}{value}")
        out[i] = lines
    return out
