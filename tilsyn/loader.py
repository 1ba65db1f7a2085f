"""Reading and validating input files into records: `load`, the first step of the pipeline.

Never raises for bad input: every problem becomes a diagnostic with its place, and the other
files of a run are still read.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from tilsyn import readers
from tilsyn.dataset import InputFile
from tilsyn.diagnostics import diagnostic, os_reason, pinned_language, read_error
from tilsyn.errors import ERROR, NOTE, WARNING, Diagnostic
from tilsyn.readers.base import ReadError
from tilsyn.validate import Excluded, Record, Validator


@dataclass
class LoadResult:
    """Valid records, every diagnostic, the records left out and why, and the files read.

    `read_counts` counts the records read per survey kind, valid or not, a repeated identical
    record once.
    """

    records: list[Record]
    diagnostics: list[Diagnostic]
    excluded: list[Excluded]
    files: list[InputFile] = field(default_factory=list)
    read_counts: Counter[str] = field(default_factory=Counter)
    names: tuple[str, ...] = ()  # the names validation looked for in free text

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]

    @property
    def notes(self) -> list[Diagnostic]:
        """What a user should know that is no problem: forms not filled in yet (VAL012),
        tilsyn's own outputs skipped (READ021)."""
        return [d for d in self.diagnostics if d.severity == NOTE]

    @property
    def ok(self) -> bool:
        return not self.errors


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def load(
    paths: Iterable[str | Path],
    *,
    progress: Callable[[int, int, str], None] | None = None,
    names: Iterable[str] = (),
    keep_records: bool = True,
) -> LoadResult:
    """Read and validate every input file under `paths` (files or folders, searched recursively).

    Never raises for bad input: every problem becomes a diagnostic, and the other files of the
    run are still read. `progress(done, total, path)` is called after each file, and within a
    large JSON Lines or CSV file as its lines are read (`done` then has a fraction). `names` are
    people's names to look for, besides numbers and e-mail, when warning of personal data.
    With `keep_records=False` only diagnostics and counts are kept, so memory stays flat
    however large the input (what `tilsyn validate` needs).
    """
    with pinned_language():
        return _load([Path(p) for p in paths], progress, tuple(names), keep_records)


def _load(
    paths: list[Path],
    progress: Callable[[int, int, str], None] | None,
    names: tuple[str, ...],
    keep_records: bool,
) -> LoadResult:
    files, problems = readers.discover(paths)
    validator = Validator(names=names, keep_records=keep_records)
    for path, problem in problems:
        validator.diagnostics.append(_diagnostic(path, problem))
    inputs: list[InputFile] = []
    for done, path in enumerate(files, start=1):
        entry = InputFile(str(path))
        inputs.append(entry)
        reader = readers.reader_for(path)
        try:
            entry.sha256 = _sha256(path)
            if reader is None:
                raise read_error("READ002", params={"suffix": path.suffix or "–"})
            before = len(validator.diagnostics)
            validator.on_row = _row_progress(progress, path, done, len(files))
            for table in reader(path):
                entry.records += validator.table(table)
            if (
                not entry.records
                and len(validator.diagnostics) == before
                and path.suffix.lower() in (".json", ".jsonl")
            ):
                # an empty JSON file ([], no lines) is said, as an empty CSV is; a blank entry
                # spreadsheet is not an error: it is the form before it is filled in
                validator.diagnostics.append(diagnostic("READ003", "records", file=str(path)))
        except ReadError as problem:
            found = _diagnostic(path, problem)
            entry.readable = found.severity != NOTE  # a report of ours is skipped, not broken
            validator.diagnostics.append(found)
        except OSError as exc:
            entry.readable = False
            validator.diagnostics.append(
                diagnostic("READ015", params={"detail": os_reason(exc)}, file=str(path))
            )
        if progress is not None:
            progress(done, len(files), str(path))
    return LoadResult(
        validator.records,
        validator.diagnostics,
        validator.excluded,
        inputs,
        validator.read_counts,
        validator.names,
    )


_LARGE_FILE = 4 << 20  # bytes: a file this large reports progress as its lines are read


def _row_progress(
    progress: Callable[[int, int, str], None] | None, path: Path, done: int, total: int
) -> Callable[[int], None] | None:
    """For a large line-based file, a callback that turns the line reached into a fraction of
    the file (lines counted first: a fast pass over the bytes)."""
    if progress is None or path.suffix.lower() not in (".jsonl", ".csv"):
        return None
    try:
        if path.stat().st_size < _LARGE_FILE:
            return None
        with path.open("rb") as handle:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return None
    return lambda line: progress(done - 1 + min(line / max(lines, 1), 1.0), total, str(path))


def _diagnostic(path: Path, problem: ReadError) -> Diagnostic:
    from tilsyn.diagnostics import codes

    registered = codes().get(problem.code)
    return Diagnostic(
        problem.code,
        registered.severity if registered is not None else ERROR,
        problem.message,
        problem.hint,
        file=str(path),
        key=problem.key,
        field=problem.field,
        row=problem.row,
        sheet=problem.sheet,
    )
