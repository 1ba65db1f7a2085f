"""What every section of a report needs: the run, the scope's records and their counts, the
report's words, and the running numbers of tables and figures.

Built once per report (`ReportContext.make`); each chapter module (front, about, findings,
conclusions, developments, appendix, bands, beside) takes it and returns its part of the
document tree (tilsyn/report/document.py), numbering tables and figures through it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterable, NamedTuple

from tilsyn.aggregate import SMALL_SAMPLE, Counts, count_criteria, shows_share
from tilsyn.i18n import legal_references
from tilsyn.report.chart import BarChart
from tilsyn.report.content.scope import Scope, scope_levels
from tilsyn.report.document import Figure, Table
from tilsyn.report.text import ReportError, Strings
from tilsyn.survey import Survey, counties, fold

__all__ = ["SMALL_SAMPLE", "CriterionText", "ReportContext", "in_scope", "partition", "sort_key"]


class CriterionText(NamedTuple):
    """A criterion as the report describes it, in the report's language."""

    title: str
    rationale: str
    legal_basis: tuple[str, ...]
    severity: str
    recommendations: tuple[str, ...]


@cache
def _short_names(lang: str) -> dict[str, str]:
    """County code -> the short name for tables and charts («Vestland»)."""
    return {c["code"]: c.get("short", c["label"])[lang] for c in counties()}


def sort_key(text: str) -> tuple:
    """Norwegian alphabetical order: æ, ø, å after z, in that order."""
    order = {"æ": "{", "ø": "|", "å": "}"}  # the three characters after z in ASCII
    return "".join(order.get(ch, ch) for ch in fold(text)), text


def partition(records: Iterable[Any], field_name: str) -> dict[str, list[Any]]:
    parts: dict[str, list[Any]] = {}
    for record in records:
        parts.setdefault(str(record.info.get(field_name) or "–"), []).append(record)
    return parts


@dataclass
class ReportContext:
    """One report's inputs and running state; the sections read it and add tables and figures."""

    run: Any
    scope: Scope
    t: Strings
    survey: Survey
    catalogue: Any | None
    free_text: dict[str, dict[str, str]] | None
    small_sample: int
    today: dt.date
    related: dict[str, Any]  # other survey kinds' runs, for results set beside (beside.py)
    baseline: Any | None  # the previous survey's run, for the chapter on developments
    area: str | None  # the field of the broadest scope level (county)
    unit: str | None  # the field of the narrowest one (office)
    ids: list[str]
    texts: dict[str, CriterionText]
    records: list[Any]
    counts: dict[str, Counts]
    tables: int = 0
    figures: list[Figure] = field(default_factory=list)
    allow_overlap: bool = False  # the previous survey may share records with this one

    @classmethod
    def make(
        cls,
        run: Any,
        scope: Scope,
        strings: Strings,
        survey: Survey,
        *,
        catalogue: Any | None = None,
        free_text: dict[str, dict[str, str]] | None = None,
        small_sample: int = SMALL_SAMPLE,
        today: dt.date | None = None,
        related: dict[str, Any] | None = None,
        baseline: Any = None,
        allow_overlap: bool = False,
    ) -> ReportContext:
        """The context of `run` limited to `scope`; ReportError RPT004 if nothing is in it."""
        levels = scope_levels(survey)
        ids = list(run.criterion_ids)
        records = in_scope(run, scope, survey)
        counts = dict(zip(ids, (c.counts for c in count_criteria(records, ids)), strict=False))
        texts = {cid: _criterion_text(run, catalogue, cid, strings.lang) for cid in ids}
        return cls(
            run,
            scope,
            strings,
            survey,
            catalogue,
            free_text,
            small_sample,
            today or dt.date.today(),
            related or {},
            baseline,
            levels[0].field if levels else None,
            levels[-1].field if len(levels) > 1 else None,
            ids,
            texts,
            records,
            counts,
            allow_overlap=allow_overlap,
        )

    @property
    def lang(self) -> str:
        return self.t.lang

    def add_table(
        self,
        table_id: str,
        caption: str,
        header: list[str],
        rows: list[list[str]],
        widths: list[float],
        **options: Any,
    ) -> Table:
        """The next numbered table (`options`: `total`, `dense`)."""
        self.tables += 1
        return Table(table_id, self.tables, caption, header, rows, widths, **options)

    def add_figure(self, caption: str, alt: str, chart: BarChart) -> Figure:
        """The next numbered figure, kept for the writers that need every chart up front."""
        figure = Figure(
            f"figure-{len(self.figures) + 1}", len(self.figures) + 1, caption, alt, chart
        )
        self.figures.append(figure)
        return figure

    def title(self, cid: str) -> str:
        return self.texts[cid].title

    def titled(self, key: str, cid: str) -> str:
        """The text `key` naming a criterion by its title and counts («Taushetsplikten
        overholdt: 57 av 59 samtaler»)."""
        counts = self.counts[cid]
        return self.t(
            key, title=self.title(cid), passed=counts.passed, count=self.t.count(counts.assessed)
        )

    def legal(self, references: Iterable[str]) -> str:
        """References the way a legal writer names them, «§ 4» never split over two lines."""
        return legal_references(tuple(references), self.lang).replace("§ ", "§\u00a0")

    @property
    def compact(self) -> bool:
        """A scope of a handful of records (fewer than `small_sample`): a line per criterion,
        no tables of shares, and the recommendations listed, since none can be supported."""
        return len(self.records) < self.small_sample

    def small(self, counts: Counts) -> bool:
        """Too few records for a share to mean much: shown as counts only."""
        return not shows_share(counts, self.small_sample)

    def area_label(self, code: str, short: bool = True) -> str:
        """An area (the broadest scope level's group) as the reader knows it: its choice label
        (short in tables and charts where the code list has a short name)."""
        if short and code in _short_names(self.lang):
            return _short_names(self.lang)[code]
        field = self.survey.by_name.get(self.area) if self.area else None
        return field.choice_label(code, self.lang) if field and field.is_choice else code

    def share_text(self, counts: Counts) -> str:
        """«14 %» for a group large enough, «1 av 2» (counts only) for a small one."""
        if counts.assessed and self.small(counts):
            return self.t(
                "charts.of",
                passed=self.t.number(counts.passed),
                assessed=self.t.number(counts.assessed),
            )
        return self.t.percent(counts.share)

    def count_row(self, label: str, counts: Counts) -> list[str]:
        """A table row: the label, the count of each status, the share and its interval."""
        small, number = self.small(counts), self.t.number
        return [
            label,
            number(counts.passed),
            number(counts.failed),
            number(counts.not_applicable),
            number(counts.not_answered),
            "–" if small else self.t.percent(counts.share, 1),
            "–" if small else self.t.interval(counts.ci95, 1),
        ]

    def count_table(
        self,
        table_id: str,
        caption: str,
        first: str,
        rows: list[tuple[str, Counts]],
        widths: list[float],
    ) -> Table:
        """A table of `count_row`s; the share and interval columns are left out when no row
        has records enough for a share (never a column of dashes)."""
        header = self.count_header(first)
        body = [self.count_row(label, counts) for label, counts in rows]
        if all(self.small(counts) for _, counts in rows):
            header, body, widths = header[:-2], [row[:-2] for row in body], widths[:-2]
        return self.add_table(table_id, caption, header, body, widths)

    def count_header(self, first: str) -> list[str]:
        """The header of `count_row`'s table, `first` over the labels."""
        from tilsyn.i18n import STATUSES, status_label

        statuses = [status_label(s, self.lang).capitalize() for s in STATUSES]
        return [first, *statuses, self.t("labels.share"), self.t("labels.ci")]

    @property
    def recommendations(self) -> list[Any]:
        """The recommendations the report discusses, each with the criteria it rests on."""
        from tilsyn.recommendations import recommendations_of

        return recommendations_of(self.catalogue if self.catalogue is not None else self.run)

    @property
    def addressees(self) -> dict[str, Any]:
        """The bodies the recommendations are addressed to, by id (the catalogue's set)."""
        catalogue = self.catalogue if self.catalogue is not None else self.run.catalogue
        return catalogue.recommendation_set.addressees

    @property
    def work(self) -> str:
        """What the work is, a setting of the survey kind: "survey" (an undersøkelse, the
        default) or "audit" (a tilsyn); a glossary term id."""
        return str(self.t.settings.get("work", "survey"))

    def subject(self) -> str:
        """What the report is about, as a sentence names it: «hele landet», «Nav-kontorene i
        Vestland», «Nav Bergen nord (Vestland)». The county governor is the report's author
        (letterhead), never its subject."""
        t = self.t
        if self.scope.kind == "national":
            return t("scope.national_subject")
        first = self.records[0].info
        area = first.get(self.area) if self.scope.role == "unit" else self.scope.value
        key = f"scope.{self.scope.role}"
        values = {"area": self.area_label(str(area)), "unit": ""}
        if self.unit:
            values["unit"] = str(first.get(self.unit) or "")
        own = t.raw(key, survey=True, default="")
        return t.fill(own, key, **values) if own else t(key, **values)

    def the_records(self, n: int) -> str:
        """«samtalen» for one record, «samtalene» for more."""
        return self.t.nouns["record_definite" if n == 1 else "records_definite"]

    def result(self, cid: str, counts: Counts) -> str:
        """The finding under its criterion's title: the survey's sentence, or «Oppfylt i 6 av
        7 saker» (never the title again)."""
        if counts.assessed == 1:  # no «0 av 1»: what happened to the one record
            return self.t("text.result_one", **self._one(counts))
        source = self.t.sentence(cid)
        if source is None:
            return self.t("text.generic_result", **self.sentence_values(counts))
        return self.t.fill(source, f"sentences.{cid}", **self.sentence_values(counts))

    def sentence_values(self, counts: Counts) -> dict[str, Any]:
        offices = self.t("offices.one" if self.scope.role == "unit" else "offices.many")
        return {
            **self.run.parameters,
            "passed": counts.passed,
            "failed": counts.failed,
            "n": counts.assessed,
            "count": self.t.count(counts.assessed),
            "offices": offices,
        }

    def _one(self, counts: Counts) -> dict[str, Any]:
        from tilsyn.glossary import one

        return {"one": one(self.t.record, self.lang), "met": bool(counts.passed)}

    def sentence(self, cid: str, counts: Counts) -> str:
        """The finding in words where no heading names the criterion, e.g. «Nav-kontorene
        svarte på 6 av 44 spørreanrop ...», or «Vedtak innen fristen: oppfylt i 6 av 7 saker»."""
        if counts.assessed == 1:
            return self.t("text.sentence_one", title=self.title(cid), **self._one(counts))
        if self.t.sentence(cid) is None:
            values = self.sentence_values(counts)
            return self.t("text.generic_sentence", title=self.title(cid), **values)
        return self.result(cid, counts)

    def period(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day in the survey's (first) date field, over the scope."""
        field_name = next(
            (f.name for f in self.survey.fields if f.type in ("date", "datetime")), None
        )
        days = sorted(
            dt.date.fromisoformat(str(r.info[field_name])[:10])
            for r in self.records
            if field_name and r.info.get(field_name)
        )
        return (days[0], days[-1]) if days else None

    def period_values(self) -> dict[str, Any]:
        """`period` and `one_day` for a text: «i perioden 9. oktober til ...» or «den 9. oktober»."""
        period = self.period()
        return {"period": self.period_text(), "one_day": bool(period) and period[0] == period[1]}

    def period_text(self) -> str:
        period = self.period()
        if period is None:
            return "–"
        start, end = period
        if start == end:
            return self.t.date(start)
        return self.t(
            "period", start=self.t.date(start, year=start.year != end.year), end=self.t.date(end)
        )

    def breakdown(self) -> tuple[str, list[tuple[str, list[Any]]]]:
        """The scope split into its parts: counties of the country, offices otherwise."""
        if self.scope.kind == "national" and self.area:
            order = {code: i for i, code in enumerate(self.survey.by_name[self.area].codes)}
            parts = partition(self.records, self.area)
            keys = sorted(parts, key=lambda code: (order.get(code, len(order)), sort_key(code)))
            return "national", [(self.area_label(k), parts[k]) for k in keys]
        parts = partition(self.records, self.unit) if self.unit else {}
        return "area", [(k, parts[k]) for k in sorted(parts, key=sort_key)]


def in_scope(run: Any, scope: Scope, survey: Survey) -> list[Any]:
    """The run's records the scope covers, in key order; RPT004 when there are none."""
    records = run.records
    if scope.kind != "national":
        field_name = survey.level(scope.kind).field
        wanted = fold(scope.value)
        records = [r for r in records if fold(str(r.info.get(field_name) or "")) == wanted]
    if not records:
        raise ReportError("RPT004", *_scope_hint(run, scope, survey))
    return sorted(records, key=lambda r: sort_key(str(r.key)))


def _scope_hint(run: Any, scope: Scope, survey: Survey) -> tuple[str, str]:
    """(message, hint) of RPT004, the hint naming what the data hold, in the user's language."""
    from tilsyn.diagnostics import render

    field_name = survey.level(scope.kind).field
    found = sorted(
        {str(r.info.get(field_name)) for r in run.records if r.info.get(field_name)}, key=sort_key
    )
    shown = ", ".join(found[:8]) + (", ..." if len(found) > 8 else "")
    return render(
        "RPT004", "" if found else "none", {"scope": scope, "found": shown, "level": scope.kind}
    )


def _criterion_text(run: Any, catalogue: Any | None, cid: str, lang: str) -> CriterionText:
    """From the catalogue, in the report's language; else as the run carries it."""
    criterion = catalogue.criterion(cid) if catalogue is not None else None
    if criterion is None:
        s = run.summary(cid)
        return CriterionText(s.title, s.rationale, s.legal_basis, s.severity, s.recommendations)
    return CriterionText(
        criterion.title_in(lang, run.parameters),
        criterion.rationale[lang],
        criterion.legal_basis[lang],
        criterion.severity,
        criterion.recommendations,
    )
