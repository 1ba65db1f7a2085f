"""Readers, one module per format, chosen by file extension; and finding files in folders."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from tilsyn.diagnostics import read_error
from tilsyn.readers.base import RawRow, ReadError, Rows, Table

Reader = Callable[[Path], Iterator[Table]]


def _json(path: Path) -> Iterator[Table]:
    from tilsyn.readers.jsonfile import read_json

    return read_json(path)


def _jsonl(path: Path) -> Iterator[Table]:
    from tilsyn.readers.jsonfile import read_jsonl

    return read_jsonl(path)


def _csv(path: Path) -> Iterator[Table]:
    from tilsyn.readers.csvfile import read_csv

    return read_csv(path)


def _xlsx(path: Path) -> Iterator[Table]:
    from tilsyn.readers.xlsxfile import read_xlsx

    return read_xlsx(path)


def _docx(path: Path) -> Iterator[Table]:
    from tilsyn.readers.docx import read_docx_form

    return read_docx_form(path)


READERS: dict[str, Reader] = {
    ".json": _json,
    ".jsonl": _jsonl,
    ".csv": _csv,
    ".xlsx": _xlsx,
    ".xlsm": _xlsx,
    ".docx": _docx,
    ".docm": _docx,
}


def register(extension: str, reader: Reader) -> None:
    """Add a reader for an extension (the Word form reader registers itself this way)."""
    READERS[extension] = reader


def reader_for(path: Path) -> Reader | None:
    return READERS.get(path.suffix.lower())


def is_candidate(path: Path) -> bool:
    """Whether a file found in a folder is input: a known extension, not hidden or a lock file."""
    name = path.name
    return path.suffix.lower() in READERS and not name.startswith((".", "~$"))


def discover(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, ReadError]]]:
    """Expand folders recursively into input files, in a stable order; report missing paths."""
    files: list[Path] = []
    problems: list[tuple[Path, ReadError]] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and is_candidate(p))
            if not found:
                problems.append((path, read_error("READ014")))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append((path, read_error("READ001")))
    return files, problems


__all__ = ["RawRow", "ReadError", "Rows", "Table", "READERS", "discover", "reader_for", "register"]
