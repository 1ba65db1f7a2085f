"""JSON (a list of records) and JSON Lines (one record per line, streamed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from tilsyn.diagnostics import read_error
from tilsyn.readers.base import RawRow, Rows, Table


def read_json(path: Path) -> Iterator[Table]:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise read_error("READ005", params={"detail": exc.reason}) from None
    except json.JSONDecodeError as exc:
        raise read_error("READ004", "json", {"line": exc.lineno, "column": exc.colno,
                                             "detail": exc.msg}, row=exc.lineno) from None
    if isinstance(data, dict) and isinstance(data.get("records"), list):
        data = data["records"]
    if not isinstance(data, list):
        raise read_error("READ006")
    yield Table(file=str(path), rows=_json_rows(data))


def _json_rows(data: list) -> Rows:
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            yield read_error("READ006", "item", {"index": index}, row=index)
            continue
        yield RawRow(item, index)


def read_jsonl(path: Path) -> Iterator[Table]:
    yield Table(file=str(path), rows=_jsonl_rows(path))


def _jsonl_rows(path: Path) -> Rows:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line.strip():
                continue
            try:
                item = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError:
                yield read_error("READ005", "line", {"line": number}, row=number)
                continue
            except json.JSONDecodeError as exc:
                yield read_error("READ004", "jsonl", {"line": number, "detail": exc.msg},
                                 row=number)
                continue
            if not isinstance(item, dict):
                yield read_error("READ006", "line", {"line": number}, row=number)
                continue
            yield RawRow(item, number)
