"""The chapter «Utvikling siden forrige undersøkelse»: the previous survey's run compared with
this one (`tilsyn.compare`) over the report's scope, as one table of every criterion, one
chart of both rounds side by side, and sentences only for the changes that matter
(`tilsyn.narrative`). A criterion with fewer than the small-sample limit of applicable records
in either round is given as counts only: no share, change, interval or bar."""

from __future__ import annotations

from typing import Any

from tilsyn.report.chart import BarChart, Series
from tilsyn.report.content.context import ReportContext
from tilsyn.report.content.figures import chart_words
from tilsyn.report.document import Block, Paragraph, Section
from tilsyn.survey import fold


def developments(ctx: ReportContext) -> Section | None:
    """None without a previous survey; else the chapter."""
    if ctx.baseline is None:
        return None
    from tilsyn.analysis_texts import Texts
    from tilsyn.narrative import change_cells, change_sentences, shared_note, too_small

    texts = Texts(ctx.lang)
    heading = texts("compare.heading")
    comparison = scoped_comparison(ctx)
    if comparison is None:
        return Section("developments", heading, [Paragraph([ctx.t("text.developments_none")])])
    titles = {cid: ctx.title(cid) for cid in ctx.ids}
    rows = [
        [f"{c.id} {titles.get(c.id, c.title)}", *change_cells(texts, c, ctx.small_sample)]
        for c in comparison.criteria
    ]
    header = [
        texts("compare.columns.criterion"),
        texts("compare.columns.baseline"),
        texts("compare.columns.current"),
        texts("compare.columns.difference_points"),
        texts("compare.columns.ci95"),
        texts("compare.columns.changed"),
    ]
    table = ctx.add_table(
        "developments",
        texts("compare.chapter.table_caption"),
        header,
        rows,
        [5.2, 2.5, 2.5, 2.0, 2.2, 1.6],
    )
    figure = _figure(ctx, texts, comparison, titles)
    sentences = change_sentences(comparison, ctx.lang, titles, ctx.small_sample, table.number)
    small = any(too_small(c, ctx.small_sample) for c in comparison.criteria)
    guide = texts(
        "compare.chapter.table",
        table=table.number,
        figure=figure.number if figure is not None else None,
        small=ctx.small_sample if small else None,
        records=ctx.t.nouns["records"],
    )
    blocks: list[Block] = [Paragraph([sentences[0]])]
    shared = shared_note(comparison.survey, comparison.shared, ctx.lang)
    if shared:
        blocks.append(Paragraph([shared]))
    blocks += [Paragraph([guide]), table]
    if figure is not None:
        blocks.append(figure)
    blocks += [Paragraph([s]) for s in sentences[1:]]
    return Section("developments", heading, blocks)


def scoped_comparison(ctx: ReportContext) -> Any | None:
    """The comparison over the report's scope; None when the previous survey had no records
    in it. Rounds that share records are refused unless the report allows it."""
    from tilsyn.compare import Comparison, compare

    allow = ctx.allow_overlap
    if ctx.scope.kind == "national":
        return compare(ctx.baseline, ctx.run, allow_overlap=allow)
    whole = compare(ctx.baseline, ctx.run, by=(ctx.scope.kind,), allow_overlap=allow)
    wanted = fold(ctx.scope.value)
    group = next((g for g in whole.groups[ctx.scope.kind] if fold(g.group) == wanted), None)
    if group is None:
        return None
    field = ctx.survey.level(ctx.scope.kind).field
    before = sum(1 for r in ctx.baseline.records if fold(str(r.info.get(field) or "")) == wanted)
    return Comparison(
        whole.survey,
        {**whole.baseline, "records": before},
        {**whole.current, "records": len(ctx.records)},
        list(group.criteria),
        shared=whole.shared,
    )


def _figure(ctx: ReportContext, texts: Any, comparison: Any, titles: dict[str, str]) -> Any:
    """Both rounds side by side for the criteria large enough in each to chart; None when
    there are none."""
    from tilsyn.narrative import too_small

    shown = [
        c
        for c in comparison.criteria
        if c.baseline is not None
        and c.current is not None
        and c.baseline.assessed
        and c.current.assessed
        and not too_small(c, ctx.small_sample)
    ]
    if not shown:
        return None
    t = ctx.t
    labels = [f"{c.id} {titles.get(c.id, c.title)}" for c in shown]
    words = chart_words(t, [c.current for c in shown])
    chart = BarChart(
        labels=labels,
        shares=[c.baseline.share for c in shown],
        intervals=[c.baseline.ci95 for c in shown],
        values=[t.percent(c.baseline.share) for c in shown],
        axis=t("charts.axis"),
        interval_label=t("charts.interval"),
        columns=words["columns"],
        number_format=words["number_format"],
        name=texts("compare.chapter.previous"),
        more=[
            Series(
                texts("compare.chapter.current"),
                [c.current.share for c in shown],
                [c.current.ci95 for c in shown],
                [t.percent(c.current.share) for c in shown],
            )
        ],
    )
    items = [
        texts(
            "compare.chapter.alt_item",
            label=label,
            before=t.percent(c.baseline.share),
            before_ci=t.interval(c.baseline.ci95),
            after=t.percent(c.current.share),
            after_ci=t.interval(c.current.ci95),
        )
        for label, c in zip(labels, shown, strict=True)
    ]
    alt = texts("compare.chapter.alt", items="; ".join(items))
    return ctx.add_figure(texts("compare.chapter.figure_caption"), alt, chart)
