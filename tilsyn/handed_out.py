"""Forms still being filled are not records: a Word form or a row of an entry sheet that holds
nothing but what it was handed out with (its key, the fields `form new` filled in as the file
records them, and those the survey's `[form] prefill` names: `--county`, `--observer`,
`--survey-round`) is «not filled in yet», a note (VAL012), neither counted nor validated. One
answer of its own makes it a record, with every error it has."""

from __future__ import annotations

from typing import Any, Callable, Iterable

from tilsyn.diagnostics import diagnostic
from tilsyn.errors import Diagnostic
from tilsyn.readers.base import Table
from tilsyn.values import is_empty


def not_filled_in(
    survey: Any,
    table: Table,
    row: int | None,
    values: Iterable[tuple[str, str | None, Any]],
    shown: Callable[[str], str],
) -> Diagnostic | None:
    """The VAL012 note of a form holding only what it was handed out with, else None.
    `values` are (header, field, value) as validation maps them; `shown` gives the key as it
    may be shown (masked when it looks like personal data)."""
    handed_out = (table.prefilled or frozenset()) | set(survey.form.prefill.values())
    key = None
    for _, name, value in values:
        if is_empty(value):
            continue
        if name == survey.key:
            key = str(value).strip()
        elif name not in handed_out:
            return None
    return diagnostic(
        "VAL012",
        file=table.file,
        key=shown(key) if key else None,
        key_field=survey.key,
        row=row,
        sheet=table.sheet,
    )
