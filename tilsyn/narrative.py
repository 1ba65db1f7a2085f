"""The analyses as the report tells them, as plain data for it to place: the sentences of the
chapter «Utvikling siden forrige undersøkelse» and the rows of the appendix of results the
inspector assessed differently, in nb, nn or en (texts: templates/<lang>/analyses.toml).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from tilsyn.analysis_texts import Texts
from tilsyn.assessments import assessed_results

if TYPE_CHECKING:
    from tilsyn.compare import Comparison, CriterionChange
    from tilsyn.dataset import ScoredDataset
    from tilsyn.survey import Survey


def change_sentences(
    comparison: Comparison,
    lang: str,
    titles: dict[str, str] | None = None,
    small_sample: int = 0,
    table: int | None = None,
) -> list[str]:
    """The sentences of the chapter on developments, for the changes that matter: the
    introduction, then a sentence per clear change, one for the criteria whose shares are
    equal, one per criterion that changed its rule, and, where nothing changed clearly, one
    saying so (pointing to `table`, the table of every criterion).

    `titles` (criterion id -> title in `lang`) replace the titles the rounds were scored with, when the report's language differs. A
    criterion with fewer than `small_sample` applicable records in either round is shown as
    counts only, so it gets no sentence of change.
    """
    from tilsyn.numbers import format_number

    texts = Texts(lang)
    survey = comparison.survey

    def count(n: int) -> str:
        noun = survey.record_noun[lang] if n == 1 else survey.record_noun_plural[lang]
        return f"{format_number(n, lang)} {noun}"

    def title(change: Any) -> str:
        return (titles or {}).get(change.id, change.title)

    key = "compare.sentences."
    sentences = [
        texts(
            key + "intro",
            baseline=count(comparison.baseline["records"]),
            current=count(comparison.current["records"]),
        )
    ]
    large = [c for c in comparison.criteria if c.comparable and not too_small(c, small_sample)]
    clear = [c for c in large if c.changed]
    sentences += [_changed(texts, c, title(c)) for c in clear]
    equal = [c for c in large if c.difference.value == 0]
    if equal:
        items = [
            texts(
                key + "unchanged_item",
                id=c.id,
                title=title(c),
                share=texts.percent(c.current.share),
            )
            for c in equal
        ]
        sentences.append(texts(key + "unchanged", items=_joined(texts, items), n=len(items)))
    for change in comparison.criteria:
        if change.differs and change.baseline is not None and change.current is not None:
            sentences.append(
                texts(
                    key + "not_comparable",
                    id=change.id,
                    title=title(change),
                    what=difference_note(texts, change.differs),
                )
            )
    if not clear:
        sentences.append(texts(key + "none_clear", table=table))
    return sentences


def _joined(texts: Texts, items: list[str]) -> str:
    """«a, b og c» / «a, b and c»."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {texts('compare.and')} {items[-1]}"


def _changed(texts: Texts, change: Any, title: str) -> str:
    """A clear rise or fall, with the counts, the change and its interval."""
    before, after, difference = change.baseline, change.current, change.difference
    return texts(
        "compare.sentences." + ("increased" if difference.value > 0 else "decreased"),
        id=change.id,
        title=title,
        before=texts.percent(before.share),
        after=texts.percent(after.share),
        passed_before=before.passed,
        n_before=before.assessed,
        passed_after=after.passed,
        n_after=after.assessed,
        points=texts.points(abs(difference.value)),
        low=texts.points(difference.low),
        high=texts.points(difference.high),
    )


def too_small(change: Any, small_sample: int) -> bool:
    """Fewer than `small_sample` applicable records in either round: counts only, no share,
    change or interval (the report's and the terminal's one rule for small groups)."""
    from tilsyn.aggregate import shows_share

    return any(
        c is not None and not shows_share(c, small_sample)
        for c in (change.baseline, change.current)
    )


def change_cells(
    texts: Texts, change: Any, small_sample: int, decimals: int = 0, compact: bool = False
) -> list[str]:
    """A criterion's cells in a table of developments: previous and now («6 av 44 (14 %)»,
    counts only when small), the change in percentage points («+32», «uendret»), its 95 %
    interval («13 til 48»; `compact` «12,8–48,0» for a terminal) and whether the change is
    clear («ja», «nei», or why it is not told)."""
    sides = [side_text(texts, c, small_sample) for c in (change.baseline, change.current)]
    difference = change.difference
    words = texts.raw("compare.columns")
    if difference is None:
        return [*sides, "–", "–", "–"]
    if change.differs:
        return [*sides, "–", "–", words["not_comparable"]]
    if too_small(change, small_sample):
        return [*sides, "–", "–", words["too_few"]]
    points = texts.points(difference.value, decimals)
    low, high = texts.points(difference.low, decimals), texts.points(difference.high, decimals)
    interval = f"{low}\u2013{high}" if compact else texts("compare.interval", low=low, high=high)
    moved = words["unchanged"] if difference.value == 0 else signed(points)
    return [*sides, moved, interval, words["yes" if change.changed else "no"]]


def side_text(texts: Texts, counts: Any, small_sample: int) -> str:
    """«6 av 44 (14 %)», counts only («3 av 6») below `small_sample`; «–» when absent."""
    if counts is None:
        return "–"
    from tilsyn.aggregate import shows_share

    of = texts("compare.of", passed=counts.passed, assessed=counts.assessed)
    if not shows_share(counts, small_sample):
        return of
    return f"{of} ({texts.percent(counts.share)})"


def signed(points: str) -> str:
    """+31 for a rise (a fall already has its minus sign, no change none)."""
    return points if points.startswith("\u2212") or points.strip("0,.") == "" else f"+{points}"


def shared_note(survey: Survey, shared: int, lang: str) -> str:
    """«Rundene har 37 samtaler felles. Intervallene forutsetter uavhengige utvalg …», for
    rounds allowed to share records (`--allow-overlap`); "" when they share none."""
    if not shared:
        return ""
    records = survey.record_noun[lang] if shared == 1 else survey.record_noun_plural[lang]
    return Texts(lang)("compare.shared", n=shared, records=records)


def change_note(texts: Texts, change: CriterionChange, records: str) -> str:
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


def assessment_summary(dataset: ScoredDataset, lang: str) -> str:
    """How many results the inspector assessed differently, for the report's method section."""
    texts = Texts(lang)
    n = sum(1 for _ in assessed_results(dataset))
    return texts("assessments.summary", n=n) if n else texts("assessments.none")


def assessment_rows(
    dataset: ScoredDataset,
    lang: str,
    include_personal_data: bool = False,
    names: Iterable[str] = (),
) -> tuple[list[str], list[list[str]]]:
    """The appendix of assessed results: headers, then one row per result (record key,
    criterion, automatic and final status in words, justification, who, when).

    A justification is free text: personal data in it is redacted (as in exports) unless
    `include_personal_data`, and who assessed is shown as initials (a full name redacted);
    `names` adds names to redact.
    """
    from tilsyn.i18n import status_text
    from tilsyn.privacy import redact, redact_assessor

    def justification(text: str) -> str:
        return text if include_personal_data else redact(text, lang, names)

    def signed(by: str) -> str:
        return by if include_personal_data else redact_assessor(by, lang)

    texts = Texts(lang)
    survey = dataset.survey
    headers = [survey.label(survey.key, lang)] + [
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
        for record, cid, result in assessed_results(dataset)
    ]
    return headers, rows


def _date(iso: str, lang: str) -> str:
    """2022-05-03 -> 03.05.2022 in Norwegian, «3 May 2022» in English (as the report writes its
    dates); as given when not a date."""
    if len(iso) != 10:
        return iso
    year, month, day = iso.split("-")
    if lang == "en":
        from tilsyn.texts import texts

        return f"{int(day)} {texts('report', 'en').raw('months')[int(month) - 1]} {year}"
    return f"{day}.{month}.{year}"
