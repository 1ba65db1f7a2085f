"""The auditor workbook: the records, their results, and everything needed to check a number.

Sheets, each one Excel table: the records (every field, loads straight back), results (one row
per record, one column per criterion), evidence (one row per record and criterion), summary
(per criterion, nationally and per group of the survey's first grouping level), criteria, recommendations and provenance. The
sheets after the first are named in the custom property `tilsyn:sheets-without-records`, which
the spreadsheet reader honours.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, Sequence

from tilsyn.aggregate import Counts, group_by
from tilsyn.export.columns import FieldColumns, Style, assessment_cells, derived_headers
from tilsyn.export.provenance import Provenance
from tilsyn.export.words import capitalised, status_heading, w
from tilsyn.export.workbook import PERCENT, WorkbookWriter
from tilsyn.formats.export_sheets import SHEETS_WITHOUT_RECORDS
from tilsyn.i18n import DOC_LANG, STATUSES, legal_references, word
from tilsyn.report.text import source_name


def write_workbook(
    path: Path,
    records: Sequence[Any],
    run: Any,
    catalogue: Any,
    style: Style,
    provenance: Provenance,
) -> None:
    """Write the workbook to `path` (the caller makes the write atomic)."""
    survey = catalogue.survey
    lang = style.lang
    noun = capitalised(survey.record_noun_plural[lang])
    sheet = _Sheets(survey, style, run)
    with WorkbookWriter(
        path, provenance.created, _properties(survey, style, provenance), {}
    ) as book:
        fields = FieldColumns(survey, style)
        book.sheet(
            noun,
            survey.records_key.capitalize(),
            fields.headers(),
            (_joined(fields.values(r.values)) for r in records),
        )
        others = book.sheet(w("results", lang), "Results", *sheet.results(records))
        others += book.sheet(w("evidence_sheet", lang), "Evidence", *sheet.evidence())
        others += book.sheet(
            w("summary", lang),
            "Summary",
            *sheet.summary(),
            styles={7: PERCENT, 8: PERCENT, 9: PERCENT},
        )
        others += book.sheet(w("criteria", lang), "Criteria", *sheet.criteria(catalogue))
        others += book.sheet(
            w("recommendations", lang), "Recommendations", *sheet.recommendations(catalogue, noun)
        )
        others += book.sheet(w("provenance", lang), "Provenance", *_provenance(provenance, noun))
        book.custom.update(_custom(survey, provenance, others))


def _joined(values: list[Any]) -> list[Any]:
    """Several choices in one cell, separated by "; " as inspectors type them."""
    return ["; ".join(v) if isinstance(v, tuple) else v for v in values]


class _Sheets:
    """Headers and rows of the sheets after the first, in the export's language."""

    def __init__(self, survey: Any, style: Style, run: Any):
        self.survey = survey
        self.style = style
        self.lang = style.lang
        self.run = run
        self.ids = list(run.criterion_ids)
        self.status = style.status_writer()
        self.redact = style.redactor()

    def _key_header(self) -> str:
        key = self.survey.key
        return key if self.style.codes else self.survey.label(key, self.lang)

    def results(self, records: Sequence[Any]) -> tuple[list[str], Iterator[list]]:
        fields = FieldColumns(self.survey, self.style, (self.survey.key, *self.survey.group_fields))
        derived = self.survey.shown_derived
        headers = fields.headers() + derived_headers(self.survey, self.style) + self.ids

        def rows():
            for record, scored in zip(records, self.run.records, strict=True):
                yield (
                    fields.values(record.values)
                    + [scored.info.get(n) for n in derived]
                    + [self.status(scored.results[cid].status) for cid in self.ids]
                )

        return headers, rows()

    def evidence(self) -> tuple[list[str], Iterator[list]]:
        lang = self.lang
        headers = [self._key_header(), w("criterion", lang), w("status", lang), w("evidence", lang)]
        from tilsyn.assessments import assessed_results

        assessed = next(assessed_results(self.run), None) is not None
        if assessed:  # the inspector's assessments beside the automatic status
            headers += [w("automatic_status", lang), w("assessment", lang)]

        def rows():
            for scored in self.run.records:
                for cid in self.ids:
                    result = scored.results[cid]
                    row = [
                        scored.key,
                        cid,
                        self.status(result.status),
                        self.redact(result.evidence) or None,
                    ]
                    if assessed:
                        row += assessment_cells(result, self.status, self.redact)
                    yield row

        return headers, rows()

    def summary(self) -> tuple[list[str], Iterator[list]]:
        lang = self.lang
        headers = [
            w("area", lang),
            w("criterion", lang),
            w("title", lang),
            *(status_heading(s, lang) for s in STATUSES),
            w("share", lang),
            w("ci_low", lang),
            w("ci_high", lang),
        ]
        titles = {c.id: c.title for c in self.run.criteria}
        top = self.survey.levels[0] if self.survey.levels else None
        field = self.survey.by_name[top.field] if top else None

        def area(code: str) -> str:
            if self.style.codes or field is None or not field.is_choice:
                return code
            return field.choice_label(code, lang)

        def rows():
            national = "national" if self.style.codes else word("national", lang)
            for summary in self.run.criteria:
                yield _counts_row(national, summary.id, summary.title, summary.counts)
            groups = self.run.groups.get(top.id) or group_by(self.run, top.fields) if top else []
            for group in groups:
                for counted in group.criteria:
                    yield _counts_row(
                        area(group.group), counted.id, titles.get(counted.id, ""), counted.counts
                    )

        return headers, rows()

    def criteria(self, catalogue: Any) -> tuple[list[str], Iterator[list]]:
        lang = self.lang
        headers = [
            w("criterion", lang),
            w("title", lang),
            w("rationale", lang),
            w("legal_basis", lang),
            w("severity", lang),
            w("recommendations", lang),
            w("applies_when", lang),
            w("passes_when", lang),
            w("parameters", lang),
            w("catalogue", lang),
        ]
        used = self.run.parameters
        version = f"{catalogue.id} {catalogue.version}"

        def rows():
            for c in catalogue.criteria:
                params = "; ".join(f"{name} = {used.get(name)}" for name in c.parameters)
                yield [
                    c.id,
                    c.title[lang],
                    c.rationale[lang],
                    legal_references(c.legal_basis[lang], lang),
                    word(c.severity, lang),
                    ", ".join(c.recommendations),
                    c.applies.source if c.applies is not None else word("always", lang),
                    c.passes.source,
                    params or None,
                    version,
                ]

        return headers, rows()

    def recommendations(self, catalogue: Any, noun: str) -> tuple[list[str], Iterator[list]]:
        lang = self.lang
        headers = [
            "ID",
            w("title", lang),
            w("text", lang),
            w("source", lang),
            w("linked_criteria", lang),
            w("failed_results", lang),
            w("records_failing", lang, noun=noun),
        ]
        linked: dict[str, list[str]] = {}
        for c in catalogue.criteria:
            for rid in c.recommendations:
                linked.setdefault(rid, []).append(c.id)
        fails = {c.id: c.counts.failed for c in self.run.criteria}

        def rows():
            for rid, rec in catalogue.recommendations.items():
                ids = linked.get(rid)
                if not ids:
                    continue
                failing = sum(
                    1
                    for r in self.run.records
                    if any(r.results[cid].status == "fail" for cid in ids)
                )
                yield [
                    rid,
                    rec.title[lang],
                    rec.text[lang],
                    source_name(rec.source, lang),
                    ", ".join(ids),
                    sum(fails.get(cid, 0) for cid in ids),
                    failing,
                ]

        return headers, rows()


def _counts_row(area: str, cid: str, title: str, counts: Counts) -> list:
    ci = counts.ci95
    return [
        area,
        cid,
        title,
        counts.passed,
        counts.failed,
        counts.not_applicable,
        counts.not_answered,
        counts.share,
        ci[0] if ci else None,
        ci[1] if ci else None,
    ]


def _provenance(p: Provenance, noun: str) -> tuple[list[str], list[list]]:
    lang = p.lang
    headers = [
        w("item", lang),
        w("value", lang),
        w("sha256", lang),
        w("records_read", lang, noun=noun),
    ]
    defaults = p.catalogue.get("defaults", {})
    rows: list[list] = [
        [w("tool", lang), f"tilsyn {p.tilsyn_version}", None, None],
        [w("survey", lang), f"{p.survey['id']} {p.survey['version']}", None, None],
        [
            w("catalogue", lang),
            f"{p.catalogue['id']} {p.catalogue['version']} ({p.catalogue.get('source', '')})",
            None,
            None,
        ],
    ]
    for name, value in p.catalogue.get("parameters", {}).items():
        note = f" ({w('default_value', lang)})" if defaults.get(name) == value else ""
        rows.append([w("parameter", lang), f"{name} = {value}{note}", None, None])
    rows += [
        [w("language", lang), lang, None, None],
        [w("values_as", lang), w("codes" if p.codes else "labels", lang), None, None],
        [w("personal_data", lang), word("yes" if p.personal_data else "no", lang), None, None],
        [w("exported_at", lang), p.created, None, None],
        [w("records_exported", lang, noun=noun), p.records, None, None],
        [w("records_excluded", lang, noun=noun), p.excluded, None, None],
    ]
    rows += [[w("input_file", lang), f.path, f.sha256, f.records] for f in p.files]
    return headers, rows


def _properties(survey: Any, style: Style, p: Provenance) -> dict[str, str]:
    lang = style.lang
    personal = w("personal_yes" if p.personal_data else "personal_no", lang)
    return {
        "title": w("doc_title", lang),
        "subject": survey.title.get(lang, survey.id),
        "creator": f"tilsyn {p.tilsyn_version}",
        "description": personal,
        "keywords": f"tilsyn; {survey.id}; personal-data={'yes' if p.personal_data else 'no'}",
        "language": DOC_LANG[lang],
    }


def _custom(survey: Any, p: Provenance, others: list[str]) -> dict[str, str]:
    return {
        SHEETS_WITHOUT_RECORDS: json.dumps(others, ensure_ascii=False),
        "tilsyn:personal-data": "yes" if p.personal_data else "no",
        "tilsyn:survey": f"{survey.id} {survey.version}",
        "tilsyn:catalogue": f"{p.catalogue['id']} {p.catalogue['version']}",
        "tilsyn:version": p.tilsyn_version,
    }
