"""`tilsyn verify FILE`: a saved dataset checked all the way, not only by its digest.

Opening a saved dataset checks that its content is what was saved (`tilsyn.saved`), and
trusts it from there. Verifying also validates every record's values again and scores them
again with the dataset's catalogue and parameter values, and compares: every result (the
automatic status and its evidence, before any inspector's assessment) and every field a record
is grouped by must be what tilsyn gives the values today. Each difference is a diagnostic
naming the record and the criterion or field (RES006), so a changed file says where it was
changed; a file whose digest does not match gets RES004 beside them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tilsyn.dataset import ScoredDataset, ScoredRecord, json_values
from tilsyn.diagnostics import diagnostic
from tilsyn.errors import Diagnostic
from tilsyn.saved_columns import INSTANCE_ID


def verify_saved(path: str | Path) -> tuple[ScoredDataset | None, list[Diagnostic]]:
    """The dataset saved in `path` and every difference found (an empty list: the file is
    what scoring its values again gives). DatasetError (RES001-RES003, RES005) when the file
    cannot be read as a saved dataset at all; None when it is not one (data)."""
    from tilsyn.saved import decode, intact, load_saved

    source = str(path)
    data = load_saved(Path(path))
    if data is None:
        return None, []
    problems = []
    if not intact(data, source):
        problems.append(diagnostic("RES004", file=source))
    dataset = decode(data, source, check_digest=False)
    problems += differences(dataset, source)
    return dataset, problems


def differences(dataset: ScoredDataset, source: str) -> list[Diagnostic]:
    """Where the dataset's records differ from their values validated and scored again, the
    related survey kinds' too."""
    from tilsyn.readers.base import RawRow, Table
    from tilsyn.scoring import score
    from tilsyn.validate import Validator

    survey, catalogue = dataset.survey, dataset.catalogue
    validator = Validator()
    table = Table(source, iter(()), survey_id=survey.id)
    problems: list[Diagnostic] = []
    pairs = []
    for number, saved in enumerate(dataset.records, start=1):
        before = len(validator.diagnostics)
        raw = RawRow(json_values(saved.values), number, saved.info.get(INSTANCE_ID))
        typed = validator.row(survey, table, raw)
        if typed is not None:
            pairs.append((saved, typed))
            continue
        error = next(d for d in validator.diagnostics[before:] if d.is_error)
        detail = f"{error.code} {error.message}"
        problems.append(_differs(source, saved.key, error.field, "values", detail=detail))
    parameters = catalogue.default_parameters().override(dataset.parameters, source)
    fresh = score([typed for _, typed in pairs], catalogue, parameters, lang=dataset.lang)
    redacted = {f.name for f in survey.fields if f.personal_data}  # not worked out again
    for (saved, _), again in zip(pairs, fresh.records, strict=True):
        problems += _fields(source, saved, again, redacted) + _results(source, saved, again)
    for other in dataset.related.values():
        problems += differences(other, source)
    return problems


def _fields(
    source: str, saved: ScoredRecord, again: ScoredRecord, redacted: set[str]
) -> list[Diagnostic]:
    return [
        _differs(source, saved.key, name, "fields", field=name, saved=was, again=now)
        for name in dict.fromkeys([*saved.info, *again.info])
        if name not in redacted and (was := saved.info.get(name)) != (now := again.info.get(name))
    ]


def _results(source: str, saved: ScoredRecord, again: ScoredRecord) -> list[Diagnostic]:
    """Each automatic status and evidence that is not what the values give again."""
    from tilsyn.diagnostics import language
    from tilsyn.i18n import status_text

    lang = language()
    problems = []
    for cid, result in saved.results.items():
        automatic = result.automatic_status or result.status
        fresh = again.results[cid]
        if (automatic, result.evidence) != (fresh.status, fresh.evidence):
            problems.append(
                _differs(
                    source,
                    saved.key,
                    cid,
                    criterion=cid,
                    saved=f"{status_text(automatic, lang)}: {result.evidence}",
                    again=f"{status_text(fresh.status, lang)}: {fresh.evidence}",
                )
            )
    return problems


def _differs(
    source: str, key: str, field: str | None, variant: str = "", **params: Any
) -> Diagnostic:
    return diagnostic("RES006", variant, params, file=source, key=key, field=field)
