"""The chapter «Oppfølging av anbefalingene fra forrige undersøkelse» (with `--baseline`):
each recommendation of the previous survey, the criteria it rests on then and now, and a
placeholder for what the body it was addressed to has done since (as Nav's reply of
13.12.2021 describes its measures after report 5/2021)."""

from __future__ import annotations

from typing import Any

from tilsyn.report.content.context import ReportContext
from tilsyn.report.document import Block, BulletList, Paragraph, Placeholder, Section


def earlier_recommendations(ctx: ReportContext) -> list[Any]:
    """The recommendations the previous survey made, in their own order: those its criteria
    rest on and those the report discusses anyway (R6, R7). The one place this chapter
    learns of recommendations (today from the catalogue)."""
    from tilsyn.report.content.conclusions import recommendations

    known = recommendations(ctx)
    made = {r for c in ctx.baseline.criteria for r in c.recommendations}
    made |= set(ctx.t.settings.get("recommendations") or ())
    return [rec for rid, rec in known.items() if rid in made]


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
        rests_on = [
            change for cid, change in changes.items() if rec.id in _linked(ctx, cid, change)
        ]
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
        blocks.append(Placeholder(t("text.followup_placeholder")))
        sections.append(Section(f"followup-{rec.id}", f"{rec.id} {rec.title[ctx.lang]}", blocks))
    small = any(too_small(c, ctx.small_sample) for c in changes.values())
    intro = t(
        "text.followup_intro",
        n=len(earlier),
        small=ctx.small_sample if small else None,
        records=t.nouns["records"],
    )
    return Section("followup", t("headings.followup"), [Paragraph([intro])], sections)


def _linked(ctx: ReportContext, cid: str, change: Any) -> tuple[str, ...]:
    """The recommendations a criterion rests on: as this survey's catalogue says, or, for a
    criterion only in the previous survey, as its saved run says."""
    if cid in ctx.texts:
        return ctx.texts[cid].recommendations
    return next((c.recommendations for c in ctx.baseline.criteria if c.id == cid), ())
