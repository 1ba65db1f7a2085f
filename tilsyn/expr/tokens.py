"""The tokenizer: source text -> (kind, value, position) tuples, numbers checked before they
are converted, so no huge int is ever made."""

from __future__ import annotations

import re
from typing import Final, TypeAlias

from tilsyn.expr.base import MAX_NUMBER_DIGITS, ExprError

KEYWORDS: Final = frozenset({"and", "or", "not", "in", "has", "has_any", "true", "false"})
CMP_OPS: Final = frozenset({"==", "=", "!=", "<", "<=", ">", ">=", "in", "has", "has_any"})

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>[0-9]+(?:\.[0-9]+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>|=|\(|\)|\[|\]|,|\+|-|\*|/)
  | (?P<quote>['"])
    """,
    re.VERBOSE,
)
_AFTER_NUMBER = re.compile(r"[A-Za-z0-9_.]")
_NUMBER_LIKE = re.compile(r"[A-Za-z0-9_.]+")

# kinds: "name", "kw", "op", "str", "num", "end"
Token: TypeAlias = tuple[str, object, int]


def describe(tok: Token) -> str:
    """A token in words, for messages."""
    kind, value, _ = tok
    if kind == "end":
        return "end of input"
    if kind == "name":
        return f"name '{value}'"
    if kind == "str":
        return f"string {value!r}"
    if kind == "num":
        return f"number {value!r}"
    return f"'{value}'"


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    end = len(source)
    while pos < end:
        m = _TOKEN.match(source, pos)
        if m is None:
            raise ExprError(f"unexpected character {source[pos]!r} at position {pos}", pos, source)
        kind = m.lastgroup
        text = m.group()
        if kind == "quote":
            close = source.find(text, pos + 1)
            if close < 0:
                raise ExprError(
                    f"unterminated string: the quote at position {pos} is never closed",
                    pos,
                    source,
                )
            tokens.append(("str", source[pos + 1 : close], pos))
            pos = close + 1
            continue
        if kind == "number":
            tokens.append(("num", _number(source, m), pos))
        elif kind == "name":
            tokens.append(("kw" if text in KEYWORDS else "name", text, pos))
        elif kind == "op":
            tokens.append(("op", text, pos))
        pos = m.end()
    tokens.append(("end", None, end))
    return tokens


def _number(source: str, m: re.Match[str]) -> int | float:
    """The value of a number token; checked before conversion, so no huge int is ever made."""
    text, pos = m.group(), m.start()
    if _AFTER_NUMBER.match(source, m.end()):
        bad = _NUMBER_LIKE.match(source, pos).group()  # type: ignore[union-attr]
        shown = bad if len(bad) <= 30 else bad[:30] + "…"
        raise ExprError(f"invalid number {shown!r} at position {pos}", pos, source)
    digits = len(text) - ("." in text)
    if digits > MAX_NUMBER_DIGITS:
        raise ExprError(
            f"the number at position {pos} has {digits} digits; at most {MAX_NUMBER_DIGITS} "
            f"are allowed",
            pos,
            source,
        )
    return float(text) if "." in text else int(text)
