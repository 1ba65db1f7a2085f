"""JSON (a list of records) and JSON Lines (one record per line, streamed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from tilsyn.readers.base import RawRow, ReadError, Rows, Table


def read_json(path: Path) -> Iterator[Table]:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ReadError("READ005", f"the file is not UTF-8 text ({exc.reason})",
                        "Save the file as UTF-8 JSON.") from None
    except json.JSONDecodeError as exc:
        raise ReadError("READ004", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                        "Fix the JSON syntax, or export the data again.", row=exc.lineno) from None
    if isinstance(data, dict) and isinstance(data.get("records"), list):
        data = data["records"]
    if not isinstance(data, list):
        raise ReadError("READ006", "the JSON file does not hold a list of records",
                        "Write the records as a JSON list of objects, one per record: [{...}, {...}].")
    yield Table(file=str(path), rows=_json_rows(data))


def _json_rows(data: list) -> Rows:
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            yield ReadError("READ006", f"item {index} of the list is not a record (an object)",
                            "Each item of the list must be a JSON object with field codes as keys.",
                            row=index)
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
                yield ReadError("READ005", f"line {number} is not UTF-8 text",
                                "Save the file as UTF-8.", row=number)
                continue
            except json.JSONDecodeError as exc:
                yield ReadError("READ004", f"invalid JSON on line {number}: {exc.msg}",
                                "Each line must hold one complete JSON object.", row=number)
                continue
            if not isinstance(item, dict):
                yield ReadError("READ006", f"line {number} is not a JSON object",
                                "Each line must hold one JSON object with field codes as keys.",
                                row=number)
                continue
            yield RawRow(item, number)
