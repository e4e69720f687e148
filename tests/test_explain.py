"""``gradcli explain``: golden narrations (text, Markdown, LaTeX) and the lecture's numbers."""

import re
import subprocess

import pytest

from support import require_program

from conftest import LECTURE_POINT, SIGMOID_CIRCUIT
from gradcli.api import evaluate
from gradcli.output.explain.narrate import explain_text
from gradcli.output.explain.latex import explain_latex, tex_name

SIMPLE = ["(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4"]
SIGMOID = [SIGMOID_CIRCUIT, *LECTURE_POINT, "--digits", "2"]

GOLDEN_SIMPLE_TEXT = """\
Backprop, step by step: (x+y)*z
at x = -2, y = 5, z = -4

Forward pass, stage by stage:
  n1 = x + y = -2 + 5 = 3
  f = n1 * z = 3 * (-4) = -12

Backward pass, gate by gate from the output:
[upstream gradient] × [local gradient] = downstream gradient
  ∂f/∂f = 1
  f = n1 * z (gate *, swap multiplier)
    n1: [1] × [-4] = -4
    z: [1] × [3] = 3
  n1 = x + y (gate +, gradient distributor)
    x: [-4] × [1] = -4
    y: [-4] × [1] = -4

Gradients of f:
  ∂f/∂x = -4
  ∂f/∂y = -4
  ∂f/∂z = 3
"""

GOLDEN_SIGMOID_TEXT = """\
Backprop, step by step: 1/(1+exp(-(w0*x0+w1*x1+w2)))
at w0 = 2, x0 = -1, w1 = -3, x1 = -2, w2 = -3

Forward pass, stage by stage:
  n1 = w0 * x0 = 2 * (-1) = -2
  n2 = w1 * x1 = -3 * (-2) = 6
  n3 = n1 + n2 = -2 + 6 = 4
  n4 = n3 + w2 = 4 + (-3) = 1
  n5 = -1 * n4 = -1 * 1 = -1
  n6 = e^n5 = e^(-1) = 0.37
  n7 = 1 + n6 = 1 + 0.37 = 1.4
  f = 1 / n7 = 1 / 1.4 = 0.73

Backward pass, gate by gate from the output:
[upstream gradient] × [local gradient] = downstream gradient
  ∂f/∂f = 1
  f = 1 / n7 (gate 1/x)
    n7: [1] × [-0.53] = -0.53
  n7 = 1 + n6 (gate +1, gradient distributor)
    n6: [-0.53] × [1] = -0.53
  n6 = e^n5 (gate exp)
    n5: [-0.53] × [0.37] = -0.2
  n5 = -1 * n4 (gate *-1)
    n4: [-0.2] × [-1] = 0.2
  n4 = n3 + w2 (gate +, gradient distributor)
    n3: [0.2] × [1] = 0.2
    w2: [0.2] × [1] = 0.2
  n3 = n1 + n2 (gate +, gradient distributor)
    n1: [0.2] × [1] = 0.2
    n2: [0.2] × [1] = 0.2
  n2 = w1 * x1 (gate *, swap multiplier)
    w1: [0.2] × [-2] = -0.39
    x1: [0.2] × [-3] = -0.59
  n1 = w0 * x0 (gate *, swap multiplier)
    w0: [0.2] × [-1] = -0.2
    x0: [0.2] × [2] = 0.39

Gradients of f:
  ∂f/∂w0 = -0.2
  ∂f/∂x0 = 0.39
  ∂f/∂w1 = -0.39
  ∂f/∂x1 = -0.59
  ∂f/∂w2 = 0.2
"""

GOLDEN_SIMPLE_LATEX = r"""\begin{align*}
\intertext{Backprop, step by step: \texttt{(x+y)*z} at $x = -2$, $y = 5$, $z = -4$}
\intertext{Forward pass, stage by stage:}
n_{1} &= x + y = -2 + 5 = 3 \\
f &= n_{1} \cdot z = 3 \cdot (-4) = -12 \\
\intertext{Backward pass, gate by gate from the output: [upstream gradient] $\times$ [local gradient] $=$ downstream gradient}
\frac{\partial f}{\partial f} &= 1 \\
\intertext{$f = n_{1} \cdot z$ (gate \texttt{*}, swap multiplier)}
n_{1} &\colon [1] \times [-4] = -4 \\
z &\colon [1] \times [3] = 3 \\
\intertext{$n_{1} = x + y$ (gate \texttt{+}, gradient distributor)}
x &\colon [-4] \times [1] = -4 \\
y &\colon [-4] \times [1] = -4 \\
\intertext{Gradients of $f$:}
\frac{\partial f}{\partial x} &= -4 \\
\frac{\partial f}{\partial y} &= -4 \\
\frac{\partial f}{\partial z} &= 3
\end{align*}
"""

GOLDEN_SIGMOID_LATEX = r"""\begin{align*}
\intertext{Backprop, step by step: \texttt{1/(1+exp(-(w0*x0+w1*x1+w2)))} at $w_{0} = 2$, $x_{0} = -1$, $w_{1} = -3$, $x_{1} = -2$, $w_{2} = -3$}
\intertext{Forward pass, stage by stage:}
n_{1} &= w_{0} \cdot x_{0} = 2 \cdot (-1) = -2 \\
n_{2} &= w_{1} \cdot x_{1} = -3 \cdot (-2) = 6 \\
n_{3} &= n_{1} + n_{2} = -2 + 6 = 4 \\
n_{4} &= n_{3} + w_{2} = 4 + (-3) = 1 \\
n_{5} &= -1 \cdot n_{4} = -1 \cdot 1 = -1 \\
n_{6} &= e^{n_{5}} = e^{-1} = 0.37 \\
n_{7} &= 1 + n_{6} = 1 + 0.37 = 1.4 \\
f &= \frac{1}{n_{7}} = \frac{1}{1.4} = 0.73 \\
\intertext{Backward pass, gate by gate from the output: [upstream gradient] $\times$ [local gradient] $=$ downstream gradient}
\frac{\partial f}{\partial f} &= 1 \\
\intertext{$f = \frac{1}{n_{7}}$ (gate \texttt{1/x})}
n_{7} &\colon [1] \times [-0.53] = -0.53 \\
\intertext{$n_{7} = 1 + n_{6}$ (gate \texttt{+1}, gradient distributor)}
n_{6} &\colon [-0.53] \times [1] = -0.53 \\
\intertext{$n_{6} = e^{n_{5}}$ (gate \texttt{exp})}
n_{5} &\colon [-0.53] \times [0.37] = -0.2 \\
\intertext{$n_{5} = -1 \cdot n_{4}$ (gate \texttt{*-1})}
n_{4} &\colon [-0.2] \times [-1] = 0.2 \\
\intertext{$n_{4} = n_{3} + w_{2}$ (gate \texttt{+}, gradient distributor)}
n_{3} &\colon [0.2] \times [1] = 0.2 \\
w_{2} &\colon [0.2] \times [1] = 0.2 \\
\intertext{$n_{3} = n_{1} + n_{2}$ (gate \texttt{+}, gradient distributor)}
n_{1} &\colon [0.2] \times [1] = 0.2 \\
n_{2} &\colon [0.2] \times [1] = 0.2 \\
\intertext{$n_{2} = w_{1} \cdot x_{1}$ (gate \texttt{*}, swap multiplier)}
w_{1} &\colon [0.2] \times [-2] = -0.39 \\
x_{1} &\colon [0.2] \times [-3] = -0.59 \\
\intertext{$n_{1} = w_{0} \cdot x_{0}$ (gate \texttt{*}, swap multiplier)}
w_{0} &\colon [0.2] \times [-1] = -0.2 \\
x_{0} &\colon [0.2] \times [2] = 0.39 \\
\intertext{Gradients of $f$:}
\frac{\partial f}{\partial w_{0}} &= -0.2 \\
\frac{\partial f}{\partial x_{0}} &= 0.39 \\
\frac{\partial f}{\partial w_{1}} &= -0.39 \\
\frac{\partial f}{\partial x_{1}} &= -0.59 \\
\frac{\partial f}{\partial w_{2}} &= 0.2
\end{align*}
"""

GOLDEN_STAGED_MARKDOWN = """\
**Backprop, step by step:** `q = x + y; f = q*z` at `x = -2`, `y = 5`, `z = -4`

**Forward pass**, stage by stage:

1. `q = x + y = -2 + 5 = 3`
2. `f = q * z = 3 * (-4) = -12`

**Backward pass**, gate by gate from the output: [upstream gradient] × [local gradient] = downstream gradient

- `∂f/∂f = 1`
- `f = q * z` (gate `*`, swap multiplier)
  - `q: [1] × [-4] = -4`
  - `z: [1] × [3] = 3`
- `q = x + y` (gate `+`, gradient distributor)
  - `x: [-4] × [1] = -4`
  - `y: [-4] × [1] = -4`

**Gradients of `f`:** `∂f/∂x = -4`, `∂f/∂y = -4`, `∂f/∂z = 3`, `∂f/∂q = -4`
"""


@pytest.mark.parametrize("args, golden", [
    (SIMPLE, GOLDEN_SIMPLE_TEXT),
    (SIGMOID, GOLDEN_SIGMOID_TEXT),
    (SIMPLE + ["--format", "latex"], GOLDEN_SIMPLE_LATEX),
    (SIGMOID + ["--format", "latex"], GOLDEN_SIGMOID_LATEX),
    (["q = x + y; f = q*z", "--x", "-2", "--y", "5", "--z", "-4", "--format", "markdown"],
     GOLDEN_STAGED_MARKDOWN),
], ids=["simple-text", "sigmoid-text", "simple-latex", "sigmoid-latex", "staged-markdown"])
def test_explain_golden(cli, args, golden):
    result = cli("explain", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == golden
    assert result.stderr == ""


def test_the_lectures_products_appear_as_on_the_slide(cli):
    out = cli("explain", *SIGMOID).stdout
    assert "    w0: [0.2] × [-1] = -0.2\n" in out
    assert "    x0: [0.2] × [2] = 0.39\n" in out  # the slide's 0.4 is 0.2 × 2 before rounding
    assert "    n7: [1] × [-0.53] = -0.53\n" in out


def test_gradients_from_branches_are_summed():
    text = explain_text(evaluate("x*y + x", x=3, y=-4, check=False))
    assert "  ∂f/∂x = 1 + (-4) = -3 (gradients add at branches; copy gate: gradient adder)" in text
    same_input_twice = explain_text(evaluate("z*z", z=3, check=False))
    assert "    z: [1] × [3] = 3\n    z: [1] × [3] = 3\n  ∂f/∂z = 3 + 3 = 6" in same_input_twice


def test_an_intermediate_that_fans_out_shows_its_sum_before_its_gate():
    text = explain_text(evaluate("q = x + 1; f = q*q + q", x=2, check=False))
    lines = text.splitlines()
    at = lines.index("  ∂f/∂q = 1 + 3 + 3 = 7 (gradients add at branches; copy gate: gradient adder)")
    assert lines[at + 1] == "  q = 1 + x (gate +1, gradient distributor)"
    assert "  ∂f/∂q = 7" in lines  # named stages are listed with the inputs' gradients


def test_patterns_and_kinks_are_named():
    text = explain_text(evaluate("f = 2*(x*y + max(z, w)) + relu(x - 3)", x=3, y=-4, z=2, w=-1,
                                 check=False))
    assert "n2 = max(z, w) (gate max, gradient router)" in text
    assert "n1 = x * y (gate *, swap multiplier)" in text
    assert "n3 = n1 + n2 (gate +, gradient distributor)" in text
    assert "(gate relu, gradient router, at a kink: relu'(0) = 0)" in text


def test_digits_round_and_full_precision_stays_available(cli):
    rounded = cli("explain", SIGMOID_CIRCUIT, *LECTURE_POINT, "--digits", "3").stdout
    full = cli("explain", SIGMOID_CIRCUIT, *LECTURE_POINT).stdout
    seventeen = cli("explain", SIGMOID_CIRCUIT, *LECTURE_POINT, "--digits", "17").stdout
    assert "f = 1 / n7 = 1 / 1.37 = 0.731" in rounded
    assert "f = 1 / n7 = 1 / 1.3678794411714423 = 0.7310585786300049" in full
    assert "f = 1 / n7 = 1 / 1.3678794411714423 = 0.7310585786300049" in seventeen


def test_exact_narration_keeps_exact_forms_beside_decimals(cli):
    out = cli("explain", SIGMOID_CIRCUIT, *LECTURE_POINT, "--exact", "--digits", "2").stdout
    assert "  n6 = e^n5 = e^(-1) = exp(-1) ≈ 0.37\n" in out
    assert "  ∂f/∂w0 = -exp(-1)/(exp(-1) + 1)**2 ≈ -0.2\n" in out
    latex = cli("explain", SIGMOID_CIRCUIT, *LECTURE_POINT, "--exact", "--digits", "2",
                "--format", "latex").stdout
    assert r"\frac{\partial f}{\partial w_{0}} &= - \frac{1}{e \left(e^{-1} + 1\right)^{2}} " \
           r"\approx -0.2" in latex


@pytest.mark.parametrize("node_id, tex", [
    ("w0", "w_{0}"), ("x_1", "x_{1}"), ("n12", "n_{12}"), ("theta", r"\theta"),
    ("theta2", r"\theta_{2}"), ("sigy", r"\mathit{sigy}"), ("c#2", r"c_{\#2}"),
    ("x_1_2", r"\mathit{x\_1\_2}"), ("f", "f"),
])
def test_names_become_math(node_id, tex):
    assert tex_name(node_id) == tex


LATEX_CASES = [
    ("(x+y)*z", dict(x=-2, y=5, z=-4), False),
    (SIGMOID_CIRCUIT, dict(w0="2", x0="-1", w1="-3", x1="-2", w2="-3"), True),
    ("c = c + c + 1; sigy_2 = relu(c)*x_1 + 1e-7*theta + c*pi; f = sigy_2**2",
     dict(c=0, x_1=2, theta=3), False),
    (r"\frac{1}{1+e^{-(w_0x_0+w_1x_1+w_2)}}", dict(w0=2, x0=-1, w1=-3, x1=-2, w2=-3), False),
    ("abs(x) + max(x, 2) + min(3, x) + x^y + 2^x + 3 - x + x/4 + sqrt(x) + log(x)"
     " + sin(x)*cos(x)*tan(x)*tanh(x)*sigmoid(x) + x - y + x/y", dict(x="1", y="2"), True),
    # vectors and matrices: matrices as arrays, the VJPs of array gates (vectors.md)
    ("sum((W @ x)**2)", dict(W=[[0.1, 0.5], [-0.3, 0.8]], x=[0.2, 0.4]), False),
    ("sum((x @ w) * G)", dict(x=[[2, 1, -3], [-3, 4, 2]], w=[[3, 2, 1, -1], [2, 1, 3, 2],
                                                           [3, 2, 1, -2]],
                              G=[[2, 3, -3, 9], [-8, 1, 4, 6]]), False),
    ("mean(norm2(T(A)) * dot(u, v) + sum(A, 0)) + sum(relu(x) * g)",
     dict(A=[[1, 2], [3, 4]], u=[1, 2], v=[3, 4], x=[1, -2, 3, -1], g=[4, -1, 5, 9]), False),
    ("sum(relu(W @ x))", dict(W=[[i - j / 2 for i in range(12)] for j in range(12)],
                              x=list(range(-6, 6))), False),
]


def balanced(text):
    depth = 0
    for token in re.findall(r"\\[{}]|[{}]", text):
        depth += {"{": 1, "}": -1}.get(token, 0)
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.parametrize("text, values, exact", LATEX_CASES)
def test_latex_is_compile_ready(text, values, exact):
    latex = explain_latex(evaluate(text, values, check=False, exact=exact), digits=3)
    assert latex.startswith("\\begin{align*}\n") and latex.endswith("\n\\end{align*}")
    assert balanced(latex)
    assert not re.search(r"(?<!\\)[#%]", latex)  # no unescaped # or %
    assert not re.search(r"(?<!\\)_(?!\{)", latex)  # _ only as a subscript _{...}


def pdflatex_log(folder, latex: str) -> str:
    """pdflatex's log of an article holding ``latex`` (which must compile)."""
    require_program("pdflatex")
    document = ("\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
                f"{latex}\n\\end{{document}}\n")
    (folder / "doc.tex").write_text(document)
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                          cwd=folder, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:]
    return (folder / "doc.log").read_text(errors="replace")


@pytest.mark.parametrize("text, values, exact", LATEX_CASES)
def test_latex_compiles(tmp_path, text, values, exact):
    latex = explain_latex(evaluate(text, values, check=False, exact=exact), digits=3)
    assert "Warning" not in pdflatex_log(tmp_path, latex)


NORM_EXAMPLE = ("sum((W @ x)**2)", {"W": "[[0.1, 0.5], [-0.3, 0.8]]", "x": "[0.2, 0.4]"})


def test_latex_writes_vectors_as_columns():
    latex = explain_latex(evaluate(*NORM_EXAMPLE, check=False), digits=3)
    assert r"x = \left[\begin{array}{c} 0.2 \\ 0.4 \end{array}\right]" in latex
    assert (r"= \left[\begin{array}{c} 0.44 \\ 0.52 \end{array}\right] \cdot  "
            r"\left[\begin{array}{c} 0.2 \\ 0.4 \end{array}\right]^{\top}") in latex  # q xᵀ
    assert r"\left[\begin{array}{cc} 0.088 & 0.176 \\ 0.104 & 0.208 \end{array}\right]" in latex


@pytest.mark.parametrize("digits", [3, None])
def test_the_norm_example_fits_the_page(tmp_path, digits):
    latex = explain_latex(evaluate(*NORM_EXAMPLE, check=False), digits=digits)
    log = pdflatex_log(tmp_path, latex)
    assert [line for line in log.splitlines() if line.startswith("Overfull")] == []


@pytest.mark.parametrize("args, code, message", [
    (["(x+y)*z", "--x", "1", "--y", "2"], 2, "error: no value for z: give --z VALUE"),
    (["log(x)", "--x", "-1"], 3, "error: node f (log) is undefined at x = -1"),
    (["x", "--x", "1", "--format", "html"], 2, "Invalid value for '--format'"),
    (["x**y", "--x", "0.5", "--y", "100000", "--exact"], 2, "error: the exact value of node f"),
])
def test_explain_errors_are_one_line_with_their_exit_code(cli, args, code, message):
    result = cli("explain", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("args, absent", [
    (["explain", "x*y", "--x", "1", "--y", "2"], ["sympy", "rich"]),
    (["explain", r"\frac{x}{y}", "--x", "1", "--y", "2", "--format", "latex"], ["sympy", "rich"]),
    (["ops", "--format", "json"], ["sympy", "rich"]),
])
def test_plain_paths_never_import_sympy_or_rich(args, absent):
    import sys

    code = (
        "import sys\n"
        "from gradcli.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print([m for m in {absent!r} if m in sys.modules], file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stderr.strip() == "[]"
