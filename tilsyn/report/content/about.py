"""Chapters 1-3 of the report: the introduction (what, who, why), the legal basis (from the
criteria's references, grouped by statute) and the method and data (period, records, how they
were chosen, catalogue and parameters, how to read the figures, records left out)."""

from __future__ import annotations

from tilsyn.numbers import format_value
from tilsyn.privacy import shown_path
from tilsyn.report.content.context import ReportContext
from tilsyn.report.document import BulletList, Paragraph, Section, Table


def introduction(ctx: ReportContext, scope_label: str) -> Section:
    t = ctx.t
    key = "text.introduction_national" if ctx.scope.kind == "national" else "text.introduction"
    # A survey's texts may name a question by its number on the form: {{ question.FIELD }}.
    paragraphs = [
        t(key, scope=scope_label, count=t.count(len(ctx.records)), period=ctx.period_text()),
        *t.paragraphs("about", survey=True, question=ctx.survey.question_numbers),
    ]
    return Section("introduction", t("headings.introduction"), [Paragraph([p]) for p in paragraphs])


def legal_basis(ctx: ReportContext) -> Section:
    """One line per statute the criteria rest on, with the provisions and the criteria."""
    criteria: dict[str, list[str]] = {}
    for cid in ctx.ids:
        for reference in ctx.texts[cid].legal_basis:
            criteria.setdefault(reference, []).append(cid)
    statutes: dict[str, list[str]] = {}
    for reference in criteria:
        statutes.setdefault(_statute(reference, ctx.lang), []).append(reference)
    lines = []
    for references in statutes.values():
        cited = {cid for r in references for cid in criteria[r]}
        ids = [cid for cid in ctx.ids if cid in cited]
        lines.append(ctx.t("text.legal_line", reference=ctx.legal(references), ids=ctx.t.join(ids)))
    blocks = [Paragraph([ctx.t("text.legal_intro") if lines else ctx.t("text.legal_none")])]
    if lines:
        blocks.append(BulletList([[line] for line in lines]))
    return Section("legal", ctx.t("headings.legal"), blocks)


def _statute(reference: str, lang: str) -> str:
    marker = " section" if lang == "en" else " §"
    return reference.split(marker, 1)[0].rstrip(",").strip()


def method(ctx: ReportContext) -> Section:
    """Method and data: the records and their groups, the catalogue and the parameters used,
    the records left out, and how to read the figures (subsection "reading")."""
    t = ctx.t
    kind, parts = ctx.breakdown()
    groups = ctx.add_table(
        "groups",
        t("captions.groups", group=t(f"groups.{kind}")),
        [t(f"groups.{kind}_header"), t("labels.count")],
        [[label, t.number(len(rs))] for label, rs in parts],
        [8.0, 3.0],
        total=[t("groups.total"), t.number(len(ctx.records))],
    )
    # What the data are may depend on the survey: offices are surveyed, calls are made.
    records = t.fill(
        t.survey.get("data") or t.raw("text.data_records"),
        "data",
        count=t.count(len(ctx.records)),
        **ctx.period_values(),
    )
    data = f"{records} {t('text.data', table=groups.number, group=t(f'groups.{kind}'))}"
    data += " " + t(
        "text.form", form=ctx.survey.title[ctx.lang], version=ctx.run.survey.get("version", "–")
    )
    parameters = _parameters(ctx)
    catalogue = ctx.run.catalogue
    catalogue_text = " ".join(
        [
            t("text.catalogue", catalogue=catalogue["id"], version=catalogue["version"]),
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
        *t.paragraphs("text.method", small_sample=ctx.small_sample),
        *t.paragraphs("method", survey=True),
    ]
    h = "headings."
    return Section(
        "method",
        t(h + "method_data"),
        sections=[
            Section("method-data", t(h + "data"), [Paragraph([data]), groups]),
            Section("method-catalogue", t(h + "catalogue"), _with(catalogue_text, parameters)),
            Section("method-excluded", t(h + "excluded"), _with(excluded_text, excluded)),
            Section("method-reading", t(h + "method"), [Paragraph([p]) for p in reading]),
        ],
    )


def _with(text: str, table: Table | None) -> list:
    return [Paragraph([text]), *([table] if table else [])]


def _parameters(ctx: ReportContext) -> Table | None:
    catalogue = ctx.run.catalogue
    values = catalogue.get("parameters", {})
    if not values:
        return None
    defaults = catalogue.get("defaults", {})
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
