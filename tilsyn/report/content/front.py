"""The front of the report: what its cover says (`Meta`) and the summary, which argues in the
order of Helsetilsynet's report 5/2021: the context, what the data are, what worked well, the
most serious shortcomings (severity first, then the lowest share met), a marked place for the
overall judgement, and to whom the recommendations are addressed."""

from __future__ import annotations

from typing import Any

from tilsyn.report.content.bands import band_sentences, covered
from tilsyn.report.content.context import ReportContext
from tilsyn.report.document import Block, BulletList, Meta, Paragraph, Placeholder, Section

_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
POSITIVE_SHARE = 0.85  # the default of `positive_share` in templates/data/<survey>.toml


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def meta(ctx: ReportContext, details: Any = None) -> Meta:
    """Title, draft marking, letterhead (the author), the series and number, and the cover's
    labelled lines, in the report's words. `details` (a `ReportDetails`) overrides the
    number, author and date."""
    from tilsyn.glossary import term

    t, scope = ctx.t, ctx.scope
    if scope.kind == "national":
        author, publisher = t("letterhead.national"), t("letterhead.national_short")
    else:
        first = ctx.records[0].info
        area = first.get(ctx.area) if scope.role == "unit" else scope.value
        author = t("letterhead.area", area=ctx.area_label(str(area), short=False))
        publisher = author
    if getattr(details, "author", ""):
        author = publisher = details.author
    number = getattr(details, "number", "")
    series = t("series", publisher=publisher, number=number) if number else ""
    survey_name = t.raw("survey_name", survey=True, default=ctx.survey.title[ctx.lang])
    subtitle = t("subtitle" if ctx.recommendations else "subtitle_no_recommendations")
    scope_label = capitalised(ctx.subject())
    cover = [
        (capitalised(term(ctx.work, ctx.lang)), survey_name),
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
        letterhead=author,
        cover=cover,
        contents=t("headings.toc"),
        subject=f"{subtitle} – {scope_label}",
        captions={kind: t.raw(f"labels.{kind}") for kind in ("table", "figure")},
        author=author,
        series=series,
    )


def positive_findings(ctx: ReportContext) -> list[str]:
    """Criteria met for a high share (`positive_share`) of a sample large enough for a share,
    highest share first."""
    limit = float(ctx.t.settings.get("positive_share", POSITIVE_SHARE))
    chosen = [
        cid for cid in ctx.ids if not ctx.small(ctx.counts[cid]) and ctx.counts[cid].share >= limit
    ]
    return sorted(chosen, key=lambda cid: (-ctx.counts[cid].share, cid))


def serious_findings(ctx: ReportContext) -> list[str]:
    """The criteria worth a summary bullet (high severity, or met for under half) that are
    not among the positive findings, most serious first: by severity, then by the lowest
    share met."""
    told = covered(ctx) | set(positive_findings(ctx))
    chosen = [
        cid
        for cid in ctx.ids
        if ctx.counts[cid].failed
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
    blocks: list[Block] = [Paragraph([p]) for p in t.paragraphs("summary_context", survey=True)]
    blocks.append(Paragraph([_data_sentence(ctx)]))
    if not any(ctx.counts[cid].assessed for cid in ctx.ids):
        blocks.append(Paragraph([t("text.summary_none")]))
    elif len(ctx.records) < ctx.small_sample:
        blocks += _small_scope(ctx)
    else:
        blocks += _findings(ctx)
    blocks.append(Placeholder(t("text.summary_judgement")))
    addressed = _addressees_sentence(ctx)
    if addressed:
        blocks.append(Paragraph([addressed]))
    return Section("summary", t("headings.summary"), blocks, numbered=False)


def _data_sentence(ctx: ReportContext) -> str:
    t = ctx.t
    values = {
        "count": t.count(len(ctx.records)),
        "scope": ctx.subject(),
        **ctx.period_values(),
    }
    if "summary_intro" in t.survey:
        return t.survey_text("summary_intro", **values)
    return t("text.summary_intro", **values)


def _findings(ctx: ReportContext) -> list[Block]:
    """What worked well, then the most serious shortcomings, each as a list."""
    t = ctx.t
    blocks: list[Block] = []
    positive = positive_findings(ctx)
    if positive:
        limit = float(t.settings.get("positive_share", POSITIVE_SHARE))
        blocks.append(Paragraph([t("text.summary_positive", share=t.percent(limit))]))
        items = [ctx.titled("text.summary_positive_item", cid) for cid in positive]
        blocks.append(BulletList([[item] for item in items]))
    items = [
        t(
            "text.summary_item_small" if ctx.small(ctx.counts[cid]) else "text.summary_item",
            sentence=ctx.sentence(cid, ctx.counts[cid]),
            share=t.percent(ctx.counts[cid].share),
        )
        for cid in serious_findings(ctx)
    ]
    items += band_sentences(ctx)
    if items:
        blocks.append(Paragraph([t("text.summary_shortcomings")]))
        blocks.append(BulletList([[item] for item in items]))
    return blocks


def _small_scope(ctx: ReportContext) -> list[Block]:
    """A scope of a handful of records: no shares and no «0 av 1», only which criteria were
    not met (with the counts where more than one record counted)."""
    t = ctx.t
    failing = [cid for cid in ctx.ids if ctx.counts[cid].failed]
    if not failing:
        return [Paragraph([t("text.summary_all_met")])]
    items = [
        t(
            "text.summary_not_met_count"
            if ctx.counts[cid].assessed > 1
            else "text.summary_not_met",
            title=ctx.title(cid),
            failed=ctx.counts[cid].failed,
            count=t.count(ctx.counts[cid].assessed),
        )
        for cid in failing
    ]
    return [Paragraph([t("text.summary_not_met_intro")]), BulletList([[i] for i in items])]


def _addressees_sentence(ctx: ReportContext) -> str:
    """The recommendations in one sentence with their addressees: «… rettet til Arbeids- og
    velferdsdirektoratet (R1, R2, R5 og R6), kommunene (R3 og R4) og …»; "" without any."""
    recs = ctx.recommendations
    if not recs:
        return ""
    names = ctx.addressees
    by_addressee: dict[str, list[str]] = {}
    for rec in recs:
        for addressee in rec.addressees:
            by_addressee.setdefault(addressee, []).append(rec.id)
    t = ctx.t
    if not by_addressee:
        return t("text.summary_recommendations_plain", n=len(recs))
    groups = [
        t("text.addressee_ids", to=names[a].name[ctx.lang], ids=t.join(ids))
        for a, ids in by_addressee.items()
    ]
    return t("text.summary_recommendations", n=len(recs), groups=t.join(groups))
