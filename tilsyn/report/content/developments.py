"""The chapter «Utvikling siden forrige undersøkelse»: the previous survey's run compared with
this one (`tilsyn.compare`), over the report's scope, told in sentences (`tilsyn.narrative`)."""

from __future__ import annotations

from tilsyn.report.content.context import ReportContext
from tilsyn.report.document import Paragraph, Section
from tilsyn.survey import fold


def developments(ctx: ReportContext) -> Section | None:
    """None without a previous survey; else the chapter, a paragraph per change."""
    if ctx.baseline is None:
        return None
    from tilsyn.analysis_texts import Texts
    from tilsyn.compare import Comparison, compare
    from tilsyn.narrative import change_sentences

    heading = Texts(ctx.lang)("compare.heading")
    titles = {cid: ctx.title(cid) for cid in ctx.ids}
    if ctx.scope.kind == "national":
        comparison = compare(ctx.baseline, ctx.run)
    else:
        whole = compare(ctx.baseline, ctx.run, by=(ctx.scope.kind,))
        wanted = fold(ctx.scope.value)
        group = next((g for g in whole.groups[ctx.scope.kind] if fold(g.group) == wanted), None)
        if group is None:
            return Section("developments", heading, [Paragraph([ctx.t("text.developments_none")])])
        field = ctx.survey.level(ctx.scope.kind).field
        before = sum(
            1 for r in ctx.baseline.records if fold(str(r.info.get(field) or "")) == wanted
        )
        comparison = Comparison(
            whole.survey,
            {**whole.baseline, "records": before},
            {**whole.current, "records": len(ctx.records)},
            list(group.criteria),
        )
    sentences = change_sentences(comparison, ctx.lang, titles)
    return Section("developments", heading, [Paragraph([s]) for s in sentences])
