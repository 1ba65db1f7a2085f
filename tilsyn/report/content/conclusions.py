"""Chapters 5-6 of the report: the assessment (vurdering), a section per theme with the
findings it rests on and a marked placeholder the inspector replaces, and the conclusion with
the recommendations, each with the criteria and counts that support it.

A recommendation is supported when at least one linked criterion failed for at least
`min_failures` records and at least `min_share` of the records it applied to: a rule with
parameters, stated in the report, rather than «any single failure».
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tilsyn.report.content.context import ReportContext
from tilsyn.report.document import Block, BulletList, Paragraph, Placeholder, Section, labelled


@dataclass(frozen=True)
class SupportRule:
    """When the failures of a criterion support a recommendation linked to it."""

    min_failures: int = 2
    min_share: float = 0.2

    def holds(self, failed: int, assessed: int) -> bool:
        return (
            bool(assessed) and failed >= self.min_failures and failed / assessed >= self.min_share
        )


def recommendations(ctx: ReportContext) -> dict[str, Any]:
    """Every recommendation the catalogue knows, by id."""
    from tilsyn.criteria import recommendations as all_recommendations

    return ctx.catalogue.recommendations if ctx.catalogue is not None else all_recommendations()


def _ordered(ctx: ReportContext) -> list[Any]:
    """The recommendations the criteria link to, in the report's order (or the catalogue's)."""
    known = recommendations(ctx)
    linked = list(dict.fromkeys(r for cid in ctx.ids for r in ctx.texts[cid].recommendations))
    wanted = ctx.t.settings.get("recommendations") or linked
    ids = [r for r in wanted if r in known] + [r for r in linked if r not in wanted and r in known]
    return [known[rid] for rid in ids]


def assessment(ctx: ReportContext) -> Section:
    """A section per theme (a recommendation's subject) whose criteria had data, each with a
    placeholder for the assessment the author writes."""
    t = ctx.t
    sections = []
    for rec in _ordered(ctx):
        linked = [
            cid
            for cid in ctx.ids
            if rec.id in ctx.texts[cid].recommendations and ctx.counts[cid].assessed
        ]
        if not linked:
            continue
        basis = t.join(
            [
                t("text.assessment_item", id=cid, share=ctx.share_text(ctx.counts[cid]))
                for cid in linked
            ]
        )
        sections.append((rec.title[ctx.lang], t("text.assessment_basis", items=basis)))
    if not sections:
        sections.append((t("headings.assessment_general"), ""))
    placeholder = t("text.assessment_placeholder")
    themes = [
        Section(
            f"assessment-{n}",
            heading,
            [*([Paragraph([basis])] if basis else []), Placeholder(placeholder)],
        )
        for n, (heading, basis) in enumerate(sections, 1)
    ]
    intro = [Paragraph([t("text.assessment_intro")])]
    return Section("assessment", t("headings.assessment"), intro, themes)


def conclusion(ctx: ReportContext, rule: SupportRule) -> Section:
    """The author's conclusion (a placeholder), the support rule, and a subsection per
    recommendation with the findings that support it or not."""
    t = ctx.t
    intro = t(
        "text.recommendations", min_failures=rule.min_failures, min_share=t.percent(rule.min_share)
    )
    blocks: list[Block] = [Placeholder(t("text.conclusion_placeholder")), Paragraph([intro])]
    entries = [_recommendation(ctx, rec, rule) for rec in _ordered(ctx)]
    return Section("conclusion", t("headings.conclusion"), blocks, entries)


def _recommendation(ctx: ReportContext, rec: Any, rule: SupportRule) -> Section:
    from tilsyn.texts import source_name

    t = ctx.t
    linked = [cid for cid in ctx.ids if rec.id in ctx.texts[cid].recommendations]
    failing = [cid for cid in linked if ctx.counts[cid].failed]
    supporting = [
        cid for cid in failing if rule.holds(ctx.counts[cid].failed, ctx.counts[cid].assessed)
    ]
    evidence = [
        t(
            "text.rec_evidence_small" if ctx.small(ctx.counts[cid]) else "text.rec_evidence",
            id=cid,
            title=ctx.title(cid),
            failed=ctx.counts[cid].failed,
            count=t.count(ctx.counts[cid].assessed),
            share=t.percent(ctx.counts[cid].failed / ctx.counts[cid].assessed),
        )
        for cid in failing
    ]
    ids = t.join(linked)
    if supporting:
        status = t("text.rec_supported", ids=t.join(supporting))
    elif failing:
        status = t("text.rec_below_rule", ids=t.join(failing), n=len(failing))
    elif not linked:
        status = t("text.rec_unlinked")
    elif not any(ctx.counts[cid].assessed for cid in linked):
        status = t("text.rec_no_data", ids=ids)
    else:
        status = t("text.rec_no_failures", ids=ids)
    blocks: list[Block] = [Paragraph([rec.text[ctx.lang]])]
    source = source_name(rec.source, ctx.lang)
    if source:
        blocks.append(labelled(t("labels.source"), source))
    blocks.append(labelled(t("labels.basis"), status))
    if evidence:
        blocks.append(BulletList([[e] for e in evidence]))
    return Section(f"recommendation-{rec.id}", f"{rec.id} {rec.title[ctx.lang]}", blocks)
