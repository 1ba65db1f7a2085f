"""The appendices of the report: the criteria, the comparison across groups (findings.py), the
scorecard, the results the inspector assessed differently, and the free text when asked for."""

from __future__ import annotations

from typing import Iterable

from tilsyn.i18n import STATUSES, status_label, status_symbol, word
from tilsyn.numbers import format_number
from tilsyn.report.content.context import ReportContext
from tilsyn.report.document import Paragraph, Section

# A scorecard longer than this is cut (and says so): a Word table of 100,000 rows is unreadable,
# costs gigabytes to render, and the auditor workbook from `tilsyn export` holds every row.
SCORECARD_ROWS = 2_000


def catalogue(ctx: ReportContext) -> Section:
    """Every criterion: why, on what legal basis, which recommendations, how serious."""
    rows = []
    for cid, text in ctx.texts.items():
        severity = (
            word(text.severity, ctx.lang)
            if text.severity in ("high", "medium", "low")
            else text.severity
        )
        rows.append(
            [
                cid,
                text.title,
                text.rationale,
                ctx.legal(text.legal_basis),
                ", ".join(text.recommendations) or "–",
                severity,
            ]
        )
    keys = ["id", "criterion", "rationale", "legal_basis", "recommendations", "severity"]
    widths = [1.3, 5.0, 9.2, 5.4, 2.6, 3.2]
    if not ctx.recommendations:  # a survey without recommendations never speaks of them
        keys, widths, rows = (
            keys[:4] + keys[5:],
            widths[:4] + widths[5:],
            [r[:4] + r[5:] for r in rows],
        )
    table = ctx.add_table(
        "catalogue",
        ctx.t("captions.catalogue"),
        [ctx.t(f"labels.{key}") for key in keys],
        rows,
        widths,
        dense=True,  # small type: the criteria on one landscape page where they fit
    )
    return Section("appendix-catalogue", "", [table], numbered=False)


def scorecard(ctx: ReportContext) -> Section | None:
    """A row per record, a column per criterion: each result as its symbol, one line a cell
    (the legend above gives the words). None for a single record, whose result for each
    criterion the findings give line by line."""
    if len(ctx.records) == 1:
        return None
    texts = {status: status_symbol(status) for status in STATUSES}
    rows = [
        [
            str(r.key),
            str(r.info.get(ctx.unit) or "") if ctx.unit else "",
            *(texts[r.results[cid].status] for cid in ctx.ids),
        ]
        for r in ctx.records[:SCORECARD_ROWS]
    ]
    legend = ctx.t.join([f"{status_symbol(s)} {status_label(s, ctx.lang)}" for s in STATUSES])
    intro = ctx.t("text.scorecard", legend=legend)
    if len(ctx.records) > SCORECARD_ROWS:
        intro += " " + ctx.t(
            "text.scorecard_cut",
            shown=format_number(SCORECARD_ROWS, ctx.lang),
            total=format_number(len(ctx.records), ctx.lang),
        )
    table = ctx.add_table(
        "scorecard",
        ctx.t("captions.scorecard"),
        [ctx.t("labels.id"), ctx.survey.label(ctx.unit, ctx.lang) if ctx.unit else "", *ctx.ids],
        rows,
        [1.8, 3.3, *([1.44] * len(ctx.ids))],
        dense=True,
    )
    return Section("appendix-scorecard", "", [Paragraph([intro]), table], numbered=False)


def assessed(
    ctx: ReportContext, include_personal_data: bool, names: Iterable[str]
) -> Section | None:
    """The results in scope the inspector assessed differently, with their justifications."""
    from tilsyn.narrative import assessment_rows

    headers, rows = assessment_rows(ctx.run, ctx.lang, include_personal_data, names)
    keys = {str(r.key) for r in ctx.records}
    rows = [row for row in rows if str(row[0]) in keys]
    if not rows:
        return None
    table = ctx.add_table(
        "assessed",
        ctx.t("captions.assessed"),
        list(headers),
        [[str(cell) for cell in row] for row in rows],
        [2.5, 2.0, 3.2, 3.2, 10.0, 2.5, 2.5],
    )
    return Section("appendix-assessed", "", [table], numbered=False)


def free_text(ctx: ReportContext, names: Iterable[str]) -> Section | None:
    """The free text of the records in scope, redacted: only when the user asks for it."""
    if ctx.free_text is None:
        return None
    from tilsyn.privacy import Detector

    detector = Detector(names)
    rows = []
    for record in ctx.records:
        for name, text in ctx.free_text.get(str(record.key), {}).items():
            if text:
                rows.append(
                    [
                        str(record.key),
                        ctx.survey.label(name, ctx.lang),
                        detector.redact(" ".join(str(text).split()), ctx.lang),
                    ]
                )
    intro = Paragraph([ctx.t("text.personal") if rows else ctx.t("text.personal_none")])
    if not rows:
        return Section("appendix-free-text", "", [intro], numbered=False)
    labels = [ctx.t(f"labels.{key}") for key in ("id", "field", "text")]
    table = ctx.add_table("free-text", ctx.t("captions.personal"), labels, rows, [2.5, 4.5, 19.7])
    return Section("appendix-free-text", "", [intro, table], numbered=False)
