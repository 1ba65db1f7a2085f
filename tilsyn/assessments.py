"""Inspector assessments: results the inspector judged differently from the rules, with why.

A mechanical score is a proposal. Where the inspector assesses a result differently, the
assessment file says so, one row per result: the record's key, the criterion, the assessed
status (`pass`, `fail`, `not_applicable`, or their words in nb/nn/en), a justification
(required), who (initials) and when. Applied on top of the automatic results, every figure
counts the final status, and each changed `Result` keeps its `automatic_status` and the
`Assessment` (as InSpec keeps a waiver beside the control it waives).

Files: CSV as Norwegian Excel writes it (`;`, UTF-8 with BOM or Windows-1252), .xlsx (the
first sheet), or TOML (`[[assessment]]` tables). Problems are diagnostics with the file and
row (ASMT, docs/diagnostics.md); one that agrees with the automatic status is only a warning.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from tilsyn.diagnostics import diagnostic, os_reason, render
from tilsyn.errors import Diagnostic, TilsynError

if TYPE_CHECKING:
    from tilsyn.dataset import Result, ScoredDataset, ScoredRecord

ASSESSABLE = ("pass", "fail", "not_applicable")
FORMATS = (".csv", ".xlsx", ".toml")

# Column (or TOML key) -> the name used here; headers are matched case-insensitively.
_COLUMNS = {
    "key": "key",
    "record": "key",
    "nøkkel": "key",
    "registrering": "key",
    "criterion": "criterion",
    "criterion_id": "criterion",
    "kriterium": "criterion",
    "status": "status",
    "assessed_status": "status",
    "vurdering": "status",
    "justification": "justification",
    "begrunnelse": "justification",
    "grunngjeving": "justification",
    "grunngiving": "justification",
    "by": "by",
    "assessed_by": "by",
    "who": "by",
    "vurdert av": "by",
    "vurdert_av": "by",
    "initialer": "by",
    "on": "on",
    "when": "on",
    "assessor": "by",
    "date": "on",
    "assessed_on": "on",
    "dato": "on",
}
_REQUIRED = ("key", "criterion", "status", "justification")


class AssessmentError(TilsynError):
    """An assessments file with errors: every diagnostic, each with its row."""

    def __init__(self, diagnostics: list[Diagnostic], file: str):
        errors = sum(d.is_error for d in diagnostics)
        from tilsyn.diagnostics import language, phrase
        from tilsyn.glossary import count_phrase

        super().__init__(
            phrase(
                "assessment_errors", file=file, errors=count_phrase(errors, "error", language())
            ),
            hint=phrase("assessment_errors_hint"),
            diagnostics=diagnostics,
        )


@dataclass(frozen=True)
class AssessmentRow:
    """One row of an assessments file, as read (status already a code when it was known)."""

    key: str
    criterion: str
    status: str
    justification: str
    by: str = ""
    on: str = ""  # ISO date
    row: int | None = None


def assess(
    dataset: ScoredDataset,
    path: str | Path,
    *,
    personal_data: bool = False,
    names: Iterable[str] = (),
    lang: str = "nb",
) -> tuple[ScoredDataset, list[Diagnostic]]:
    """Read `path`, check it against `dataset`, and apply it.

    A justification is free text and who assessed is a person: unless `personal_data`, both
    are redacted as the records' free text is (`names` besides those guessed, placeholders in
    `lang`), an assessor's initials kept and a full name replaced, so no output made from the
    dataset holds them. Returns the assessed dataset and the warnings; raises AssessmentError
    when any row has an error, so a half-applied file never reaches a figure.
    """
    rows, diagnostics = read_assessments(path, dataset.survey.key)
    diagnostics += check(rows, dataset, str(path))
    diagnostics.sort(key=lambda d: d.row or 0)
    if any(d.is_error for d in diagnostics):
        raise AssessmentError(diagnostics, str(path))
    if not personal_data:
        rows = redacted(rows, names, lang)
    return apply(dataset, rows), diagnostics


def redacted(rows: Iterable[AssessmentRow], names: Iterable[str], lang: str) -> list[AssessmentRow]:
    """The rows with personal data in the justification redacted and who assessed shown as
    initials or the name placeholder."""
    from tilsyn.privacy import Detector, redact_assessor

    detector = Detector(tuple(names))
    return [
        dataclasses.replace(
            row,
            justification=detector.redact(row.justification, lang) or "",
            by=redact_assessor(row.by, lang),
        )
        for row in rows
    ]


def read_assessments(
    path: str | Path, key_field: str = "key"
) -> tuple[list[AssessmentRow], list[Diagnostic]]:
    """The rows of an assessments file, and the problems found in the file itself."""
    path = Path(path)
    file = str(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        return [], [_problem("ASMT001", file, "type", suffix=suffix or "–")]
    try:
        there = path.is_file()
    except (OSError, ValueError) as exc:  # a name too long, a loop of links
        detail = getattr(exc, "strerror", None) or exc
        return [], [_problem("ASMT001", file, "os", detail=detail)]
    if not there:
        return [], [_problem("ASMT001", file, "missing")]
    try:
        headers, raw = _read_toml(path) if suffix == ".toml" else _read_table(path)
    except _Unreadable as exc:
        return [], [
            _problem("ASMT001", file, "read", row=exc.row, message=exc.message, hint=exc.hint)
        ]
    diagnostics = []
    columns = {**_COLUMNS, key_field.casefold(): "key"}  # the survey's own key: call_id ...
    names = {h: columns.get(str(h).strip().casefold()) for h in headers}
    unknown = [str(h) for h, name in names.items() if name is None and str(h).strip()]
    missing = [n for n in _REQUIRED if n not in names.values()]
    if unknown or missing:
        from tilsyn.diagnostics import phrase

        what = "; ".join(
            filter(
                None,
                [
                    unknown and phrase("unknown_columns", columns=", ".join(unknown)),
                    missing and phrase("missing_columns", columns=", ".join(missing)),
                ],
            )
        )
        return [], [_problem("ASMT002", file, what=what)]
    rows = []
    for number, values in raw:
        cells = {names[h]: _text(v) for h, v in values.items() if names.get(h)}
        row, problems = _row(cells, number, file)
        diagnostics += problems
        if row is not None:
            rows.append(row)
    return rows, diagnostics


def check(rows: Iterable[AssessmentRow], dataset: ScoredDataset, file: str) -> list[Diagnostic]:
    """Each row against the dataset: a known record and criterion, one row per result, and a
    status that differs from the automatic one (a warning when it does not)."""
    results = {r.key: r.results for r in dataset.records}
    diagnostics = []
    seen: dict[tuple[str, str], int | None] = {}
    for row in rows:
        where = {"file": file, "row": row.row, "key": row.key, "field": row.criterion}
        if row.key not in results:
            diagnostics.append(
                _problem(
                    "ASMT003",
                    variant="unknown",
                    key_name=_key_noun(dataset),
                    value=row.key,
                    **where,
                )
            )
            continue
        if row.criterion not in results[row.key]:
            diagnostics.append(
                _problem(
                    "ASMT004",
                    variant="unknown",
                    value=row.criterion,
                    ids=", ".join(dataset.criterion_ids[:3]),
                    **where,
                )
            )
            continue
        pair = (row.key, row.criterion)
        if pair in seen:
            diagnostics.append(
                _problem(
                    "ASMT007", key_value=row.key, criterion=row.criterion, other=seen[pair], **where
                )
            )
            continue
        seen[pair] = row.row
        result = results[row.key][row.criterion]
        automatic = result.automatic_status or result.status
        if row.status == automatic:
            from tilsyn.diagnostics import language
            from tilsyn.i18n import status_label

            diagnostics.append(
                _problem("ASMT008", status=status_label(automatic, language()), **where)
            )
    return diagnostics


def apply(dataset: ScoredDataset, rows: Iterable[AssessmentRow]) -> ScoredDataset:
    """A copy of `dataset` with the assessed results' final status, and every count recomputed.

    Rows must have passed `check`; a row that agrees with the automatic status changes
    nothing. The input dataset is not modified.
    """
    from tilsyn.aggregate import count_criteria
    from tilsyn.dataset import Assessment, ScoredRecord
    from tilsyn.scoring import regroup

    by_key: dict[str, list[AssessmentRow]] = {}
    for row in rows:
        by_key.setdefault(row.key, []).append(row)
    records = []
    for record in dataset.records:
        changes = by_key.get(record.key)
        if changes:
            results = dict(record.results)
            for row in changes:
                result = results[row.criterion]
                automatic = result.automatic_status or result.status
                if row.status == automatic:
                    results[row.criterion] = result._replace(
                        automatic_status=None, assessment=None, status=automatic
                    )
                    continue
                results[row.criterion] = result._replace(
                    status=row.status,
                    automatic_status=automatic,
                    assessment=Assessment(row.justification, row.by, row.on),
                )
            record = ScoredRecord(record.key, record.info, results, record.values)
        records.append(record)
    assessed = dataclasses.replace(dataset, records=records)
    counted = {c.id: c.counts for c in count_criteria(records, dataset.criterion_ids)}
    assessed.criteria = [dataclasses.replace(c, counts=counted[c.id]) for c in dataset.criteria]
    assessed.groups = {by: regroup(assessed, by) for by in dataset.groups}
    return assessed


def assessed_results(dataset: ScoredDataset) -> Iterator[tuple[ScoredRecord, str, Result]]:
    """(record, criterion id, result) of every result an inspector's assessment changed."""
    for record in dataset.records:
        for cid, result in record.results.items():
            if result.assessment is not None:
                yield record, cid, result


# ---------------------------------------------------------------------------------------------
# Reading


class _Unreadable(Exception):
    def __init__(self, message: str, hint: str, row: int | None = None):
        self.message, self.hint, self.row = message, hint, row


def _read_table(path: Path) -> tuple[list[str], list[tuple[int | None, dict[str, Any]]]]:
    """Headers and numbered rows of a CSV file or the first sheet of a workbook."""
    from tilsyn.readers.base import ReadError

    try:
        if path.suffix.lower() == ".csv":
            from tilsyn.readers.csvfile import read_csv as read
        else:
            from tilsyn.readers.xlsxfile import read_xlsx as read
        tables = read(path)  # kept while the rows are read: the reader closes the file after
        table = next(tables, None)
        if table is None:
            raise _Unreadable(*render("ASMT001", "sheet"))
        rows = []
        for item in table.rows:
            if isinstance(item, ReadError):
                raise _Unreadable(item.message, item.hint, item.row)
            rows.append((item.row, item.values))
        tables.close()
    except ReadError as exc:
        raise _Unreadable(exc.message, exc.hint, exc.row) from None
    except OSError as exc:
        raise _Unreadable(*render("ASMT001", "os", {"detail": os_reason(exc)})) from None
    return list(table.headers or []), rows


def _read_toml(path: Path) -> tuple[list[str], list[tuple[int | None, dict[str, Any]]]]:
    """The `[[assessment]]` tables of a TOML file, numbered from 1 in the file's order."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _Unreadable(*render("ASMT001", "toml", {"detail": exc})) from None
    entries = data.get("assessment", data.get("assessments"))
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise _Unreadable(*render("ASMT001", "empty"))
    headers = list(dict.fromkeys(k for entry in entries for k in entry))
    return headers, list(enumerate(entries, start=1))


def _text(value: Any) -> Any:
    """A cell as text: spreadsheets give numbers for keys such as 1001, and dates as dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    return str(value).strip()


def _row(
    cells: dict[str, Any], number: int | None, file: str
) -> tuple[AssessmentRow | None, list[Diagnostic]]:
    key, criterion = cells.get("key", ""), cells.get("criterion", "")
    where = {"file": file, "row": number, "key": key or None, "field": criterion or None}
    problems = []
    if not key or not criterion:
        problems.append(_problem("ASMT003" if not key else "ASMT004", **where))
    status = _status(cells.get("status", ""))
    if status is None:
        problems.append(_problem("ASMT005", value=cells.get("status", ""), **where))
    justification = cells.get("justification", "")
    if not justification:
        problems.append(_problem("ASMT006", **where))
    on = _date(cells.get("on", ""))
    if on is None:
        problems.append(_problem("ASMT009", value=cells.get("on"), **where))
    if problems:
        return None, problems
    return AssessmentRow(
        str(key), str(criterion), status, str(justification), str(cells.get("by", "")), on, number
    ), []


# Other words inspectors use for a criterion's outcome, besides the status words of every
# language: the older «bestått / ikke bestått», and «pass / fail» written out.
_SYNONYMS = {
    "pass": {"bestått", "passed"},
    "fail": {"ikke bestått", "ikkje bestått", "failed"},
    "not_applicable": {"n/a", "ikke aktuelt", "ikkje aktuelt"},
}


def _status(text: Any) -> str | None:
    """pass / fail / not_applicable from a code, a word (nb, nn, en) or "✔ bestått"."""
    from tilsyn.i18n import LANGS, status_label, status_text

    wanted = str(text).strip().casefold()
    for status in ASSESSABLE:
        words = {status, status.replace("_", " "), *_SYNONYMS[status]}
        for lang in LANGS:
            words |= {status_label(status, lang).casefold(), status_text(status, lang).casefold()}
        if wanted in words:
            return status
    return None


def _date(value: Any) -> str | None:
    """An ISO date from a date, 2022-05-03 or 03.05.2022; "" when empty, None when not a date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return ""
    for form in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return None


def _key_noun(dataset: ScoredDataset) -> str:
    """The record key by its label inside a sentence («samtale-ID», «call ID»), not its code."""
    from tilsyn.diagnostics import language
    from tilsyn.glossary import in_sentence

    survey = dataset.survey
    return in_sentence(survey.label(survey.key, language()))


def _problem(
    code: str,
    file: str,
    variant: str = "",
    *,
    row: int | None = None,
    key: str | None = None,
    field: str | None = None,
    **params: Any,
) -> Diagnostic:
    """An ASMT diagnostic, its words from the registry."""
    return diagnostic(code, variant, params, file=file, key=key, field=field, row=row)
