"""The report as plain data: a scored run, a scope and a language in; every sentence, table row
and chart series the Word template shows out.

Kept apart from Word so the content can be tested (and reused for other formats)
without rendering anything, and so the template only lays out what is decided here. Every
number in the report is counted here from the run's statuses; nothing is asserted. Each
chapter is its own module, given the report's `ReportContext`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from tilsyn.report import about, appendix, conclusions, findings, front
from tilsyn.report.conclusions import SupportRule
from tilsyn.report.context import SMALL_SAMPLE, ReportContext
from tilsyn.report.developments import developments
from tilsyn.report.figures import Figure, chart_words
from tilsyn.report.scope import Scope, parse_scope, scope_levels
from tilsyn.report.text import Strings
from tilsyn.survey import Survey, get_survey

__all__ = [
    "Figure",
    "ReportModel",
    "SMALL_SAMPLE",
    "Scope",
    "SupportRule",
    "build_model",
    "chart_words",
    "free_text_of",
    "parse_scope",
    "scope_levels",
]


@dataclass
class ReportModel:
    """Everything the template shows (`values`, what jinja2 sees), and the charts to draw."""

    values: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)
    records: int = 0


def free_text_of(records: Iterable[Any], survey: Survey) -> dict[str, dict[str, str]]:
    """Key -> the free-text fields that may hold personal data (notes, message text), if filled."""
    fields = [f.name for f in survey.fields if f.personal_data]
    return {
        str(r.key): {f: r.values[f] for f in fields if r.values.get(f)}
        for r in records
        if r.survey == survey.id
    }


def _assessed(ctx: ReportContext, rows: dict[str, Any] | None) -> str:
    """The method's sentence on results assessed differently; "" when none were assessed."""
    from tilsyn.assessments import assessed_results
    from tilsyn.narrative import assessment_summary

    if next(iter(assessed_results(ctx.run)), None) is None:
        return ""
    if ctx.scope.kind == "national":
        return assessment_summary(ctx.run, ctx.lang)
    from tilsyn.analysis_texts import Texts

    texts, n = Texts(ctx.lang), len(rows["rows"]) if rows else 0
    return texts("assessments.summary", n=n) if n else texts("assessments.none")


def build_model(
    run: Any,
    scope: Scope,
    lang: str,
    *,
    catalogue: Any | None = None,
    free_text: dict[str, dict[str, str]] | None = None,
    names: Iterable[str] = (),
    small_sample: int = SMALL_SAMPLE,
    today: dt.date | None = None,
    related: dict[str, Any] | None = None,
    baseline: Any = None,
    support: SupportRule = SupportRule(),
    include_personal_data: bool = False,
) -> ReportModel:
    """The report's content for a `ScoreRun`, in `lang`, limited to `scope`.

    `catalogue` gives criterion texts in `lang` (without it, the run's own texts are used);
    `free_text` (from `free_text_of`) adds the redacted free-text appendix; `related` (survey
    id -> the run of another survey kind in the same input) gives results set beside a
    criterion (`beside`); `baseline` (the previous survey's run) adds the chapter on
    developments; `support` is the rule for when findings support a recommendation. Groups
    of fewer than `small_sample` records are shown as counts only.
    """
    survey = get_survey(run.survey["id"])
    strings = Strings(lang, survey.id, survey.record_noun[lang], survey.record_noun_plural[lang])
    ctx = ReportContext.make(
        run,
        scope,
        strings,
        survey,
        catalogue=catalogue,
        free_text=free_text,
        small_sample=small_sample,
        today=today,
        related=related,
        baseline=baseline,
    )
    doc = front.title_page(ctx)
    areas = findings.wider_areas(ctx)
    # Tables are numbered in the order the document shows them.
    method = about.method(ctx)
    # The matrix follows the criteria, the first appendix.
    found = findings.findings(ctx, areas, 2 if findings.has_matrix(ctx) else None)
    sections = {
        "lang": lang,
        "t": strings.report,
        **strings.nouns,
        "doc": doc,
        "introduction": about.introduction(ctx, doc["scope_label"]),
        "legal": about.legal_basis(ctx),
        "about": method,
        "findings": found,
        "developments": developments(ctx),
        "assessment": conclusions.assessment(ctx),
        "conclusion": conclusions.conclusion(ctx, support),
    }
    attached = {
        "catalogue": appendix.catalogue_rows(ctx),
        "matrix": findings.comparison_matrix(ctx, areas),
        "scorecard": appendix.scorecard(ctx),
        "assessed": appendix.assessed_rows(ctx, include_personal_data, names),
        "free_text": appendix.free_text_rows(ctx, names),
    }
    assessed = _assessed(ctx, attached["assessed"])
    if assessed:
        method["method"].append(assessed)
    sections["summary"] = front.summary(ctx)
    sections["appendix"] = {**attached, "headings": _appendix_headings(strings, attached)}
    return ReportModel(sections, ctx.figures, len(ctx.records))


def _appendix_headings(strings: Strings, attached: dict[str, Any]) -> dict[str, str]:
    """«Vedlegg 1: Kriteriene», ... numbered over the appendices the report holds."""
    headings, number = {}, 0
    for name, content in attached.items():
        if content is None:
            continue
        number += 1
        headings[name] = strings("appendix", n=number, title=strings(f"headings.appendix_{name}"))
    return headings
