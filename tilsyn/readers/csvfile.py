"""CSV as Norwegian Excel writes it: `;` or `,`, UTF-8 with or without BOM, or Windows-1252.

A text that spreadsheets could take for a formula is written by tilsyn's exports with one
leading apostrophe (`'=1+1`, see `tilsyn/formats/cells.py`); reading removes it again.

The file is streamed twice: once to settle the encoding (so a bad byte on line 90,000 cannot
turn half a file into mojibake), once to read rows; memory stays flat for any size.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path
from typing import Iterator

from tilsyn.formats.cells import unescape_csv
from tilsyn.diagnostics import read_error
from tilsyn.readers.base import RawRow, Rows, Table

_CHUNK = 1 << 16


def _encoding(path: Path) -> str:
    """utf-8-sig if every byte decodes as UTF-8, else cp1252; refuse binary data."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if b"\x00" in chunk:
                raise read_error("READ007")
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return "utf-8-sig" if utf8 else "cp1252"


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ";"))


def read_csv(path: Path) -> Iterator[Table]:
    encoding = _encoding(path)
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        first = handle.readline()
    if not first.strip():
        raise read_error("READ003", "header")
    delimiter = _delimiter(first)
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        headers = [h.strip() for h in next(csv.reader(handle, delimiter=delimiter))]
    columns = {h: _column_letter(i) for i, h in enumerate(headers)}
    yield Table(file=str(path), rows=_rows(path, encoding, delimiter, headers), headers=headers,
                columns=columns)


def _rows(path: Path, encoding: str, delimiter: str, headers: list[str]) -> Rows:
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            next(reader)
            for cells in reader:
                if not any(c.strip() for c in cells):
                    continue
                line = reader.line_num
                if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers):]):
                    yield read_error("READ008", params={"line": line, "cells": len(cells),
                                                        "headers": len(headers)}, row=line)
                    continue
                # A leading apostrophe guards text from formula injection; it is not content.
                yield RawRow(dict(zip(headers, map(unescape_csv, cells))), line)
        except csv.Error as exc:
            yield read_error("READ004", "csv", {"line": reader.line_num, "detail": exc},
                             row=reader.line_num)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
