"""A definition's data written as TOML: what a scored dataset keeps of a survey read from a
workbook, so that it reads back without the workbook (`tilsyn.dataset`)."""

from __future__ import annotations

import json
import re
from typing import Any

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_ARRAYS = ("levels", "constraints", "sections", "fields")


def toml_text(data: dict[str, Any]) -> str:
    lines = [
        f"{_key(k)} = {_value(v)}" for k, v in data.items() if k != "derived" and k not in _ARRAYS
    ]
    for name, table in data.get("derived", {}).items():
        lines += [
            "",
            f"[derived.{_key(name)}]",
            *(f"{_key(k)} = {_value(v)}" for k, v in table.items()),
        ]
    for array in _ARRAYS:
        for item in data.get(array, []):
            lines += ["", f"[[{array}]]", *(f"{_key(k)} = {_value(v)}" for k, v in item.items())]
    return "\n".join(lines) + "\n"


def _key(key: str) -> str:
    return key if _BARE.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    return "[" + ", ".join(_value(v) for v in value) + "]"
