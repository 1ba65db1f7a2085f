"""Output for humans (stderr, colour and progress only on a terminal) and machines (stdout)."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from tilsyn.errors import NOTE, Diagnostic

if TYPE_CHECKING:
    from rich.console import Console


def err_console() -> "Console":
    """A console on the current stderr (looked up each time, so test runners can capture it).

    rich is imported here, not at the top, to keep `tilsyn --help` fast. No emoji codes: a file
    name such as «:memo:.docx» is printed as it is.
    """
    from rich.console import Console

    return Console(file=sys.stderr, highlight=False, soft_wrap=True, emoji=False)


def escape(text: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def print_failure(message: str, hint: str = "") -> None:
    from tilsyn.cli.texts import say

    console = err_console()
    console.print(f"[bold red]{say('error')}[/] {escape(message)}")
    if hint:
        console.print(f"  [dim]{say('hint')}[/] {escape(hint)}")


def print_diagnostics(
    diagnostics: Iterable[Diagnostic], *, errors_only: bool = False, max_warnings: int | None = None
) -> None:
    """Every error in full; warnings in full up to `max_warnings` (all when None), the rest
    counted per code at the end, so thousands of warnings of one kind take one line."""
    from tilsyn.cli.texts import say
    from tilsyn.diagnostics import severity_word

    console = err_console()
    hidden: list[Diagnostic] = []
    shown = 0
    for d in diagnostics:
        if d.severity == NOTE:
            continue  # said in one line each (note_lines)
        if not d.is_error:
            if errors_only:
                continue
            if max_warnings is not None and shown >= max_warnings:
                hidden.append(d)
                continue
            shown += 1
        style = "red" if d.is_error else "yellow"
        location = d.location(say("sheet"), say("column"))
        console.print(
            f"[{style}]{severity_word(d.severity)} {d.code}[/] "
            f"{escape(location)}: {escape(d.message)}"
        )
        if d.hint:
            console.print(f"  [dim]{say('hint')}[/] {escape(d.hint)}")
    for line in warning_summary(hidden):
        console.print(f"[yellow]{severity_word('warning')}[/] {escape(line)}")


_NAMED = 5  # the forms or files a note names before «…»


def note_lines(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """One line per kind of note: «8 skjemaer er ikke fylt ut ennå: skjema-VL-001.docx, …»
    (VAL012) and «Hoppet over 1 fil som tilsyn har skrevet selv: rapport.docx» (READ021);
    `--json` lists every one."""
    from tilsyn.cli.texts import count, say
    from tilsyn.diagnostics import language
    from tilsyn.glossary import count_phrase

    lang = language()
    found: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.severity == NOTE:
            found.setdefault(d.code, []).append(d)
    lines = []
    for code, notes in found.items():
        rows: dict[str, list[int]] = {}
        for d in notes:
            rows.setdefault(d.file or "", []).extend([] if d.row is None else [d.row])
        where = [
            say("row_of", file=file, row=_ranges(numbers)) if numbers else file
            for file, numbers in rows.items()
        ]
        names = ", ".join(where[:_NAMED]) + (", …" if len(where) > _NAMED else "")
        if code == "VAL012":
            forms = count_phrase(len(notes), "form", lang, verb="not_filled_in")
            lines.append(say("not_filled_in", forms=forms, names=names))
        else:
            lines.append(say("own_outputs", files=count(len(notes), "file"), names=names))
    return lines


def _ranges(numbers: list[int]) -> str:
    """2, 3, 4, 5, 7 -> «2–5, 7»: the rows of a sheet, in a few characters."""
    parts: list[list[int]] = []
    for n in sorted(set(numbers)):
        if parts and n == parts[-1][-1] + 1:
            parts[-1].append(n)
        else:
            parts.append([n])
    return ", ".join(str(p[0]) if len(p) == 1 else f"{p[0]}\u2013{p[-1]}" for p in parts)


def print_notes(diagnostics: Iterable[Diagnostic]) -> None:
    console = err_console()
    for line in note_lines(diagnostics):
        console.print(escape(line))


def warning_summary(warnings: list[Diagnostic]) -> list[str]:
    """One line per code: «PRIV001 personopplysninger i fritekst: 5 410 samtaler, se
    --show-warnings», counting the records the warnings are about."""
    from tilsyn.cli.texts import count, count_records, say
    from tilsyn.diagnostics import codes, language, text
    from tilsyn.survey import all_surveys

    lang = language()
    nouns = {s.key: s for s in all_surveys()}
    by_code: dict[str, list[Diagnostic]] = {}
    for d in warnings:
        by_code.setdefault(d.code, []).append(d)
    lines = []
    for code, found in by_code.items():
        records = {(d.file, d.sheet, d.row, d.key) for d in found}
        survey = nouns.get(found[0].key_field or "")
        counted = (
            count_records(len(records), survey, lang)
            if survey is not None
            else count(len(found), "warning", lang)
        )
        registered = codes()[code]
        what = text(registered.short or registered.what, lang)
        lines.append(say("warnings_of_code", lang, code=code, what=what, count=counted))
    return lines


def print_json(data: Any) -> None:
    """Machine output: JSON on stdout, stable key order as built; in the stream's encoding,
    with what a legacy encoding (cp1252) lacks written as JSON escapes."""
    from tilsyn.cli.console import json_for

    text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    sys.stdout.write(json_for(sys.stdout, text))


@contextmanager
def file_progress(quiet: bool) -> Iterator[Any]:
    """A progress callback for `tilsyn.load`: a bar on a terminal, in the user's language,
    with counts and time left (by lines within a large file); when every file is read, the
    bar says the records are being scored. Nothing when piped or quiet (and then rich is not
    even imported)."""
    console = None if quiet else err_console()
    if console is None or not console.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from tilsyn.cli.texts import say

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        tasks: list = []

        def advance(done: float, total: int, path: str) -> None:
            if not tasks:
                tasks.append(progress.add_task(say("reading_files"), total=total))
            finished = done >= total
            progress.update(
                tasks[0],
                completed=done,
                description=say("scoring") if finished else say("reading", file=path[-40:]),
            )

        yield advance


@contextmanager
def stage(quiet: bool, key: str, **params: Any) -> Iterator[None]:
    """A spinner with what is being done («Skriver rapport.docx») on a terminal, for a stage
    whose progress the library does not count; nothing when piped or quiet."""
    console = None if quiet else err_console()
    if console is None or not console.is_terminal:
        yield
        return
    from tilsyn.cli.texts import say

    with console.status(say(key, **params)):
        yield
