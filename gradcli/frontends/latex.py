"""LaTeX -> the same Program as plain text: a second front end, a sibling of plain.py.

The subset that slides and homework use: ``\\frac{a}{b}``, ``e^{...}``, ``\\exp``,
``\\log``/``\\ln``, ``\\sqrt{}``, ``\\sigma(...)``, ``\\max(a, b)``, ``\\tanh``, ``\\cdot``,
``\\times``, ``^{...}``, subscripted names (``w_0``, ``x_{1}`` are the variables
``w0``, ``x1``), implicit products (``w_0x_0``), ``\\left( \\right)``. As in LaTeX,
a letter is one variable (``xy`` is x times y), with its digits (``w0``) or subscript;
``\\mathrm{name}`` spells a longer one.

The lexer turns LaTeX into the plain grammar's tokens (``\\frac{a}{b}`` becomes
``((a)/(b))``, juxtaposition an explicit ``*``), with spans into the LaTeX text,
and plain.py's own parser builds the AST: so both front ends give the same graph
and the same caret errors. One loop with an explicit stack of open groups; never
recursion, never SymPy's LaTeX parser (it evaluates and restructures).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from ..errors import ParseError, printable
from ..limits import Limits
from ..limits import active as active_limits
from ..core.ops import FUNCTIONS, OPS
from ..core.program import ASSIGN, COMMA, LPAREN, NAME, NUM, OP, RPAREN, SEP, Program, Token
from .plain import _unexpected_char, parse_tokens

GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu "
    "nu xi omicron rho tau upsilon phi varphi chi psi omega".split()
)
# The gates' own commands (\exp, \sigma, ...), from the op registry: command -> op.
_FUNCTION_COMMANDS = {command: op.name for op in OPS.values() for command in op.tex_commands}
_BRACED = frozenset(op.name for op in OPS.values() if op.tex_braces)  # \sqrt{x}, \sqrt x
# Gates written between two commands (\lvert x \rvert): opening command -> op, closing ones.
_OPENERS = {op.tex_delimiters[0]: op.name for op in OPS.values() if op.tex_delimiters}
_CLOSERS = frozenset(op.tex_delimiters[1] for op in OPS.values() if op.tex_delimiters)
_OPERATOR_COMMANDS = {"cdot": "*", "times": "*", "div": "/"}
_SPACING = frozenset([",", ";", ":", "!", " ", "quad", "qquad"])
# Size prefixes of a delimiter: \left( is just (.
_SIZES = frozenset(
    "left right big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr".split()
)
_NAME_COMMANDS = frozenset(["mathrm", "mathit", "operatorname", "text", "textrm"])
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_DIGITS = "0123456789"
_DIGITS_1 = frozenset(_DIGITS)  # one character, never the empty string
_COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.S)
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_SUBSCRIPT = re.compile(r"_(?:\{\s*([A-Za-z0-9]+)\s*\}|([A-Za-z0-9]))")
_OPENER_OF = {"}": "{", ")": "(", "]": "["}
_ENDS_OPERAND = (NUM, NAME, RPAREN)
_KINDS = {"(": LPAREN, ")": RPAREN, "*": OP, "/": OP, "**": OP}  # of synthetic tokens


def looks_like_latex(text: str) -> bool:
    """Auto-detection: a backslash command or LaTeX's line break ``\\`` between statements
    (plain text has no backslash), or $...$ around it all."""
    return bool(re.fullmatch(r"\s*\$.*\$\s*", text, re.DOTALL)
                or re.search(r"\\[A-Za-z\\]", text))


def parse_latex(text: str, limits: Limits | None = None) -> Program:
    limits = limits or active_limits()
    limits.check_length(text)
    lexer = _Lexer(text)
    tokens = lexer.run()
    program = parse_tokens(text, tokens, limits)
    program.aliases.update(lexer.aliases)
    return program


@dataclass
class _Group:
    opener: str  # "{", "(" or "["
    start: int
    end: int
    on_close: list[str] = field(default_factory=list)  # token texts emitted at the close
    then: Callable[[], None] | None = None  # after the close: a \frac's second argument


class _Lexer:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.tokens: list[Token] = []
        self.groups: list[_Group] = []
        self.aliases: dict[str, str] = {}
        self.statement_start = 0  # index in tokens

    def error(self, message: str, start: int, end: int | None = None) -> ParseError:
        return ParseError(message, self.text, start, end)

    def dollar(self) -> None:
        """``$`` delimits math at the very start or end ($...$, $$...$$), nowhere else."""
        text, pos = self.text, self.pos
        if text[:pos].strip(" \t\r\n$") and text[pos + 1 :].strip(" \t\r\n$"):
            raise self.error("'$' only delimits the whole expression ($...$)", pos)
        self.pos += 1

    def run(self) -> list[Token]:
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in " \t\r&":  # white space and alignment marks
                self.pos += 1
            elif ch == "$":
                self.dollar()
            elif ch == "\n":
                self.newline()
            elif ch == "\\":
                self.command()
            elif ch in _DIGITS or (ch == "." and text[self.pos + 1 : self.pos + 2] in _DIGITS_1):
                self.number()
            elif ch.isascii() and ch.isalpha():
                self.letter()
            else:
                self.symbol(ch)
        if self.groups:
            group = self.groups[-1]
            raise self.error(f"'{group.opener}' is never closed", group.start, group.end)
        self.emit(Token("end of input", "", len(text), len(text)))
        return self.tokens

    # --- emitting tokens

    def emit(self, token: Token) -> None:
        if token.kind in (NUM, NAME, LPAREN) and self.tokens and self.ends_operand(self.tokens[-1]):
            if token.kind == NUM and self.tokens[-1].kind == NUM:
                raise self.error(f"missing operator before {token.text!r}", token.start, token.end)
            # Juxtaposition is a product in LaTeX: w_0x_0, 2x, (x+y)z, x(y+z).
            self.tokens.append(Token(OP, "*", token.start, token.start))
        self.tokens.append(token)

    def ends_operand(self, token: Token) -> bool:
        if token.kind == NAME:
            return token.text not in FUNCTIONS  # a function name waits for its argument
        return token.kind in _ENDS_OPERAND

    def synthetic(self, texts: list[str], at: int, end: int | None = None) -> None:
        for t in texts:
            self.emit(Token(_KINDS[t], t, at, at if end is None else end))

    # --- the pieces of LaTeX

    def newline(self) -> None:
        # A line break ends a statement only where one could end; elsewhere it is space.
        last = self.tokens[-1] if len(self.tokens) > self.statement_start else None
        if not self.groups and last is not None and last.kind in _ENDS_OPERAND:
            self.end_statement(self.pos, self.pos + 1)
        self.pos += 1

    def end_statement(self, start: int, end: int) -> None:
        self.emit(Token(SEP, "\n", start, end))
        self.statement_start = len(self.tokens)

    def number(self) -> None:
        m = _NUMBER.match(self.text, self.pos)
        self.emit(Token(NUM, m.group(), m.start(), m.end()))
        self.pos = m.end()

    def letter(self) -> None:
        # One letter is one variable (xy is x times y), digits after it belong to it:
        # w0 is the variable w0, the same as w_0 (never w times 0).
        m = re.compile(r"[A-Za-z][0-9]*").match(self.text, self.pos)
        self.pos = m.end()
        self.name(m.group(), m.start())

    def name(self, base: str, start: int) -> None:
        """A variable name, with its subscript if any: w_0 and w_{0} are w0."""
        m = _SUBSCRIPT.match(self.text, self.pos)
        name = base
        if m:
            sub = m.group(1) or m.group(2)
            name = base + sub
            self.aliases[f"{base}_{sub}"] = name
            self.pos = m.end()
        elif self.text.startswith("_", self.pos):
            raise self.error("a subscript is a letter or digit, or {letters and digits}", self.pos)
        self.emit(Token(NAME, name, start, self.pos))

    def symbol(self, ch: str) -> None:
        start = self.pos
        self.pos += 1
        if ch in "+-*/":
            self.emit(Token(OP, ch, start, self.pos))
        elif ch == "^":
            self.superscript(start)
        elif ch in "{([":
            self.open_group(ch, start, self.pos, [")"], emit_open=True)
        elif ch in "})]":
            self.close_group(ch, start)
        elif ch == ",":
            self.emit(Token(COMMA, ch, start, self.pos))
        elif ch == ";":
            self.end_statement(start, self.pos)
        elif ch == "=":
            self.assignment(start)
        elif ch == "_":
            raise self.error("a subscript must follow a letter (w_0)", start)
        elif ch == "|":
            raise self.error(r"write |x| as \lvert x \rvert (or \operatorname{abs}(x))", start)
        else:
            raise self.error(_unexpected_char(ch), start)

    def superscript(self, start: int) -> None:
        if not self.tokens or not self.ends_operand(self.tokens[-1]):
            raise self.error("'^' needs a base before it", start)
        self.emit(Token(OP, "**", start, self.pos))
        self.argument("^", start, ["("], [")"])

    def assignment(self, start: int) -> None:
        # The slide's f(w, x) = ...: the argument list only names the function's inputs.
        head = self.tokens[self.statement_start :]
        kinds = [t.kind for t in head]
        if kinds[:3] == [NAME, OP, LPAREN] and len(kinds) > 3 and kinds[-1] == RPAREN \
                and set(kinds[3:-1]) <= {NAME, COMMA}:
            del self.tokens[self.statement_start + 1 :]
        self.emit(Token(ASSIGN, "=", start, self.pos))

    # --- groups: {...}, (...), [...] and command arguments

    def open_group(self, opener, start, end, on_close, emit_open, then=None) -> None:
        if emit_open:
            self.emit(Token(LPAREN, self.text[start:end], start, end))
        self.groups.append(_Group(opener, start, end, on_close, then))

    def close_group(self, ch: str, start: int) -> None:
        want = _OPENER_OF[ch]
        if not self.groups:
            raise self.error(f"unmatched {ch!r}", start)
        group = self.groups[-1]
        if group.opener != want:
            column = group.start + 1
            raise self.error(f"{ch!r} closes the {group.opener!r} at column {column}", start)
        self.groups.pop()
        for t in group.on_close:
            self.tokens.append(Token(_KINDS[t], ch if t == ")" else t, start, self.pos))
        if group.then is not None:
            group.then()

    def argument(self, what: str, start: int, before: list[str], after: list[str], then=None):
        """A command's argument: {group}, or one character or symbol (x^2, \\frac12)."""
        text = self.text
        while self.pos < len(text) and text[self.pos] in " \t":
            self.pos += 1
        if self.pos >= len(text):
            raise self.error(f"{what} needs an argument: {what}{{...}}", start, self.pos)
        ch = text[self.pos]
        self.synthetic(before, self.pos)
        if ch == "{":
            self.pos += 1
            self.open_group("{", self.pos - 1, self.pos, after, emit_open=False, then=then)
            return
        if ch in _DIGITS:  # not str.isdigit(): '²' and '①' are digits to Python
            self.emit(Token(NUM, ch, self.pos, self.pos + 1))
            self.pos += 1
        elif ch.isascii() and ch.isalpha():
            self.emit(Token(NAME, ch, self.pos, self.pos + 1))
            self.pos += 1
        elif ch == "\\" and self.symbol_command():
            pass
        else:
            raise self.error(f"{what} needs an argument in braces: {what}{{...}}", self.pos)
        self.synthetic(after, self.pos)
        if then is not None:
            then()

    # --- commands

    def symbol_command(self) -> bool:
        """\\pi, \\alpha, ...: a name. False (nothing consumed) for any other command."""
        m = _COMMAND.match(self.text, self.pos)
        if m is None or (m.group(1) != "pi" and m.group(1) not in GREEK):
            return False
        word = m.group(1)
        self.pos = m.end()
        self.name(word, m.start())
        return True

    def command(self) -> None:
        start = self.pos
        m = _COMMAND.match(self.text, start)
        if m is None:
            raise self.error("a backslash must start a command", start)
        word = m.group(1)
        if word == "\\":
            self.pos = m.end()
            self.end_statement(start, self.pos)
        elif word in _SPACING or word in _SIZES:
            self.pos = m.end()
        elif word in _OPERATOR_COMMANDS:
            self.pos = m.end()
            self.emit(Token(OP, _OPERATOR_COMMANDS[word], start, self.pos))
        elif word == "frac":
            self.pos = m.end()
            self.argument(r"\frac", start, ["(", "("], [")", "/", "("],
                          then=lambda: self.argument(r"\frac", start, [], [")", ")"]))
        elif word in _FUNCTION_COMMANDS:
            self.pos = m.end()
            self.function(_FUNCTION_COMMANDS[word], "\\" + word, start)
        elif word in _OPENERS or word in _CLOSERS:
            self.pos = m.end()
            self.delimiter(word, start)
        elif word in _NAME_COMMANDS:
            self.pos = m.end()
            self.spelled_name("\\" + word, start)
        elif not self.symbol_command():
            raise self.error(_unsupported(m.group()), start, m.end())

    def function(self, op_name: str, spelled: str, start: int) -> None:
        self.emit(Token(NAME, op_name, start, self.pos))
        rest = self.text[self.pos :].lstrip(" \t")
        if rest.startswith("{") or op_name in _BRACED:
            self.argument(spelled, start, ["("], [")"])
        elif not re.match(r"\(|\[|\\left|\\bigl?|\\Bigl?", rest):
            raise self.error(f"write {spelled}(...) or {spelled}{{...}}", start, self.pos)

    def delimiter(self, word: str, start: int) -> None:
        if word in _OPENERS:
            self.emit(Token(NAME, _OPENERS[word], start, start))
            self.open_group("(", start, self.pos, [")"], emit_open=True)
        else:
            self.close_group(")", start)

    def spelled_name(self, spelled: str, start: int) -> None:
        """\\mathrm{relu}, \\operatorname{sigmoid}: a function; \\mathrm{xpy}: a variable."""
        m = re.compile(r"\s*\{\s*([^{}]*?)\s*\}").match(self.text, self.pos)
        if m is None or not _WORD.match(m.group(1)):
            raise self.error(f"{spelled}{{...}} must hold a name (letters, digits, _)", start)
        self.pos = m.end()
        word = m.group(1)
        if word in FUNCTIONS:
            self.function(FUNCTIONS[word], f"{spelled}{{{word}}}", start)
        else:
            self.name(word, start)


def _unsupported(command: str) -> str:
    known = r"\frac \sqrt \exp \log \ln \sigma \max \min \tanh \sin \cos \tan \cdot \times " \
        r"\left \right \mathrm \operatorname \pi and Greek letters"
    # the name may be any one character: \<ESC> must not reach the terminal raw
    return f"unsupported LaTeX command '\\{printable(command[1:])}' (supported: {known})"
