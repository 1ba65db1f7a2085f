"""The front of the report: what its cover says (`Meta`) and the summary, which leads with the
most serious findings (severity first, then the lowest share met) after a sentence on the
overall picture."""

from __future__ import annotations

from tilsyn.report.content.bands import band_sentences, covered
from tilsyn.report.content.context import ReportContext
from tilsyn.report.document import BulletList, Meta, Paragraph, Section

_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def meta(ctx: ReportContext) -> Meta:
    """Title, draft marking, letterhead and the cover's labelled lines, in the report's words."""
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
    subtitle = t("subtitle")
    cover = [
        (t("labels.survey"), survey_name),
        (t("labels.scope"), scope_label),
        (t("labels.period"), ctx.period_text()),
        (t("labels.date"), t.date(ctx.today)),
    ]
    return Meta(
        title=t.raw("title", survey=True, default=ctx.survey.title[ctx.lang]),
        subtitle=subtitle,
        lang=ctx.lang,
        language_tag=t.raw("language_tag"),
        draft=t("draft"),
        letterhead=letterhead,
        cover=cover,
        contents=t("headings.toc"),
        subject=f"{subtitle} – {scope_label}",
        captions={kind: t.raw(f"labels.{kind}") for kind in ("table", "figure")},
    )


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


def summary(ctx: ReportContext) -> Section:
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
    blocks = [Paragraph([overall]), *([Paragraph([intro])] if intro else [])]
    if items:
        blocks.append(BulletList([[item] for item in items]))
    return Section("summary", t("headings.summary"), blocks, numbered=False)
