"""JSON (a list of records) and JSON Lines (one record per line, streamed)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

from tilsyn.diagnostics import read_error
from tilsyn.formats.properties import SAVED_DATASET
from tilsyn.readers.base import RawRow, ReadError, Rows, Table, checked_values

# Longer integers are kept as their text, for validation to refuse with the field named
# (Python refuses to convert more than 4,300 digits, and no answer has more than a few).
_MAX_INT_DIGITS = 100


def _int(text: str) -> int | str:
    return int(text) if len(text) <= _MAX_INT_DIGITS else text


class _Doubled(dict):
    """An object that names a key more than once: which of its values was meant is unknown."""

    twice: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict:
    made = dict(pairs)
    if len(made) == len(pairs):
        return made
    doubled = _Doubled(made)
    keys = [key for key, _ in pairs]
    doubled.twice = list(dict.fromkeys(k for k in keys if keys.count(k) > 1))
    return doubled


def _loads(text: str) -> Any:
    """json.loads, with NaN and Infinity kept as text (they are not JSON numbers), and an
    object that names a key twice marked (`_Doubled`) instead of silently keeping the last."""
    return json.loads(text, parse_int=_int, parse_constant=str, object_pairs_hook=_pairs)


# JSON text holds a control character or a lone surrogate only as a \u escape (json.loads
# refuses them raw), and U+FFFE or U+FFFF either way, so text without them needs no cleaning.
_UNSAFE = re.compile(r"\\u(?:00[01]|[dD][89a-fA-F]|[fF]{3}[eEfF])|[\ufffe\uffff]")


def _record(item: dict, row: int, unsafe: bool) -> Rows:
    """A record's row, after what is wrong with it: a key named twice (READ026, the record is
    left out), characters no document can hold (READ025, a warning)."""
    if isinstance(item, _Doubled):
        yield read_error("READ026", params={"keys": ", ".join(item.twice)}, row=row)
        return
    warnings: list[ReadError] = []
    if unsafe:
        item, warnings = checked_values(item, row)
    yield from warnings
    yield RawRow(item, row)


def read_json(path: Path) -> Iterator[Table]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
        if not text.strip():
            raise read_error("READ003", "records")
        data = _loads(text)
    except UnicodeDecodeError as exc:
        raise read_error("READ005", params={"detail": exc.reason}) from None
    except json.JSONDecodeError as exc:
        raise read_error(
            "READ004",
            "json",
            {"line": exc.lineno, "column": exc.colno, "detail": exc.msg},
            row=exc.lineno,
        ) from None
    except RecursionError:
        raise read_error("READ004", "deep") from None
    if isinstance(data, dict) and isinstance(data.get("records"), list):
        data = data["records"]
    if isinstance(data, dict) and data.get("format") == SAVED_DATASET:
        raise read_error("READ021", "dataset")  # a saved round among data: given alone, it is read
    if not isinstance(data, list):
        raise read_error("READ006")
    if not data:
        raise read_error("READ003", "records")
    yield Table(file=str(path), rows=_json_rows(data, _UNSAFE.search(text) is not None))


def _json_rows(data: list, unsafe: bool) -> Rows:
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            yield read_error("READ006", "item", {"index": index}, row=index)
            continue
        yield from _record(item, index, unsafe)


def read_jsonl(path: Path) -> Iterator[Table]:
    yield Table(file=str(path), rows=_jsonl_rows(path))


def _jsonl_rows(path: Path) -> Rows:
    records = 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line.strip():
                continue
            records += 1
            try:
                text = line.decode("utf-8")
                item = _loads(text)
            except UnicodeDecodeError:
                yield read_error("READ005", "line", {"line": number}, row=number)
                continue
            except json.JSONDecodeError as exc:
                yield read_error(
                    "READ004", "jsonl", {"line": number, "detail": exc.msg}, row=number
                )
                continue
            except RecursionError:
                yield read_error("READ004", "jsonl_deep", {"line": number}, row=number)
                continue
            if not isinstance(item, dict):
                yield read_error("READ006", "line", {"line": number}, row=number)
                continue
            yield from _record(item, number, _UNSAFE.search(text) is not None)
    if not records:
        yield read_error("READ003", "jsonl")
