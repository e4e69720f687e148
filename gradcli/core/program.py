"""A parsed program, as every front end produces it: tokens, AST nodes with source spans,
statements. The plain-text parser (frontends/plain.py) and the LaTeX front end
(frontends/latex.py) both make these; the graph builder reads them.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass, field

# Token kinds
NUM, NAME, OP, LPAREN, RPAREN, COMMA, ASSIGN, SEP, END = (
    "number", "name", "operator", "'('", "')'", "','", "'='", "end of statement", "end of input",
)


# A token: kind, text, and its span in the source. A named tuple, so the
# tokenizer can make 10^6 of them at C speed (tuple.__new__) and read them by name.
Token = namedtuple("Token", "kind text start end")


@dataclass(slots=True, eq=False)
class Ast:
    """One AST node. kind: num | name | call | binop | neg.

    ``value`` is the number (num), the name (name), the function (call) or the
    operator symbol (binop: + - * / ** @). ``args`` are child nodes.
    """

    kind: str
    value: object
    args: tuple = ()
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class Statement:
    target: str | None  # None for a bare expression (only as the last statement)
    expr: Ast
    start: int
    end: int


@dataclass
class Program:
    text: str
    # A list; or, from parse_any(..., stream=True), a one-pass iterator that parses each
    # statement as it is read (the graph builder reads it once).
    statements: list[Statement] = field(default_factory=list)
    output: str | None = None  # the node to differentiate, when not the last statement's
    # Other spellings of variable names (LaTeX's w_0 for w0), so --w_0 finds w0.
    aliases: dict[str, str] = field(default_factory=dict)
