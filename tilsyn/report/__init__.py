"""Findings and recommendation reports, national, per county or per office, in bokmål, nynorsk
or English.

    >>> import tilsyn
    >>> from tilsyn.report import render_report
    >>> dataset = tilsyn.open_dataset(["sample_data/"])   # or a saved results.json
    >>> render_report(dataset, "rapport.docx", scope="county:vestland", lang="nn")

The report is made from a scored dataset and never scores: the same dataset gives the same
document, whether fresh or read back from `tilsyn score -o`. Its content is built once as a
format-neutral document tree (`content`, `document`); a writer per format lays it out: Word
(`docx`, in a restylable template whose words live in `templates/<lang>/`), a web page
(`html`) and a tagged PDF (`pdf`: the Word document through LibreOffice).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, TypedDict, Unpack

from tilsyn.i18n import LANGS
from tilsyn.report.content.build import build_document, free_text_of
from tilsyn.report.content.conclusions import SupportRule
from tilsyn.report.content.context import SMALL_SAMPLE, in_scope
from tilsyn.report.content.scope import Scope, parse_scope, scope_words
from tilsyn.report.details import ReportDetails, read_details
from tilsyn.report.languages import mark_quoted_terms
from tilsyn.report.text import ReportError, default_template, templates_root

if TYPE_CHECKING:
    from tilsyn.dataset import ScoredDataset
    from tilsyn.report.document import Document

__all__ = [
    "FORMATS",
    "LANGS",
    "SMALL_SAMPLE",
    "ReportDetails",
    "ReportError",
    "ReportInfo",
    "ReportOptions",
    "Scope",
    "SupportRule",
    "build_report",
    "default_template",
    "parse_scope",
    "read_details",
    "render_report",
    "templates_root",
]


@dataclass
class ReportInfo:
    """What a rendered report holds, for the command's summary line, and what to warn about."""

    path: Path
    scope: Scope
    lang: str
    records: int
    figures: int
    warnings: list[str] = field(default_factory=list)


def _write_docx(document: Document, template: Path | None, when: dt.datetime) -> bytes:
    from tilsyn.report.docx.writer import render_docx

    return render_docx(document, template or default_template(document.meta.lang), when=when)


def _write_html(document: Document, template: Path | None, when: dt.datetime) -> bytes:
    from tilsyn.report.html.writer import render_html

    return render_html(document, when)


def _write_pdf(document: Document, template: Path | None, when: dt.datetime) -> bytes:
    """The Word document, converted by LibreOffice into a tagged PDF (report/pdf.py)."""
    from tilsyn.report.pdf import docx_to_pdf

    meta = document.meta
    return docx_to_pdf(_write_docx(document, template, when), meta.title, meta.language_tag)


# A writer per output format, chosen by the output's suffix: (document, template, time) -> bytes.
FORMATS: dict[str, Callable[[Document, Path | None, dt.datetime], bytes]] = {
    ".docx": _write_docx,
    ".html": _write_html,
    ".pdf": _write_pdf,
}


class ReportOptions(TypedDict, total=False):
    """What a report may be asked for beyond its dataset, scope and language (`build_report`)."""

    include_personal_data: bool
    names: Iterable[str]
    small_sample: int
    today: dt.date | None
    baseline: ScoredDataset | None
    support: SupportRule
    details: ReportDetails
    allow_overlap: bool


def build_report(
    dataset: ScoredDataset,
    scope: str | Scope = "national",
    lang: str = "nb",
    **options: Unpack[ReportOptions],
) -> tuple[Document, list[str]]:
    """The report on `dataset` as a document tree, and what to warn the user about.

    Free text is left out unless `include_personal_data`, and then redacted (national identity
    numbers, phone numbers, e-mail addresses, `names`). `baseline`, the previous survey's dataset,
    adds a chapter on developments (rounds that share records are CompareError CMP003 unless
    `allow_overlap`, and then said); `support` is the rule for when the findings support a
    recommendation (stated in the report); `details` the report's number, author and date.
    Groups of fewer than `small_sample` records (default 10) get counts only. Raises
    ReportError (RPT codes).
    """
    document, warnings, _, _ = _build(dataset, scope, lang, **options)
    return document, warnings


def _build(
    dataset: ScoredDataset,
    scope: str | Scope,
    lang: str,
    *,
    include_personal_data: bool = False,
    names: Iterable[str] = (),
    small_sample: int = SMALL_SAMPLE,
    today: dt.date | None = None,
    baseline: ScoredDataset | None = None,
    support: SupportRule = SupportRule(),
    details: ReportDetails = ReportDetails(),
    allow_overlap: bool = False,
) -> tuple[Document, list[str], Scope, int]:
    """`build_report`'s document and warnings, with the scope read and its number of records."""
    from tilsyn.diagnostics import language, phrase
    from tilsyn.reproducible import today as today_

    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use nb, nn or en")
    survey = dataset.survey
    scope = scope if isinstance(scope, Scope) else parse_scope(scope, survey)
    warnings = []
    free_text = None
    if include_personal_data:
        if not dataset.personal_data:
            warnings.append(phrase("report_redacted_dataset"))
        free_text = free_text_of(dataset.records, survey)
    document = build_document(
        dataset,
        scope,
        lang,
        free_text=free_text,
        names=names,
        small_sample=small_sample,
        today=today or today_(),
        baseline=baseline,
        include_personal_data=include_personal_data,
        support=support,
        details=details,
        allow_overlap=allow_overlap,
    )
    mark_quoted_terms(document)
    if baseline is not None and allow_overlap:
        from tilsyn.compare import shared_keys
        from tilsyn.narrative import shared_note

        shared = len(shared_keys(baseline, dataset, allow=True))
        if shared:
            warnings.append(shared_note(survey, shared, language()))
    records = len(in_scope(dataset, scope, survey))
    if records < small_sample:
        nouns = survey.record_noun, survey.record_noun_plural
        noun = (nouns[0] if records == 1 else nouns[1])[language()]
        warnings.append(
            phrase(
                "report_small_scope",
                scope=scope_words(scope, survey, language()),
                n=records,
                noun=noun,
                minimum=small_sample,
            )
        )
    return document, warnings, scope, records


def render_report(
    dataset: ScoredDataset,
    output: str | Path,
    scope: str | Scope = "national",
    lang: str = "nb",
    template: str | Path | None = None,
    **options: Unpack[ReportOptions],
) -> ReportInfo:
    """Write the report on `dataset` to `output` (atomically) in the format its suffix names
    (`FORMATS`), and say what it holds. `template` is a .docx whose look a Word report takes
    (default: templates/report-<lang>.docx); `options` are `build_report`'s. Dates come from
    SOURCE_DATE_EPOCH when it is set, so two runs give the same file. Raises ReportError (RPT
    codes) and OutputError.
    """
    from tilsyn.outputs import write_bytes
    from tilsyn.reproducible import now

    output = Path(output)
    writer = FORMATS.get(output.suffix.lower())
    if writer is None:
        raise ValueError(f"no report writer for {output.suffix!r}; use one of {sorted(FORMATS)}")
    document, warnings, scope, records = _build(dataset, scope, lang, **options)
    data = writer(document, Path(template) if template is not None else None, now())
    write_bytes(output, data)
    return ReportInfo(output, scope, lang, records, len(document.figures), warnings)
