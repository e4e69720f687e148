"""``gradcli explain --format latex``: the narration as an ``align*`` environment (amsmath).

Ready to paste into a write-up or an answer key: names become math (``w0`` is
``w_{0}``, ``sigy`` is ``\\mathit{sigy}``, ``c#2`` is ``c_{\\#2}``), gate formulas come
from the op registry's ``tex`` forms, user text is escaped, braces balance.
"""

from __future__ import annotations

import re

from ...api import Result
from ...core.arrays import abbreviated, format_value
from .narrate import Narration, Step, Style, branch_note, equation, gate_notes, narrate
from ...frontends.latex import GREEK
from ...core.ops import Op

_TEXT_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "_": r"\_", "#": r"\#", "%": r"\%",
    "&": r"\&", "$": r"\$", "^": r"\^{}", "~": r"\~{}", "|": r"\textbar{}",
    "<": r"\textless{}", ">": r"\textgreater{}",
}
# The typewriter font has ASCII's own glyphs for these (the text font does not).
_TT_SPECIALS = {ch: rf"\char{ord(ch)}{{}}" for ch in "\\^~{}_"} | {"|": "|", "<": "<", ">": ">"}


def escape_text(text: str) -> str:
    """User text safe inside \\text{}."""
    return "".join(_TEXT_SPECIALS.get(ch, ch) for ch in text.replace("\n", "; "))


def escape_tt(text: str) -> str:
    """User text safe inside \\texttt{}: the typewriter font has \\, ^ and ~ as characters."""
    text = text.replace("\n", "; ")
    return "".join(_TT_SPECIALS.get(ch) or _TEXT_SPECIALS.get(ch, ch) for ch in text)


def tex_name(node_id: str) -> str:
    """A node id as a math symbol: w0 is w_{0}, x_1 x_{1}, theta \\theta, sigy \\mathit{sigy}."""
    base, _, mark = node_id.partition("#")
    m = re.fullmatch(r"([A-Za-z]+?)_?([0-9]+)|([A-Za-z]+)_([A-Za-z0-9]+)", base)
    head, sub = (m.group(1) or m.group(3), m.group(2) or m.group(4)) if m else (base, "")
    subs = [sub] if sub else []
    if mark:
        subs.append(r"\#" + mark)  # a reassigned name keeps its marker: c#2
    return _symbol(head) + (f"_{{{','.join(subs)}}}" if subs else "")


def _symbol(word: str) -> str:
    if len(word) == 1:
        return word
    if word in GREEK or word == "pi":
        return "\\" + word
    return rf"\mathit{{{escape_text(word)}}}"


def tex_number(text: str) -> str:
    """gradcli's number text in LaTeX: 1e-05 is 1 \\times 10^{-5}."""
    mantissa, e, exponent = text.partition("e")
    if not e:
        return text
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


class LatexStyle(Style):
    times, approx = r"\times", r"\approx"
    transpose, matmul = r"^{\top}", r"\cdot "

    def name(self, node_id: str) -> str:
        return tex_name(node_id)

    def words(self, text: str) -> str:
        return rf"\text{{{escape_text(text)}}}"

    def array(self, value) -> str:
        """A matrix in brackets, row by row; a vector as a column, as the lecture writes
        x in W·x (its shape in the VJP lines is n×1). An ``array`` environment, as a bmatrix
        holds at most 10 columns."""
        entry = lambda x: tex_number(self.fmt(x))  # noqa: E731
        if value.ndim > 2:  # a tensor: its nested lists on one line
            return format_value(value, entry).replace("…", r"\dots")
        nested = abbreviated(value, entry)
        rows = nested if value.ndim == 2 else ["⋮" if x == "…" else [x] for x in nested]
        width = max(len(row) for row in rows if not isinstance(row, str))
        lines = [r"\vdots" if isinstance(row, str) else
                 " & ".join(r"\cdots" if x == "…" else x for x in row) for row in rows]
        return (rf"\left[\begin{{array}}{{{'c' * width}}} " + r" \\ ".join(lines)
                + r" \end{array}\right]")

    def template(self, op: Op) -> str:
        arguments = ", ".join(["$x", "$y"][: op.arity] + ["$c"] * op.has_param)
        return op.tex or rf"\operatorname{{{op.name}}}({arguments})"

    def partial(self, out: str, node: str) -> str:
        return rf"\frac{{\partial {out}}}{{\partial {node}}}"

    def exact_text(self, value) -> str:
        from ...engines.exact import exact_latex

        return exact_latex(value)

    def scalar(self, value: float, exact=None, approx: bool = False) -> tuple[str, bool]:
        if exact is not None:
            text, atomic = super().scalar(value, exact, approx)
            decimal = re.compile(r"(\\approx )(\S+)$")
            return decimal.sub(lambda m: m.group(1) + tex_number(m.group(2)), text), atomic
        text = self.fmt(value)
        return tex_number(text), re.fullmatch(r"[0-9.]+", text) is not None


def explain_latex(result: Result, digits: int | None = None) -> str:
    n = narrate(result, LatexStyle(result, digits))
    rows = [_intertext(rf"Backprop, step by step: \texttt{{{escape_tt(n.expression)}}}"
                       + _point(n))]
    rows.append(_intertext("Forward pass, stage by stage:"))
    rows += [_forward_row(s) for s in n.forward]
    rows.append(_intertext(r"Backward pass, gate by gate from the output: [upstream gradient] "
                           r"$\times$ [local gradient] $=$ downstream gradient"))
    rows.append(rf"\frac{{\partial {n.output}}}{{\partial {n.output}}} &= 1")
    rows += [_backward_row(s) for s in n.backward]
    rows.append(_intertext(f"Gradients of ${n.output}$:"))
    rows += [rf"{s.parts['partial']} &= {s.parts['grad']}" for s in n.gradients]
    return "\\begin{align*}\n" + _join(rows) + "\n\\end{align*}"


def _join(rows: list[str]) -> str:
    """Rows end with \\\\, except an \\intertext (it sits between rows) and the last."""
    ends = [" \\\\" if not row.startswith("\\intertext") and k < len(rows) - 1 else ""
            for k, row in enumerate(rows)]
    return "\n".join(row + end for row, end in zip(rows, ends))


def _intertext(text: str) -> str:
    return rf"\intertext{{{text}}}"


def _point(n: Narration) -> str:
    if not n.point:
        return ""
    return " at " + ", ".join(f"${k} = {v}$" for k, v in n.point)


def _forward_row(step: Step) -> str:
    return f"{step.node} &= " + " = ".join(equation(step))


def _bracketed(text: str) -> str:
    """The lecture's [upstream] and [local]; a matrix's brackets are its own."""
    return text if text.startswith(r"\left[") else f"[{text}]"


def _vjp_rows(step: Step, shapes: str) -> str:
    """An array gate's VJP on rows of its own, as one line overflows a page: the rule in
    names, the rule at this point, the gradient, then the shapes."""
    p = step.parts
    rows = [rf"{step.node} &\colon " + " = ".join(x for x in (p["partial"], p["formula"]) if x)]
    rows += [rf"&\phantom{{\colon}} = {x}" for x in (p["numbers"], p["product"]) if x]
    if shapes:
        rows.append(rf"&\phantom{{\colon}} \qquad ({shapes})")
    return " \\\\\n".join(rows)


def _backward_row(step: Step) -> str:
    p = step.parts
    if step.kind == "term":
        reduced = rf" && \text{{{escape_text(p['reduced'])}}}" if p["reduced"] else ""
        upstream, local = _bracketed(p["upstream"]), _bracketed(p["local"])
        return rf"{step.node} &\colon {upstream} \times {local} = {p['product']}{reduced}"
    if step.kind == "vjp":
        shapes = re.sub(r"[A-Za-z ,]*[A-Za-z][A-Za-z ,]*", lambda m: rf"\text{{{m.group()}}}",
                        p["shapes"])
        for symbol, tex in (("×", r"\times "), ("·", r"\cdot "), ("→", r"\to ")):
            shapes = shapes.replace(symbol, tex)
        return _vjp_rows(step, shapes)
    if step.kind == "branch":
        return rf"{p['partial']} &= {p['sum']} = {p['total']} && \text{{{branch_note(step)}}}"
    label = rf"\texttt{{{escape_tt(p['label'])}}}"
    notes = gate_notes(step, label, escape_text(p["kink"]))
    return _intertext(f"${step.node} = {p['formula']}$ ({notes})")
