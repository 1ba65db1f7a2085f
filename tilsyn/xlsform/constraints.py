"""An XLSForm constraint read into what tilsyn has for it: the bounds of a number (`. >= 0`),
the pattern of a text (`regex(., '^[0-9]{4}$')`), a date not in the future (`. <= today()`),
a choice that stands alone (`not(selected(., 'none') and count-selected(.) > 1)`), and a
constraint of the record for the rest, with its message. Each part of an `and` is read on its
own, so `. >= 0 and . <= 600` is the bounds 0 and 600."""

from __future__ import annotations

import re
from typing import Any

from tilsyn.xlsform import xpath

_NUMBER = r"(-?[0-9]+(?:\.[0-9]+)?)"


def split_constraint(source: str, context: xpath.Context) -> list[xpath.Part]:
    """The parts of a constraint joined by `and` at its top, each translated."""
    whole = xpath.translate(source, context)  # every mistake found first, in the whole
    parser = xpath._Parser(xpath._tokens(source), context)
    parts = [parser.equality()]
    while parser.at("and"):
        parser.take()
        parts.append(parser.equality())
    return parts if parser.peek[0] == "end" else [whole]


def recognised(parts: list[xpath.Part], name: str, field_type: str) -> tuple[dict[str, Any], str]:
    """What the parts say about the field (min, max, pattern, not_future, exclusive) and the
    rule of what is left ("" when nothing is)."""
    found: dict[str, Any] = {}
    rest = []
    n = re.escape(name)
    for part in parts:
        text = part.text.strip()
        while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
            text = text[1:-1].strip()
        bound = re.fullmatch(rf"{n} (>=|<=) {_NUMBER}", text)
        pattern = re.fullmatch(rf"matches\({n}, '(\^.*\$)'\)", text)
        alone = re.fullmatch(rf"not \({n} has '([^']+)' and count\({n}\) > 1\)", text)
        key = {">=": "min", "<=": "max"}.get(bound.group(1)) if bound else None
        if key and field_type in ("int", "decimal") and key not in found:
            found[key] = _number(bound.group(2))  # type: ignore[union-attr]
        elif pattern and field_type == "text" and "pattern" not in found:
            found["pattern"] = pattern.group(1)
        elif text in (f"{name} <= today()", f"{name} <= now()") and field_type in (
            "date",
            "datetime",
        ):
            found["not_future"] = True
        elif alone and field_type == "many":
            found.setdefault("exclusive", []).append(alone.group(1))
        else:
            rest.append(part.text if part.strength >= 3 else f"({part.text})")
    return found, " and ".join(rest)


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)
