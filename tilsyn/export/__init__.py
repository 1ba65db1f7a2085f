"""Auditor exports: a scored dataset as a workbook, CSV or JSON Lines.

    >>> import tilsyn
    >>> from tilsyn.export import export
    >>> export(tilsyn.score_inputs(["sample_data/"]), Path("nasjonalt.xlsx"))

Every format loads straight back with `tilsyn.load` (docs/CONTRACTS.md, "Exports"). An export
only writes: it takes the scored dataset (fresh, or read back from `tilsyn score -o`) and never
scores or reads input. Heavy imports stay inside `export`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from tilsyn.dataset import ScoredDataset

FORMATS = (".xlsx", ".csv", ".jsonl")


def export(
    dataset: ScoredDataset,
    output: str | Path,
    *,
    inputs: Iterable[str | Path] = (),
    lang: str = "nb",
    codes: bool = False,
    include_personal_data: bool = False,
    names: Iterable[str] = (),
) -> int:
    """Write the dataset's records and their results to `output`; returns how many records.

    The format follows the suffix: .xlsx, .csv or .jsonl. `inputs` are paths the output must
    not overwrite. Free text holding personal data is redacted unless `include_personal_data`;
    `names` adds names to redact. The file is written atomically.
    """
    from tilsyn.export.columns import Style, flat_table
    from tilsyn.export.provenance import Provenance
    from tilsyn.outputs import atomic_path, check_not_input

    output = Path(output)
    suffix = output_format(output)
    check_not_input(output, inputs)
    style = Style(lang, codes, include_personal_data, tuple(names))
    with atomic_path(output) as temp:
        if suffix == ".xlsx":
            from tilsyn.export.xlsx import write_workbook

            write_workbook(temp, dataset, style, Provenance.of(dataset, style))
        elif suffix == ".csv":
            from tilsyn.export.csvfile import write_csv

            write_csv(temp, *flat_table(dataset, style))
        else:
            from tilsyn.export.jsonlfile import write_jsonl

            write_jsonl(temp, *flat_table(dataset, style))
    return len(dataset.records)


def cut_in_a_workbook(dataset: ScoredDataset) -> list:
    """A warning (EXP001) when a text of the dataset is longer than an Excel cell holds
    (32,767 characters): a workbook cuts it, ending it with «…»; CSV and JSON Lines keep it
    whole. The first such text is named by its record and field."""
    from tilsyn.diagnostics import diagnostic
    from tilsyn.formats.workbook import MAX_TEXT

    count, first = 0, None
    for record in dataset.records:
        texts = [(name, v) for name, v in record.values.items() if isinstance(v, str)]
        for cid, result in record.results.items():
            texts.append((cid, result.evidence or ""))
            if result.assessment is not None:
                texts.append((cid, result.assessment.justification))
        for name, text in texts:
            if len(text) > MAX_TEXT:
                count += 1
                first = first or (record.key, name)
    if not count:
        return []
    key, name = first
    return [diagnostic("EXP001", params={"count": count}, key=key, field=name)]


def output_format(output: Path) -> str:
    """The format an output name asks for (".xlsx", ".csv", ".jsonl"); UsageError otherwise."""
    suffix = Path(output).suffix.lower()
    if suffix not in FORMATS:
        from tilsyn.diagnostics import phrase
        from tilsyn.errors import UsageError

        raise UsageError(
            phrase("export_type", name=Path(output).name), hint=phrase("export_type_hint")
        )
    return suffix
