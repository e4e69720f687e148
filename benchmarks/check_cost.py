"""The default check between 100 and 2,000 nodes against plain SymPy doing the same derivative.

gradcli: ``gradcli.checks.oracle.verify(graph, trace)`` on a graph and trace built
before each run (untimed), inside ``shared_budget(--check-timeout)`` as
``gradcli.api.evaluate`` runs it: exactly what ``evaluate(..., check=True)`` adds to
``check=False``. That is the whole default check: the graph converted to one SymPy
expression, SymPy's derivative by each variable, its value at the point with
30-digit Floats, the comparison with backprop, under the time limit.

Plain SymPy (``plain_sympy_gradient``, no gradcli code): the program's statements,
read by Python's ``ast`` before the run (untimed), become one SymPy expression
statement by statement with SymPy's operators and functions (each variable a
``Symbol(name, real=True)`` as in gradcli, each constant ``Float(c, 30)`` or an
``Integer``, sigmoid ``1/(1 + exp(-t))``); then ``sympy.diff`` of the output by each
variable, each derivative evaluated by ``xreplace`` with 30-digit Floats (SymPy
evaluates the Floats on the spot), then ``float``. ``xreplace`` is the fastest of the
straightforward ways: at 1,000 nodes (network) the evaluation took 0.14 s, against
1.3 s for ``.subs`` and 1.6 s for ``evalf(subs=...)``; ``lambdify`` evaluates at 15
digits, not the same check.

SymPy caches results across calls, so its cache is cleared before every run of
either side (untimed): each run pays what one ``gradcli`` process pays.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import workloads
from timing import median_time

# The programs: the network written out as scalars (each hidden value read twice) and
# the wide sum of sigmoid neurons (each input read by a tenth of the neurons).
PROGRAMS = {"network": workloads.network, "wide sigmoid sum": workloads.wide}
SIZES = (100, 500, 1_000, 2_000)  # nodes, about (each program's generator rounds them)


@dataclass
class CheckCost:
    program: str
    size: int  # the nodes asked for
    nodes: int  # the nodes built
    gradcli: float  # seconds of the whole default check
    plain: float  # seconds of plain SymPy's derivative at the point
    method: str  # the check that ran ("sympy", or the fallback's name)
    agree: bool  # gradcli's SymPy gradients equal plain SymPy's (1e-15 relative: as floats)


def program(name: str, size: int) -> tuple[str, dict[str, float]]:
    """The program of about ``size`` nodes, never more (above 2,000 SymPy is not given it)."""
    return PROGRAMS[name](size - 10)


def _functions():
    import sympy

    return {"sin": sympy.sin, "cos": sympy.cos, "tanh": sympy.tanh, "exp": sympy.exp,
            "log": sympy.log, "sigmoid": lambda t: 1 / (1 + sympy.exp(-t))}


_OPERATORS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
              ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b,
              ast.Pow: lambda a, b: a**b}


def statements(text: str) -> list[ast.Assign]:
    return [ast.parse(line.strip()).body[0]
            for line in text.replace(";", "\n").splitlines() if line.strip()]


def plain_sympy_gradient(program: list[ast.Assign], values: dict[str, float]) -> dict:
    """SymPy's derivative of the program's last statement by each variable, at ``values``."""
    import sympy

    functions = _functions()
    env: dict = {}
    symbols: dict = {}

    def expression(e: ast.expr):  # statements are short: recursion is fine here
        if isinstance(e, ast.Constant):
            c = float(e.value)
            return sympy.Integer(int(c)) if c.is_integer() else sympy.Float(c, 30)
        if isinstance(e, ast.Name):
            if e.id not in env:
                env[e.id] = symbols[e.id] = sympy.Symbol(e.id, real=True)
            return env[e.id]
        if isinstance(e, ast.UnaryOp):
            return -expression(e.operand)
        if isinstance(e, ast.Call):
            return functions[e.func.id](expression(e.args[0]))
        return _OPERATORS[type(e.op)](expression(e.left), expression(e.right))

    for statement in program:
        output = env[statement.targets[0].id] = expression(statement.value)
    point = {s: sympy.Float(values[name], 30) for name, s in symbols.items()}
    return {name: float(sympy.diff(output, s).xreplace(point)) for name, s in symbols.items()}


def _cold_sympy() -> None:
    from sympy.core.cache import clear_cache

    clear_cache()


def _prepared(text: str, values: dict[str, float]):
    from gradcli.api import build
    from gradcli.engines.scalar import run

    graph = build(text, values)
    return graph, run(graph, values)


def gradcli_check(graph, trace):
    """What ``evaluate(..., check=True)`` adds: the check, within one shared budget."""
    from gradcli.checks.oracle import verify
    from gradcli.limits import active, shared_budget

    with shared_budget(active().check_timeout):
        return verify(graph, trace)


def _median_cold(run, args: tuple, repeat: int) -> tuple[float, object]:
    """(median seconds of ``run(*args)``, SymPy's cache cleared before each run; the last
    run's result)."""
    last = []

    def setup():
        _cold_sympy()
        return args

    seconds = median_time(lambda *a: last.append(run(*a)), setup, repeat, warmup=0,
                          pause_gc=False)
    return seconds, last[-1]


def _agree(result, reference: dict[str, float]) -> bool:
    return result.method == "sympy" and all(
        v.reference is not None
        and abs(v.reference - reference[v.name]) <= 1e-15 * max(1.0, abs(v.reference))
        for v in result.variables)


def measure(name: str, size: int, repeat: int) -> CheckCost:
    text, values = program(name, size)
    graph, trace = _prepared(text, values)
    ours, result = _median_cold(gradcli_check, (graph, trace), repeat)
    plain, reference = _median_cold(plain_sympy_gradient, (statements(text), values), repeat)
    return CheckCost(name, size, len(graph.nodes), ours, plain, result.method,
                     _agree(result, reference))


def measure_all(sizes: tuple[int, ...], repeat: int) -> list[CheckCost]:
    gradcli_check(*_prepared("x*y", {"x": 1.5, "y": 2.5}))  # imports, untimed
    return [measure(name, size, repeat) for size in sizes for name in PROGRAMS]
