"""Chapter 4 of the report, the findings: an overview of every criterion, then, theme by theme
(the catalogue's `[[themes]]`), per criterion its result in words, the wider areas beside it
(county, whole country) and a chart across the groups large enough to chart. The full comparison across groups is one matrix in an appendix
(`comparison_matrix`)."""

from __future__ import annotations

from typing import Any

from tilsyn.aggregate import Counts, count_criteria
from tilsyn.report.content.about import survey_blocks
from tilsyn.report.content.bands import distribution_sections
from tilsyn.report.content.beside import beside_blocks
from tilsyn.report.content.context import ReportContext
from tilsyn.report.content.figures import add_figure
from tilsyn.report.document import Block, BulletList, Paragraph, Section


def _counted(ctx: ReportContext, records: list[Any]) -> dict[str, Counts]:
    return dict(zip(ctx.ids, (c.counts for c in count_criteria(records, ctx.ids)), strict=False))


def wider_areas(ctx: ReportContext) -> list[tuple[str, dict[str, Counts]]]:
    """The areas a county or office report sets beside its own figures, when the input holds
    more than the scope: the county (for an office) and the whole country."""
    if ctx.scope.kind == "national" or len(ctx.run.records) == len(ctx.records):
        return []
    areas = []
    if ctx.scope.role == "unit" and ctx.area:
        area = ctx.records[0].info.get(ctx.area)
        in_area = [r for r in ctx.run.records if r.info.get(ctx.area) == area]
        if len(in_area) > len(ctx.records):
            areas.append((ctx.area_label(str(area)), _counted(ctx, in_area)))
    areas.append((ctx.t("groups.nation"), _counted(ctx, ctx.run.records)))
    return areas


def themes(ctx: ReportContext) -> list[tuple[str, str, list[str]]]:
    """(id, title, criteria) of each theme the catalogue declares, in its order, with the
    criteria of no theme in a last one; a single untitled group when it declares none."""
    declared = ctx.catalogue.themes if ctx.catalogue is not None else ()
    groups = [
        (th.id, th.title[ctx.lang], [c for c in th.criteria if c in ctx.ids]) for th in declared
    ]
    placed = {cid for _, _, ids in groups for cid in ids}
    rest = [cid for cid in ctx.ids if cid not in placed]
    if rest:
        groups.append(("other", ctx.t("headings.theme_other") if groups else "", rest))
    return [group for group in groups if group[2]]


def findings(
    ctx: ReportContext, areas: list[tuple[str, dict[str, Counts]]], matrix_appendix: int | None
) -> Section:
    """The overview (chart, table), the distributions, then the criteria theme by theme: a
    subsection each, or one line each when the scope holds too few records for more; last a
    place for anonymised examples."""
    t = ctx.t
    kind, parts = ctx.breakdown()
    if ctx.compact:  # a line per criterion below says it all: no table of counts beside it
        section = Section(
            "findings", t("headings.findings"), [Paragraph([t("text.findings_compact")])]
        )
        return _by_theme(ctx, section, kind, [], areas)
    overview_rows = [(f"{cid} {ctx.title(cid)}", ctx.counts[cid]) for cid in ctx.ids]
    figure = add_figure(ctx, t("captions.overview_figure"), "charts.alt_overview", overview_rows)
    table = ctx.count_table(
        "overview",
        t("captions.overview_table"),
        t("labels.criterion"),
        overview_rows,
        [5.0, 1.6, 1.8, 1.8, 1.8, 2.0, 2.0],
    )
    intro = t(
        "text.findings_figure" if figure else "text.findings",
        figure=figure.number if figure else "",
        table=table.number,
    )
    if matrix_appendix is not None:
        intro += " " + t("text.comparison", group=t(f"groups.{kind}"), appendix=matrix_appendix)
    part_counts = [(label, _counted(ctx, rs)) for label, rs in parts]
    blocks: list[Block] = [Paragraph([intro]), *([figure] if figure else []), table]
    small = [ctx.small(c) for _, c in overview_rows]
    if any(small) and not all(small):  # dashes in the share columns: say why
        blocks.append(
            Paragraph([t("text.small_sample_note", small_sample=ctx.small_sample)], "note")
        )
    section = Section("findings", t("headings.findings"), blocks, distribution_sections(ctx))
    return _by_theme(ctx, section, kind, part_counts, areas)


def _by_theme(
    ctx: ReportContext,
    section: Section,
    kind: str,
    part_counts: list[tuple[str, dict[str, Counts]]],
    areas: list[tuple[str, dict[str, Counts]]],
) -> Section:
    """The criteria theme by theme under `section`, then a place for anonymised examples."""
    t = ctx.t
    for theme_id, title, ids in themes(ctx):
        criteria = [_criterion(ctx, cid, kind, part_counts, areas) for cid in ids]
        if ctx.compact:  # a handful of records: a line per criterion
            lines = [[f"{c.title}: {' '.join(_plain(b) for b in c.blocks)}"] for c in criteria]
            group = Section(f"theme-{theme_id}", title, [BulletList(lines)])
        else:
            group = Section(f"theme-{theme_id}", title, sections=criteria)
        if title:
            section.sections.append(group)
        else:
            section.blocks += group.blocks
            section.sections += group.sections
    examples = survey_blocks(ctx, "examples", "text.examples_placeholder")
    section.sections.append(Section("findings-examples", t("headings.examples"), examples))
    return section


def _plain(block: Block) -> str:
    from tilsyn.report.document import plain

    return plain(block.content) if isinstance(block, Paragraph) else ""


def _criterion(
    ctx: ReportContext,
    cid: str,
    kind: str,
    part_counts: list[tuple[str, dict[str, Counts]]],
    areas: list[tuple[str, dict[str, Counts]]],
) -> Section:
    """A criterion's subsection: why it matters, its result in words, the wider areas beside
    it and a chart across the groups (legal basis and recommendations are in the appendix).
    A compact report keeps only the result and the wider areas: `findings` joins them into a
    line."""
    t = ctx.t
    counts = ctx.counts[cid]
    text = ctx.texts[cid]
    section = Section(f"criterion-{cid}", f"{cid} {text.title}")
    if not counts.assessed:
        section.blocks = [Paragraph([t("text.criterion_none")])]
    elif ctx.small(counts):
        section.blocks = [
            Paragraph([t("text.criterion_result_small", sentence=ctx.result(cid, counts))])
        ]
    else:
        result = t(
            "text.criterion_result",
            sentence=ctx.result(cid, counts),
            share=t.percent(counts.share),
            ci=t.interval(counts.ci95),
        )
        section.blocks = [Paragraph([result])]
    if counts.assessed:
        section.blocks += _beside_areas(ctx, cid, areas)
    if ctx.compact:
        return section
    section.blocks[:0] = [Paragraph([text.rationale])]
    if counts.assessed:
        section.blocks += _comparison(ctx, cid, kind, part_counts)
    return section


def _beside_areas(
    ctx: ReportContext, cid: str, areas: list[tuple[str, dict[str, Counts]]]
) -> list[Block]:
    """«Til sammenligning: Vestland 6 av 9, hele landet 70 % (40 av 57)»: the wider areas'
    figures, if any, listed with commas, the whole country named as running text names it.
    An area holds the scope, so one where the criterion applied to no more records than in
    the scope counts the same records again («Vestland 0 av 1»): it is left out."""
    t = ctx.t
    nation = t("groups.nation")
    shown = [
        (t("text.beside_nation") if label == nation else label, by_id[cid])
        for label, by_id in areas
        if by_id[cid].assessed > ctx.counts[cid].assessed
    ]
    if not shown:
        return []
    areas_text = ", ".join(
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
    )
    return [Paragraph([t("text.beside_areas", areas=areas_text)])]


def _comparison(
    ctx: ReportContext, cid: str, kind: str, part_counts: list[tuple[str, dict[str, Counts]]]
) -> list[Block]:
    """The chart of this criterion across the scope's groups, and another survey's result
    beside it, when there is one."""
    t, title = ctx.t, ctx.title(cid)
    group = t(f"groups.{kind}")
    rows = [(label, by_id[cid]) for label, by_id in part_counts]
    figure = add_figure(
        ctx,
        t("captions.comparison_figure", id=cid, title=title, group=group),
        "charts.alt_comparison",
        rows,
        ctx.counts[cid],
        id=cid,
        title=title,
        group=group,
    )
    blocks: list[Block] = []
    if figure is not None:
        blocks += [Paragraph([t("text.comparison_figure", group=group, figure=figure.number)])]
        blocks.append(figure)
    return blocks + beside_blocks(ctx, cid)


def has_matrix(ctx: ReportContext) -> bool:
    """Whether the scope has groups to compare (counties, offices) in an appendix."""
    return len(ctx.breakdown()[1]) > 1


def comparison_matrix(
    ctx: ReportContext, areas: list[tuple[str, dict[str, Counts]]]
) -> Section | None:
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

    rows = [[cid, *(cell(by_id[cid]) for _, by_id in columns)] for cid in ctx.ids]
    table = ctx.add_table(
        "matrix",
        t("captions.matrix", group=t(f"groups.{kind}")),
        [t("labels.criterion"), *(label for label, _ in columns)],
        rows,
        [2.1] * (len(columns) + 1),
        dense=len(columns) > 6,  # ten counties and more: small type, one landscape page
    )
    intro = Paragraph([t("text.matrix", small_sample=ctx.small_sample, group=t(f"groups.{kind}"))])
    return Section("appendix-matrix", "", [intro, table], numbered=False)
