"""The Python API the CLI is built on. It returns results and raises
``GradcliError`` subclasses; it never prints and never exits.

>>> r = evaluate("(x+y)*z", x=-2, y=5, z=-4)
>>> r.value, r.gradients
(-12.0, {'x': -4.0, 'y': -4.0, 'z': 3.0})
>>> r.check.ok
True
>>> check("x**3", x=1, derivative={"x": "3*x"}).ok
False
>>> grad("(x+y)*z", x=-2, y=5, z=-4, wrt=["x"])
{'x': -4.0}

A program's named stages, another output, exact arithmetic, LaTeX:

>>> r = evaluate("q = x + y; f = q*z", x=-2, y=5, z=-4, check=False)
>>> r.grad("q"), list(r.intermediates)
(-4.0, ['q'])
>>> evaluate("q = x + y; f = q*z", x=-2, y=5, z=-4, output="q", check=False).gradients
{'x': 1.0, 'y': 1.0}
>>> r = evaluate("x/3", x="0.1", exact=True, check=False)
>>> str(r.exact.values[r.graph.output]), str(r.exact.grads[0])
('1/30', '1/3')
>>> evaluate(r"\\frac{1}{w_0}", w_0=4, check=False).gradients
{'w0': -0.0625}
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Mapping

from .engines import scalar as engine
from .core.display import bundle
from .core.arrays import format_value, is_array, needs_arrays
from .engines.trace import Trace
from .errors import CheckFailed, InputError, UnreadableAnswer, ValueInputError, printable
from .core.graph import Graph, node_index
from .frontends.build import build_graph
from .limits import Limits, TimeLimitExceeded, bulk_allocation, shared_budget, time_limit
from .limits import active as active_limits
from .core.numfmt import format_number
from .core.program import Program
from .core.status import Status
from .frontends.source import parse_any
from .inputs.values import (ascii_minus, is_array_value, parse_expected, parse_value, parse_values,  # noqa: F401
                     point_value, resolve_values, validate_values)

if TYPE_CHECKING:
    from .engines.exact import ExactTrace
    from .checks.grading import Cache
    from .checks.items import CheckItem
    from .checks.verdicts import CheckResult
    from .checks.worksheet import Sheet, Worksheet, WorksheetReport


def __getattr__(name: str):
    # The checking machinery (and SymPy's oracle) loads only when a check needs it.
    if name == "Cache":
        from .checks.grading import Cache

        return Cache
    raise AttributeError(f"module 'gradcli.api' has no attribute {name!r}")



class Gradients(dict):
    """``grad()``'s answer: a dict of node name -> gradient, shown in a notebook as a table."""

    output: str = "f"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return bundle(self, "gradients")


@dataclass
class Result:
    graph: Graph
    trace: Trace | None  # None for the structure alone (a graph drawn without values)
    check: CheckResult | None
    exact: ExactTrace | None = None  # with exact=True: SymPy numbers per node
    ignored: list[str] = field(default_factory=list)  # values given for inputs --output drops
    warnings: list[str] = field(default_factory=list)  # what the user should know (--expand)

    @property
    def output(self) -> str:
        return self.graph.output_node.id

    @property
    def arrays(self) -> bool:
        """Whether the array engine ran: values and gradients are NumPy arrays."""
        return self.trace.arrays

    @property
    def value(self) -> float:
        return float(self.trace.values[self.graph.output])  # always a scalar: a loss

    @property
    def inputs(self) -> dict[str, float]:
        """Each input's value: a float, or a NumPy array for a vector or matrix."""
        return {self.graph.nodes[i].id: plain(self.trace.values[i]) for i in self.graph.variables}

    @property
    def gradients(self) -> dict[str, float]:
        """∂output/∂input: a float, or an array of the input's shape."""
        return {self.graph.nodes[i].id: plain(self.trace.grads[i]) for i in self.graph.variables}

    @property
    def intermediates(self) -> dict[str, int]:
        """The named stages (``q`` in ``q = x + y; f = q*z``) -> node index."""
        graph = self.graph
        return {
            name: i for name, i in graph.names.items()
            if graph.nodes[i].named and graph.nodes[i].op.name != "var" and i != graph.output
        }

    def grad(self, name: str) -> float:
        """d(output)/d(node) for any node by name: an input, a named stage, ``n3``."""
        return plain(self.trace.grads[node_index(self.graph, name)])

    def node_value(self, name: str) -> float:
        return plain(self.trace.values[node_index(self.graph, name)])

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return bundle(self, "result")


def plain(value):
    """A scalar of the array engine (a 0-d array) as a float; arrays and floats as they are."""
    return float(value) if is_array(value) and value.ndim == 0 else value


def run(graph: Graph, values: Mapping[str, object]) -> Trace:
    """Forward and backward: the scalar engine, or the array engine when any value is a
    vector or matrix or the expression has an array gate (``@``, ``sum``, ...)."""
    if needs_arrays(graph, values):
        from .engines.arrays import run as run_arrays

        return run_arrays(graph, values)
    return engine.run(graph, values)


def build(
    text: str | Program,
    values: Mapping[str, object],
    *,
    output: str | None = None,
    latex: bool | None = None,
    limits: Limits | None = None,
    form: str = "written",
) -> Graph:
    """The graph of plain text or LaTeX (``latex=None``: detected), ``output`` its output node,
    as written or rewritten (``form``: written, expanded, fused; see frontends/rewrite.py)."""
    limits = limits or active_limits()
    with bulk_allocation():
        program = parse_any(text, latex, limits, stream=True) if isinstance(text, str) else text
        if output is not None:
            program = replace(program, output=output)
        graph = build_graph(program, frozenset(values), limits, keep_idle=True)
        return in_form(graph, form)


def in_form(graph: Graph, form: str) -> Graph:
    """The written graph in the chosen representation, compiled for the engine."""
    if form != "written":
        from .frontends.rewrite import apply_form

        graph = apply_form(graph, form)
    engine.plan(graph)  # compiled once here, as part of building: every run reuses it
    return graph


def evaluate(
    text: str | Program,
    values: Mapping[str, float | str] | None = None,
    *,
    check: bool = True,
    exact: bool = False,
    output: str | None = None,
    latex: bool | None = None,
    limits: Limits | None = None,
    form: str = "written",
    **more_values: float | str,
) -> Result:
    """Build the graph, run forward and backward, and check against SymPy.

    ``exact=True`` also computes every value and gradient exactly (``Result.exact``);
    give values as text (``"0.1"``) to have them read as exact decimals.
    ``form="expanded"`` or ``"fused"`` rewrites the graph first (frontends/rewrite.py);
    the input gradients are the same in every form.
    """
    limits = limits or active_limits()
    given = {**(values or {}), **more_values}
    point = {name: point_value(name, v) for name, v in given.items()}
    written = build(text, point, output=output, latex=latex, limits=limits)
    graph = written if form == "written" else in_form(written, form)
    resolved, ignored = resolve_values(graph, point)
    with bulk_allocation():
        trace = run(graph, resolved)
    result = Result(graph, trace, None, ignored=ignored)
    with shared_budget(limits.check_timeout):  # SymPy's steps share one limit per input
        if check:
            from .checks.oracle import verify

            result.check = verify(graph, trace, limits)
        if exact:
            result.exact = exact_at(graph, given, trace, limits)
    if graph is not written:
        from .checks.forms import form_warnings

        result.warnings = form_warnings(written, graph, resolved, trace, form)
    return result


def structure(text: str | Program, *, form: str = "written") -> Result:
    """The graph alone, without values: ``trace`` is None (a constant expression is evaluated)."""
    graph = build(text, {}, form=form)
    if not graph.variables:
        return Result(graph, run(graph, {}), None)
    return Result(graph, None, None)


def exact_at(graph: Graph, values: Mapping[str, object], trace: Trace,
             limits: Limits | None = None) -> ExactTrace:
    """Exact mode's trace at the values as given (texts are read exactly: 0.1 is 1/10),
    its numbers computed and printed within ``--check-timeout``."""
    if trace.arrays:
        raise InputError("exact mode (--exact) takes scalar expressions and values only, "
                         "not vectors or matrices")
    from .engines.exact import ExactTooLarge, exact_point, exact_trace, write_texts

    resolved, _ = resolve_values(graph, values)
    seconds = (limits or active_limits()).check_timeout
    try:
        with time_limit(seconds):
            exact = exact_trace(graph, exact_point(graph, resolved))
            write_texts(exact)
    except TimeLimitExceeded:
        raise ExactTooLarge(f"exact arithmetic did not finish within {seconds:g} s; raise the "
                            "limit with --check-timeout N, or drop --exact") from None
    return exact


def verified(result: Result) -> Result:
    """The result, if its SymPy check passed (or was skipped); else ``CheckFailed``."""
    if result.check is None or result.check.ok:
        return result
    out = result.output
    wrong = [
        f"∂{out}/∂{v.name}: backprop gives {format_value(v.backprop)}, SymPy's derivative "
        + ("has no finite value" if v.reference is None else format_value(v.reference))
        for v in result.check.variables
        if v.status not in (Status.OK, Status.KINK)
    ]
    raise CheckFailed("the SymPy check failed: " + "; ".join(wrong))


def gradients(result: Result, wrt: list[str] | tuple[str, ...] | None = None,
              exact: bool = False) -> dict:
    """∂output/∂node for each name in ``wrt`` (default: every input variable).

    ``exact``: the exact gradients (SymPy numbers) of a result evaluated with ``exact=True``.
    """
    names = list(wrt) if wrt else result.graph.variable_names
    if not exact:
        return {name: result.grad(name) for name in names}
    return {name: result.exact.grads[node_index(result.graph, name)] for name in names}


def grad(
    text: str | Program,
    values: Mapping[str, float] | None = None,
    *,
    wrt: list[str] | tuple[str, ...] | None = None,
    check: bool = True,
    exact: bool = False,
    **more_values: float | str,
) -> dict:
    """∂output/∂node for each name in ``wrt`` (default: every input variable).

    ``wrt`` may name any node: an input, a named intermediate, the output. With
    ``check`` (the default) the gradients are returned only if backprop agrees
    with SymPy; otherwise ``CheckFailed`` is raised. ``exact=True`` returns the
    exact gradients as SymPy numbers instead of floats (values given as text
    are read exactly: ``"0.1"`` is 1/10).
    """
    result = evaluate(text, values, check=check, exact=exact, **more_values)
    found = Gradients(gradients(result, wrt, exact))  # unknown names: before a check failure
    found.output = result.output
    verified(result)
    return found


@dataclass
class CheckReport:
    """What ``check`` found: the evaluated expression and one item per thing checked."""

    result: Result
    items: list[CheckItem]
    rtol: float
    atol: float
    exact: bool = False  # expected numbers compared exactly (rtol and atol are then 0)
    decimals: int | None = None  # expected numbers right when rounded so (rtol/atol unused)
    sigfigs: int | None = None
    feedback: str = "full"  # below full, what is right is left out (checks/feedback.py)

    @property
    def ok(self) -> bool:
        return all(item.ok for item in self.items)

    @property
    def failures(self) -> list[CheckItem]:
        return [item for item in self.items if not item.ok]

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return bundle(self, "check")


def check(
    text: str,
    values: Mapping[str, float] | None = None,
    *,
    expect: Mapping[str, float] | None = None,
    expect_value: Mapping[str, float] | None = None,
    derivative: Mapping[str, str] | None = None,
    rtol: float | str | None = None,
    atol: float | str | None = None,
    numeric: bool = False,
    exact: bool = False,
    decimals: int | None = None,
    sigfigs: int | None = None,
    cache: Cache | None = None,
    form: str = "written",
    **more_values: float | str,
) -> CheckReport:
    """Check expected gradients (``expect``), forward values of named nodes
    (``expect_value``) and formulas for derivatives (``derivative``) at a point.

    An expected number is a decimal or a fraction (``"1/3"``), right within
    ``rtol``/``atol`` (defaults ANSWER_RTOL, ANSWER_ATOL), or with ``exact=True``
    only when it equals the exact answer (no tolerance may be given then), or with
    ``decimals``/``sigfigs`` when it is the truth rounded so (checks/rounded.py; instead
    of the tolerances). With nothing expected, backprop is checked against SymPy. ``numeric`` adds
    the course's centered-difference check. A ``Cache`` shared between calls
    keeps parsed graphs and SymPy's work for repeated expressions.
    """
    from .checks.grading import Cache, Expectations, run_checks

    rounding = answer_rounding(decimals, sigfigs, rtol, atol, exact)
    given = {**(values or {}), **more_values}
    point = {name: point_value(name, v) for name, v in given.items()}
    prepared = (cache or Cache(1)).prepare(text, frozenset(point), form)
    trace = run(prepared.graph, validate_values(prepared.graph, point))
    expected = Expectations(_numbers("expect", expect, exact),
                            _numbers("expect_value", expect_value, exact), dict(derivative or {}))
    rtol, atol = answer_tolerances(rtol, atol, exact)
    with shared_budget(active_limits().check_timeout):  # one limit for all SymPy's steps
        exact_trace = exact_at(prepared.graph, given, trace) if exact else None
        items = run_checks(prepared, trace, expected, rtol, atol, numeric, exact_trace, rounding)
    result = Result(prepared.graph, trace, None, exact=exact_trace)
    return CheckReport(result, items, rtol, atol, exact, decimals, sigfigs)


def answer_rounding(decimals: int | None, sigfigs: int | None, rtol, atol, exact: bool):
    """``decimals``/``sigfigs`` as a ``Rounding``: instead of tolerances, and not exact."""
    from .checks.rounded import Rounding

    rounding = Rounding(decimals, sigfigs)
    if rounding and exact:
        raise ValueInputError("decimals and sigfigs do not apply in exact mode: expected "
                              "numbers are compared exactly")
    if rounding and (rtol is not None or atol is not None):
        raise ValueInputError("rtol and atol do not apply with decimals or sigfigs: a rounded "
                              "answer is right within half a unit of its last digit")
    return rounding


def _numbers(label: str, given: Mapping[str, object] | None, exact: bool) -> dict[str, object]:
    """Expected numbers as floats (or arrays, for vectors and matrices), or with ``exact``
    as exact answers read from their text."""
    out = {}
    for name, v in (given or {}).items():
        try:
            out[name] = _number(label, name, v, exact)
        except InputError as error:  # the student's format, not the problem's
            raise UnreadableAnswer(str(error)) from None
    return out


def _number(label: str, name: str, v, exact: bool):
    if is_array_value(v):
        if exact:
            raise InputError(f"{label} {printable(name)}: exact mode compares numbers, "
                             "not vectors or matrices")
        return point_value(f"{label} {name}", v)
    fractions = sys.modules.get("fractions")  # a Fraction comes only from an imported module
    if fractions is not None and isinstance(v, fractions.Fraction):
        v = str(v)  # "1/3"
    if isinstance(v, str):
        v = ascii_minus(v)
    number = parse_expected(f"{label} {name}", v)
    if exact:
        from .checks.exact_answers import exact_answer

        number = exact_answer(v)
    return number


def answer_tolerances(rtol: float | str | None, atol: float | str | None,
                      exact: bool) -> tuple[float, float]:
    """The tolerances for expected numbers: the defaults, those given, 0 in exact mode."""
    if exact:
        if rtol is not None or atol is not None:
            raise ValueInputError("rtol and atol do not apply in exact mode: expected numbers "
                                  "are compared exactly")
        return 0.0, 0.0
    from .checks.items import ANSWER_ATOL, ANSWER_RTOL

    rtol = ANSWER_RTOL if rtol is None else tolerance("rtol", rtol)
    return rtol, ANSWER_ATOL if atol is None else tolerance("atol", atol)


def tolerance(name: str, value: float | str) -> float:
    """A tolerance: a finite number ≥ 0."""
    number = parse_value(name, value)
    if number < 0:
        raise ValueInputError(f"{name} must be ≥ 0, not {format_number(number)}")
    return number


def worksheet(text: str | Program, values: Mapping[str, object], *, key: bool = False,
              decimals: int | None = None, sigfigs: int | None = None,
              form: str = "written") -> Sheet:
    """The worksheet of an expression at a point: blanks, or with ``key`` the answer key."""
    from .checks.worksheet import make_sheet

    graph, trace, point = _worksheet_circuit(text, values, form)
    return make_sheet(_source_text(text), point, graph, trace, key, decimals, sigfigs)


def check_worksheet(text: str | Program, values: Mapping[str, object], sheet: Worksheet, *,
                    decimals: int | None = None, sigfigs: int | None = None,
                    rtol: float | str | None = None, atol: float | str | None = None,
                    follow_through: bool = True, feedback: str = "full",
                    form: str = "written") -> WorksheetReport:
    """Grade a filled worksheet (``checks.worksheet.read_worksheet``) against the problem:
    follow-through credit unless ``follow_through=False``; rounding from ``decimals`` or
    ``sigfigs``, else the worksheet's own, else ``rtol``/``atol``."""
    from .checks.worksheet import check_worksheet as grade_sheet
    from .checks.worksheet import tolerance_for

    graph, trace, _ = _worksheet_circuit(text, values, form)
    given = {"rtol": rtol, "atol": atol}
    tol = tolerance_for(sheet, decimals, sigfigs,
                        **{k: tolerance(k, v) for k, v in given.items() if v is not None})
    return grade_sheet(_source_text(text), graph, trace, sheet, tol, follow_through, feedback)


def _worksheet_circuit(text: str | Program, values: Mapping[str, object], form: str):
    point = {name: point_value(name, v) for name, v in values.items()}
    graph = build(text, point, form=form)
    resolved = validate_values(graph, point)
    with bulk_allocation():
        return graph, run(graph, resolved), resolved


def _source_text(text: str | Program) -> str:
    return text if isinstance(text, str) else text.text


def worksheet_variants(text: str | Program, shapes: Mapping[str, tuple], count: int, seed: int,
                       low: int, high: int, *, decimals: int | None = None,
                       sigfigs: int | None = None, form: str = "written") -> list:
    """``count`` worksheets of one expression at different points of whole numbers in
    ``low..high`` (``shapes``: a vector's or matrix's shape by name; others are numbers),
    each as ``(blank, key)``; the same ``seed`` gives the same points."""
    from .checks.worksheet import make_sheet
    from .checks.worksheet.variants import pick_points

    graph = build(text, dict.fromkeys(shapes, 0.0), form=form)
    out = []
    for point in pick_points(graph, dict(shapes), count, seed, low, high):
        trace = run(graph, point)
        out.append(tuple(make_sheet(_source_text(text), point, graph, trace, key, decimals,
                                    sigfigs) for key in (False, True)))
    return out
