"""The appendices of the report: the criteria, the comparison across groups (findings.py), the
scorecard, the results the inspector assessed differently, and the free text when asked for."""

from __future__ import annotations

from typing import Any, Iterable

from tilsyn.i18n import STATUSES, format_number, status_label, status_symbol, status_text, word
from tilsyn.report.context import ReportContext

# A scorecard longer than this is cut (and says so): a Word table of 100,000 rows is unreadable,
# costs gigabytes to render, and the auditor workbook from `tilsyn export` holds every row.
SCORECARD_ROWS = 2_000


def catalogue_rows(ctx: ReportContext) -> dict[str, Any]:
    rows = []
    for cid, text in ctx.texts.items():
        severity = (
            word(text.severity, ctx.lang)
            if text.severity in ("high", "medium", "low")
            else text.severity
        )
        rows.append(
            {
                "id": cid,
                "title": text.title,
                "rationale": text.rationale,
                "legal_basis": ctx.legal(text.legal_basis),
                "recommendations": ", ".join(text.recommendations) or "–",
                "severity": severity,
            }
        )
    return {"number": ctx.next_table(), "caption": ctx.t("captions.catalogue"), "rows": rows}


def scorecard(ctx: ReportContext) -> dict[str, Any]:
    texts = {status: status_text(status, ctx.lang) for status in STATUSES}
    rows = [
        {
            "id": str(r.key),
            "office": str(r.info.get(ctx.unit) or "") if ctx.unit else "",
            "cells": [texts[r.results[cid].status] for cid in ctx.ids],
        }
        for r in ctx.records[:SCORECARD_ROWS]
    ]
    legend = ctx.t.join([f"{status_symbol(s)} {status_label(s, ctx.lang)}" for s in STATUSES])
    intro = ctx.t("text.scorecard", legend=legend)
    if len(ctx.records) > SCORECARD_ROWS:
        intro += " " + ctx.t(
            "text.scorecard_cut",
            shown=format_number(SCORECARD_ROWS, ctx.lang),
            total=format_number(len(ctx.records), ctx.lang),
        )
    return {
        "number": ctx.next_table(),
        "caption": ctx.t("captions.scorecard"),
        "intro": intro,
        "criteria": ctx.ids,
        "rows": rows,
    }


def assessed_rows(
    ctx: ReportContext, include_personal_data: bool, names: Iterable[str]
) -> dict[str, Any] | None:
    """The results in scope the inspector assessed differently, with their justifications."""
    from tilsyn.narrative import assessment_rows

    headers, rows = assessment_rows(ctx.run, ctx.lang, include_personal_data, names)
    keys = {str(r.key) for r in ctx.records}
    rows = [row for row in rows if str(row[0]) in keys]
    if not rows:
        return None
    return {
        "number": ctx.next_table(),
        "caption": ctx.t("captions.assessed"),
        "headers": headers,
        "rows": [{"cells": row} for row in rows],
    }


def free_text_rows(ctx: ReportContext, names: Iterable[str]) -> dict[str, Any] | None:
    if ctx.free_text is None:
        return None
    from tilsyn.privacy import Detector

    detector = Detector(names)
    rows = []
    for record in ctx.records:
        for name, text in ctx.free_text.get(str(record.key), {}).items():
            if text:
                rows.append(
                    {
                        "id": str(record.key),
                        "field": ctx.survey.label(name, ctx.lang),
                        "text": detector.redact(" ".join(str(text).split()), ctx.lang),
                    }
                )
    return {
        "number": ctx.next_table() if rows else None,
        "caption": ctx.t("captions.personal"),
        "intro": ctx.t("text.personal") if rows else ctx.t("text.personal_none"),
        "rows": rows,
    }
