"""Chapters 1-3 of the report: the introduction (what the report covers, what kind of work it
is, purpose and research questions, background), the legal basis (the authority for the work,
what each provision the criteria rest on requires, a place for the legal analysis) and the
method and data (how the records were chosen, period, observers, other sources, catalogue and
parameters, records left out, how to read the figures and the limits of the data)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from tilsyn.numbers import format_value
from tilsyn.privacy import shown_path
from tilsyn.report.content.context import ReportContext
from tilsyn.report.document import Block, BulletList, Paragraph, Placeholder, Section, Strong, Table


def survey_blocks(ctx: ReportContext, key: str, placeholder: str, **values: Any) -> list[Block]:
    """The survey's paragraphs under `key` (one written «[…]» stays a placeholder), or the
    report's marked placeholder `placeholder` with its guidance when the survey has none."""
    paragraphs = ctx.t.paragraphs(key, survey=True, question=ctx.survey.question_numbers, **values)
    if not paragraphs:
        return [Placeholder(ctx.t(placeholder, **values))]
    return [
        Placeholder(p) if p.startswith("[") and p.endswith("]") else Paragraph([p])
        for p in paragraphs
    ]


def work_values(ctx: ReportContext) -> dict[str, str]:
    """The work (an undersøkelse or a tilsyn) as the texts name it: `work`, `the_work`."""
    from tilsyn.glossary import term

    return {"work": term(ctx.work, ctx.lang), "the_work": term(ctx.work, ctx.lang, "the_one")}


def introduction(ctx: ReportContext) -> Section:
    """What the report covers and what kind of work it is, its purpose and research
    questions, and the background, from the survey's texts (placeholders where it has none)."""
    t = ctx.t
    opening = t(
        "text.introduction",
        scope=ctx.subject(),
        count=t.count(len(ctx.records)),
        period=ctx.period_text(),
    )
    blocks: list[Block] = [Paragraph([opening]), Paragraph([t(f"text.work_{ctx.work}")])]
    works = work_values(ctx)
    purpose = survey_blocks(ctx, "purpose", "text.purpose_placeholder", **works)
    questions = t.paragraphs("questions", survey=True)
    if questions:
        purpose += [Paragraph([t("text.questions", **works)]), BulletList([[q] for q in questions])]
    h = "headings."
    return Section(
        "introduction",
        t(h + "introduction"),
        blocks,
        [
            Section("introduction-purpose", t(h + "purpose"), purpose),
            Section(
                "introduction-background",
                t(h + "background"),
                survey_blocks(ctx, "background", "text.background_placeholder", **works),
            ),
        ],
    )


@cache
def _provisions(lang: str) -> dict[str, str]:
    """Reference as the catalogues name it -> what the provision requires (provisions.toml)."""
    from tilsyn.survey import data_text
    from tilsyn.usercache import load_toml

    entries = load_toml(data_text("provisions.toml"))["provisions"]
    return {e["reference"][lang]: e["requires"][lang] for e in entries}


def _section_order(reference: str) -> tuple[int, str]:
    """«§ 11 a» after «§ 11», before «§ 12»."""
    found = re.search(r"(\d+)\s*([a-z]?)$", reference)
    return (int(found[1]), found[2]) if found else (0, reference)


def legal_basis(ctx: ReportContext) -> Section:
    """The authority for the work, then each provision the criteria rest on with what it
    requires (grouped by statute, in section order) and the criteria citing it, then a
    placeholder for the legal analysis."""
    t = ctx.t
    works = work_values(ctx)
    blocks = survey_blocks(ctx, "authority", "text.authority_placeholder", **works)
    criteria: dict[str, list[str]] = {}
    for cid in ctx.ids:
        for reference in ctx.texts[cid].legal_basis:
            criteria.setdefault(reference, []).append(cid)
    statutes = list(dict.fromkeys(_statute(r, ctx.lang) for r in criteria))
    ordered = sorted(
        criteria, key=lambda r: (statutes.index(_statute(r, ctx.lang)), _section_order(r))
    )
    blocks.append(Paragraph([t("text.legal_intro" if ordered else "text.legal_none", **works)]))
    known = _provisions(ctx.lang)
    for reference in ordered:
        cited = ctx.legal([reference])
        label = Strong((cited[:1].upper() + cited[1:] + ": ",))
        ids = f" ({t.join(criteria[reference])})"
        if reference in known:
            blocks.append(Paragraph([label, known[reference] + ids]))
        else:
            blocks += [Paragraph([label, t("text.legal_unknown") + ids])]
    blocks.append(Placeholder(t("text.legal_placeholder", **works)))
    return Section("legal", t("headings.legal"), blocks)


def _statute(reference: str, lang: str) -> str:
    marker = " section" if lang == "en" else " §"
    return reference.split(marker, 1)[0].rstrip(",").strip()


def method(ctx: ReportContext) -> Section:
    """Method and data: the records and their groups, the catalogue and the parameters used,
    the records left out, and how to read the figures (subsection "reading")."""
    t = ctx.t
    kind, parts = ctx.breakdown()
    # What the data are may depend on the survey: offices are surveyed, calls are made.
    records = t.fill(
        t.survey.get("data") or t.raw("text.data_records"),
        "data",
        count=t.count(len(ctx.records)),
        **ctx.period_values(),
    )
    form = t("text.form", form=ctx.survey.title[ctx.lang], version=ctx.survey.version)
    counted: list[Block] = [Paragraph([f"{records} {form}"])]
    # One group's count is the sentence's, and groups of one record each (the offices of a
    # county in the office survey) would count «1» per row: a table only when it tells more.
    if len(parts) > 1 and any(len(rs) > 1 for _, rs in parts):
        groups = ctx.add_table(
            "groups",
            t("captions.groups", group=t(f"groups.{kind}")),
            [t(f"groups.{kind}_header"), t("labels.count")],
            [[label, t.number(len(rs))] for label, rs in parts],
            [8.0, 3.0],
            total=[t("groups.total"), t.number(len(ctx.records))],
        )
        by_group = t("text.data", table=groups.number, group=t(f"groups.{kind}"))
        counted = [Paragraph([f"{records} {by_group} {form}"]), groups]
    parameters = _parameters(ctx)
    catalogue = ctx.run.catalogue
    catalogue_text = " ".join(
        [
            t(
                "text.catalogue",
                survey=t.raw("survey_name", survey=True, default=ctx.survey.title[ctx.lang]),
                version=catalogue.version,
            ),
            t("text.parameters", table=parameters.number)
            if parameters
            else t("text.no_parameters"),
        ]
    )
    excluded = _excluded(ctx)
    excluded_text = (
        t("text.excluded", n=len(excluded.rows), table=excluded.number)
        if excluded
        else t("text.excluded_none")
    )
    reading = [
        *(
            [t("text.method_compact", small_sample=ctx.small_sample)]
            if ctx.compact
            else t.paragraphs("text.method", small_sample=ctx.small_sample)
        ),
        *t.paragraphs("method", survey=True),
    ]
    works = work_values(ctx)
    chosen = [
        *survey_blocks(ctx, "selection", "text.selection_placeholder", **works),
        *_observers(ctx),
        *counted,
    ]
    sources = [Placeholder(t("text.sources_placeholder", **works))]
    h = "headings."
    return Section(
        "method",
        t(h + "method_data"),
        sections=[
            Section("method-data", t(h + "data"), chosen),
            Section("method-sources", t(h + "sources"), sources),
            Section("method-catalogue", t(h + "catalogue"), _with(catalogue_text, parameters)),
            Section("method-excluded", t(h + "excluded"), _with(excluded_text, excluded)),
            Section("method-reading", t(h + "method"), [Paragraph([p]) for p in reading]),
        ],
    )


def _observers(ctx: ReportContext) -> list[Block]:
    """«6 observatører fulgte og registrerte samtalene.»: counted from the field the survey
    marks as the one who filled in a form (`[form] author`), where it has one and it is
    filled in."""
    name = ctx.survey.form.author
    people = {str(r.info[name]).strip().casefold() for r in ctx.records if r.info.get(name)}
    if not name or not people:
        return []
    key = "observers"
    values = {"n": len(people), "the_records": ctx.the_records(len(ctx.records))}
    own = ctx.t.raw(key, survey=True, default="")
    text = ctx.t.fill(own, key, **values) if own else ctx.t(f"text.{key}", **values)
    return [Paragraph([text])]


def _with(text: str, table: Table | None) -> list:
    return [Paragraph([text]), *([table] if table else [])]


def _parameters(ctx: ReportContext) -> Table | None:
    values = ctx.run.parameters
    if not values:
        return None
    defaults = ctx.run.defaults
    specs = ctx.catalogue.parameters if ctx.catalogue is not None else {}
    rows = []
    for name in sorted(values):
        spec = specs.get(name)
        label = spec.display_label(ctx.lang) if spec else name
        default = defaults.get(name, spec.default if spec else None)
        rows.append(
            [
                label,
                format_value(values[name], ctx.lang),
                "–" if default is None else format_value(default, ctx.lang),
            ]
        )
    labels = [ctx.t(f"labels.{key}") for key in ("parameter", "value", "default")]
    return ctx.add_table("parameters", ctx.t("captions.parameters"), labels, rows, [9.0, 3.0, 3.0])


def _excluded(ctx: ReportContext) -> Table | None:
    excluded = ctx.run.excluded  # all of the input's: an invalid record may lack its county
    if not excluded:
        return None
    reasons = ctx.t.raw("excluded_reasons", default={})
    rows = []
    for item in excluded:
        codes = item.get("codes") or []
        why = [
            f"{reasons.get(code, ctx.t('text.excluded_reason_unknown'))} ({code})" for code in codes
        ]
        where = str(item.get("file") or "")
        if where:  # as the user named it: never the folders above, no personal data
            where = shown_path(where, lang=ctx.lang)
        if item.get("row") is not None:
            where += f":{item['row']}"
        rows.append([str(item.get(ctx.survey.key) or "–"), where, "; ".join(why)])
    labels = [ctx.t(f"labels.{key}") for key in ("id", "file", "reason")]
    return ctx.add_table("excluded", ctx.t("captions.excluded"), labels, rows, [2.5, 5.5, 8.0])
