"""Feedback levels for a student's answers (``check --feedback full|hint|none``).

``full`` is the checks' own messages (what was expected and what is right). ``hint`` never
shows the true value, the true formula or a counter-example: it names the kind of wrong
where the numbers show it (wrong sign; off by 2, ½ or an input's value; the forward value
given for the gradient; the gradient of another variable; right to fewer digits). ``none``
says right or wrong only. Below ``full`` the items lose what is right (``computed``, the
error), so no renderer can show it; backprop's own checks (SymPy, numeric) keep theirs.
"""

from __future__ import annotations

from dataclasses import replace

from ..core.arrays import is_array
from ..core.graph import node_index
from .items import CheckItem
from .rounded import Rounding, accepted
from .rounding import sigfigs_right

FEEDBACK = ("full", "hint", "none")
ANSWERS = ("gradient", "value", "formula")  # the kinds of item that hold a student's answer


def with_feedback(report, level: str):
    """The report (an ``api.CheckReport``) as a student at ``level`` may read it."""
    if level == "full":
        return report
    items = [_at_level(item, report, level) if item.kind in ANSWERS else item
             for item in report.items]
    return replace(report, items=items, feedback=level)


def _at_level(item: CheckItem, report, level: str) -> CheckItem:
    if item.ok:
        message = f"{item.what}: right"
    elif level == "none":
        message = f"{item.what}: wrong"
    else:
        message = f"{item.what}: wrong: {hint(item, report)}"
    return replace(item, computed=None, error=None, exact_computed=None, message=message)


def hint(item: CheckItem, report) -> str:
    """What kind of wrong a wrong answer is, without the right answer."""
    if item.kind == "formula":
        if "right at the given point only" in item.message:
            return "not the derivative (it is right at the given point only)"
        return "SymPy cannot prove it is the derivative" if item.status == "undecided" \
            else "not the derivative"
    answer, truth = item.expected, item.computed
    if is_array(answer) or is_array(truth) or truth is None or isinstance(answer, str):
        return "some entries are wrong, or the shape is"
    for words, number in _slips(item, report, truth):
        if number is not None and _close(answer, number, report):
            return words
    return _digits(answer, truth, report) or "no common slip (sign, a factor, another " \
                                             "number of the circuit): check each local gradient"


def _slips(item: CheckItem, report, truth: float):
    """(what the slip is called, the number it gives), most telling first."""
    result = report.result
    yield "the sign is wrong", -truth if truth else None
    for name, value in result.inputs.items():
        if not is_array(value) and abs(value) not in (0.0, 1.0):
            yield f"off by a factor of {name} (multiplied by it)", truth * value
            yield f"off by a factor of {name} (divided by it)", truth / value
    yield "off by a factor of 2 (twice the answer)", 2 * truth
    yield "off by a factor of ½ (half the answer)", truth / 2
    index = node_index(result.graph, item.name)
    if item.kind == "gradient":
        yield f"that is the forward value of {item.name}, not its gradient", \
            _scalar(result.trace.values[index])
        yield f"that is the forward value of {result.output}, not a gradient", result.value
        for name, grad in result.gradients.items():
            if name != item.name and not is_array(grad):
                yield f"that is the gradient of another variable ({name})", grad
    else:
        yield f"that is the gradient of {item.name}, not its value", \
            _scalar(result.trace.grads[index])


def _close(answer: float, number: float, report) -> bool:
    return number != 0 and accepted(answer, number, report.rtol, report.atol, _rounding(report))


def _digits(answer: float, truth: float, report) -> str | None:
    rounding = _rounding(report)
    if rounding:
        return rounding.shortfall(answer, truth)
    figures = sigfigs_right(answer, truth)
    if not figures:
        return None
    return f"right to {figures} significant figure{'' if figures == 1 else 's'} only"


def _rounding(report) -> Rounding:
    return Rounding(report.decimals, report.sigfigs)


def _scalar(value):
    return None if is_array(value) and value.ndim else float(value)
