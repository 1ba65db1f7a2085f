"""The library API the CLI is a thin layer over: load and validate input, and what comes next.

    >>> import tilsyn
    >>> result = tilsyn.load(["sample_data/"])
    >>> len(result.records), len(result.errors)
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from tilsyn import readers
from tilsyn.errors import ERROR, WARNING, Diagnostic
from tilsyn.readers.base import ReadError
from tilsyn.validate import Excluded, Record, Validator

__all__ = ["InputFile", "LoadResult", "Record", "load"]


@dataclass
class InputFile:
    """One input file of a run, with what it contributed (for summaries and provenance)."""

    path: str
    records: int = 0
    sha256: str = ""
    readable: bool = True


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

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors



def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def load(paths: Iterable[str | Path], *, progress: Callable[[int, int, str], None] | None = None,
         names: Iterable[str] = (), keep_records: bool = True) -> LoadResult:
    """Read and validate every input file under `paths` (files or folders, searched recursively).

    Never raises for bad input: every problem becomes a diagnostic, and the other files of the
    run are still read. `progress(done, total, path)` is called after each file. `names` are
    people's names to look for, besides numbers and e-mail, when warning of personal data.
    With `keep_records=False` only diagnostics and counts are kept, so memory stays flat
    however large the input (what `tilsyn validate` needs).
    """
    files, problems = readers.discover([Path(p) for p in paths])
    validator = Validator(names=tuple(names), keep_records=keep_records)
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
                raise ReadError("READ002", f"files of type {path.suffix or '(none)'!r} are not read",
                                "Give .json, .jsonl, .csv, .xlsx or .docx files.")
            for table in reader(path):
                entry.records += validator.table(table)
        except ReadError as problem:
            entry.readable = False
            validator.diagnostics.append(_diagnostic(path, problem))
        except OSError as exc:
            entry.readable = False
            validator.diagnostics.append(Diagnostic(
                "READ015", ERROR, f"the file cannot be read: {exc.strerror or exc}",
                "Check that the file exists and that you may read it.", file=str(path)))
        if progress is not None:
            progress(done, len(files), str(path))
    return LoadResult(validator.records, validator.diagnostics, validator.excluded, inputs,
                      validator.read_counts)


def _diagnostic(path: Path, problem: ReadError) -> Diagnostic:
    return Diagnostic(problem.code, ERROR, problem.message, problem.hint, file=str(path),
                      call_id=problem.call_id, field=problem.field, row=problem.row,
                      sheet=problem.sheet)
