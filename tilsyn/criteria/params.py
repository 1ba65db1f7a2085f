"""Parameter values given for a run: a parameter file (`--params`, TOML or JSON) and `--set
name=value`. They are checked against the catalogue's parameters by `Parameters.override`."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any, Iterable

from tilsyn.criteria.model import CatalogueError
from tilsyn.diagnostics import diagnostic, os_reason, phrase


def read_parameter_file(path: str | Path) -> dict[str, Any]:
    """name -> value from a TOML or JSON file (by extension; otherwise JSON, then TOML)."""
    path = Path(path)

    def fail(variant: str, **params: Any) -> CatalogueError:
        return CatalogueError(
            [diagnostic("PAR003", variant, params, file=str(path))],
            phrase("parameter_file", path=path),
            phrase("parameter_file_hint"),
        )

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail("read", detail=os_reason(exc)) from None
    parsers = [json.loads, tomllib.loads]
    if path.suffix.lower() == ".toml":
        parsers.reverse()
    elif path.suffix.lower() == ".json":
        parsers = parsers[:1]
    errors = []
    for parse in parsers:
        try:
            data = parse(text)
            break
        except ValueError as exc:  # JSONDecodeError and TOMLDecodeError are ValueErrors
            errors.append(str(exc))
        except RecursionError:
            errors.append("nested too deeply")
    else:
        raise fail(
            "syntax",
            detail=errors[0],
            format="TOML" if path.suffix.lower() == ".toml" else phrase("json_or_toml"),
        )
    if isinstance(data, dict) and isinstance(data.get("parameters"), dict):
        data = data["parameters"]  # also accept a saved run's "catalogue" block
    if not isinstance(data, dict):
        raise fail("table")
    return data


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """`name=value` strings (from --set) -> a dict; ValueError names a malformed one, in the
    language in use."""
    result = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ValueError(phrase("set_not_pair", item=item))
        result[name.strip()] = value.strip()
    return result
