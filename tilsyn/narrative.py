"""The analyses as the report tells them, as plain data for it to place: the sentences of the
chapter «Utvikling siden forrige undersøkelse» and the rows of the appendix of results the
inspector assessed differently, in nb, nn or en (texts: templates/<lang>/analyses.toml).
"""

from __future__ import annotations

from typing import Any, Iterable

from tilsyn.analysis_texts import Texts
from tilsyn.assessments import assessed_results


def change_sentences(comparison: Any, lang: str, titles: dict[str, str] | None = None) -> list[str]:
    """The chapter on developments: an introduction, then one sentence per criterion.

    `comparison` is a `tilsyn.compare.Comparison`; `titles` (criterion id -> title in `lang`)
    replace the titles the runs were scored with, when the report's language differs.
    """
    from tilsyn.numbers import format_number
    from tilsyn.survey import get_survey

    texts = Texts(lang)
    survey = get_survey(comparison.survey)

    def count(n: int) -> str:
        noun = survey.record_noun[lang] if n == 1 else survey.record_noun_plural[lang]
        return f"{format_number(n, lang)} {noun}"

    sentences = [
        texts(
            "compare.sentences.intro",
            baseline=count(comparison.baseline["records"]),
            current=count(comparison.current["records"]),
        )
    ]
    for change in comparison.criteria:
        title = (titles or {}).get(change.id, change.title)
        sentences.append(_sentence(texts, change, title, survey.record_noun_plural[lang]))
    return sentences


def _sentence(texts: Texts, change: Any, title: str, records: str) -> str:
    key = "compare.sentences."
    if change.baseline is None or change.current is None:
        return texts(
            key + ("only_current" if change.baseline is None else "only_baseline"),
            id=change.id,
            title=title,
        )
    before, after = change.baseline, change.current
    shares = {"before": texts.percent(before.share), "after": texts.percent(after.share)}
    if change.differs:
        return texts(
            key + "not_comparable",
            id=change.id,
            title=title,
            what=difference_note(texts, change.differs),
            **shares,
        )
    difference = change.difference
    if difference is None:
        return texts(key + "no_records", id=change.id, title=title, records=records)
    kind = (
        "unclear" if not change.changed else ("increased" if difference.value > 0 else "decreased")
    )
    return texts(
        key + kind,
        id=change.id,
        title=title,
        **shares,
        passed_before=before.passed,
        n_before=before.assessed,
        passed_after=after.passed,
        n_after=after.assessed,
        points=texts.points(abs(difference.value)),
        low=texts.points(difference.low),
        high=texts.points(difference.high),
    )


def change_note(texts: Texts, change: Any, records: str) -> str:
    """A short note beside a criterion's row: why it is not compared, or "" when it is."""
    if change.baseline is None or change.current is None:
        return texts(
            "compare.notes." + ("only_current" if change.baseline is None else "only_baseline")
        )
    if change.differs:
        return difference_note(texts, change.differs)
    if change.difference is None:
        return texts("compare.notes.no_records", records=records)
    return ""


def difference_note(texts: Texts, differs: tuple[str, ...]) -> str:
    """Why a criterion cannot be compared: «regelen er endret; endrede parametere: ...»."""
    notes = [texts("compare.notes.rule")] if "rule" in differs else []
    names = [d.split(":", 1)[1] for d in differs if d.startswith("parameter:")]
    if names:
        notes.append(texts("compare.notes.parameters", names=", ".join(names)))
    if "catalogue" in differs:
        notes.append(texts("compare.notes.catalogue"))
    return "; ".join(notes)


def assessment_summary(run: Any, lang: str) -> str:
    """How many results the inspector assessed differently, for the report's method section."""
    texts = Texts(lang)
    n = sum(1 for _ in assessed_results(run))
    return texts("assessments.summary", n=n) if n else texts("assessments.none")


def assessment_rows(
    run: Any, lang: str, include_personal_data: bool = False, names: Iterable[str] = ()
) -> tuple[list[str], list[list[str]]]:
    """The appendix of assessed results: headers, then one row per result (record key,
    criterion, automatic and final status in words, justification, who, when).

    A justification is free text: personal data in it is redacted (as in exports) unless
    `include_personal_data`, and who assessed is shown as initials (a full name redacted);
    `names` adds names to redact.
    """
    from tilsyn.i18n import status_text
    from tilsyn.privacy import redact, redact_assessor
    from tilsyn.survey import get_survey

    def justification(text: str) -> str:
        return text if include_personal_data else redact(text, lang, names)

    def signed(by: str) -> str:
        return by if include_personal_data else redact_assessor(by, lang)

    texts = Texts(lang)
    survey = get_survey(run.survey["id"])
    headers = [survey.label(run.survey["key"], lang)] + [
        texts(f"assessments.columns.{name}")
        for name in ("criterion", "automatic", "final", "justification", "by", "on")
    ]
    rows = [
        [
            record.key,
            cid,
            status_text(result.automatic_status, lang),
            status_text(result.status, lang),
            justification(result.assessment.justification),
            signed(result.assessment.by),
            _date(result.assessment.on, lang),
        ]
        for record, cid, result in assessed_results(run)
    ]
    return headers, rows


def _date(iso: str, lang: str) -> str:
    """2022-05-03 -> 03.05.2022 in Norwegian; as given in English (ISO) or when not a date."""
    if lang == "en" or len(iso) != 10:
        return iso
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"
