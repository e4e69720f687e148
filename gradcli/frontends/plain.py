"""Text -> a small AST with source spans. Our own tokenizer and parser.

User text is never handed to ``eval``, ``exec``, ``sympify`` or ``parse_expr``
(they run code). The parser is an operator-precedence (shunting-yard) loop over
explicit stacks, so ten thousand nested parentheses or a 10^5-term chain cannot
hit Python's recursion limit.

A program is statements separated by ``;`` or newlines: ``name = expr``, the
last one (or a bare expression at the end) being the output.
"""

from __future__ import annotations

import re
from ..errors import LimitError, ParseError, quoted
from ..limits import Limits
from ..limits import active as active_limits
from ..core.ops import CALLS, FUNCTIONS
from ..core.program import (ASSIGN, COMMA, END, LPAREN, NAME, NUM, OP, RPAREN, SEP,  # noqa: F401
                            Ast, Program, Statement, Token)

# One pass of one regular expression, each match a token or a run of white space;
# its first character tells its kind. A number's exponent needs digits: "2e3" is
# 2000, "2e" is 2*e, "2ex" is 2*ex. Anything else is one character: an error.
# Friendly spellings (text copied from slides and PDFs): U+2212 is a minus, · and × multiply,
# superscript digits are a power (x² is x**2), a name's .T is its transpose (A.T is T(A)),
# and Greek letters are names as they are (θ, with --θ 2).
GREEK = "\u0391-\u03a1\u03a3-\u03a9\u03b1-\u03c9"
NAME_TEXT = rf"[A-Za-z{GREEK}][A-Za-z0-9_{GREEK}]*"
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TOKEN = re.compile(
    r"[ \t\r]+"
    r"|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
    rf"|{NAME_TEXT}\.T(?![A-Za-z0-9_{GREEK}])"
    rf"|{NAME_TEXT}"
    rf"|⁻?[{_SUPERSCRIPTS}]+"
    r"|\*\*|[-+*/^@(),;=\n\u2212\u00b7\u00d7\u22c5]"
    r"|.",
    re.DOTALL,
)
_KIND_OF_FIRST = {
    **dict.fromkeys("0123456789.", NUM),
    **dict.fromkeys("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", NAME),
    **dict.fromkeys(map(chr, [*range(0x391, 0x3A2), *range(0x3A3, 0x3AA), *range(0x3B1, 0x3CA)]),
                    NAME),
    **dict.fromkeys("+-*/^@\u2212\u00b7\u00d7\u22c5", OP),
    **dict.fromkeys(" \t\r", None),  # white space: no token
    "(": LPAREN, ")": RPAREN, ",": COMMA, ";": SEP, "\n": SEP, "=": ASSIGN,
}
_OPERATOR = {"^": "**", "\u2212": "-", "\u00b7": "*", "\u00d7": "*", "\u22c5": "*"}


def iter_tokens(text: str):
    """The tokens of ``text`` one by one, the END token last (a generator: a 10^6-statement
    program's tokens never exist all at once)."""
    new, kind_of = tuple.__new__, _KIND_OF_FIRST.get
    start = 0
    for token in _TOKEN.findall(text):
        end = start + len(token)
        kind = kind_of(token[0], END)
        if token[0] in _SUPERSCRIPTS or token[0] == "⁻":
            yield from _power(token, start, end)
        elif token.endswith(".T") and kind is NAME:
            yield from _transpose(token[:-2], start, end)
        elif kind is not None:
            if kind is END or token == ".":
                raise ParseError(_unexpected_char(token), text, start)
            yield new(Token, (kind, _OPERATOR.get(token, token), start, end))
        start = end
    yield Token(END, "", len(text), len(text))


def statement_tokens(tokens):
    """Tokens grouped a statement at a time, each group ending in the separator or END
    that ends it: ``;`` always, a newline outside parentheses (inside them it is white
    space). The parser reads one group at a time, so only one statement's tokens and
    AST are alive while the builder turns it into nodes."""
    group: list[Token] = []
    depth = 0
    for token in tokens:
        group.append(token)
        kind = token.kind
        if kind == LPAREN:
            depth += 1
        elif kind == RPAREN:
            depth -= 1
        elif kind == END or kind == SEP and (depth <= 0 or token.text == ";"):
            yield group
            group = []
            depth = 0
    if group:  # pragma: no cover - every token stream ends in END
        yield group


def _power(token: str, start: int, end: int) -> list[Token]:
    """x² as the tokens of x ** 2 (x⁻¹: x ** -1), each spanning the superscript."""
    digits = "".join(str(_SUPERSCRIPTS.index(ch)) for ch in token.lstrip("⁻"))
    out = [Token(OP, "**", start, end)]
    if token.startswith("⁻"):
        out.append(Token(OP, "-", start, end))
    return out + [Token(NUM, digits, start, end)]


def _transpose(name: str, start: int, end: int) -> list[Token]:
    """A.T as the tokens of T(A)."""
    dot = start + len(name)
    return [Token(NAME, "T", dot, end), Token(LPAREN, "(", dot, end),
            Token(NAME, name, start, dot), Token(RPAREN, ")", dot, end)]


def _unexpected_char(ch: str) -> str:
    code = ord(ch)
    if ch in "{}[]\\":
        return (f"unexpected character {quoted(ch)}: this looks like LaTeX: add --latex "
                "(or write e^(-x), exp(-x))")
    if ch.isdigit():
        return (f"unexpected character {quoted(ch)} (U+{code:04X}): "
                "only ASCII digits 0-9 are numbers")
    if ch.isalpha():
        return (f"unexpected character {quoted(ch)} (U+{code:04X}): "
                "names use ASCII letters, digits and _")
    if ch == "_":
        return "unexpected '_': a name starts with a letter, and numbers have no '_' separators"
    return f"unexpected character {quoted(ch)} (U+{code:04X})"


# Binary operators: precedence and right-associativity.
_BINARY = {"+": (1, False), "-": (1, False), "*": (2, False), "/": (2, False), "@": (2, False),
           "**": (4, True)}
_UNARY_PREC = 3  # -x**2 is -(x**2), 2*-x is 2*(-x)


class _Parser:
    """Shunting-yard over one statement's tokens, with explicit stacks only."""

    def __init__(self, text: str, max_depth: int):
        self.text = text
        self.tokens: list[Token] = []
        self.pos = 0
        self.max_depth = max_depth

    def deeper(self, depth: int) -> int:
        if depth >= self.max_depth:
            raise LimitError("the nesting depth of parentheses and calls", depth + 1,
                             self.max_depth, "--max-depth")
        return depth + 1

    def error(self, message: str, token: Token) -> ParseError:
        return ParseError(message, self.text, token.start, token.end)

    def statements(self, tokens):
        """Each statement as it is parsed, from a stream of tokens (a generator)."""
        last = None
        for group in statement_tokens(tokens):
            self.tokens, self.pos = group, 0
            tok = group[0]
            if tok.kind == END:
                break
            if tok.kind == SEP:
                continue  # a blank statement
            if last is not None and last.target is None:
                raise ParseError(
                    "only the last statement may be a bare expression; name it (q = ...)",
                    self.text, last.start, last.end,
                )
            last = self.parse_statement()
            yield last
        if last is None:
            raise ParseError("empty expression", self.text, 0, 0)

    def parse_statement(self) -> Statement:
        tok = self.tokens[self.pos]
        target = None
        if tok.kind == NAME and self.tokens[self.pos + 1].kind == ASSIGN:
            if tok.text in FUNCTIONS:
                raise self.error(f"cannot assign to {tok.text!r}: it is a function", tok)
            target = tok.text
            self.pos += 2
        expr = self.parse_expression()
        return Statement(target, expr, tok.start, expr.end)

    def parse_expression(self) -> Ast:
        out: list[Ast] = []
        # Operator stack entries: (kind, symbol, token, function name, argument count)
        ops: list[list] = []
        expect_operand = True
        depth = 0
        while True:
            tok = self.tokens[self.pos]
            kind = tok.kind
            if kind == SEP and tok.text == "\n" and depth > 0:
                self.pos += 1  # newlines inside parentheses are plain white space
                continue
            if expect_operand:
                if kind == NUM:
                    out.append(self.number(tok))
                    expect_operand = False
                elif kind == NAME:
                    nxt = self.tokens[self.pos + 1]
                    if nxt.kind == LPAREN:
                        if tok.text not in CALLS:
                            raise self.error(_unknown_function(tok.text), tok)
                        ops.append(["(", tok.text, nxt, tok, 1])
                        depth = self.deeper(depth)
                        self.pos += 2
                        if self.tokens[self.pos].kind == RPAREN:
                            raise self.error(f"{tok.text}() needs an argument",
                                             self.tokens[self.pos])
                        continue
                    if tok.text in FUNCTIONS:
                        raise self.error(f"{tok.text} is a function: write {tok.text}(...)", tok)
                    out.append(Ast("name", tok.text, (), tok.start, tok.end))
                    expect_operand = False
                elif kind == LPAREN:
                    ops.append(["(", None, tok, tok, 1])
                    depth = self.deeper(depth)
                elif kind == OP and tok.text in "+-":
                    if tok.text == "-":
                        ops.append(["neg", "-", tok, tok, 0])
                    # unary plus changes nothing and makes no node
                else:
                    raise self.error(_expected_operand(tok), tok)
                self.pos += 1
                continue
            # After an operand: an operator, a closing token, or an implicit product.
            if kind == OP:
                self.push_binary(tok.text, tok, ops, out)
                expect_operand = True
                self.pos += 1
            elif kind in (NUM, NAME, LPAREN):
                prev = self.tokens[self.pos - 1]
                if kind == NUM and prev.kind != RPAREN or kind == NAME and prev.kind == NAME:
                    raise self.error(f"missing operator before {tok.text!r}", tok)
                # (x + y)z, 2x, 2(x+y): the lecture's implicit multiplication
                self.push_binary("*", Token(OP, "*", tok.start, tok.start), ops, out)
                expect_operand = True
            elif kind == COMMA:
                self.reduce_until_paren(ops, out, tok)
                if not ops or ops[-1][1] is None:
                    raise self.error("',' outside a function's argument list", tok)
                ops[-1][4] += 1
                expect_operand = True
                self.pos += 1
            elif kind == RPAREN:
                self.reduce_until_paren(ops, out, tok)
                if not ops:
                    raise self.error("unmatched ')'", tok)
                _, func, open_tok, name_tok, argc = ops.pop()
                depth -= 1
                if func is None:
                    out[-1].start, out[-1].end = open_tok.start, tok.end  # span the parentheses
                else:
                    args = tuple(out[len(out) - argc:])
                    del out[len(out) - argc:]
                    out.append(Ast("call", func, args, name_tok.start, tok.end))
                self.pos += 1
            elif kind in (SEP, END, ASSIGN):
                if kind == ASSIGN:
                    raise self.error("'=' must follow a name at the start of a statement", tok)
                while ops:
                    entry = ops[-1]
                    if entry[0] == "(":
                        raise self.error("'(' is never closed", entry[2])
                    self.reduce(ops.pop(), out)
                return out[-1]
            else:  # pragma: no cover - every token kind is handled above
                raise self.error(f"unexpected {kind}", tok)

    def number(self, tok: Token) -> Ast:
        value = float(tok.text)
        if value == float("inf"):
            raise self.error(f"number {tok.text[:40]} is too large for float64", tok)
        return Ast("num", value, (), tok.start, tok.end)

    def push_binary(self, symbol: str, tok: Token, ops: list, out: list) -> None:
        prec, right = _BINARY[symbol]
        while ops:
            top = ops[-1]
            if top[0] == "(":
                break
            top_prec = _UNARY_PREC if top[0] == "neg" else _BINARY[top[1]][0]
            if top_prec > prec or (top_prec == prec and not right):
                self.reduce(ops.pop(), out)
            else:
                break
        ops.append(["bin", symbol, tok, tok, 0])

    def reduce_until_paren(self, ops: list, out: list, tok: Token) -> None:
        while ops and ops[-1][0] != "(":
            self.reduce(ops.pop(), out)

    def reduce(self, entry: list, out: list) -> None:
        kind, symbol, tok = entry[0], entry[1], entry[2]
        if kind == "neg":
            operand = out.pop()
            out.append(Ast("neg", "-", (operand,), tok.start, operand.end))
        else:
            right = out.pop()
            left = out.pop()
            out.append(Ast("binop", symbol, (left, right), left.start, right.end))


def _unknown_function(name: str) -> str:
    import difflib

    known = ", ".join(sorted(CALLS))
    close = _SAID_FOR.get(name) or next(iter(difflib.get_close_matches(name, CALLS, 1, 0.7)), None)
    hint = f"did you mean {close}(...)? " if close else ""
    return (f"unknown function {name!r}: {hint}(known: {known}); to multiply, write "
            f"{name}*(...)")


# Names people write for a gate that has another name here.
_SAID_FOR = {"sigma": "sigmoid", "σ": "sigmoid", "logistic": "sigmoid", "ReLU": "relu",
             "transpose": "T", "sqr": "pow"}


def _expected_operand(tok: Token) -> str:
    if tok.kind == END:
        return "the expression ends where a number, name or '(' is expected"
    if tok.kind == SEP:
        return "the statement ends where a number, name or '(' is expected"
    return f"expected a number, name or '(' here, not {tok.text!r}"


def parse(text: str, limits: Limits | None = None, stream: bool = False) -> Program:
    """Parse an expression or a program into statements of ASTs.

    With ``stream`` the statements are a one-pass iterator, parsed as they are read
    (the graph builder reads them once, so a long program's ASTs never all exist).
    """
    limits = limits or active_limits()
    limits.check_length(text)
    statements = _Parser(text, limits.max_depth).statements(iter_tokens(text))
    return Program(text, statements if stream else list(statements))


def parse_tokens(text: str, tokens: list[Token], limits: Limits | None = None) -> Program:
    """Parse tokens from any front end (plain text, LaTeX); spans point into ``text``."""
    limits = limits or active_limits()
    return Program(text, list(_Parser(text, limits.max_depth).statements(tokens)))
