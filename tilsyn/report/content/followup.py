"""The chapter «Oppfølging av anbefalingene fra forrige undersøkelse» (with `--baseline`):
each recommendation of the previous survey, the criteria it rests on then and now, and a
placeholder for what the body it was addressed to has done since (as Nav's reply of
13.12.2021 describes its measures after report 5/2021)."""

from __future__ import annotations

from typing import Any

from tilsyn.report.content.context import ReportContext
from tilsyn.report.document import Block, BulletList, Paragraph, Placeholder, Section


def earlier_recommendations(ctx: ReportContext) -> list[Any]:
    """The recommendations the previous survey made, in their own order, each with the
    criteria it rests on (its survey kind's recommendations, tilsyn.recommendations)."""
    from tilsyn.recommendations import recommendations_of

    return recommendations_of(ctx.baseline)


def followup(ctx: ReportContext) -> Section | None:
    """None without a previous survey, or when it made no recommendation; else the chapter."""
    if ctx.baseline is None:
        return None
    earlier = earlier_recommendations(ctx)
    if not earlier:
        return None
    from tilsyn.analysis_texts import Texts
    from tilsyn.narrative import side_text, too_small
    from tilsyn.report.content.developments import scoped_comparison

    texts = Texts(ctx.lang)
    comparison = scoped_comparison(ctx)
    changes = {c.id: c for c in comparison.criteria} if comparison is not None else {}
    t = ctx.t
    sections = []
    for rec in earlier:
        rests_on = [changes[cid] for cid in rec.criteria if cid in changes]
        items = [
            [
                t(
                    "text.followup_item",
                    id=change.id,
                    title=ctx.title(change.id) if change.id in ctx.texts else change.title,
                    before=side_text(texts, change.baseline, ctx.small_sample),
                    after=side_text(texts, change.current, ctx.small_sample),
                )
            ]
            for change in rests_on
        ]
        blocks: list[Block] = [Paragraph([rec.text[ctx.lang]])]
        blocks.append(BulletList(items) if items else Paragraph([t("text.followup_none")]))
        blocks.append(Placeholder(t("text.followup_placeholder", to=_addressed(ctx, rec))))
        sections.append(Section(f"followup-{rec.id}", f"{rec.id} {rec.title[ctx.lang]}", blocks))
    small = any(too_small(c, ctx.small_sample) for c in changes.values())
    intro = t(
        "text.followup_intro",
        n=len(earlier),
        small=ctx.small_sample if small else None,
        records=t.nouns["records"],
    )
    return Section("followup", t("headings.followup"), [Paragraph([intro])], sections)


def _addressed(ctx: ReportContext, rec: Any) -> str:
    """The bodies the recommendation was addressed to («Arbeids- og velferdsdirektoratet»)."""
    names = ctx.baseline.catalogue.recommendation_set.addressees
    return ctx.t.join([names[a].name[ctx.lang] for a in rec.addressees if a in names])
