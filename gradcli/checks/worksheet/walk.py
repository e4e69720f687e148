"""Grading a worksheet the way backprop runs: forward values in topological order, then
gradients from the output back, each number compared with the truth and with what follows
from the student's own earlier numbers (follow-through).

Every number gets a status: ``correct`` (the truth, as rounding allows), ``consistent``
(wrong only because an earlier number was, and computed right from the student's numbers),
``wrong`` (with a named mistake) or ``missing`` (a blank). The walk works with the student's
number wherever it is readable and of the right shape; for a blank, with what follows from
their earlier numbers (they may have worked it out without writing it down); else the truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...core.array_rules import numpy
from ...core.graph import Graph
from .catalogue import PRIORITY, hint
from .slips import Step, slips
from .steps import gate_parts, gate_value, part_slack, value_slack
from .tolerance import Tolerance

CORRECT, CONSISTENT, WRONG, MISSING = "correct", "consistent", "wrong", "missing"
STATUSES = (CORRECT, CONSISTENT, WRONG, MISSING)


@dataclass(frozen=True)
class Mistake:
    node: str  # the node whose number is wrong
    field: str  # value | grad
    gate: str  # the gate whose step went wrong
    code: str  # catalogue.py
    hint: str


@dataclass
class Mark:
    """One number's verdict: its status, the student's number, the truth, the mistake."""

    node: str
    field: str
    status: str
    given: object  # the student's number (an array), None for a blank
    truth: object
    mistake: Mistake | None = None


@dataclass
class Grading:
    marks: list[Mark]  # in walk order: values forward, then gradients backward
    follow_through: bool = True
    tolerance: Tolerance = field(default_factory=Tolerance)

    @property
    def mistakes(self) -> list[Mistake]:
        return [m.mistake for m in self.marks if m.mistake is not None]

    @property
    def first_wrong(self) -> Mark | None:
        return next((m for m in self.marks if m.status == WRONG), None)

    def credited(self, mark: Mark) -> bool:
        return mark.status == CORRECT or (mark.status == CONSISTENT and self.follow_through)

    @property
    def ok(self) -> bool:
        return all(self.credited(m) for m in self.marks)

    def mark(self, node: str, what: str) -> Mark:
        return next(m for m in self.marks if m.node == node and m.field == what)


def consumers_of(graph: Graph) -> list[list[tuple[int, int]]]:
    """For each node, the (gate, input position) pairs its value feeds, in graph order."""
    out: list[list[tuple[int, int]]] = [[] for _ in graph.nodes]
    for c, node in enumerate(graph.nodes):
        for k, j in enumerate(node.inputs):
            out[j].append((c, k))
    return out


def grade(graph: Graph, trace, numbers, tolerance: Tolerance | None = None,
          follow_through: bool = True) -> Grading:
    """Grade a worksheet. ``trace``: the array engine's (NumPy values and gradients);
    ``numbers(node_id, field)``: the student's number as an array, or None."""
    walk = _Walk(graph, trace, numbers, tolerance or Tolerance())
    marks = walk.forward() + walk.backward()
    return Grading(marks, follow_through, walk.tol)


class _Walk:
    def __init__(self, graph: Graph, trace, numbers, tol: Tolerance):
        np = numpy()
        self.graph, self.trace, self.tol = graph, trace, tol
        self.given = numbers
        self.values = [np.asarray(v, dtype=np.float64) for v in trace.values]
        self.grads = [np.asarray(g, dtype=np.float64) for g in trace.grads]
        self.consumers = consumers_of(graph)

    def forward(self) -> list[Mark]:
        marks = []
        for i, node in enumerate(self.graph.nodes):
            truth = self.trace.values[i]
            expected = slack = None
            if node.inputs:
                args = [self.values[j] for j in node.inputs]
                expected = gate_value(node, args)
                slack = value_slack(node, args, self.tol.half) if self.tol.rounds else None
            marks.append(self.judge(i, "value", truth, (expected, slack), self.values))
        return marks

    def backward(self) -> list[Mark]:
        marks = []
        for i in range(len(self.graph.nodes) - 1, -1, -1):
            steps = self.steps_into(i)
            expected = (self.follows(i, steps), self.slack(steps))
            marks.append(self.judge(i, "grad", self.trace.grads[i], expected, self.grads, steps))
        return marks

    def judge(self, i: int, what: str, truth, follows, used: list, steps=()) -> Mark:
        """The status of node ``i``'s number; ``used[i]`` becomes the student's number.
        ``follows``: what follows from the student's numbers, and how far their rounding
        can move it."""
        np = numpy()
        node_id = self.graph.nodes[i].id
        truth = np.asarray(truth, dtype=np.float64)
        given = self.given(node_id, what)
        expected, slack = follows
        if given is None and what == "value" and not self.graph.nodes[i].inputs:
            given = truth  # an input's value is the problem's, not the student's answer
        if given is None:
            if expected is not None and expected.shape == truth.shape:
                used[i] = expected  # a blank: what the student's numbers give, not the truth
            return Mark(node_id, what, MISSING, None, truth)
        if given.shape == truth.shape:
            used[i] = given  # follow-through: later numbers are computed from this one
        if self.tol.accepts(given, truth):
            return Mark(node_id, what, CORRECT, given, truth)
        if self.tol.accepts(given, expected, slack):
            return Mark(node_id, what, CONSISTENT, given, truth)
        code, gate = self.diagnose(i, what, given, truth, steps, slack)
        text = hint(code, self.graph, i, gate, what, self.consumers[i], truth.shape)
        return Mark(node_id, what, WRONG, given, truth, Mistake(node_id, what,
                                                               self.graph.nodes[gate].id, code,
                                                               text))

    def steps_into(self, i: int) -> list[Step]:
        """The steps back into node ``i``: one per gate its value feeds."""
        steps = []
        for c, k in self.consumers[i]:
            node = self.graph.nodes[c]
            args = [self.values[j] for j in node.inputs]
            parts = gate_parts(node, self.grads[c], args, self.values[c])
            steps.append(Step(c, node, k, self.grads[c], args, self.values[c],
                              None if parts is None else parts[k]))
        return steps

    def follows(self, i: int, steps: list[Step]):
        """The gradient that follows from the student's numbers (the output's: 1)."""
        if i == self.graph.output:
            return numpy().ones_like(self.values[i])
        if any(step.part is None for step in steps) or not steps:
            return None
        return sum(step.part for step in steps[1:]) + steps[0].part

    def slack(self, steps: list[Step]):
        """How far rounding of the numbers the steps use can move their sum (None: exact)."""
        if not self.tol.rounds or not steps:
            return None
        slacks = [part_slack(s.node, s.position, s.upstream, s.args, s.out, self.tol.half)
                  for s in steps]
        return None if any(d is None for d in slacks) else sum(slacks[1:], slacks[0])

    def diagnose(self, i: int, what: str, given, truth, steps, slack) -> tuple[str, int]:
        """The catalogued mistake (code, gate index) that explains a wrong number."""
        if what == "value":
            return ("forward" if given.shape == truth.shape else "shape"), i
        for code, gate, number in self.candidates(i, steps):
            if _matches(self.tol, given, number, slack):
                return code, gate
        if given.shape != truth.shape:
            return "shape", i
        return "unknown", steps[0].gate if len(steps) == 1 else i

    def candidates(self, i: int, steps: list[Step]) -> list[tuple[str, int, object]]:
        """Each catalogued slip's number for node ``i``'s gradient, by priority."""
        found = []
        for s, step in enumerate(steps):
            others = [other.part for t, other in enumerate(steps) if t != s]
            if step.part is None or any(part is None for part in others):
                continue
            for code, number in slips(step):
                if others and number.shape != step.part.shape:
                    continue  # a wrong shape adds to nothing
                found.append((code, step.gate, sum(others) + number if others else number))
        if len(steps) > 1:
            found += [("branch-not-summed", i, step.part) for step in steps
                      if step.part is not None]
        found += [("value-for-grad", i, value) for value in (self.values[i], self.trace.values[i])]
        return sorted(found, key=lambda item: PRIORITY.index(item[0]))


def _matches(tol: Tolerance, given, number, slack) -> bool:
    np = numpy()
    number = np.asarray(number, dtype=np.float64)
    if slack is not None and slack.shape != number.shape:
        slack = None
    if given.shape != number.shape and given.size == number.size:
        given, number = np.squeeze(given), np.squeeze(number)  # a 1×1 product is a number
        slack = None
    return tol.accepts(given, number, slack)
