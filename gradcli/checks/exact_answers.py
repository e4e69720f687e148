"""Exact answers (``check --exact``): expected numbers compared exactly.

An expected number (``1/3``, ``-4``, ``0.333``) is read as an exact rational
from its text (``exact.exact_number``) and compared with exact mode's gradient
or value (``exact.exact_trace``): right only when equal, with no tolerance, so
a student's 0.333 is wrong where the answer is 1/3.

An exact answer may be a symbolic form (``-exp(-1)/(exp(-1) + 1)**2``), and
its equality with a rational is decided without guessing. SymPy's automatic
simplification may give 0 at once; a difference evaluated to SURE_DIGITS
correct digits (mpmath's error control) that is not 0 is surely not 0; a
difference that is 0 to every digit SymPy tries is proven 0 by ``simplify``
within PROOF_SECONDS, or else the verdict is ``undecided`` (a failure, as for
formulas SymPy cannot prove).
"""

from __future__ import annotations

from dataclasses import dataclass

from .verdicts import relative_error, to_float
from ..engines.messages import kink_message
from ..engines.exact import exact_number, exact_text
from ..core.graph import node_index
from .items import CheckItem, Expectations
from ..core.status import FAIL, PASS, UNDECIDED
from ..core.graph import Graph
from ..limits import TimeLimitExceeded, time_limit
from ..core.numfmt import format_number

SURE_DIGITS = 30  # correct digits of a difference that is not 0
PROOF_SECONDS = 2.0  # the most SymPy's simplify may take to prove a difference 0


@dataclass(frozen=True)
class ExactAnswer:
    text: str  # as given, for messages
    value: object  # the exact rational, a SymPy number


def exact_answer(given: str | float) -> ExactAnswer:
    """An expected number read exactly from its text (0.333 is 333/1000, 1/3 is 1/3)."""
    if isinstance(given, str):
        text = given.strip()
    else:
        text = format_number(given) if isinstance(given, float) else str(given)
    return ExactAnswer(text, exact_number(given))


def same_number(expected, right) -> bool | None:
    """Is the rational ``expected`` exactly ``right``? None when SymPy cannot tell."""
    import sympy
    from sympy.core.evalf import PrecisionExhausted

    if right.is_Rational:
        return bool(expected == right)
    difference = right - expected
    if difference == 0:
        return True
    try:
        with time_limit(PROOF_SECONDS):
            try:
                if difference.evalf(SURE_DIGITS, strict=True) != 0:
                    return False
            except PrecisionExhausted:
                pass  # 0 to every digit tried: equal, or too close to tell
            return True if sympy.simplify(difference) == 0 else None
    except TimeLimitExceeded:
        return None


def expect_exact(kind: str, what: str, name: str, answer: ExactAnswer, right) -> CheckItem:
    """A student's number against the exact ``right`` one: equal or not, no tolerance."""
    same = same_number(answer.value, right)
    decimal = to_float(right)
    error = None if decimal is None else relative_error(float(answer.value), decimal)
    truth = exact_text(right)
    if same:
        status, message = PASS, f"{what} = {truth} exactly, as expected"
    elif same is False:
        status = FAIL
        message = f"{what}: expected {_reading(answer)}, but it is exactly {truth}"
        if not right.is_Integer and decimal is not None:
            message += f" (≈ {format_number(decimal)})"
    else:
        status = UNDECIDED
        message = (f"{what}: expected {_reading(answer)}; the exact value {truth} agrees with it "
                   "to every digit SymPy computed, but SymPy cannot prove them equal")
    return CheckItem(kind, name, what, float(answer.value), decimal, error, status, message,
                     given=answer.text, exact_expected=exact_text(answer.value),
                     exact_computed=truth)


def _reading(answer: ExactAnswer) -> str:
    """The answer as given, and reduced when it is a fraction that reduces (2/6 (1/3))."""
    exact = exact_text(answer.value)
    reduces = "/" in answer.text and exact != answer.text.replace(" ", "")
    return f"{answer.text} ({exact})" if reduces else answer.text


def exact_items(graph: Graph, exact, expected: Expectations) -> list[CheckItem]:
    """``--expect`` and ``--expect-value`` items of exact mode, in the order given."""
    out = graph.output_node.id
    items = [expect_exact("gradient", f"∂{out}/∂{name}", name, answer,
                          exact.grads[node_index(graph, name)])
             for name, answer in expected.gradients.items()]
    items += [expect_exact("value", f"value of {name}", name, answer,
                           exact.values[node_index(graph, name)])
              for name, answer in expected.values.items()]
    return items


def exact_kink_messages(result) -> list[str]:
    """Kinks met in exact arithmetic only: relu(x + y - z) at 0.1, 0.2, 0.3 is exactly at 0."""
    if result.exact is None:
        return []
    graph, exact = result.graph, result.exact
    seen = {kink.node for kink in result.trace.kinks}
    return [f"in exact arithmetic, {kink_message(graph.nodes[i], exact.values, exact_text)}"
            for i in exact.kinks if i not in seen]
