"""A field's "asked if" rule as an Excel formula over the entry sheet's row 2, for the conditional
formatting that greys out questions that are not asked.

The sheet holds what an inspector picks: choice labels in the sheet's language, «x» in a
many-choice field's column per choice. An empty cell simply compares as empty, so a question
that depends on an unanswered one is grey until that answer makes it asked. A rule this
translation does not know gives None: the question is then never greyed, which is safe.
"""

from __future__ import annotations

from typing import Any

from tilsyn import expr


class _Untranslatable(Exception):
    pass


def not_asked_formula(
    survey: Any, f: Any, lang: str, letters: dict[tuple[str, str | None], str]
) -> str | None:
    """`NOT(rule)` in Excel's syntax (stored without the leading `=`), or None."""
    if f.relevant is None:
        return None
    try:
        return f"NOT({_Excel(survey, lang, letters).formula(f.relevant.source)})"
    except (_Untranslatable, expr.ExprError):
        return None


class _Excel:
    def __init__(self, survey: Any, lang: str, letters: dict[tuple[str, str | None], str]):
        self.survey, self.lang, self.letters = survey, lang, letters

    def formula(self, source: str) -> str:
        return self.node(expr.parse_tree(source))

    def node(self, node: tuple) -> str:
        kind = node[0]
        if kind in ("and", "or"):
            return f"{kind.upper()}({','.join(self.node(n) for n in node[1])})"
        if kind == "not":
            return f"NOT({self.node(node[1])})"
        if kind == "group":
            return self.node(node[1])
        if kind == "name" and node[1] in self.survey.derived:
            return self.formula(self.survey.derived[node[1]].source)
        if kind == "cmp":
            return self.compare(*node[1:4])
        raise _Untranslatable(kind)

    def compare(self, op: str, left: tuple, right: tuple) -> str:
        if left[0] != "name" or left[1] not in self.survey.by_name:
            raise _Untranslatable(op)
        f = self.survey.by_name[left[1]]
        if f.type == "many" and op in ("has", "has_any"):
            codes = right[1] if right[0] == "list" else (right[1],)
            return "OR(" + ",".join(f'{self.cell(f, c)}<>""' for c in codes) + ")"
        if f.type == "many" or right[0] not in ("lit", "list"):
            raise _Untranslatable(op)
        ref = self.cell(f, None)
        if op == "in":
            return "OR(" + ",".join(f"{ref}={self.value(f, v)}" for v in right[1]) + ")"
        excel = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}.get(op)
        if excel is None or right[0] != "lit":
            raise _Untranslatable(op)
        return f"{ref}{excel}{self.value(f, right[1])}"

    def cell(self, f: Any, code: str | None) -> str:
        letter = self.letters.get((f.name, code))
        if letter is None:
            raise _Untranslatable(f.name)
        return f"${letter}2"

    def value(self, f: Any, literal: object) -> str:
        if isinstance(literal, str):
            text = f.choice_label(literal, self.lang) if f.is_choice else literal
            return '"' + text.replace('"', '""') + '"'
        if isinstance(literal, (int, float)) and not isinstance(literal, bool):
            return repr(literal)
        raise _Untranslatable(repr(literal))
