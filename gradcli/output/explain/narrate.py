"""``gradcli explain``: backprop narrated as the lecture does it. Pure functions, no printing.

``narrate`` turns a result into a list of steps: the forward pass stage by stage,
then the backward pass gate by gate in reverse order, each input of each gate as
``[upstream gradient] × [local gradient] = gradient``, the sum where branches
meet, and the lecture's name of each gate's pattern (from the op registry).
A ``Style`` spells names, numbers and gate formulas; the text and Markdown
renderers here and the LaTeX one in explain_latex.py lay the steps out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...api import Result
from ...core.arrays import format_value, is_array
from ...errors import terminal_safe
from ...core.numfmt import number_formatter
from ...core.ops import FANOUT_PATTERN, Op


@dataclass
class Step:
    """One line of the narration. kind: forward | gate | term | vjp | branch | gradient
    (vjp: an input of an array gate, whose VJP stands in for [upstream] × [local])."""

    kind: str
    node: str  # the node the line is about (styled)
    parts: dict[str, str] = field(default_factory=dict)  # styled pieces, by role


@dataclass
class Narration:
    expression: str  # the text as given
    point: list[tuple[str, str]]  # (styled name, styled value) per input
    output: str  # styled output name
    forward: list[Step]
    backward: list[Step]
    gradients: list[Step]


class Style:
    """Plain text: names as they are, numbers in gradcli's number format."""

    times, approx = "×", "≈"
    transpose, matmul = "ᵀ", "·"  # in the VJPs of array gates

    def __init__(self, result: Result, digits: int | None = None):
        self.fmt = number_formatter(digits)
        self.result = result

    def name(self, node_id: str) -> str:
        return node_id

    def template(self, op: Op) -> str:
        return re.sub(r"\b([xyc])\b", r"$\1", op.formula)

    def partial(self, out: str, node: str) -> str:
        return f"∂{out}/∂{node}"

    def exact_text(self, value) -> str:
        from ...engines.exact import exact_text

        return exact_text(value)

    def words(self, text: str) -> str:
        """Words inside a formula (a VJP rule such as "g copied to every entry of x")."""
        return text

    def array(self, value) -> str:
        """A vector or matrix: nested lists, abbreviated when large."""
        return format_value(value, self.fmt)

    def number(self, value: float, exact=None, approx: bool = False) -> tuple[str, bool]:
        """A number (exact when known) or an array, and whether it is atomic (needs no
        parentheses)."""
        if is_array(value):  # the array engine's values: arrays, and 0-d arrays for numbers
            if value.ndim:
                return self.array(value), True
            value = float(value)
        return self.scalar(value, exact, approx)

    def scalar(self, value: float, exact=None, approx: bool = False) -> tuple[str, bool]:
        if exact is None:
            text = self.fmt(value)
            return text, re.fullmatch(r"[0-9.]+", text) is not None
        text = self.exact_text(exact)
        atomic = bool(exact.is_Integer and exact >= 0 or exact.is_NumberSymbol) or _is_call(text)
        if approx and not exact.is_Integer:
            text, atomic = f"{text} {self.approx} {self.fmt(value)}", False
        return text, atomic


def _is_call(text: str) -> bool:
    """``exp(-1)``: a name applied to one parenthesized group, which needs no more parentheses."""
    m = re.match(r"[A-Za-z]+\(", text)
    if m is None or not text.endswith(")"):
        return False
    depth = 0
    for k, ch in enumerate(text[m.end() - 1 :], m.end() - 1):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return k == len(text) - 1
    return False


def fill(template: str, slots: dict[str, tuple[str, bool]]) -> str:
    """A gate formula with its inputs filled in, parenthesized where a bare one would misread."""
    out, last = [], 0
    for m in re.finditer(r"\$([xyc])", template):
        text, atomic = slots[m.group(1)]
        left = template[: m.start()].rstrip()[-1:]
        right = template[m.end() :].lstrip()
        enclosed = left in ("", "(", "{", "|", ",") and not right.startswith(("^", "**"))
        out += [template[last : m.start()], text if atomic or enclosed else f"({text})"]
        last = m.end()
    return "".join(out) + template[last:]


def narrate(result: Result, style: Style) -> Narration:
    graph = result.graph
    name = [style.name(node.id) for node in graph.nodes]
    out = name[graph.output]
    point = [(name[i], _value(result, style, i)[0]) for i in graph.variables]
    # The program as written, its lines as "\n" (a raw carriage return would let the
    # text overwrite its own line on a terminal), no other control character.
    text = terminal_safe("\n".join(graph.text.splitlines()))
    return Narration(
        text, point, out,
        forward=[_forward_step(result, style, name, i)
                 for i, node in enumerate(graph.nodes) if node.op.arity or node.op.name == "const"],
        backward=_backward_steps(result, style, name),
        # The inputs' gradients, then the named stages' (q in q = x + y; f = q*z).
        gradients=[Step("gradient", name[i], {"partial": style.partial(out, name[i]),
                                                "grad": _grad(result, style, i, approx=True)})
                   for i in graph.variables + sorted(set(result.intermediates.values()))],
    )


def _value(result: Result, style: Style, i: int, approx: bool = False) -> tuple[str, bool]:
    exact = result.exact.values[i] if result.exact is not None else None
    return style.number(result.trace.values[i], exact, approx)


def _grad(result: Result, style: Style, i: int, approx: bool = False) -> str:
    exact = result.exact.grads[i] if result.exact is not None else None
    return style.number(result.trace.grads[i], exact, approx)[0]


def _const(result: Result, style: Style, i: int) -> tuple[str, bool]:
    node = result.graph.nodes[i]
    if result.exact is not None:
        return style.number(node.const.value, result.exact.consts[i])
    if node.const.text in ("pi", "e"):
        return style.name(node.const.text), True
    return style.number(node.const.value)


def _forward_step(result: Result, style: Style, name: list[str], i: int) -> Step:
    node = result.graph.nodes[i]
    names = dict(zip("xy", ((name[j], True) for j in node.inputs)))
    values = dict(zip("xy", (_value(result, style, j) for j in node.inputs)))
    if node.const is not None:
        names["c"] = values["c"] = _const(result, style, i)
    template = style.template(node.op)
    return Step("forward", name[i], {
        "formula": fill(template, names),
        "numbers": fill(template, values),
        "value": _value(result, style, i, approx=True)[0],
        "plain": _value(result, style, i)[0],  # without "≈ decimal"
    })


def _backward_steps(result: Result, style: Style, name: list[str]) -> list[Step]:
    graph = result.graph
    arrived: dict[int, list[str]] = {}  # gradients that reached each node, one per branch
    steps: list[Step] = []
    # Computed once for the whole walk: per gate, they made explain quadratic.
    kinked = {kink.node for kink in result.trace.kinks}
    fan_out = _fan_out(graph)
    for i in range(len(graph.nodes) - 1, -1, -1):
        node = graph.nodes[i]
        if node.op.arity == 0:
            continue
        if len(arrived.get(i, ())) > 1:
            steps.append(_branch(result, style, name, i, arrived[i]))
        steps.append(_gate(result, style, name, i, i in kinked))
        for k, j in enumerate(node.inputs):
            step = _vjp(result, style, name, i, k, fan_out[j] == 1) if node.op.array_only \
                else _term(result, style, name, i, k)
            arrived.setdefault(j, []).append(step.parts.pop("arrived"))
            steps.append(step)
    # Sums at the inputs come last, in the inputs' order.
    steps += [_branch(result, style, name, i, arrived[i])
              for i in graph.variables if len(arrived.get(i, ())) > 1]
    return steps


def _term(result: Result, style: Style, name: list[str], i: int, k: int) -> Step:
    """One input of a gate: [upstream gradient] × [local gradient] = downstream gradient."""
    trace, exact = result.trace, result.exact
    j = result.graph.nodes[i].inputs[k]
    local = style.number(trace.locals[i][k], exact.locals[i][k] if exact else None)[0]
    product = trace.grads[i] * trace.locals[i][k]
    product_exact = exact.grads[i] * exact.locals[i][k] if exact else None
    parts = {"upstream": _grad(result, style, i), "local": local,
             "product": style.number(product, product_exact, approx=True)[0],
             "arrived": style.number(product, product_exact)[0], "reduced": ""}
    if result.arrays:
        from .arrays import reduced

        parts["reduced"] = reduced(result, style, i, k, product)
    return Step("term", name[j], parts)


def _fan_out(graph) -> dict[int, int]:
    """How many gate inputs each node feeds (only array gates' VJPs ask)."""
    if not any(node.op.array_only for node in graph.nodes):
        return {}
    from .arrays import consumers

    return consumers(graph)


def _vjp(result: Result, style: Style, name: list[str], i: int, k: int,
         only_branch: bool) -> Step:
    """One input of an array gate: its VJP, in names, in numbers, with the shapes."""
    from .arrays import vjp_parts

    j = result.graph.nodes[i].inputs[k]
    parts = vjp_parts(result, style, name, i, k, only_branch)
    parts["arrived"] = parts["product"]
    return Step("vjp", name[j], parts)


def _gate(result: Result, style: Style, name: list[str], i: int, at_kink: bool) -> Step:
    node = result.graph.nodes[i]
    names = dict(zip("xy", ((name[j], True) for j in node.inputs)))
    if node.const is not None:
        names["c"] = _const(result, style, i)
    return Step("gate", name[i], {
        "formula": fill(style.template(node.op), names),
        "label": node.label,
        "pattern": node.op.pattern,
        "kink": node.op.convention if at_kink else "",
    })


def _branch(result: Result, style: Style, name: list[str], i: int, parts: list[str]) -> Step:
    return Step("branch", name[i], {
        "partial": style.partial(name[result.graph.output], name[i]),
        "sum": " + ".join(p if not p.startswith("-") else f"({p})" for p in parts),
        "total": _grad(result, style, i, approx=True),
        "pattern": FANOUT_PATTERN,
    })


# --- text and Markdown


def explain_text(result: Result, digits: int | None = None) -> str:
    n = narrate(result, Style(result, digits))
    lines = [f"Backprop, step by step: {n.expression}"]
    if n.point:
        lines.append("at " + ", ".join(f"{k} = {v}" for k, v in n.point))
    lines += ["", "Forward pass, stage by stage:"]
    lines += [f"  {forward_line(s)}" for s in n.forward] or ["  (no gates: the output is an input)"]
    lines += ["", "Backward pass, gate by gate from the output:",
              "[upstream gradient] × [local gradient] = downstream gradient",
              f"  ∂{n.output}/∂{n.output} = 1"]
    for s in n.backward:
        lines.append(("    " if s.kind in ("term", "vjp") else "  ") + backward_line(s))
    lines += ["", f"Gradients of {n.output}:"]
    gradients = [f"  {s.parts['partial']} = {s.parts['grad']}" for s in n.gradients]
    lines += gradients or ["  (no inputs)"]
    return "\n".join(lines)


def explain_markdown(result: Result, digits: int | None = None) -> str:
    n = narrate(result, Style(result, digits))
    lines = [f"**Backprop, step by step:** `{n.expression}`"]
    if n.point:
        lines[0] += " at " + ", ".join(f"`{k} = {v}`" for k, v in n.point)
    lines += ["", "**Forward pass**, stage by stage:", ""]
    lines += [f"{k}. `{forward_line(s)}`" for k, s in enumerate(n.forward, 1)]
    lines += ["", "**Backward pass**, gate by gate from the output: "
              "[upstream gradient] × [local gradient] = downstream gradient", "",
              f"- `∂{n.output}/∂{n.output} = 1`"]
    for s in n.backward:
        indent = "  - " if s.kind in ("term", "vjp") else "- "
        lines.append(indent + backward_line(s, code=True))
    lines += ["", f"**Gradients of `{n.output}`:** "
              + ", ".join(f"`{s.parts['partial']} = {s.parts['grad']}`" for s in n.gradients)]
    return "\n".join(lines)


def equation(step: Step) -> list[str]:
    """A forward step as a chain: q = x + y = -2 + 5 = 3, without repeats (f = 6)."""
    p = step.parts
    chain = [p["formula"]]
    if p["numbers"] not in (p["formula"], p["plain"]):
        chain.append(p["numbers"])
    if p["plain"] != chain[-1]:
        chain.append(p["value"])
    return chain


def bracketed(text: str) -> str:
    """The lecture's [upstream] and [local]; a vector or matrix has its brackets already."""
    return text if text.startswith("[") else f"[{text}]"


def vjp_chain(step: Step) -> str:
    """∂f/∂W = ∂f/∂n1 · xᵀ = [0.44, 0.52] · [0.2, 0.4]ᵀ = [[...]]: an array gate's VJP."""
    p = step.parts
    chain = [x for x in (p["partial"], p["formula"], p["numbers"], p["product"]) if x]
    return " = ".join(chain)


def forward_line(step: Step) -> str:
    return " = ".join([step.node] + equation(step))


def gate_notes(step: Step, label: str, kink: str) -> str:
    """What the lecture says of a gate: gate +, gradient distributor, at a kink: ..."""
    notes = [f"gate {label}"] + [step.parts["pattern"]] * bool(step.parts["pattern"])
    return ", ".join(notes + [f"at a kink: {kink}"] * bool(kink))


def branch_note(step: Step) -> str:
    return f"gradients add at branches; copy gate: {step.parts['pattern']}"


def backward_line(step: Step, code: bool = False) -> str:
    p = step.parts
    q = "`" if code else ""
    if step.kind == "term":
        reduced = f", {p['reduced']}" if p["reduced"] else ""
        upstream, local = bracketed(p["upstream"]), bracketed(p["local"])
        return f"{q}{step.node}: {upstream} × {local} = {p['product']}{reduced}{q}"
    if step.kind == "vjp":
        shapes = f" ({p['shapes']})" if p["shapes"] else ""
        return f"{q}{step.node}: {vjp_chain(step)}{q}{shapes}"
    if step.kind == "branch":
        return f"{q}{p['partial']} = {p['sum']} = {p['total']}{q} ({branch_note(step)})"
    notes = gate_notes(step, f"{q}{p['label']}{q}", p["kink"])
    return f"{q}{step.node} = {p['formula']}{q} ({notes})"
