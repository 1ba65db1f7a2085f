"""Chapters 5-6 of the report: the assessment (vurdering), a section per theme with the
findings it rests on (by criterion title and «x av n») and a marked placeholder the author
replaces, and the conclusion with the recommendations grouped by the bodies they are addressed
to, each with the criteria and counts that support it.

A recommendation is supported when at least one linked criterion with records enough for a
share failed for at least `min_failures` records and at least `min_share` of the records it
applied to: a rule with parameters, stated in the report, rather than «any single failure».
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


def assessment(ctx: ReportContext) -> Section:
    """A section per theme whose criteria had data, each naming its findings by criterion
    title and count, with a placeholder for the assessment the author writes."""
    from tilsyn.report.content.findings import themes

    t = ctx.t
    sections = []
    for theme_id, title, ids in themes(ctx):
        found = [
            [ctx.titled("text.assessment_item", cid)] for cid in ids if ctx.counts[cid].assessed
        ]
        if found:
            sections.append((theme_id, title or t("headings.assessment_general"), found))
    placeholder = t("text.assessment_placeholder")
    parts = [
        Section(
            f"assessment-{theme_id}",
            heading,
            [Paragraph([t("text.assessment_basis")]), BulletList(found), Placeholder(placeholder)],
        )
        for theme_id, heading, found in sections
    ]
    if ctx.compact:  # the findings are a line each already: one assessment of them all
        blocks = [Paragraph([t("text.assessment_compact")]), Placeholder(placeholder)]
        return Section("assessment", t("headings.assessment"), blocks)
    intro = [Paragraph([t("text.assessment_intro")])]
    if not parts:
        intro.append(Placeholder(placeholder))
    return Section("assessment", t("headings.assessment"), intro, parts)


def conclusion(ctx: ReportContext, rule: SupportRule) -> Section:
    """The author's conclusion (a placeholder), then, when the survey has recommendations,
    the support rule and a subsection per body they are addressed to, a subsection per
    recommendation in it with the findings that support it or not."""
    from tilsyn.recommendations import addressee_groups

    t = ctx.t
    recs = ctx.recommendations
    blocks: list[Block] = [Placeholder(t("text.conclusion_placeholder"))]
    if not recs:
        return Section("conclusion", t("headings.conclusion_text"), blocks)
    if ctx.compact:  # no criterion has records enough to support any: list them
        blocks += [
            Paragraph([t("text.recommendations_compact", small_sample=ctx.small_sample)]),
            BulletList([[_line(ctx, rec)] for rec in recs]),
        ]
        return Section("conclusion", t("headings.conclusion"), blocks)
    intro = t(
        "text.recommendations",
        min_failures=rule.min_failures,
        min_share=t.percent(rule.min_share),
        small_sample=ctx.small_sample,
    )
    blocks.append(Paragraph([intro]))
    groups = []
    for n, (addressees, members) in enumerate(addressee_groups(recs, ctx.addressees), 1):
        names = t.join([a.name[ctx.lang] for a in addressees])
        title = t("headings.addressed", to=names) if names else t("headings.addressed_none")
        entries = [_recommendation(ctx, rec, rule) for rec in members]
        groups.append(Section(f"addressees-{n}", title, sections=entries))
    return Section("conclusion", t("headings.conclusion"), blocks, groups)


def _line(ctx: ReportContext, rec: Any) -> str:
    """«R3 Kommunene må svare på anrop fra Nav kontaktsenter (kommunene)»."""
    names = ctx.addressees
    to = ctx.t.join([names[a].name[ctx.lang] for a in rec.addressees])
    line = ctx.t("text.recommendation_line", id=rec.id, title=rec.title[ctx.lang], to=to)
    return line if to else line.replace(" ()", "")


def _recommendation(ctx: ReportContext, rec: Any, rule: SupportRule) -> Section:
    from tilsyn.texts import source_name

    t = ctx.t
    linked = [cid for cid in rec.criteria if cid in ctx.counts]
    failing = [cid for cid in linked if ctx.counts[cid].failed]
    supporting = [
        cid
        for cid in failing
        if not ctx.small(ctx.counts[cid])
        and rule.holds(ctx.counts[cid].failed, ctx.counts[cid].assessed)
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
        status = t("text.rec_no_data", ids=ids, n=len(linked))
    else:
        status = t("text.rec_no_failures", ids=ids, n=len(linked))
    blocks: list[Block] = [Paragraph([rec.text[ctx.lang]])]
    source = source_name(rec.source, ctx.lang)
    if source:
        blocks.append(labelled(t("labels.source"), source))
    blocks.append(labelled(t("labels.basis"), status))
    if evidence:
        blocks.append(BulletList([[e] for e in evidence]))
    return Section(f"recommendation-{rec.id}", f"{rec.id} {rec.title[ctx.lang]}", blocks)
