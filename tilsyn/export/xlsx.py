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
from typing import TYPE_CHECKING, Any, Iterator

from tilsyn.aggregate import Counts, group_by
from tilsyn.export.columns import FieldColumns, Style, assessment_cells, derived_headers
from tilsyn.export.provenance import Provenance
from tilsyn.formats.export_sheets import SHEETS_WITHOUT_RECORDS
from tilsyn.formats.workbook import PERCENT, WorkbookWriter
from tilsyn.glossary import term
from tilsyn.i18n import DOC_LANG, STATUSES, catalogue_name, legal_references, status_label, word
from tilsyn.texts import Texts, source_name

if TYPE_CHECKING:
    from tilsyn.criteria import Catalogue
    from tilsyn.dataset import ScoredDataset
    from tilsyn.survey import Survey


def write_workbook(
    path: Path, dataset: ScoredDataset, style: Style, provenance: Provenance
) -> None:
    """Write the workbook to `path` (the caller makes the write atomic)."""
    survey, catalogue, records = dataset.survey, dataset.catalogue, dataset.records
    lang = style.lang
    words = Texts("export", lang)
    noun = capitalised(survey.record_noun_plural[lang])
    sheet = _Sheets(dataset, style)
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
        others = book.sheet(words("results"), "Results", *sheet.results())
        others += book.sheet(words("evidence_sheet"), "Evidence", *sheet.evidence())
        others += book.sheet(
            words("summary"),
            "Summary",
            *sheet.summary(),
            styles={7: PERCENT, 8: PERCENT, 9: PERCENT},
        )
        others += book.sheet(words("criteria"), "Criteria", *sheet.criteria(catalogue))
        others += book.sheet(
            word("recommendations", lang),
            "Recommendations",
            *sheet.recommendations(catalogue, noun),
        )
        others += book.sheet(words("provenance"), "Provenance", *_provenance(provenance, noun))
        book.custom.update(_custom(survey, provenance, others))


def _joined(values: list[Any]) -> list[Any]:
    """Several choices in one cell, separated by "; " as inspectors type them."""
    return ["; ".join(v) if isinstance(v, tuple) else v for v in values]


class _Sheets:
    """Headers and rows of the sheets after the first, in the export's language."""

    def __init__(self, dataset: ScoredDataset, style: Style):
        self.survey = dataset.survey
        self.style = style
        self.lang = style.lang
        self.words = Texts("export", style.lang)
        self.dataset = dataset
        self.ids = dataset.criterion_ids
        self.status = style.status_writer()
        self.redact = style.redactor()
        self.sign = style.signer()

    def _key_header(self) -> str:
        key = self.survey.key
        return key if self.style.codes else self.survey.label(key, self.lang)

    def results(self) -> tuple[list[str], Iterator[list]]:
        fields = FieldColumns(self.survey, self.style, (self.survey.key, *self.survey.group_fields))
        derived = self.survey.shown_derived
        headers = fields.headers() + derived_headers(self.survey, self.style) + self.ids

        def rows():
            for record in self.dataset.records:
                yield (
                    fields.values(record.values)
                    + [record.info.get(n) for n in derived]
                    + [self.status(record.results[cid].status) for cid in self.ids]
                )

        return headers, rows()

    def evidence(self) -> tuple[list[str], Iterator[list]]:
        lang = self.lang
        headers = [
            self._key_header(),
            word("criterion", lang),
            self.words("status"),
            term("evidence", lang),
        ]
        from tilsyn.assessments import assessed_results

        assessed = next(assessed_results(self.dataset), None) is not None
        if assessed:  # the inspector's assessments beside the automatic status
            headers += [self.words("automatic_status"), self.words("assessment")]

        def rows():
            for scored in self.dataset.records:
                for cid in self.ids:
                    result = scored.results[cid]
                    row = [
                        scored.key,
                        cid,
                        self.status(result.status),
                        self.redact(result.evidence) or None,
                    ]
                    if assessed:
                        row += assessment_cells(result, self.status, self.redact, self.sign)
                    yield row

        return headers, rows()

    def summary(self) -> tuple[list[str], Iterator[list]]:
        lang = self.lang
        headers = [
            self.words("area"),
            word("criterion", lang),
            self.words("title"),
            *(status_heading(s, lang) for s in STATUSES),
            word("share", lang),
            self.words("ci_low"),
            self.words("ci_high"),
        ]
        titles = {c.id: self.dataset.criterion_title(c.id, lang) for c in self.dataset.criteria}
        top = self.survey.levels[0] if self.survey.levels else None
        field = self.survey.by_name[top.field] if top else None

        def area(code: str) -> str:
            if self.style.codes or field is None or not field.is_choice:
                return code
            return field.choice_label(code, lang)

        def rows():
            national = "national" if self.style.codes else word("national", lang)
            for summary in self.dataset.criteria:
                yield _counts_row(national, summary.id, titles[summary.id], summary.counts)
            groups = (
                self.dataset.groups.get(top.id) or group_by(self.dataset, top.fields) if top else []
            )
            for group in groups:
                for counted in group.criteria:
                    yield _counts_row(
                        area(group.group), counted.id, titles.get(counted.id, ""), counted.counts
                    )

        return headers, rows()

    def criteria(self, catalogue: Catalogue) -> tuple[list[str], Iterator[list]]:
        lang = self.lang
        headers = [
            word("criterion", lang),
            self.words("title"),
            term("rationale", self.lang),
            word("legal_basis", lang),
            word("severity", lang),
            word("recommendations", lang),
            word("applies_when", lang),
            word("passes_when", lang),
            word("parameters", lang),
            term("catalogue", lang),
        ]
        used = self.dataset.parameters
        version = f"{catalogue.id} {catalogue.version}"

        def rows():
            for c in catalogue.criteria:
                params = "; ".join(f"{name} = {used.get(name)}" for name in c.parameters)
                yield [
                    c.id,
                    c.title_in(lang, used),
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

    def recommendations(self, catalogue: Catalogue, noun: str) -> tuple[list[str], Iterator[list]]:
        lang = self.lang
        headers = [
            "ID",
            self.words("title"),
            self.words("text"),
            self.words("source"),
            self.words("linked_criteria"),
            self.words("failed_results"),
            self.words("records_failing", noun=noun),
        ]
        linked: dict[str, list[str]] = {}
        for c in catalogue.criteria:
            for rid in c.recommendations:
                linked.setdefault(rid, []).append(c.id)
        fails = {c.id: c.counts.failed for c in self.dataset.criteria}

        def rows():
            for rid, rec in catalogue.recommendations.items():
                ids = linked.get(rid)
                if not ids:
                    continue
                failing = sum(
                    1
                    for r in self.dataset.records
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
    words = Texts("export", lang)
    headers = [
        words("item"),
        words("value"),
        words("sha256"),
        words("records_read", noun=noun),
    ]
    defaults = p.catalogue.get("defaults", {})
    title, version = p.survey_title, p.survey["version"]
    survey_words = Texts("words", lang)
    rows: list[list] = [
        [words("tool"), f"tilsyn {p.tilsyn_version}", None, None],
        [words("survey"), survey_words("version_of", title=title, version=version), None, None],
        [term("catalogue", lang), catalogue_name(title, p.catalogue, lang), None, None],
    ]
    for name, value in p.catalogue.get("parameters", {}).items():
        note = f" ({word('default', lang)})" if defaults.get(name) == value else ""
        rows.append([words("parameter"), f"{name} = {value}{note}", None, None])
    rows += [
        [words("language"), lang, None, None],
        [words("values_as"), words("codes" if p.codes else "labels"), None, None],
        [words("personal_data"), word("yes" if p.personal_data else "no", lang), None, None],
        [words("exported_at"), p.created, None, None],
        [words("records_exported", noun=noun), p.records, None, None],
        [words("records_excluded", noun=noun), p.excluded, None, None],
    ]
    rows += [[words("input_file"), f.path, f.sha256, f.records] for f in p.files]
    return headers, rows


def _properties(survey: Survey, style: Style, p: Provenance) -> dict[str, str]:
    lang = style.lang
    words = Texts("export", lang)
    personal = words("personal_yes" if p.personal_data else "personal_no")
    return {
        "title": words("doc_title"),
        "subject": survey.title.get(lang, survey.id),
        "creator": f"tilsyn {p.tilsyn_version}",
        "description": personal,
        "keywords": f"tilsyn; {survey.id}; personal-data={'yes' if p.personal_data else 'no'}",
        "language": DOC_LANG[lang],
    }


def _custom(survey: Survey, p: Provenance, others: list[str]) -> dict[str, str]:
    return {
        SHEETS_WITHOUT_RECORDS: json.dumps(others, ensure_ascii=False),
        "tilsyn:personal-data": "yes" if p.personal_data else "no",
        "tilsyn:survey": f"{survey.id} {survey.version}",
        "tilsyn:catalogue": f"{p.catalogue['id']} {p.catalogue['version']}",
        "tilsyn:version": p.tilsyn_version,
    }


def status_heading(status: str, lang: str) -> str:
    """ "Ikke oppfylt": a status as a column heading."""
    return capitalised(status_label(status, lang))


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
