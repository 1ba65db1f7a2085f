"""The front of the report: the title page and the summary, which leads with the most serious
findings (severity first, then the lowest share met) after a sentence on the overall picture."""

from __future__ import annotations

from typing import Any

from tilsyn.report.bands import band_sentences, covered
from tilsyn.report.context import ReportContext

_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def title_page(ctx: ReportContext) -> dict[str, Any]:
    t, scope = ctx.t, ctx.scope
    if scope.kind == "national":
        scope_label, letterhead = t("scope.national"), t("letterhead.national")
    else:
        first = ctx.records[0].info
        county = first.get(ctx.area) if scope.role == "office" else scope.value
        county_name = ctx.county_label(str(county), short=False)
        office = str(first.get(ctx.unit)) if ctx.unit else ""
        scope_label = t(f"scope.{scope.role}", county=county_name, office=office)
        letterhead = t("letterhead.county", county=county_name)
    survey_name = t.raw("survey_name", survey=True, default=ctx.survey.title[ctx.lang])
    return {
        "title": t.raw("title", survey=True, default=ctx.survey.title[ctx.lang]),
        "subtitle": t("subtitle"),
        "draft": t("draft"),
        "letterhead": letterhead,
        "survey_name": survey_name,
        "scope_label": scope_label,
        "period": ctx.period_text(),
        "date": t.date(ctx.today),
    }


def serious_findings(ctx: ReportContext) -> list[str]:
    """The criteria worth a summary bullet (high severity, or met for under half), most
    serious first: by severity, then by the lowest share met."""
    told = covered(ctx)
    chosen = [
        cid
        for cid in ctx.ids
        if ctx.counts[cid].assessed
        and cid not in told
        and (ctx.texts[cid].severity == "high" or ctx.counts[cid].share < 0.5)
    ]
    return sorted(
        chosen,
        key=lambda cid: (
            _SEVERITY_RANK.get(ctx.texts[cid].severity, 3),
            ctx.counts[cid].share,
            cid,
        ),
    )


def summary(ctx: ReportContext) -> dict[str, Any]:
    t = ctx.t
    intro = (
        t.survey_text("summary_intro", count=t.count(len(ctx.records)), **ctx.period_values())
        if "summary_intro" in t.survey
        else ""
    )
    assessed_ids = [cid for cid in ctx.ids if ctx.counts[cid].assessed]
    overall = (
        t(
            "text.summary_overall",
            criteria=len(assessed_ids),
            all_met=sum(1 for cid in assessed_ids if not ctx.counts[cid].failed),
            under_half=sum(1 for cid in assessed_ids if ctx.counts[cid].share < 0.5),
        )
        if assessed_ids
        else t("text.summary_none")
    )
    items = [
        t(
            "text.summary_item_small" if ctx.small(ctx.counts[cid]) else "text.summary_item",
            sentence=ctx.sentence(cid, ctx.counts[cid]),
            share=t.percent(ctx.counts[cid].share),
            id=cid,
        )
        for cid in serious_findings(ctx)
    ]
    items += band_sentences(ctx)
    return {"intro": intro, "overall": overall, "points": items}
