"""A number field spread over bands, as a report states it: «49 av 70 Nav-kontor hadde åpent og
betjent publikumsmottak seks timer eller mindre per uke», with a chart and a table.

Which field and which bounds a survey's report shows is data (`[[distributions]]` in
`templates/data/<survey>.toml`); the words are in `templates/<lang>/<survey>.toml`. The values
come from the scored records, which carry their number fields, so a saved results file gives
the same figures as the data files.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from tilsyn.aggregate import Counts
from tilsyn.report.content.context import ReportContext
from tilsyn.report.document import BulletList, Paragraph, Section
from tilsyn.report.text import ReportError


def band_counts(values: Iterable[float | None], bounds: Sequence[float]) -> list[int]:
    """How many values fall in each band: up to and including each bound (above the bound
    before it), then above the last bound. Empty values are not counted."""
    counts = [0] * (len(bounds) + 1)
    for value in values:
        if value is None:
            continue
        counts[next((i for i, bound in enumerate(bounds) if value <= bound), len(bounds))] += 1
    return counts


class _Distribution:
    """One [[distributions]] entry of a report, counted over the records in scope."""

    def __init__(self, ctx: ReportContext, spec: dict[str, Any]):
        self.ctx = ctx
        self.field = spec["field"]
        self.words = ctx.t.raw(f"distributions.{self.field}", survey=True)
        bands = len(spec["bounds"]) + 1
        for key in ("sentences", "bands"):
            if len(self.words.get(key, ())) != bands:
                raise ReportError(
                    "RPT002",
                    f"distributions.{self.field}.{key} in the "
                    f"{ctx.lang} texts needs {bands} entries, one per band",
                    f"The bounds {spec['bounds']} in templates/data/ make {bands} "
                    "bands: the last holds the values above the last bound.",
                )
        self.counts = band_counts((r.info.get(self.field) for r in ctx.records), spec["bounds"])
        self.total = sum(self.counts)

    def sentences(self) -> list[str]:
        """One per band: `n` in the band, `cumulative` up to and including it, `total`, and the
        shares of the two (`share`, `cumulative_share`), each beside its own count."""
        t, cumulative, result = self.ctx.t, 0, []
        for n, source in zip(self.counts, self.words["sentences"], strict=False):
            cumulative += n
            result.append(
                t.fill(
                    source,
                    f"distributions.{self.field}.sentences",
                    n=n,
                    cumulative=cumulative,
                    total=self.total,
                    share=t.percent(n / self.total),
                    cumulative_share=t.percent(cumulative / self.total),
                )
            )
        return result

    def section(self) -> Section:
        """The distribution's subsection of the findings: sentences, chart and table."""
        from tilsyn.report.content.figures import bars

        ctx, t, words = self.ctx, self.ctx.t, self.words
        rows = [
            (label, Counts(n, self.total - n))
            for label, n in zip(words["bands"], self.counts, strict=True)
        ]
        chart, items = bars(t, rows, words["axis"], count="passed")
        alt = t.fill(words["alt"], "alt", items="; ".join(items))
        figure = ctx.add_figure(words["caption"], alt, chart)
        table = ctx.add_table(
            f"bands-{self.field}",
            words["caption"],
            list(words["columns"]),
            [
                [label, t.number(c.passed), t.percent(c.share, 1), t.interval(c.ci95, 1)]
                for label, c in rows
            ],
            [6.0, 3.0, 2.5, 3.0],
            total=[t("groups.total"), t.number(self.total), "", ""],
        )
        intro = t.fill(words["intro"], "intro", figure=figure.number, table=table.number)
        sentences = BulletList([[f"{s}."] for s in self.sentences()])
        blocks = [Paragraph([intro]), sentences, figure, table]
        return Section(f"distribution-{self.field}", words["heading"], blocks)


def _distributions(ctx: ReportContext) -> list[_Distribution]:
    """The distributions of the scope with records enough for shares (`--small-sample`)."""
    specs = ctx.t.settings.get("distributions", [])
    found = [_Distribution(ctx, spec) for spec in specs]
    return [d for d in found if d.total >= max(ctx.small_sample, 1)]


def band_sentences(ctx: ReportContext) -> list[str]:
    """The published-style sentences of every distribution, for the summary."""
    return [f"{s}." for d in _distributions(ctx) for s in d.sentences()]


def covered(ctx: ReportContext) -> set[str]:
    """The criteria whose finding a distribution's sentences already state (`covers`)."""
    shown = {d.field for d in _distributions(ctx)}
    return {
        cid
        for spec in ctx.t.settings.get("distributions", [])
        if spec["field"] in shown
        for cid in spec.get("covers", ())
    }


def distribution_sections(ctx: ReportContext) -> list[Section]:
    """A findings section (heading, sentences, chart, table) per distribution with values."""
    return [d.section() for d in _distributions(ctx)]
