"""Safe output files: write to a temporary file beside the target, then rename into place.

A failure never leaves a half-written report or replaces a good one; tilsyn never writes over
one of its own input files, nor over an existing output unless asked (`--force`: a report the
inspector has been editing is a draft worth keeping); a file that cannot be written is an
`OutputError` (exit 3).
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from tilsyn.errors import OutputError


def check_not_input(output: Path, inputs: Iterable[str | Path]) -> None:
    """Refuse to write over a file that is an input of the same run."""
    try:
        target = output.resolve()
    except OSError:
        return
    for item in inputs:
        path = Path(item)
        candidates = [path] if not path.is_dir() else []
        if path.is_dir() and target.is_relative_to(path.resolve()) and target.exists():
            candidates.append(target)
        for candidate in candidates:
            if candidate.exists() and candidate.resolve() == target:
                raise OutputError(f"{output} is one of the input files; tilsyn does not write over its input",
                                  hint="Choose another output file name.")


def refuse_existing(paths: Iterable[Path], force: bool, what: str = "report") -> None:
    """Refuse to replace existing files unless `force` (exit 3): a draft the inspector went on
    editing is never lost. `what` (form, report, export) says what would be lost."""
    from tilsyn.diagnostics import phrase

    existing = [Path(p) for p in paths if Path(p).exists()]
    if existing and not force:
        names = ", ".join(str(p) for p in existing[:3]) + (" ..." if len(existing) > 3 else "")
        raise OutputError(phrase("output_exists", names=names, what=phrase(f"lost_{what}")),
                          hint=phrase("output_exists_hint"))


@contextmanager
def atomic_path(output: Path) -> Iterator[Path]:
    """A temporary path in the target's folder; renamed onto `output` only if the body succeeds."""
    output = Path(output)
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {output}: the folder {folder} does not exist",
                          hint="Create the folder first, or choose another path.")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=folder)
        os.close(handle)
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}",
                          hint="Check that the folder is writable and the disk is not full.") from None
    temp = Path(temp_name)
    try:
        yield temp
        os.chmod(temp, 0o644)
        _replace(temp, output)
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}",
                          hint="Check that the folder is writable and the disk is not full.") from None
    finally:
        if temp.exists():
            temp.unlink(missing_ok=True)


def _replace(temp: Path, output: Path) -> None:
    """Rename into place; on Windows a file held open by Word or Excel refuses (PermissionError)."""
    try:
        os.replace(temp, output)
    except PermissionError as exc:
        raise OutputError(f"cannot replace {output}: {exc.strerror or exc}",
                          hint="The file may be open in Word or Excel: close it and run the "
                          "command again, or choose another file name.") from None


def write_bytes(output: Path, data: bytes) -> None:
    with atomic_path(output) as temp:
        temp.write_bytes(data)


def write_text(output: Path, text: str, encoding: str = "utf-8") -> None:
    write_bytes(output, text.encode(encoding))
