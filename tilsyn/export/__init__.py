"""Auditor exports: the dataset and its scoring results as a workbook, CSV or JSON Lines.

    >>> import tilsyn
    >>> from tilsyn.export import export
    >>> loaded = tilsyn.load(["sample_data/"])
    >>> export(loaded.records, Path("nasjonalt.xlsx"), files=loaded.files)

Every format loads straight back with `tilsyn.load` (docs/CONTRACTS.md, "Exports"). Heavy
imports stay inside `export`: the CSV reader imports `tilsyn.export.cells` on the start-up path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Sequence

FORMATS = (".xlsx", ".csv", ".jsonl")


def export(records: Sequence[Any], output: Path, *, run: Any = None, catalogue: Any = None,
           files: Sequence[Any] = (), inputs: Iterable[str | Path] = (), lang: str = "nb",
           codes: bool = False, include_personal_data: bool = False,
           names: Iterable[str] = ()) -> int:
    """Write `records` (valid `tilsyn.Record`s of one survey) and their results to `output`.

    The format follows the suffix: .xlsx, .csv or .jsonl. `run` is the `ScoreRun` of these
    records (scored here with `catalogue`, by default the built-in one, when not given);
    `files` are the `InputFile`s of the load, listed with their SHA-256 in the workbook;
    `inputs` are paths the output must not overwrite. Free text holding personal data is
    redacted unless `include_personal_data`; `names` adds names to redact. The file is written
    atomically. Returns the number of records written.
    """
    from tilsyn.export.columns import Style, flat_table
    from tilsyn.export.provenance import Provenance
    from tilsyn.outputs import atomic_path, check_not_input

    output = Path(output)
    suffix = output_format(output)
    check_not_input(output, inputs)
    catalogue = catalogue or _builtin_catalogue(records)
    style = Style(lang, codes, include_personal_data, tuple(names))
    if run is None:
        from tilsyn.scoring import score

        run = score(records, catalogue, lang=lang, by=("county",))
    if [r.key for r in records] != [s.key for s in run.records]:
        raise ValueError("the scoring run does not hold the same records as the export")
    survey = catalogue.survey
    with atomic_path(output) as temp:
        if suffix == ".xlsx":
            from tilsyn.export.xlsx import write_workbook

            write_workbook(temp, records, run, catalogue, style,
                           Provenance.of(run, files, style, len(records)))
        elif suffix == ".csv":
            from tilsyn.export.csvfile import write_csv

            write_csv(temp, *flat_table(survey, records, run, style))
        else:
            from tilsyn.export.jsonlfile import write_jsonl

            write_jsonl(temp, *flat_table(survey, records, run, style))
    return len(records)


def output_format(output: Path) -> str:
    """The format an output name asks for (".xlsx", ".csv", ".jsonl"); UsageError otherwise."""
    suffix = Path(output).suffix.lower()
    if suffix not in FORMATS:
        from tilsyn.errors import UsageError

        raise UsageError(f"cannot export to {Path(output).name!r}: unknown file type",
                         hint="Name the output .xlsx, .csv or .jsonl.")
    return suffix


def _builtin_catalogue(records: Sequence[Any]) -> Any:
    from tilsyn.criteria import builtin_catalogue

    surveys = {r.survey for r in records} or {"nks-call"}
    if len(surveys) > 1:
        from tilsyn.errors import UsageError

        raise UsageError("the records are of several survey kinds: " + ", ".join(sorted(surveys)),
                         hint="Export one survey kind at a time.")
    return builtin_catalogue(surveys.pop())
