"""Saved scoring results as report input: `tilsyn report results.json` re-renders a report
without scoring again (and without the data files, which may hold personal data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tilsyn.report.text import ReportError

RECORD_LISTS = ("calls", "offices")


def is_results(data: Any) -> bool:
    """A `tilsyn score --json` document: an object with "catalogue" and a record list."""
    return isinstance(data, dict) and "catalogue" in data and any(k in data for k in RECORD_LISTS)


def read_results(path: Path) -> Any | None:
    """The `ScoreRun` saved in `path`, or None when the file is not a results file (data).

    ReportError RPT003 when it looks like results but cannot be read back.
    """
    from tilsyn.scoring import ScoreRun

    if path.suffix.lower() != ".json" or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None  # not results: the data readers report what is wrong with it
    if not is_results(data):
        return None
    try:
        _check(data)
        return ScoreRun.from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        detail = exc.args[0] if isinstance(exc, _Bad) else f"{type(exc).__name__}: {exc}"
        raise ReportError("RPT003", f"{path} looks like saved results but cannot be read back: "
                          f"{str(detail)[:300]}",
                          "Save the results again with tilsyn score -o FILE; do not edit it by "
                          "hand.") from None


class _Bad(ValueError):
    """A results file whose content is not what `tilsyn score` writes."""


STATUSES = frozenset({"pass", "fail", "not_applicable", "not_answered"})
_COUNTS = ("pass", "fail", "not_applicable", "not_answered")


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise _Bad(what)


def _counts(entry: Any, where: str) -> None:
    _need(isinstance(entry, dict) and isinstance(entry.get("id"), str), f"{where}: no criterion id")
    for name in _COUNTS:
        value = entry.get(name, 0)
        _need(type(value) is int and 0 <= value < 10**12, f"{where}: {name} is not a count")


def _check(data: dict) -> None:
    """Every part of a hand-edited or damaged results file the report relies on has the type
    and values `tilsyn score` writes, so reading it back never fails half-way in a report."""
    from tilsyn.survey import SURVEY_FILES, get_survey
    from tilsyn.values import BadValue, is_empty, parser_for

    survey = data.get("survey")
    _need(isinstance(survey, dict) and survey.get("id") in SURVEY_FILES, "unknown survey")
    definition = get_survey(survey["id"])
    catalogue = data["catalogue"]
    _need(isinstance(catalogue, dict) and isinstance(catalogue.get("id"), str)
          and isinstance(catalogue.get("version", ""), str), "the catalogue has no id or version")
    for part in ("parameters", "defaults", "parameter_sources"):
        values = catalogue.get(part, {})
        _need(isinstance(values, dict) and all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in values.values()),
            f"catalogue {part}: not names with values")
    _need(isinstance(data.get("lang", "nb"), str), "lang is not a language code")
    criteria = data.get("criteria")
    _need(isinstance(criteria, list), "no list of criteria")
    for index, entry in enumerate(criteria):
        _counts(entry, f"criterion {index + 1}")
    ids = [c["id"] for c in criteria]
    _need(len(set(ids)) == len(ids), "a criterion is listed twice")
    records = data.get(survey.get("records_key", definition.records_key))
    _need(isinstance(records, list), "no list of records")
    parsers = {f.name: parser_for(definition, f) for f in definition.fields}
    for index, entry in enumerate(records):
        where = f"record {index + 1}"
        _need(isinstance(entry, dict) and isinstance(entry.get("results"), dict), f"{where}: no results")
        _need(set(entry["results"]) == set(ids), f"{where}: its criteria are not those listed")
        for result in entry["results"].values():
            _need(isinstance(result, dict) and result.get("status") in STATUSES
                  and isinstance(result.get("evidence", ""), str), f"{where}: a result is not valid")
        for name, value in entry.items():
            if name in parsers and not is_empty(value):
                try:
                    parsers[name](value)
                except BadValue as bad:
                    raise _Bad(f"{where}: {name}: {bad.message}") from None
    groups = data.get("groups", {})
    _need(isinstance(groups, dict), "groups is not an object")
    for by, summaries in groups.items():
        _need(isinstance(summaries, list), f"groups {by}: not a list")
        for summary in summaries:
            _need(isinstance(summary, dict) and isinstance(summary.get("group"), str)
                  and type(summary.get("records", 0)) is int
                  and isinstance(summary.get("criteria"), list), f"groups {by}: a group is not valid")
            for entry in summary["criteria"]:
                _counts(entry, f"groups {by}")
    _need(isinstance(data.get("excluded", []), list)
          and all(isinstance(e, dict) for e in data.get("excluded", [])), "excluded is not a list")
