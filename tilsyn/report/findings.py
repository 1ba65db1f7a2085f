"""Chapter 4 of the report, the findings: an overview of every criterion, then per criterion
its result in words, the wider areas beside it (county, whole country) and a chart across the
groups large enough to chart. The full comparison across groups is one matrix in an appendix
(`comparison_matrix`)."""

from __future__ import annotations

from typing import Any

from tilsyn.aggregate import Counts, count_criteria
from tilsyn.report.bands import distribution_sections
from tilsyn.report.beside import beside_table
from tilsyn.report.conclusions import recommendations
from tilsyn.report.context import ReportContext
from tilsyn.report.figures import add_figure


def _counted(ctx: ReportContext, records: list[Any]) -> dict[str, Counts]:
    return dict(zip(ctx.ids, (c.counts for c in count_criteria(records, ctx.ids)), strict=False))


def wider_areas(ctx: ReportContext) -> list[tuple[str, dict[str, Counts]]]:
    """The areas a county or office report sets beside its own figures, when the input holds
    more than the scope: the county (for an office) and the whole country."""
    if ctx.scope.kind == "national" or len(ctx.run.records) == len(ctx.records):
        return []
    areas = []
    if ctx.scope.role == "office" and ctx.area:
        county = ctx.records[0].info.get(ctx.area)
        in_county = [r for r in ctx.run.records if r.info.get(ctx.area) == county]
        if len(in_county) > len(ctx.records):
            areas.append((ctx.county_label(str(county)), _counted(ctx, in_county)))
    areas.append((ctx.t("groups.nation"), _counted(ctx, ctx.run.records)))
    return areas


def findings(
    ctx: ReportContext, areas: list[tuple[str, dict[str, Counts]]], matrix_appendix: int | None
) -> dict[str, Any]:
    t = ctx.t
    overview_rows = [(f"{cid} {ctx.title(cid)}", ctx.counts[cid]) for cid in ctx.ids]
    figure = add_figure(ctx, t("captions.overview_figure"), "charts.alt_overview", overview_rows)
    table = {
        "number": ctx.next_table(),
        "caption": t("captions.overview_table"),
        "rows": [ctx.count_row(label, c) for label, c in overview_rows],
    }
    kind, parts = ctx.breakdown()
    intro = t(
        "text.findings_figure" if figure else "text.findings",
        figure=figure.number if figure else "",
        table=table["number"],
    )
    if matrix_appendix is not None:
        intro += " " + t("text.comparison", group=t(f"groups.{kind}"), appendix=matrix_appendix)
    part_counts = [(label, _counted(ctx, rs)) for label, rs in parts]
    distributions = distribution_sections(ctx)
    criteria = [_criterion(ctx, cid, kind, part_counts, areas, matrix_appendix) for cid in ctx.ids]
    return {
        "intro": intro,
        "figure": figure,
        "table": table,
        "criteria": criteria,
        "distributions": distributions,
        "compact": len(ctx.records) < ctx.small_sample,
        "small_note": t("text.small_sample_note", small_sample=ctx.small_sample),
    }


def _criterion(
    ctx: ReportContext,
    cid: str,
    kind: str,
    part_counts: list[tuple[str, dict[str, Counts]]],
    areas: list[tuple[str, dict[str, Counts]]],
    matrix_appendix: int | None,
) -> dict[str, Any]:
    t = ctx.t
    counts = ctx.counts[cid]
    text = ctx.texts[cid]
    known = recommendations(ctx)
    finding = {  # the counts per status are in the overview table, not repeated here
        "id": cid,
        "heading": f"{cid} {text.title}",
        "rationale": text.rationale,
        "legal_basis": ctx.legal(text.legal_basis),
        "recommendations": "; ".join(
            f"{r} {known[r].title[ctx.lang]}" if r in known else r for r in text.recommendations
        )
        or "–",
        "result": "",
        "beside_areas": "",
        "figure": None,
        "comparison": "",
        "beside": None,
    }
    if not counts.assessed:
        finding["result"] = t("text.criterion_none")
        return finding
    if ctx.small(counts):
        finding["result"] = t("text.criterion_result_small", sentence=ctx.sentence(cid, counts))
    else:
        finding["result"] = t(
            "text.criterion_result",
            sentence=ctx.sentence(cid, counts),
            share=t.percent(counts.share),
            ci=t.interval(counts.ci95),
        )
    shown = [(label, by_id[cid]) for label, by_id in areas if by_id[cid].assessed]
    if shown:
        finding["beside_areas"] = t(
            "text.beside_areas",
            areas=t.join(
                [
                    t(
                        "text.area_counts" if ctx.small(c) else "text.area_share",
                        area=label,
                        share=t.percent(c.share),
                        passed=t.number(c.passed),
                        n=t.number(c.assessed),
                    )
                    for label, c in shown
                ]
            ),
        )
    group = t(f"groups.{kind}")
    rows = [(label, by_id[cid]) for label, by_id in part_counts]
    finding["figure"] = add_figure(
        ctx,
        t("captions.comparison_figure", id=cid, title=text.title, group=group),
        "charts.alt_comparison",
        rows,
        counts,
        id=cid,
        title=text.title,
        group=group,
    )
    if finding["figure"] is not None:
        finding["comparison"] = t(
            "text.comparison_figure", group=group, figure=finding["figure"].number
        )
    finding["beside"] = beside_table(ctx, cid)
    return finding


def has_matrix(ctx: ReportContext) -> bool:
    """Whether the scope has groups to compare (counties, offices) in an appendix."""
    return len(ctx.breakdown()[1]) > 1


def comparison_matrix(
    ctx: ReportContext, areas: list[tuple[str, dict[str, Counts]]]
) -> dict[str, Any] | None:
    """Every criterion across the scope's groups, then the scope's total and the wider areas:
    a share for a group large enough, «x av n» for a small one. None with a single group."""
    t = ctx.t
    if not has_matrix(ctx):
        return None
    kind, parts = ctx.breakdown()
    columns = [(label, _counted(ctx, rs)) for label, rs in parts]
    columns.append((t("groups.total"), ctx.counts))
    columns += areas

    def cell(c: Counts) -> str:
        return ctx.share_text(c) if c.assessed else "–"

    rows = [{"id": cid, "cells": [cell(by_id[cid]) for _, by_id in columns]} for cid in ctx.ids]
    return {
        "number": ctx.next_table(),
        "caption": t("captions.matrix", group=t(f"groups.{kind}")),
        "intro": t("text.matrix", small_sample=ctx.small_sample),
        "header": t("labels.criterion"),
        "columns": [label for label, _ in columns],
        "rows": rows,
    }
