"""The tilsyn capabilities the benchmarks call, each behind one small adapter.

Forms, scoring, reports and exports are written in parallel with these benchmarks; a case
whose capability has not landed reports "not available" (via `Unavailable`) instead of
crashing, and a renamed function is fixed here, in one place.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any


class Unavailable(Exception):
    """A capability a case needs is not (yet) in this tilsyn."""


def need(module: str, name: str) -> Any:
    """`module.name`, or `Unavailable` naming what is missing."""
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            raise Unavailable(f"{module} is not in this tilsyn") from None
        raise
    try:
        return getattr(found, name)
    except AttributeError:
        raise Unavailable(f"{module}.{name} is not in this tilsyn") from None


def docx_reader():
    """The Word form reader tilsyn registers for .docx."""
    from tilsyn import readers

    reader = readers.reader_for(Path("form.docx"))
    if reader is None:
        raise Unavailable("no .docx reader is registered in tilsyn.readers")
    return reader


def fill_form(record: dict, path: Path, lang: str = "nb") -> None:
    need("tilsyn.forms", "fill_form")(record, path, lang)


def score(records: list, files: list = ()) -> Any:
    """The scored dataset of `records` (valid calls), grouped by county, as the CLI makes it."""
    load_result = need("tilsyn.api", "LoadResult")(list(records), [], [], list(files))
    load_result.read_counts["nks-call"] = len(records)
    return need("tilsyn.api", "score_loaded")(load_result, by=("county",))


def save_scored(jsonl: Path, output: Path) -> None:
    """What `tilsyn score JSONL -o OUTPUT` writes: the calls scored and saved as a dataset."""
    dataset = need("tilsyn.api", "score_inputs")([jsonl])
    need("tilsyn.api", "save_dataset")(dataset, output)


def render_report(dataset: Any, output: Path) -> None:
    need("tilsyn.report", "render_report")(dataset, output)


def export_xlsx(dataset: Any, output: Path) -> None:
    need("tilsyn.export", "export")(dataset, output)
