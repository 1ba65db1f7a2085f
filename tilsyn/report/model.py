"""The report as plain data: a scored run, a scope and a language in; every sentence, table row
and chart series the Word template shows out.

Kept apart from Word so the content can be tested (and reused for other formats)
without rendering anything, and so the template only lays out what is decided here. Every
number in the report is counted here from the run's statuses; nothing is asserted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterable, NamedTuple, Sequence

from tilsyn.aggregate import Counts, count_criteria
from tilsyn.i18n import (
    STATUSES, format_number, format_value, legal_references, status_label, status_symbol,
    status_text, word,
)
from tilsyn.report.bands import band_sentences, distribution_sections
from tilsyn.report.beside import beside_table
from tilsyn.report.text import ReportError, Strings, source_name
from tilsyn.survey import Level, Survey, counties, fold, get_survey

SMALL_SAMPLE = 10  # shares on fewer records than this are marked as uncertain
# A scorecard longer than this is cut (and says so): a Word table of 100,000 rows is unreadable,
# costs gigabytes to render, and the auditor workbook from `tilsyn export` holds every row.
SCORECARD_ROWS = 2_000
SMALL_MARK = "*"


@dataclass(frozen=True)
class Scope:
    """What a report covers: the whole country, or one group of a grouping level the survey
    lets a report cover (`scope = true` in its definition: a county, a Nav office).

    `role` is "county" for the survey's broadest such level and "office" for any narrower
    one: the report's texts speak of the two roles, whatever the levels are called.
    """

    kind: str  # "national" or a level id
    value: str = ""
    role: str = "national"

    def __str__(self) -> str:
        return self.kind if self.kind == "national" else f"{self.kind}:{self.value}"


def scope_levels(survey: Survey) -> tuple[Level, ...]:
    """The levels a report can cover, broadest first."""
    return tuple(level for level in survey.levels if level.scope)


def parse_scope(text: str, survey: Survey) -> Scope:
    """`national` or `LEVEL:VALUE` (`county:vestland`, `office:Nav Bergen nord`); a value of a
    choice field may be its code or its label. ValueError if not."""
    kind, _, value = text.strip().partition(":")
    kind, value = kind.strip().casefold(), value.strip()
    levels = scope_levels(survey)
    if kind == "national" and not value:
        return Scope("national")
    level = next((level for level in levels if level.id == kind), None)
    if level is None or not value:
        forms = ", ".join(["national", *(f"{level.id}:..." for level in levels)])
        raise ValueError(f"{text!r} is not a scope: use {forms}")
    role = "county" if level == levels[0] else "office"
    field = survey.by_name[level.field]
    if field.is_choice:
        code = survey.choice_code(field.name, value)
        if code is None:
            raise ValueError(f"unknown {level.id} {value!r}; the codes are: "
                             + ", ".join(field.codes))
        value = code
    return Scope(level.id, value, role)


@dataclass
class Figure:
    """A chart to draw: bars with interval whiskers, and the words around it."""

    number: int
    caption: str
    alt: str
    labels: list[str]
    shares: list[float | None]  # None: nothing to share (no record passed or failed)
    intervals: list[tuple[float, float] | None]
    values: list[str]  # each share as the reader reads it; the chart shows it by number_format
    axis: str
    interval_label: str
    reference: float | None = None
    reference_label: str = ""
    counts: list[str] = field(default_factory=list)  # «x av n» for each bar, after its label
    reference_name: str = ""  # the reference's own bar («Totalt (45 av 59)»), drawn last
    reference_interval: tuple[float, float] | None = None
    columns: tuple[str, str, str] = ("", "", "")  # the chart workbook's label and margin headers
    number_format: str = '0" %"'  # of the shares (in percent) written on the bars
    image: Any = None  # filled in by the renderer


@dataclass
class ReportModel:
    """Everything the template shows (`values`, what jinja2 sees), and the charts to draw."""

    values: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)
    records: int = 0


def chart_words(t: Strings, counts: Sequence[Counts]) -> dict[str, Any]:
    """The words of a chart beyond its bars: «x av n» per bar, the workbook's column headers
    and the number format of the shares written on the bars («45 %», «45%»)."""
    return {"counts": [t("charts.of", passed=t.number(c.passed), assessed=t.number(c.assessed))
                       for c in counts],
            "columns": (t("charts.label_column"), t("charts.below"), t("charts.above")),
            "number_format": '0"' + t.percent(0.0)[1:] + '"'}


class CriterionText(NamedTuple):
    """A criterion as the report describes it, in the report's language."""

    title: str
    rationale: str
    legal_basis: tuple[str, ...]
    severity: str
    recommendations: tuple[str, ...]


@cache
def _county_names(lang: str) -> dict[str, str]:
    """County code -> the short name for tables and charts («Vestland»)."""
    return {c["code"]: c.get("short", c["label"])[lang] for c in counties()}


def _sort_key(text: str) -> tuple:
    """Norwegian alphabetical order: æ, ø, å after z, in that order."""
    order = {"æ": "{", "ø": "|", "å": "}"}  # the three characters after z in ASCII
    return "".join(order.get(ch, ch) for ch in fold(text)), text


class _Builder:
    """Builds one report's values; small steps, each a section of the report."""

    def __init__(self, run: Any, scope: Scope, strings: Strings, survey: Survey,
                 catalogue: Any | None, free_text: dict[str, dict[str, str]] | None,
                 small_sample: int, today: dt.date, related: dict[str, Any]):
        self.run, self.scope, self.t, self.survey = run, scope, strings, survey
        self.lang = strings.lang
        self.catalogue = catalogue
        self.free_text = free_text
        self.small_sample = small_sample
        self.today = today
        self.related = related  # other survey kinds' runs, for results set beside (beside.py)
        levels = scope_levels(survey)
        # The fields of the two roles the texts speak of: the area (county) and the unit (office).
        self.area = levels[0].field if levels else None
        self.unit = levels[-1].field if len(levels) > 1 else None
        self.ids = list(run.criterion_ids)
        self.texts = {cid: self._criterion_text(cid) for cid in self.ids}
        self.records = self._in_scope()
        self.counts = dict(zip(self.ids, (c.counts for c in count_criteria(self.records, self.ids))))
        self.tables = 0
        self.figures: list[Figure] = []

    # -- the pieces every section uses

    def _in_scope(self) -> list[Any]:
        records = self.run.records
        if self.scope.kind != "national":
            field = self.survey.level(self.scope.kind).field
            wanted = fold(self.scope.value)
            records = [r for r in records if fold(str(r.info.get(field) or "")) == wanted]
        if not records:
            raise ReportError("RPT004", f"no {self.survey.record_noun_plural['en']} in the data "
                              f"for the scope {self.scope}", self._scope_hint())
        return sorted(records, key=lambda r: _sort_key(str(r.key)))

    def _scope_hint(self) -> str:
        field = self.survey.level(self.scope.kind).field
        found = sorted({str(r.info.get(field)) for r in self.run.records if r.info.get(field)},
                       key=_sort_key)
        shown = ", ".join(found[:8]) + (", ..." if len(found) > 8 else "")
        return f"In the data: {shown}" if found else f"The data give no {self.scope.kind}."

    def next_table(self) -> int:
        self.tables += 1
        return self.tables

    def _criterion_text(self, cid: str) -> CriterionText:
        """From the catalogue, in the report's language; else as the run carries it."""
        criterion = self.catalogue.criterion(cid) if self.catalogue is not None else None
        if criterion is None:
            s = self.run.summary(cid)
            return CriterionText(s.title, s.rationale, s.legal_basis, s.severity,
                                 s.recommendations)
        lang = self.lang
        return CriterionText(criterion.title[lang], criterion.rationale[lang],
                             criterion.legal_basis[lang], criterion.severity,
                             criterion.recommendations)

    def title(self, cid: str) -> str:
        return self.texts[cid].title

    def county_label(self, code: str, short: bool = True) -> str:
        """An area (the broadest scope level's group) as the reader knows it: its choice label
        (short in tables and charts where the code list has a short name)."""
        if short and code in _county_names(self.lang):
            return _county_names(self.lang)[code]
        field = self.survey.by_name.get(self.area) if self.area else None
        return field.choice_label(code, self.lang) if field and field.is_choice else code

    def share_cell(self, counts: Counts) -> str:
        text = self.t.percent(counts.share, 1)
        if counts.assessed and counts.assessed < self.small_sample:
            text += f" {SMALL_MARK}"
        return text

    def count_row(self, label: str, counts: Counts) -> dict[str, Any]:
        return {"label": label, "passed": self.t.number(counts.passed),
                "failed": self.t.number(counts.failed),
                "not_applicable": self.t.number(counts.not_applicable),
                "not_answered": self.t.number(counts.not_answered),
                "share": self.share_cell(counts), "ci": self.t.interval(counts.ci95, 1)}

    def sentence_values(self, counts: Counts) -> dict[str, Any]:
        offices = self.t("offices.one" if self.scope.role == "office" else "offices.many")
        return {**self.run.parameters, "passed": counts.passed, "failed": counts.failed,
                "n": counts.assessed, "count": self.t.count(counts.assessed), "offices": offices}

    def sentence(self, cid: str, counts: Counts) -> str:
        """The finding in words, e.g. «Nav-kontorene svarte på 6 av 44 spørreanrop ...»."""
        source = self.t.sentence(cid)
        values = self.sentence_values(counts)
        if source is None:
            return f"{cid} {self.title(cid)}: {counts.passed} {word('of', self.lang)} {values['count']}"
        return self.t.fill(source, f"sentences.{cid}", **values)

    # -- sections

    def period(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day in the survey's (first) date field, over the scope."""
        field_name = next((f.name for f in self.survey.fields if f.type in ("date", "datetime")),
                          None)
        days = sorted(dt.date.fromisoformat(str(r.info[field_name])[:10]) for r in self.records
                      if field_name and r.info.get(field_name))
        return (days[0], days[-1]) if days else None

    def title_page(self) -> dict[str, Any]:
        t, scope = self.t, self.scope
        if scope.kind == "national":
            scope_label, letterhead = t("scope.national"), t("letterhead.national")
        else:
            first = self.records[0].info
            county = first.get(self.area) if scope.role == "office" else scope.value
            county_name = self.county_label(str(county), short=False)
            office = str(first.get(self.unit)) if self.unit else ""
            scope_label = t(f"scope.{scope.role}", county=county_name, office=office)
            letterhead = t("letterhead.county", county=county_name)
        rounds = sorted({str(r.info["survey"]) for r in self.records if r.info.get("survey")})
        survey_name = t.raw("survey_name", survey=True, default=self.survey.title[self.lang])
        if rounds:
            survey_name += f" ({', '.join(rounds)})"
        catalogue = self.run.catalogue
        return {
            "title": t.raw("title", survey=True, default=self.survey.title[self.lang]),
            "subtitle": t("subtitle"), "draft": t("draft"), "letterhead": letterhead,
            "survey_name": survey_name, "scope_label": scope_label,
            "period": self.period_text(), "date": t.date(self.today),
            "catalogue_label": t("text.catalogue_label", id=catalogue["id"],
                                 version=catalogue["version"]),
        }

    def period_text(self) -> str:
        period = self.period()
        if period is None:
            return "–"
        start, end = period
        if start == end:
            return self.t.date(start)
        return self.t("period", start=self.t.date(start, year=start.year != end.year),
                      end=self.t.date(end))

    def summary(self) -> dict[str, Any]:
        t = self.t
        intro = t.survey_text("summary_intro", count=t.count(len(self.records)),
                              period=self.period_text()) if "summary_intro" in t.survey else ""
        items = band_sentences(self)
        for cid in self.ids:
            counts = self.counts[cid]
            if counts.assessed and (self.texts[cid].severity == "high" or counts.share < 0.5):
                items.append(t("text.summary_item", sentence=self.sentence(cid, counts),
                               share=t.percent(counts.share), id=cid))
        return {"intro": intro, "points": items,
                "note": t("text.summary_note") if items else t("text.summary_none")}

    def breakdown(self) -> tuple[str, list[tuple[str, list[Any]]]]:
        """The scope split into its parts: counties of the country, offices otherwise."""
        if self.scope.kind == "national" and self.area:
            order = {code: i for i, code in enumerate(self.survey.by_name[self.area].codes)}
            parts = _partition(self.records, self.area)
            keys = sorted(parts, key=lambda code: (order.get(code, len(order)), _sort_key(code)))
            return "national", [(self.county_label(k), parts[k]) for k in keys]
        parts = _partition(self.records, self.unit) if self.unit else {}
        return "county", [(k, parts[k]) for k in sorted(parts, key=_sort_key)]

    def comparison(self) -> tuple[str, list[tuple[str, list[Any]]]]:
        """What a criterion is compared across: counties, offices, or office-county-country."""
        if self.scope.role != "office":
            return self.breakdown()
        county = self.records[0].info.get(self.area)
        in_county = [r for r in self.run.records if r.info.get(self.area) == county]
        return "office", [(str(self.records[0].info.get(self.unit)), self.records),
                          (self.county_label(str(county)), in_county),
                          (self.t("groups.nation"), self.run.records)]

    def about(self) -> dict[str, Any]:
        t = self.t
        kind, parts = self.breakdown()
        groups = {"number": self.next_table(), "header": t(f"groups.{kind}_header"),
                  "caption": t("captions.groups", group=t(f"groups.{kind}")),
                  "rows": [{"label": label, "count": t.number(len(rs))} for label, rs in parts],
                  "total_label": t("groups.total"), "total": t.number(len(self.records))}
        # What the data are may depend on the survey: offices are surveyed, calls are made.
        records = t.fill(t.survey.get("data") or t.raw("text.data_records"), "data",
                         count=t.count(len(self.records)), period=self.period_text())
        data = f'{records} {t("text.data", table=groups["number"], group=t(f"groups.{kind}"))}'
        parameters = self.parameters()
        catalogue = self.run.catalogue
        catalogue_text = " ".join([
            t("text.catalogue", catalogue=catalogue["id"], version=catalogue["version"]),
            t("text.parameters", table=parameters["number"]) if parameters
            else t("text.no_parameters")])
        excluded = self.excluded()
        excluded_text = (t("text.excluded", n=len(excluded["rows"]),
                           table=excluded["number"])
                         if excluded else t("text.excluded_none"))
        return {"intro": t.paragraphs("about", survey=True), "data": data, "groups": groups,
                "catalogue": catalogue_text, "parameters": parameters,
                "excluded_text": excluded_text, "excluded": excluded,
                "method": [*t.paragraphs("text.method", small_sample=self.small_sample,
                                         mark=SMALL_MARK), *t.paragraphs("method", survey=True)]}

    def parameters(self) -> dict[str, Any] | None:
        catalogue = self.run.catalogue
        values = catalogue.get("parameters", {})
        if not values:
            return None
        defaults = catalogue.get("defaults", {})
        specs = self.catalogue.parameters if self.catalogue is not None else {}
        rows = []
        for name in sorted(values):
            spec = specs.get(name)
            label = spec.display_label(self.lang) if spec else name
            default = defaults.get(name, spec.default if spec else None)
            rows.append({"label": label, "name": name,
                         "value": format_value(values[name], self.lang),
                         "default": "–" if default is None else format_value(default, self.lang)})
        return {"number": self.next_table(), "caption": self.t("captions.parameters"),
                "rows": rows}

    def excluded(self) -> dict[str, Any] | None:
        excluded = self.run.excluded  # all of the input's: an invalid record may lack its county
        if not excluded:
            return None
        reasons = self.t.raw("excluded_reasons", default={})
        rows = []
        for item in excluded:
            codes = item.get("codes") or []
            why = [f"{reasons.get(code, self.t('text.excluded_reason_unknown'))} ({code})"
                   for code in codes]
            where = str(item.get("file") or "")
            if where:  # as the user named it: never the folders above, no personal data
                from tilsyn.export.provenance import shown_path

                where = shown_path(where, lang=self.lang)
            if item.get("row") is not None:
                where += f":{item['row']}"
            rows.append({"id": str(item.get(self.survey.key) or "–"),
                         "file": where, "reason": "; ".join(why)})
        return {"number": self.next_table(), "caption": self.t("captions.excluded"),
                "rows": rows}

    def figure(self, caption: str, alt_key: str, rows: Sequence[tuple[str, Counts]],
               reference: Counts | None = None, **alt_values: Any) -> Figure | None:
        """A bar chart of the rows (a row without a share gets no bar); None when none has one.

        Every comparison chart of a report shows the same groups, so they read alike and
        share one drawing.
        """
        t = self.t
        if not any(c.assessed for _, c in rows):
            return None
        items = [t("charts.alt_item", label=label, share=t.percent(c.share),
                   ci=t.interval(c.ci95), count=t.count(c.assessed)) if c.assessed
                 else t("charts.alt_item_none", label=label, count=t.count(0))
                 for label, c in rows]
        overall = None
        if reference is not None and reference.assessed:
            overall = t("charts.overall", label=t("groups.total"), share=t.percent(reference.share))
            items.append(overall)
        figure = Figure(
            number=len(self.figures) + 1, caption=caption,
            alt=t(alt_key, items="; ".join(items), **alt_values),
            labels=[label for label, _ in rows], shares=[c.share for _, c in rows],
            intervals=[c.ci95 for _, c in rows], values=[t.percent(c.share) for _, c in rows],
            axis=t("charts.axis"),
            interval_label=t("charts.interval"), **chart_words(t, [c for _, c in rows]))
        if overall is not None:
            figure.reference, figure.reference_label = reference.share, overall
            figure.reference_interval = reference.ci95
            figure.reference_name = (f"{t('groups.total')} "
                                     f"({chart_words(t, [reference])['counts'][0]})")
        self.figures.append(figure)
        return figure

    def findings(self) -> dict[str, Any]:
        t = self.t
        overview_rows = [(f"{cid} {self.title(cid)}", self.counts[cid]) for cid in self.ids]
        figure = self.figure(t("captions.overview_figure"), "charts.alt_overview", overview_rows)
        table = {"number": self.next_table(), "caption": t("captions.overview_table"),
                 "rows": [self.count_row(label, c) for label, c in overview_rows]}
        intro = t("text.findings", figure=figure.number if figure else "–", table=table["number"])
        kind, parts = self.comparison()
        part_counts = [(label, dict(zip(self.ids, (c.counts for c in count_criteria(rs, self.ids)))))
                       for label, rs in parts]
        distributions = distribution_sections(self)
        criteria = [self.criterion_finding(cid, kind, part_counts) for cid in self.ids]
        return {"intro": intro, "figure": figure, "table": table, "criteria": criteria,
                "distributions": distributions,
                "small_note": t("text.small_sample_note", small_sample=self.small_sample,
                                mark=SMALL_MARK)}

    def criterion_finding(self, cid: str, kind: str,
                          part_counts: list[tuple[str, dict[str, Counts]]]) -> dict[str, Any]:
        t = self.t
        counts = self.counts[cid]
        text = self.texts[cid]
        title = text.title
        finding = {
            "id": cid, "heading": f"{cid} {title}", "rationale": text.rationale,
            "legal_basis": legal_references(text.legal_basis, self.lang),
            "recommendations": ", ".join(text.recommendations) or "–",
            "statuses": ", ".join(f"{t.number(counts.count(s))} {status_label(s, self.lang)}"
                                  for s in STATUSES),
            "result": "", "figure": None, "table": None, "comparison": "", "beside": None,
        }
        finding["counts"] = t("text.criterion_counts", count=t.count(counts.total),
                              statuses=finding["statuses"])
        if not counts.assessed:
            finding["result"] = t("text.criterion_none")
            return finding
        finding["result"] = t("text.criterion_result", sentence=self.sentence(cid, counts),
                              share=t.percent(counts.share), ci=t.interval(counts.ci95))
        group = t(f"groups.{kind}")
        rows = [(label, by_id[cid]) for label, by_id in part_counts]
        reference = counts if kind != "office" else None
        finding["figure"] = self.figure(
            t("captions.comparison_figure", id=cid, title=title, group=group),
            "charts.alt_comparison", rows, reference, id=cid, title=title, group=group)
        table_rows = [self.count_row(label, c) for label, c in rows]
        if kind != "office":
            table_rows.append(self.count_row(t("groups.total"), counts))
        finding["table"] = {"number": self.next_table(), "header": t(f"groups.{kind}_header"),
                            "caption": t("captions.comparison_table", id=cid, title=title,
                                         group=group), "rows": table_rows}
        finding["comparison"] = t("text.comparison",
                                  figure=finding["figure"].number if finding["figure"] else "–",
                                  table=finding["table"]["number"], group=group)
        finding["beside"] = beside_table(self, cid)
        return finding

    def recommendations(self) -> dict[str, Any]:
        from tilsyn.criteria import recommendations as all_recommendations

        t = self.t
        known = self.catalogue.recommendations if self.catalogue is not None else all_recommendations()
        linked_ids = list(dict.fromkeys(r for cid in self.ids
                                        for r in self.texts[cid].recommendations))
        wanted = self.t.settings.get("recommendations") or linked_ids
        items = []
        for rid in [r for r in wanted if r in known] + [r for r in linked_ids if r not in wanted]:
            items.append(self.recommendation(known[rid]))
        return {"intro": t("text.recommendations"), "entries": items}

    def recommendation(self, rec: Any) -> dict[str, Any]:
        t = self.t
        linked = [cid for cid in self.ids if rec.id in self.texts[cid].recommendations]
        failing = [cid for cid in linked if self.counts[cid].failed]
        evidence = [t("text.rec_evidence", id=cid, title=self.title(cid),
                      failed=self.counts[cid].failed, count=t.count(self.counts[cid].assessed),
                      share=t.percent(self.counts[cid].failed / self.counts[cid].assessed))
                    for cid in failing]
        ids = t.join(linked)
        if failing:
            status = t("text.rec_supported")
        elif not linked:
            status = t("text.rec_unlinked")
        elif not any(self.counts[cid].assessed for cid in linked):
            status = t("text.rec_no_data", ids=ids)
        else:
            status = t("text.rec_no_failures", ids=ids)
        return {"id": rec.id, "heading": f"{rec.id} {rec.title[self.lang]}",
                "text": rec.text[self.lang], "supported": bool(failing),
                "source": source_name(rec.source, self.lang),
                "status": status, "evidence": evidence, "criteria": linked}

    def catalogue_rows(self) -> dict[str, Any]:
        rows = []
        for cid, text in self.texts.items():
            severity = (word(text.severity, self.lang)
                        if text.severity in ("high", "medium", "low") else text.severity)
            rows.append({"id": cid, "title": text.title, "rationale": text.rationale,
                         "legal_basis": legal_references(text.legal_basis, self.lang),
                         "recommendations": ", ".join(text.recommendations) or "–",
                         "severity": severity})
        return {"number": self.next_table(), "caption": self.t("captions.catalogue"), "rows": rows}

    def scorecard(self) -> dict[str, Any]:
        texts = {status: status_text(status, self.lang) for status in STATUSES}
        rows = [{"id": str(r.key), "office": str(r.info.get(self.unit) or "") if self.unit else "",
                 "cells": [texts[r.results[cid].status] for cid in self.ids]}
                for r in self.records[:SCORECARD_ROWS]]
        legend = self.t.join([f"{status_symbol(s)} {status_label(s, self.lang)}" for s in STATUSES])
        intro = self.t("text.scorecard", legend=legend)
        if len(self.records) > SCORECARD_ROWS:
            intro += " " + self.t("text.scorecard_cut", shown=format_number(SCORECARD_ROWS, self.lang),
                                  total=format_number(len(self.records), self.lang))
        return {"number": self.next_table(), "caption": self.t("captions.scorecard"),
                "intro": intro, "criteria": self.ids, "rows": rows}

    def free_text_rows(self, names: Iterable[str]) -> dict[str, Any] | None:
        if self.free_text is None:
            return None
        from tilsyn.privacy import Detector

        detector = Detector(names)
        rows = []
        for record in self.records:
            for name, text in self.free_text.get(str(record.key), {}).items():
                if text:
                    rows.append({"id": str(record.key), "field": self.survey.label(name, self.lang),
                                 "text": detector.redact(" ".join(str(text).split()), self.lang)})
        return {"number": self.next_table() if rows else None,
                "caption": self.t("captions.personal"),
                "intro": self.t("text.personal") if rows else self.t("text.personal_none"),
                "rows": rows}


def _partition(records: Iterable[Any], field_name: str) -> dict[str, list[Any]]:
    parts: dict[str, list[Any]] = {}
    for record in records:
        parts.setdefault(str(record.info.get(field_name) or "–"), []).append(record)
    return parts


def free_text_of(records: Iterable[Any], survey: Survey) -> dict[str, dict[str, str]]:
    """Key -> the free-text fields that may hold personal data (notes, message text), if filled."""
    fields = [f.name for f in survey.fields if f.personal_data]
    return {str(r.key): {f: r.values[f] for f in fields if r.values.get(f)} for r in records
            if r.survey == survey.id}


def build_model(run: Any, scope: Scope, lang: str, *, catalogue: Any | None = None,
                free_text: dict[str, dict[str, str]] | None = None, names: Iterable[str] = (),
                small_sample: int = SMALL_SAMPLE, today: dt.date | None = None,
                related: dict[str, Any] | None = None) -> ReportModel:
    """The report's content for a `ScoreRun`, in `lang`, limited to `scope`.

    `catalogue` gives criterion texts in `lang` (without it, the run's own texts are used);
    `free_text` (from `free_text_of`) adds the redacted free-text appendix; `related` (survey
    id -> the run of another survey kind in the same input) gives results set beside a
    criterion (`beside`).
    """
    survey = get_survey(run.survey["id"])
    strings = Strings(lang, survey.id, survey.record_noun[lang], survey.record_noun_plural[lang])
    builder = _Builder(run, scope, strings, survey, catalogue, free_text, small_sample,
                       today or dt.date.today(), related or {})
    values = {
        "lang": lang, "t": strings.report, **strings.nouns,
        "doc": builder.title_page(),
        "summary": builder.summary(),
        "about": builder.about(),
        "findings": builder.findings(),
        "recommendations": builder.recommendations(),
        "appendix": {"catalogue": builder.catalogue_rows(), "scorecard": builder.scorecard(),
                     "free_text": builder.free_text_rows(names)},
    }
    return ReportModel(values, builder.figures, len(builder.records))
