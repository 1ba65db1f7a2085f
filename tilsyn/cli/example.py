"""`tilsyn example FOLDER`: the sample data that ships inside the package, written out so that a
user who installed tilsyn (without the repository) can try every command on it.

The package carries `sample_data/` itself (as `tilsyn.sample_data`): the same files the tests
check and the README's examples use, so the example is never a second copy that could drift.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from tilsyn.cli.app import app
from tilsyn.cli.texts import help_text

# What the example holds: the data files and the assessments, not the generators or their notes.
EXAMPLE = ("calls", "forms", "spreadsheet", "offices", "xlsform", "vurderinger.toml", "names.txt")
# (The XLSForm sample is a survey definition in .xlsx with its catalogue in .toml beside it.)
DATA_SUFFIXES = frozenset({".jsonl", ".json", ".csv", ".xlsx", ".docx", ".toml"})


def sample_data_root() -> Path:
    """The sample data: inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "sample_data"
    return installed if installed.is_dir() else package.parent / "sample_data"


def example_files() -> list[Path]:
    """The example's files, relative to the sample data folder, in a stable order."""
    root = sample_data_root()
    files = []
    for entry in EXAMPLE:
        path = root / entry
        if path.is_dir():
            files += sorted(
                p.relative_to(root) for p in path.iterdir() if p.suffix in DATA_SUFFIXES
            )
        else:
            files.append(Path(entry))
    return files


@app.command(help=help_text("example.help"))
def example(
    folder: Path = typer.Argument(
        ..., help=help_text("example.folder"), metavar=help_text("metavar.dir"), show_default=False
    ),
    force: bool = typer.Option(False, "--force", help=help_text("example.force")),
) -> None:
    from tilsyn.cli.output import err_console
    from tilsyn.cli.texts import count, say

    written, replaced = write_example(folder, force)
    console = err_console()
    console.print(
        say("example_wrote", files=count(len(written), "file"), folder=folder), markup=False
    )
    if replaced:
        console.print(say("example_replaced", files=count(len(replaced), "file")), markup=False)
    console.print(say("example_try"), markup=False)
    shown = _shown(folder)
    assessments = _shown(folder / "vurderinger.toml")
    for command in (
        f"tilsyn validate {shown}",
        f"tilsyn score {shown} --assessments {assessments}",
        f"tilsyn report {shown} -o rapport.docx",
        f"tilsyn export {shown} -o eksport.xlsx",
    ):
        console.print(f"  {command}", markup=False)


def write_example(folder: Path, force: bool) -> tuple[list[Path], list[Path]]:
    """Write the example into `folder` (made if missing): the files written, and those of them
    that replaced a file (only with `force`). A folder that holds anything is refused without
    `force`; when a write fails, the files and folders this run made are removed again."""
    _check_folder(folder, force)
    made: list[Path] = []  # files and folders this run created, to remove if a write fails
    written, replaced = [], []
    root = sample_data_root()
    try:
        for relative in example_files():
            target = folder / relative
            made += _make_folders(target.parent)
            existed = target.exists()
            _write(target, (root / relative).read_bytes())
            written.append(target)
            (replaced if existed else made).append(target)
    except BaseException:
        _remove(made)
        raise
    return written, replaced


def _check_folder(folder: Path, force: bool) -> None:
    from tilsyn.cli.texts import say
    from tilsyn.errors import OutputError

    if folder.exists() and not folder.is_dir():
        raise OutputError(
            say("example_not_folder", path=folder), hint=say("example_not_folder_hint")
        )
    if folder.is_dir() and not force and any(folder.iterdir()):
        raise OutputError(
            say("example_not_empty", folder=folder), hint=say("example_not_empty_hint")
        )


def _make_folders(folder: Path) -> list[Path]:
    """Make `folder` and its missing parents; the ones made, outermost first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()][::-1]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _failed(folder, exc)
    return missing


def _write(target: Path, data: bytes) -> None:
    from tilsyn.outputs import write_bytes

    try:
        write_bytes(target, data)
    except OSError as exc:  # write_bytes turns its own failures into OutputError
        _failed(target, exc)


def _failed(path: Path, exc: OSError) -> None:
    from tilsyn.diagnostics import os_reason, phrase
    from tilsyn.errors import OutputError

    raise OutputError(
        phrase("output_failed", path=path, detail=os_reason(exc)),
        hint=phrase("output_failed_hint"),
    ) from None


def _remove(made: list[Path]) -> None:
    """Files first, then the folders made, innermost first; what cannot go is left."""
    for path in sorted(made, key=lambda p: (p.is_dir(), -len(p.parts))):
        try:
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink()
        except OSError:
            pass


def _shown(path: Path) -> str:
    """A path as the user types it in a command: quoted when it holds a space."""
    text = os.fspath(path)
    return f'"{text}"' if " " in text else text
