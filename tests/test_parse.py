"""The grammar, the precedence rules, and syntax errors with a caret."""

import pytest

from gradcli.api import evaluate
from gradcli.errors import ParseError
from gradcli.frontends.build import build_graph
from gradcli.frontends.plain import parse


def value(text, **values):
    return evaluate(text, values, check=False).value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1 + 2 * 3", 7),
        ("2 ** 3 ** 2", 512),  # right-associative
        ("2 ^ 3 ^ 2", 512),  # ^ is power too
        ("-2 ** 2", -4),  # unary minus binds looser than **
        ("2 ** -1", 0.5),
        ("8 / 4 / 2", 1),  # left-associative
        ("10 - 4 - 3", 3),
        ("+3 - -2", 5),
        ("1.5e2 + .5", 150.5),
        ("2e-3 * 1000", 2),
        ("2(3 + 1)", 8),  # implicit multiplication
        ("(1 + 1)(2 + 1)", 6),
        ("(1 + 2)4", 12),
        ("pow(2, 10)", 1024),
        ("max(2, -3) + min(2, -3)", -1),
        ("ln(e) + log(1)", 1),
        ("sqrt(16) + abs(-2) + relu(-5) + relu(3)", 9),
    ],
)
def test_constant_expressions(text, expected):
    assert value(text) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize(
    "text, values, expected",
    [
        ("2x", dict(x=3), 6),
        ("2x**2", dict(x=3), 18),  # 2*(x**2)
        ("(x + y)z", dict(x=1, y=2, z=4), 12),
        ("x_1 * theta + w0", dict(x_1=2, theta=3, w0=1), 7),
        ("2e", {}, 2 * 2.718281828459045),  # 2*e, not a broken exponent
        ("pi", {}, 3.141592653589793),
        ("e * x", dict(e=2, x=3), 6),  # a value for e makes it a variable
        ("-x**2", dict(x=3), -9),
        ("x\n + y", dict(x=1, y=2), None),
    ],
)
def test_variables_and_implicit_products(text, values, expected):
    if expected is None:
        with pytest.raises(ParseError):
            value(text, **values)
    else:
        assert value(text, **values) == pytest.approx(expected, rel=1e-15)


def test_newlines_inside_parentheses_are_white_space():
    assert value("(x\n + y)", x=1, y=2) == 3


def test_statements_separated_by_semicolons_and_newlines():
    program = parse("q = x + y; f = q * z\n\ng = f + 1;")
    assert [s.target for s in program.statements] == ["q", "f", "g"]


@pytest.mark.parametrize(
    "text, message, caret",
    [
        ("(x + y", "'(' is never closed", "  ^"),
        ("x + y)", "unmatched ')'", "       ^"),
        ("x +", "ends where a number", "     ^"),
        ("x * * y", "expected a number, name or '(' here, not '*'", "      ^"),
        ("foo(x)", "unknown function 'foo'", "  ^^^"),
        ("x y", "missing operator before 'y'", "    ^"),
        ("2 3", "missing operator before '3'", "    ^"),
        ("exp + 1", "exp is a function", "  ^^^"),
        ("max(x)", "max() takes 2 arguments, got 1", "  ^^^^^^"),
        ("exp(x, y)", "exp() takes 1 argument, got 2", "  ^^^^^^^^^"),
        ("f(x,)", "unknown function 'f'", "  ^"),
        ("max(x,)", "not ')'", "        ^"),
        ("exp()", "exp() needs an argument", "      ^"),
        ("x, y", "',' outside a function's argument list", "   ^"),
        ("x = ", "the expression ends where", None),
        ("x + y = 3", "'=' must follow a name", "        ^"),
        ("x $ y", "unexpected character '$'", "    ^"),
        ("1e999", "too large for float64", "  ^^^^^"),
        ("x + 1; y", None, None),
        ("x; y = 2", "only the last statement may be a bare expression", "  ^"),
        ("", "empty expression", "  ^"),
        ("  ;  ", "empty expression", "  ^"),
    ],
)
def test_syntax_errors_point_at_the_offending_span(text, message, caret):
    if message is None:
        with pytest.raises(ParseError):
            parse(text)
        return
    with pytest.raises(ParseError) as info:
        build_graph(text)
    assert message in info.value.message
    lines = str(info.value).splitlines()
    assert lines[1] == "  " + text.replace("\n", "\\x0a")
    if caret is not None:
        assert lines[2] == caret


def test_non_ascii_digits_and_letters_are_rejected_with_their_code_point():
    with pytest.raises(ParseError, match=r"U\+0663"):
        parse("\u0663 + 1")
    with pytest.raises(ParseError, match=r"U\+00E9"):
        parse("\u00e9 * 2")  # a Latin letter with an accent; Greek letters are names (issue 13)


def test_underscore_separators_are_not_numbers():
    with pytest.raises(ParseError, match="no '_' separators"):
        parse("1_000")


def test_control_characters_are_shown_escaped_in_errors():
    with pytest.raises(ParseError) as info:
        parse("x\x1b[31m + 1")
    assert "\x1b" not in str(info.value)
    assert "\\x1b" in str(info.value)


def test_ten_thousand_nested_parentheses_parse_without_recursion():
    text = "(" * 10_000 + "x" + ")" * 10_000
    assert value(text, x=2) == 2


def test_long_power_tower_parses_without_recursion():
    text = "x" + "**1" * 50_000
    assert value(text, x=2) == 2


def test_user_text_is_never_executed(tmp_path):
    sentinel = tmp_path / "pwned"
    payloads = [
        f"__import__('os').system('touch {sentinel}')",
        "().__class__.__bases__[0].__subclasses__()",
        "lambda: 1",
        "x.real",
        "[x for x in y]",
        f"exec('open(\"{sentinel}\", \"w\")')",
    ]
    for payload in payloads:
        with pytest.raises(ParseError):
            parse(payload)
    assert not sentinel.exists()
