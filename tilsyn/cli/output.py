"""Output for humans (stderr, colour and progress only on a terminal) and machines (stdout)."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from tilsyn.errors import Diagnostic

if TYPE_CHECKING:
    from rich.console import Console


def err_console() -> "Console":
    """A console on the current stderr (looked up each time, so test runners can capture it).

    rich is imported here, not at the top, to keep `tilsyn --help` fast.
    """
    from rich.console import Console

    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def escape(text: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def print_failure(message: str, hint: str = "") -> None:
    console = err_console()
    console.print(f"[bold red]error:[/] {escape(message)}")
    if hint:
        console.print(f"  [dim]hint:[/] {escape(hint)}")


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    """Each diagnostic and its hint; printed in batches, so 100,000 warnings take seconds."""
    console = err_console()
    plain = console.no_color or not console.is_terminal
    lines: list[str] = []
    for d in diagnostics:
        if plain:
            lines.append(f"{d.severity} {d.code} {d.location()}: {d.message}")
            if d.hint:
                lines.append(f"  hint: {d.hint}")
        else:
            style = "red" if d.is_error else "yellow"
            lines.append(f"[{style}]{d.severity} {d.code}[/] {escape(d.location())}: {escape(d.message)}")
            if d.hint:
                lines.append(f"  [dim]hint:[/] {escape(d.hint)}")
        if len(lines) >= 1000:
            _print_lines(console, lines, plain)
    _print_lines(console, lines, plain)


def _print_lines(console: "Console", lines: list[str], plain: bool) -> None:
    if lines:
        if plain:
            console.file.write("\n".join(lines) + "\n")
        else:
            console.print("\n".join(lines))
        lines.clear()


def print_json(data: Any) -> None:
    """Machine output: JSON on stdout, UTF-8, stable key order as built."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@contextmanager
def file_progress(quiet: bool) -> Iterator[Any]:
    """A progress callback for `tilsyn.load`: a bar on a terminal, nothing when piped or quiet."""
    console = err_console()
    if quiet or not console.is_terminal:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=console, transient=True) as progress:
        tasks: list = []

        def advance(done: int, total: int, path: str) -> None:
            if not tasks and total > 1:
                tasks.append(progress.add_task("Reading", total=total))
            if tasks:
                progress.update(tasks[0], completed=done, description=f"Reading {path[-40:]}")

        yield advance
