"""Readers, one module per format, chosen by file extension; and finding files in folders."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable, Iterator

from tilsyn.diagnostics import os_reason, read_error
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
    """A Word form, read with the survey its stamp names (built-in or registered)."""
    from tilsyn.readers.docx import read_docx_form
    from tilsyn.survey import find_survey

    return read_docx_form(path, find_survey)


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
    reader = READERS.get(path.suffix.lower())
    return None if reader is None else _guarded(reader)


def _guarded(reader: Reader) -> Reader:
    """`reader`, with anything unforeseen in a damaged file turned into a ReadError, so one
    bad file never stops the rest of a run. Each reader names the damage it knows itself."""

    def read(path: Path) -> Iterator[Table]:
        try:
            for table in reader(path):
                table.rows = _guarded_rows(table.rows)
                yield table
        except (ReadError, OSError, MemoryError):
            raise
        except Exception as exc:
            raise _unreadable(exc) from None

    return read


def _guarded_rows(rows: Rows) -> Rows:
    row = None
    try:
        for item in rows:
            row = item.row
            yield item
    except (ReadError, MemoryError):
        raise
    except Exception as exc:
        problem = _unreadable(exc)
        problem.row = None if row is None else row + 1
        yield problem


def _unreadable(exc: Exception) -> ReadError:
    return read_error("READ016", params={"detail": f"{type(exc).__name__}: {str(exc)[:200]}"})


def is_candidate(path: Path) -> bool:
    """Whether a file found in a folder is input: a known extension, not hidden or a lock file."""
    name = path.name
    return path.suffix.lower() in READERS and not name.startswith((".", "~$"))


def discover(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, ReadError]]]:
    """Expand folders recursively into input files, in a stable order; report missing paths,
    folders that cannot be read, and paths that are not regular files (a pipe, a device)."""
    files: list[Path] = []
    problems: list[tuple[Path, ReadError]] = []
    for path in paths:
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            problems.append((path, read_error("READ001")))
            continue
        except (OSError, ValueError) as exc:  # a name too long, a loop of links, a NUL
            detail = getattr(exc, "strerror", None) or str(exc)
            problems.append((path, read_error("READ015", params={"detail": detail})))
            continue
        if stat.S_ISDIR(mode):
            found = _walk(path, problems)
            if not found:
                problems.append((path, read_error("READ014")))
            files.extend(found)
        elif stat.S_ISREG(mode):
            files.append(path)
        else:
            problems.append((path, _not_a_file()))
    return files, problems


def _not_a_file() -> ReadError:
    return read_error("READ020")


def _walk(folder: Path, problems: list[tuple[Path, ReadError]]) -> list[Path]:
    """Input files under `folder`, following linked folders once each (no loops); a folder
    that cannot be read is a problem, never skipped without a word."""
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        problems.append((where, read_error("READ015", "folder", {"detail": os_reason(exc)})))

    for top, dirs, names in os.walk(folder, onerror=unreadable, followlinks=True):
        try:
            info = os.stat(top)
        except OSError as exc:
            unreadable(exc)
            dirs[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        for name in names:
            path = Path(top, name)
            if is_candidate(path):
                if path.is_file():
                    found.append(path)
                else:
                    problems.append((path, _not_a_file()))
    return sorted(found)


__all__ = ["RawRow", "ReadError", "Rows", "Table", "READERS", "discover", "reader_for", "register"]
