"""CSV as Norwegian Excel writes it: `;` or `,`, UTF-8 with or without BOM, Windows-1252, or
UTF-16 (Excel's "Unicode text").

A text that spreadsheets could take for a formula is written by tilsyn's exports with one
leading apostrophe (`'=1+1`, see `tilsyn/formats/cells.py`); reading removes it again.

The file is streamed twice: once to settle the encoding (so a bad byte on line 90,000 cannot
turn half a file into mojibake), once to read rows; memory stays flat for any size.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from tilsyn.diagnostics import read_error
from tilsyn.formats.cellref import column_letter
from tilsyn.formats.cells import unescape_csv
from tilsyn.readers.base import (
    RawRow,
    ReadError,
    Rows,
    Table,
    checked_values,
    clean_text,
    needs_cleaning,
)
from tilsyn.readers.submissions import adapt

_CHUNK = 1 << 16
# A cell may be as long as a note can be (csv's default of 131,072 characters is not), but
# one cell never holds a whole large file: that is a quote left open.
_MAX_CELL = 1 << 26


@dataclass
class _Encoding:
    name: str
    warning: ReadError | None = None


def _utf16(head: bytes) -> str | None:
    """The UTF-16 codec for a file that starts like UTF-16 text, else None."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4 and head[1] == 0 and head[3] == 0 and head[0] and head[2]:
        return "utf-16-le"
    if len(head) >= 4 and head[0] == 0 and head[2] == 0 and head[1] and head[3]:
        return "utf-16-be"
    return None


def _encoding(path: Path) -> _Encoding:
    """UTF-16 by its byte-order mark or shape; else UTF-8 unless most non-ASCII text is not
    UTF-8 (then Windows-1252). Bytes that do not fit the encoding chosen are a warning."""
    with path.open("rb") as handle:
        head = handle.read(4)
    utf16 = _utf16(head)
    if utf16:
        return _Encoding(utf16)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    good = bad = lines = 0
    first_bad: int | None = None
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if b"\x00" in chunk:
                raise read_error("READ007")
            text = decoder.decode(chunk)
            found = text.count("\ufffd")
            if found and first_bad is None:
                first_bad = lines + text[: text.index("\ufffd")].count("\n") + 1
            bad += found
            good += len(text.encode("utf-8")) - len(text) - 2 * found  # extra bytes of real UTF-8
            lines += text.count("\n")
    tail = decoder.decode(b"", final=True)
    bad += tail.count("\ufffd")
    if first_bad is None and bad:
        first_bad = lines + 1
    if not bad:
        return _Encoding("utf-8-sig")
    if good >= bad:
        return _Encoding(
            "utf-8-sig",
            read_error("READ017", "invalid", {"bytes": bad, "line": first_bad}, row=first_bad),
        )
    if good:
        return _Encoding(
            "cp1252",
            read_error("READ017", "mixed", {"line": first_bad}, row=first_bad),
        )
    return _Encoding("cp1252")


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ";"))


def read_csv(path: Path) -> Iterator[Table]:
    encoding = _encoding(path)
    with path.open("r", encoding=encoding.name, errors="replace", newline="") as handle:
        first = handle.readline()
    if not first.strip():
        raise read_error("READ003", "header")
    delimiter = _delimiter(first)
    if csv.field_size_limit() < _MAX_CELL:
        csv.field_size_limit(_MAX_CELL)
    with path.open("r", encoding=encoding.name, errors="replace", newline="") as handle:
        headers = [clean_text(h.strip()) for h in next(csv.reader(handle, delimiter=delimiter))]
    columns = {h: column_letter(i + 1) for i, h in enumerate(headers)}
    table = Table(
        file=str(path),
        rows=_rows(path, encoding.name, delimiter, headers),
        headers=headers,
        columns=columns,
        warnings=[encoding.warning] if encoding.warning else [],
    )
    yield adapt(table)  # an export of ODK Central or Kobo: their columns read past


def _rows(path: Path, encoding: str, delimiter: str, headers: list[str]) -> Rows:
    # A line holding as many delimiters as a whole row, inside one cell: the quote that
    # opened the cell was never closed where it should have been.
    swallowed = max(2, len(headers) - 1)
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        start = 1
        try:
            next(reader)
            while True:
                start = reader.line_num + 1
                cells = next(reader, None)
                if cells is None:
                    break
                if not any(c.strip() for c in cells):
                    continue
                line = reader.line_num
                if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
                    yield read_error(
                        "READ008",
                        params={"line": line, "cells": len(cells), "headers": len(headers)},
                        row=line,
                    )
                    continue
                if line > start and any(
                    part.count(delimiter) >= swallowed for c in cells for part in c.splitlines()[1:]
                ):
                    yield read_error(
                        "READ004", "csv_quote", {"start": start, "end": line}, row=start
                    )
                    continue
                values = dict(zip(headers, cells, strict=False))
                if any(needs_cleaning(c) for c in cells):
                    values, warnings = checked_values(values, start)
                    yield from warnings
                # A leading apostrophe guards text from formula injection; it is not content.
                yield RawRow({h: unescape_csv(c) for h, c in values.items()}, start)
        except csv.Error as exc:
            yield read_error("READ004", "csv_row", {"line": start, "detail": exc}, row=start)
