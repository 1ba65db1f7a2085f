"""Recommendations as data: each survey kind's own, with the bodies they are addressed to.

A survey kind ships its recommendations in `<id>.recommendations.toml` beside its definition
(format: tilsyn/surveys/SCHEMA.md, "Recommendations"): for each an id, a title, the text, the
bodies it is addressed to (Arbeids- og velferdsdirektoratet, the ministry, the municipalities),
the criteria it rests on and its source. A kind without such a file has no recommendations,
and its report says nothing of any.

`recommendations_of` answers "which recommendations does this dataset (or run, or catalogue)
discuss, and on which criteria does each rest": the report's conclusion reads it, and so does
the follow-up of an earlier round's recommendations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from tilsyn.errors import Diagnostic, TilsynError
from tilsyn.i18n import LANGS

SUFFIX = ".recommendations.toml"


@dataclass(frozen=True)
class Addressee:
    """A body a recommendation is addressed to, named as a sentence names it («kommunene»)."""

    id: str
    name: dict[str, str]


@dataclass(frozen=True)
class Recommendation:
    """One recommendation; `criteria` are the criteria it rests on (see `recommendations_of`)."""

    id: str
    title: dict[str, str]
    text: dict[str, str]
    source: str
    addressees: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecommendationSet:
    """A survey kind's recommendations in the order its report discusses them."""

    survey: str
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    addressees: dict[str, Addressee] = field(default_factory=dict)
    given_criteria: frozenset[str] = frozenset()  # ids whose file names their criteria
    source_text: str = ""  # the TOML, saved with a dataset of a user's survey kind
    file: str = ""


class RecommendationError(TilsynError):
    """A recommendations file with mistakes: every diagnostic, each with its line."""

    def __init__(self, diagnostics: list[Diagnostic]):
        from tilsyn.diagnostics import language, phrase
        from tilsyn.glossary import count_phrase

        super().__init__(
            phrase(
                "recommendation_errors", errors=count_phrase(len(diagnostics), "error", language())
            ),
            hint=phrase("recommendation_errors_hint"),
            diagnostics=diagnostics,
        )


def _line(text: str, rid: str, key: str) -> int | None:
    """The line of `key` in the entry of recommendation `rid` (its id's line if none)."""
    lines = text.splitlines()
    start = next(
        (
            n
            for n, line in enumerate(lines)
            if re.search(rf"id\s*=\s*[\"']{re.escape(rid)}[\"']", line)
        ),
        None,
    )
    if start is None:
        return None
    for n in range(start, len(lines)):
        if n > start and lines[n].lstrip().startswith("[["):
            break
        if re.match(rf"\s*{key}\s*=", lines[n]):
            return n + 1
    return start + 1


def parse_recommendations(text: str, survey_id: str, file: str = "<recommendations>"):
    """A survey kind's recommendations from TOML text; RecommendationError lists every mistake."""
    from tilsyn.diagnostics import diagnostic
    from tilsyn.tomlcheck import parse_toml

    data = parse_toml(text, file, "REC001", RecommendationError)
    problems: list[Diagnostic] = []

    def problem(code: str, variant: str, rid: str, **params: Any) -> None:
        row = _line(text, rid, {"addressee": "addressees", "from": "from"}.get(variant, "id"))
        params = {"id": rid or "–", **params}
        problems.append(diagnostic(code, variant, params, file=file, field=rid or None, row=row))

    addressees = {
        key: Addressee(key, _texts(value.get("name") if isinstance(value, dict) else value))
        for key, value in (data.get("addressees") or {}).items()
    }
    default_source = str(data.get("source", ""))
    found: dict[str, Recommendation] = {}
    given = set()
    for raw in data.get("recommendations") or []:
        rid = str(raw.get("id", "")) if isinstance(raw, dict) else ""
        if not rid:
            problem("REC002", "id", "")
            continue
        if "from" in raw:
            rec, their = _borrowed(raw, rid, problem)
            if rec is None:
                continue
            addressees.update({a: their[a] for a in rec.addressees if a not in addressees})
        else:
            title, body = _texts(raw.get("title")), _texts(raw.get("text"))
            missing = [lang for lang in LANGS if not title.get(lang) or not body.get(lang)]
            if missing:
                problem("REC002", "texts", rid, missing=", ".join(missing))
                continue
            to = tuple(raw.get("addressees") or ())
            unknown = [a for a in to if a not in addressees]
            if unknown:
                known = ", ".join(addressees) or "–"
                problem("REC003", "addressee", rid, name=", ".join(unknown), known=known)
                continue
            rec = Recommendation(rid, title, body, str(raw.get("source", default_source)), to)
        if "criteria" in raw:
            rec = replace(rec, criteria=tuple(str(c) for c in raw["criteria"]))
            given.add(rid)
        found[rid] = rec
    if problems:
        raise RecommendationError(problems)
    return RecommendationSet(survey_id, found, addressees, frozenset(given), text, file)


def _borrowed(raw: dict, rid: str, problem: Any) -> tuple[Recommendation | None, dict]:
    """`{ id = "R4", from = "nks-call" }`: that survey kind's recommendation, without the
    criteria it rests on there (criteria are a survey kind's own)."""
    other = str(raw["from"])
    try:
        their = recommendation_set(other)
    except KeyError:
        their = RecommendationSet(other)
    if rid not in their.recommendations:
        known = ", ".join(their.recommendations) or "–"
        problem("REC003", "from", rid, survey=other, known=known)
        return None, {}
    return replace(their.recommendations[rid], criteria=()), their.addressees


def _texts(value: Any) -> dict[str, str]:
    """A text in nb, nn and en; a plain string serves all three."""
    if isinstance(value, dict):
        return {lang: str(value[lang]) for lang in LANGS if value.get(lang)}
    return {lang: str(value) for lang in LANGS} if value else {}


@cache
def builtin_recommendations(survey_id: str) -> RecommendationSet:
    """The recommendations that ship for a survey kind (none for an id without a file)."""
    entry = resources.files("tilsyn.surveys").joinpath(survey_id + SUFFIX)
    if not entry.is_file():
        return RecommendationSet(survey_id)
    return parse_recommendations(entry.read_text(encoding="utf-8"), survey_id, entry.name)


_REGISTERED: dict[str, RecommendationSet] = {}


def register(recommendations: RecommendationSet) -> RecommendationSet:
    """Make a user's survey kind's recommendations known for this process."""
    _REGISTERED[recommendations.survey] = recommendations
    return recommendations


def read_beside(definition: str | Path, survey_id: str) -> RecommendationSet:
    """The recommendations file beside a user's survey definition (`NAME.recommendations.toml`
    beside `NAME.toml` or `NAME.xlsx`), read, checked and registered. Without such a file a
    survey of the user's own has none, while a built-in survey given back in another form (an
    XLSForm of nks-call) keeps its own."""
    path = Path(definition)
    beside = path.with_name(path.stem + SUFFIX)
    if not beside.is_file():
        _REGISTERED.pop(survey_id, None)
        builtin = builtin_recommendations(survey_id)
        return builtin if builtin.recommendations else register(RecommendationSet(survey_id))
    from tilsyn.tomlcheck import read_text

    text = read_text(beside, "REC001", RecommendationError)
    return register(parse_recommendations(text, survey_id, str(beside)))


def recommendation_set(survey_id: str) -> RecommendationSet:
    """The recommendations of a survey kind: a user's as registered, else the built-in file's."""
    if survey_id in _REGISTERED:
        return _REGISTERED[survey_id]
    return builtin_recommendations(survey_id)


def _links(subject: Any) -> tuple[RecommendationSet, list[tuple[str, tuple[str, ...]]]]:
    """The recommendation set a scored dataset's or a catalogue's report discusses (the
    catalogue carries it, read with its survey kind), and [(criterion id, the recommendation
    ids it names)]."""
    if hasattr(subject, "catalogue") and hasattr(subject, "records"):  # a scored dataset
        subject = subject.catalogue
    if hasattr(subject, "criteria") and hasattr(subject, "recommendation_set"):
        links = [(c.id, tuple(c.recommendations)) for c in subject.criteria]
        return subject.recommendation_set, links
    raise TypeError(f"no recommendations for {type(subject).__name__}")


def recommendations_of(subject: Any) -> list[Recommendation]:
    """The recommendations a report on `subject` (a scored dataset or a catalogue)
    discusses, in order, each with the criteria it rests on: those its file names, else the
    criteria of `subject` whose `recommendations` name it (in the catalogue's order)."""
    chosen, links = _links(subject)
    result = []
    for rec in chosen.recommendations.values():
        if rec.id not in chosen.given_criteria:
            rec = replace(rec, criteria=tuple(cid for cid, ids in links if rec.id in ids))
        result.append(rec)
    return result


def addressee_groups(
    recommendations: list[Recommendation], addressees: dict[str, Addressee]
) -> list[tuple[tuple[Addressee, ...], list[Recommendation]]]:
    """The recommendations grouped by the bodies (`addressees`, by id) they are addressed to,
    in the order each group first appears; those addressed to nobody in particular last."""
    groups: dict[tuple[str, ...], list[Recommendation]] = {}
    for rec in recommendations:
        groups.setdefault(rec.addressees, []).append(rec)
    ordered = sorted(groups.items(), key=lambda item: not item[0])
    return [(tuple(addressees[a] for a in key), recs) for key, recs in ordered]
