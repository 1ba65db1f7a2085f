"""Safe output files: write to a temporary file beside the target, then put it in place.

A failure (or SIGTERM) never leaves a half-written report, a temporary file, or replaces a good
one; tilsyn never writes over one of its own input files, whatever name reaches it (a link, a
bind mount, another case on a case-insensitive disk: files are compared by identity), nor over
an existing output unless asked (`--force`: a report the inspector has been editing is a draft
worth keeping). Both are checked when a command starts and again when the file is put in
place (`guarded`): without `--force` the finished file is linked to its name, which fails if
a file took that name meanwhile (a draft saved during the run, another run writing the same
file: one wins, the others exit 3); with `--force` it replaces the old one atomically. A
replaced file keeps its permissions (a 0600 file with personal data stays 0600), a new one
gets those the umask allows; a pipe or character device (`-o /dev/stdout`) is written
directly; a file that cannot be written, or one held open by Word on Windows, is an
`OutputError` (exit 3).
"""

from __future__ import annotations

import os
import signal
import stat
import tempfile
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from tilsyn.diagnostics import os_reason, phrase
from tilsyn.errors import OutputError


def _identity(path: Path) -> tuple[int, int | str] | None:
    """The file's identity: device and inode, or on a file system that gives no file id (some
    Windows network shares report 0), device and the normalised real path."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if not info.st_ino:
        return info.st_dev, os.path.normcase(os.path.realpath(path))
    return info.st_dev, info.st_ino


def input_files(*given: str | Path | Iterable[str | Path] | None) -> list[Path]:
    """Every file a command was given, flattened: its inputs and each option that names a
    file (`--assessments`, `--params`, `--criteria`, `--survey`, `--names`, `--template`,
    `--baseline`...); None for an option not given. A survey id that is no file is harmless:
    only files that exist are compared."""
    files: list[Path] = []
    for item in given:
        if item is None:
            continue
        if isinstance(item, (str, os.PathLike)):
            files.append(Path(item))
        else:
            files += input_files(*item)
    return files


def check_not_input(output: Path, inputs: Iterable[str | Path]) -> None:
    """Refuse to write over a file that is an input of the same run, or over a file that
    exists inside an input folder."""
    target = _identity(Path(output))
    if target is None:
        return
    folders = {_identity(p) for p in Path(os.path.abspath(output)).parents}
    for item in inputs:
        path = Path(item)
        identity = _identity(path)
        if identity is not None and (identity == target or (path.is_dir() and identity in folders)):
            raise OutputError(
                phrase("output_is_input", path=output), hint=phrase("output_is_input_hint")
            )


@dataclass(frozen=True)
class _Policy:
    """How an output is put in place: replacing a file there (`--force`), and which files
    it must never be."""

    replace: bool = True
    inputs: tuple[Path, ...] = ()


# The library API replaces, as it always has; a command sets its own policy with `guarded`.
_POLICY: ContextVar[_Policy] = ContextVar("tilsyn_output_policy", default=_Policy())


@contextmanager
def guarded(force: bool, inputs: Iterable[str | Path] = ()) -> Iterator[None]:
    """While writing: an output is put in place only if no file took its name meanwhile
    (unless `force`), and never onto one of `inputs`."""
    token = _POLICY.set(_Policy(force, tuple(Path(p) for p in inputs)))
    try:
        yield
    finally:
        _POLICY.reset(token)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode_for(output: Path) -> int:
    """The mode of the file replaced, else what the umask allows a new file."""
    try:
        return stat.S_IMODE(os.stat(output).st_mode)
    except OSError:
        return 0o666 & ~_umask()


@contextmanager
def _removed_on_sigterm(temp: Path) -> Iterator[None]:
    """While writing, SIGTERM ends the run the way Ctrl-C does, so the temporary file goes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stream(path: Path) -> bool:
    """A pipe or character device (`-o /dev/stdout`): written to, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def refuse_existing(paths: Iterable[Path], force: bool, what: str = "report") -> None:
    """Refuse to replace existing files unless `force` (exit 3): a draft the inspector went on
    editing is never lost. `what` (form, report, export) says what would be lost."""
    existing = [Path(p) for p in paths if _identity(Path(p)) and not _stream(Path(p))]
    if existing and not force:
        names = ", ".join(str(p) for p in existing[:3]) + (" ..." if len(existing) > 3 else "")
        raise OutputError(
            phrase("output_exists", names=names, what=phrase(f"lost_{what}")),
            hint=phrase("output_exists_hint"),
        )


@contextmanager
def atomic_path(output: Path) -> Iterator[Path]:
    """A temporary path in the target's folder; renamed onto `output` only if the body succeeds.
    A target that is a pipe or character device gets the bytes copied into it instead."""
    output = Path(output)
    try:
        kind = os.stat(output).st_mode
    except OSError:
        kind = None
    if kind is not None and not stat.S_ISREG(kind):
        if stat.S_ISCHR(kind) or stat.S_ISFIFO(kind):
            with _direct(output) as temp:
                yield temp
            return
        raise OutputError(
            phrase("output_not_file", path=output), hint=phrase("output_not_file_hint")
        )
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(
            phrase("output_no_folder", path=output, folder=folder),
            hint=phrase("output_no_folder_hint"),
        )
    mode = _mode_for(output)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=folder)
        os.close(handle)
    except OSError as exc:
        raise OutputError(
            phrase("output_failed", path=output, detail=os_reason(exc)),
            hint=phrase("output_failed_hint"),
        ) from None
    temp = Path(temp_name)
    try:
        with _removed_on_sigterm(temp):
            yield temp
            os.chmod(temp, mode)
            _put_in_place(temp, output, _POLICY.get())
    except OSError as exc:
        raise OutputError(
            phrase("output_failed", path=output, detail=os_reason(exc)),
            hint=phrase("output_failed_hint"),
        ) from None
    finally:
        if temp.exists():
            temp.unlink(missing_ok=True)


def _put_in_place(temp: Path, output: Path, policy: _Policy) -> None:
    """Give the finished file its name: replacing what is there only when asked, never an
    input (checked again now: a link may have been made since the command started)."""
    check_not_input(output, policy.inputs)
    if policy.replace:
        _replace(temp, output)
        return
    try:
        _create(temp, output)
    except FileExistsError:
        raise OutputError(
            phrase("output_appeared", path=output), hint=phrase("output_exists_hint")
        ) from None


def _create(temp: Path, output: Path) -> None:
    """Give `temp` the name `output` only if no file has it, in one step: a hard link where
    the disk has them, a rename on Windows (which never replaces), else an exclusive claim of
    the name before the rename."""
    if os.name == "nt":
        os.rename(temp, output)
        return
    try:
        os.link(temp, output)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # a disk without hard links (FAT, some network shares)
    os.close(os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    os.replace(temp, output)


def _replace(temp: Path, output: Path) -> None:
    """Rename into place; on Windows a file held open by Word or Excel refuses (PermissionError)."""
    try:
        os.replace(temp, output)
    except PermissionError as exc:
        raise OutputError(
            phrase("output_locked", path=output, detail=os_reason(exc)),
            hint=phrase("output_locked_hint"),
        ) from None


@contextmanager
def _direct(output: Path) -> Iterator[Path]:
    """For a pipe or device: the body writes a private temporary file, copied in at the end."""
    with tempfile.TemporaryDirectory(prefix="tilsyn-") as folder:
        temp = Path(folder) / output.name
        yield temp
        try:
            with temp.open("rb") as source, open(output, "wb") as target:
                while chunk := source.read(1 << 20):
                    target.write(chunk)
        except OSError as exc:
            raise OutputError(
                phrase("output_failed", path=output, detail=os_reason(exc)),
                hint=phrase("output_failed_hint"),
            ) from None


def write_bytes(output: Path, data: bytes) -> None:
    with atomic_path(output) as temp:
        temp.write_bytes(data)


def write_text(output: Path, text: str, encoding: str = "utf-8") -> None:
    write_bytes(output, text.encode(encoding))
