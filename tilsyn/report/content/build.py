"""The report's content: a scored run, a scope and a language in; the document tree out.

Every word, number, table row and chart series of the report is decided here and in the
chapter modules beside this one, once, for every output format: writers only lay the tree out
(tilsyn/report/document.py). Every number is counted from the run's statuses; nothing is
asserted.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Iterable

from tilsyn.report.content import about, appendix, conclusions, findings, front
from tilsyn.report.content.conclusions import SupportRule
from tilsyn.report.content.context import SMALL_SAMPLE, ReportContext
from tilsyn.report.content.developments import developments
from tilsyn.report.content.followup import followup
from tilsyn.report.content.glosses import gloss_first_uses
from tilsyn.report.content.scope import Scope
from tilsyn.report.details import ReportDetails
from tilsyn.report.document import Document, Figure, Inline, Paragraph, Ref, Section, Table
from tilsyn.report.text import Strings
from tilsyn.survey import Survey

if TYPE_CHECKING:
    from tilsyn.dataset import ScoredDataset, ScoredRecord


def free_text_of(records: Iterable[ScoredRecord], survey: Survey) -> dict[str, dict[str, str]]:
    """Key -> the free-text fields that may hold personal data (notes, message text), if filled."""
    fields = [f.name for f in survey.fields if f.personal_data]
    return {str(r.key): {f: r.values[f] for f in fields if r.values.get(f)} for r in records}


def _assessed(ctx: ReportContext, assessed: Section | None) -> str:
    """The method's sentence on results assessed differently; "" when none were assessed."""
    from tilsyn.assessments import assessed_results
    from tilsyn.narrative import assessment_summary

    if next(iter(assessed_results(ctx.run)), None) is None:
        return ""
    if ctx.scope.kind == "national":
        return assessment_summary(ctx.run, ctx.lang)
    from tilsyn.analysis_texts import Texts

    texts = Texts(ctx.lang)
    n = len(assessed.blocks[-1].rows) if assessed is not None else 0
    return texts("assessments.summary", n=n) if n else texts("assessments.none")


def build_document(
    dataset: ScoredDataset,
    scope: Scope,
    lang: str,
    *,
    free_text: dict[str, dict[str, str]] | None = None,
    names: Iterable[str] = (),
    small_sample: int = SMALL_SAMPLE,
    today: dt.date | None = None,
    baseline: ScoredDataset | None = None,
    support: SupportRule = SupportRule(),
    include_personal_data: bool = False,
    details: ReportDetails = ReportDetails(),
    allow_overlap: bool = False,
) -> Document:
    """The report on `dataset` in `lang`, limited to `scope`, as a document tree.

    Criterion texts come from the dataset's catalogue in `lang`; `free_text` (from
    `free_text_of`) adds the redacted free-text appendix; the dataset's `related` runs of
    other survey kinds give results set beside a criterion; `baseline` (the previous survey's
    dataset) adds the chapter on developments
    (rounds that share records are refused unless `allow_overlap`); `support` is the rule for
    when findings support a recommendation; `details` the report's number, author and date.
    Groups of fewer than `small_sample` records are shown as counts only.
    """
    survey = dataset.survey
    strings = Strings(
        lang,
        survey.id,
        survey.record_noun[lang],
        survey.record_noun_plural[lang],
        survey.record_term(lang),
    )
    ctx = ReportContext.make(
        dataset,
        scope,
        strings,
        survey,
        catalogue=dataset.catalogue,
        free_text=free_text,
        small_sample=small_sample,
        today=details.date or today,
        related=dataset.related,
        baseline=baseline,
        allow_overlap=allow_overlap,
    )
    meta = front.meta(ctx, details)
    areas = findings.wider_areas(ctx)
    # Tables are numbered in the order the document shows them; the matrix follows the
    # criteria, the first appendix.
    method = about.method(ctx)
    found = findings.findings(ctx, areas, 2 if findings.has_matrix(ctx) else None)
    body = [
        about.introduction(ctx),
        about.legal_basis(ctx),
        method,
        found,
        developments(ctx),
        followup(ctx),
        conclusions.assessment(ctx),
        conclusions.conclusion(ctx, support),
    ]
    attached = [
        ("catalogue", appendix.catalogue(ctx)),
        ("matrix", findings.comparison_matrix(ctx, areas)),
        ("scorecard", appendix.scorecard(ctx)),
        ("assessed", appendix.assessed(ctx, include_personal_data, names)),
        ("free_text", appendix.free_text(ctx, names)),
    ]
    assessed = _assessed(ctx, dict(attached)["assessed"])
    if assessed:
        method.sections[-1].blocks.append(Paragraph([assessed]))
    groups = strings(f"groups.{ctx.breakdown()[0]}_many")
    appendices = _numbered_appendices(strings, attached, groups=groups)
    sections = [front.summary(ctx), *(s for s in body if s is not None)]
    document = Document(meta, sections, appendices)
    link_references(document, strings)
    gloss_first_uses(document, lang)
    return document


def _numbered_appendices(
    strings: Strings, attached: list[tuple[str, Section | None]], **values: str
) -> list[Section]:
    """«Vedlegg 1: Kriteriene», ... numbered over the appendices the report holds; `values`
    name what a title speaks of («Sammenligning mellom statsforvalterne»)."""
    present = [(name, section) for name, section in attached if section is not None]
    for number, (name, section) in enumerate(present, 1):
        title = strings(f"headings.appendix_{name}", **values)
        section.title = strings("appendix", n=number, title=title)
        section.id = f"appendix-{number}"
    return [section for _, section in present]


def link_references(document: Document, strings: Strings) -> None:
    """Turn «Tabell 3», «Figur 1» and «Vedlegg 2» in running text into cross-references to
    the table, figure or appendix of that number, where the document holds it."""
    targets = {("table", t.number): t.id for t in document.blocks(Table)}
    targets |= {("figure", f.number): f.id for f in document.blocks(Figure)}
    for number, _ in enumerate(document.appendices, 1):
        targets[("appendix", number)] = f"appendix-{number}"
    words = {strings.raw(f"labels.{kind}").casefold(): kind for kind in ("table", "figure")}
    words[strings.raw("labels.appendix").casefold()] = "appendix"
    pattern = re.compile(
        r"\b(%s)\s(\d+)\b" % "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)),
        re.IGNORECASE,
    )

    def linked(text: str) -> list[Inline]:
        out: list[Inline] = []
        last = 0
        for match in pattern.finditer(text):
            target = targets.get((words[match[1].casefold()], int(match[2])))
            if target is None:
                continue
            out += [text[last : match.start()], Ref(target, match[0])]
            last = match.end()
        return [piece for piece in [*out, text[last:]] if piece] if out else [text]

    for content in document.runs():
        content[:] = [
            part for item in content for part in (linked(item) if isinstance(item, str) else [item])
        ]
