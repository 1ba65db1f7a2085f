"""The columns of an export: every field as the reader accepts it, then the results beside them.

Field columns are named by the field label in the export's language (`--labels`) or by the
field code (`--codes`), and choices are written the same way, so the export loads straight back
with `tilsyn validate` / `tilsyn.load`. Values stay typed here (numbers, dates, a tuple for
several choices); each file format renders them its own way. Free text marked as personal data
in the survey definition is redacted unless the user asks for it.

Result columns are named `result:K01` / `result:K01:evidence` (`resultat:K01` /
`resultat:K01:vurderingsgrunnlag` in Norwegian): the reader skips any column with that prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Sequence

from tilsyn.formats.computed_columns import computed_word
from tilsyn.i18n import STATUSES, status_text
from tilsyn.survey import Field, Survey

if TYPE_CHECKING:
    from tilsyn.dataset import Result, ScoredDataset


@dataclass(frozen=True)
class Style:
    """How an export names things: language, labels or codes, and whether free text is kept."""

    lang: str = "nb"
    codes: bool = False
    include_personal_data: bool = False
    names: tuple[str, ...] = ()  # extra names to redact (`--names FILE`)

    def status_writer(self) -> Callable[[str], str]:
        """How a status is written: its code, or symbol and words ("✘ ikke oppfylt")."""
        words = {s: s if self.codes else status_text(s, self.lang) for s in STATUSES}
        return words.__getitem__

    def redactor(self) -> Callable[[str], str]:
        """Redacts personal data from a text (identity when personal data is included)."""
        if self.include_personal_data:
            return lambda text: text
        from tilsyn.privacy import Detector

        detector = Detector(self.names)
        return lru_cache(maxsize=4096)(lambda text: detector.redact(text, self.lang))

    def signer(self) -> Callable[[str], str]:
        """Who assessed a result, as written: initials kept, a name redacted (all kept when
        personal data is included)."""
        if self.include_personal_data:
            return lambda by: by
        from tilsyn.privacy import redact_assessor

        return lambda by: redact_assessor(by, self.lang)


class FieldColumns:
    """Headers and typed cell values of the fields of a survey (all, or `only` those named),
    in the definition's order."""

    def __init__(self, survey: Survey, style: Style, only: Sequence[str] | None = None):
        self.survey = survey
        self.style = style
        redact = style.redactor()
        fields = [f for f in survey.fields if only is None or f.name in only]
        self._convert = [_converter(f, style, redact) for f in fields]
        self._names = [f.name for f in fields]

    def headers(self) -> list[str]:
        if self.style.codes:
            return list(self._names)
        return [self.survey.label(name, self.style.lang) for name in self._names]

    def values(self, record: Mapping[str, Any]) -> list[Any]:
        """One record's cells: None when empty, a tuple of codes or labels for several choices."""
        return [
            convert(record.get(name))
            for name, convert in zip(self._names, self._convert, strict=False)
        ]


def _converter(f: Field, style: Style, redact: Callable[[str], str]) -> Callable[[Any], Any]:
    if f.personal_data and f.type == "text":
        return lambda value: None if value is None else redact(value)
    if not f.is_choice or style.codes:
        return lambda value: value
    labels = {c.code: c.label.get(style.lang) or c.label["en"] for c in f.choices}
    if f.type == "many":
        return lambda value: None if value is None else tuple(labels.get(c, c) for c in value)
    return lambda value: None if value is None else labels.get(value, value)


class ResultColumns:
    """Status and evidence columns of each criterion, named so the reader skips them."""

    def __init__(self, criterion_ids: Sequence[str], style: Style, assessed: Sequence[str] = ()):
        self.ids = list(criterion_ids)
        self.assessed = set(assessed)  # criteria with an inspector's assessment: two more columns
        self.style = style
        lang = "en" if style.codes else style.lang
        self._prefix = computed_word("result", lang)
        self._evidence = computed_word("evidence", lang)
        # Beside a criterion an inspector assessed (`--assessments`): what the rules gave, and why.
        self._extra = (computed_word("automatic", lang), computed_word("assessment", lang))
        self._status = style.status_writer()
        self._redact = style.redactor()
        self._sign = style.signer()

    def headers(self) -> list[str]:
        names = []
        for cid in self.ids:
            names += [f"{self._prefix}:{cid}", f"{self._prefix}:{cid}:{self._evidence}"]
            if cid in self.assessed:
                names += [f"{self._prefix}:{cid}:{extra}" for extra in self._extra]
        return names

    def values(self, results: dict[str, Result]) -> list[Any]:
        """Status then evidence per criterion; `results` maps an id to a `Result`."""
        cells: list[Any] = []
        for cid in self.ids:
            result = results.get(cid)
            if result is None:
                cells += [None, None]
            else:
                cells += [self._status(result.status), self._redact(result.evidence) or None]
            if cid in self.assessed:
                cells += assessment_cells(result, self._status, self._redact, self._sign)
        return cells


def derived_headers(survey: Survey, style: Style) -> list[str]:
    """`derived:processing_days` (codes) or `beregnet:Saksbehandlingstid i dager` (labels)."""
    lang = "en" if style.codes else style.lang
    return [
        f"{computed_word('derived', lang)}:{name if style.codes else survey.label(name, lang)}"
        for name in survey.shown_derived
    ]


def assessment_cells(
    result: Result | None,
    status: Callable[[str], str],
    redact: Callable[[str], str],
    sign: Callable[[str], str],
) -> list[Any]:
    """The automatic status of an assessed result, and the justification with who and when
    («Ringte tilbake samme dag (KH, 2022-05-03)»); two Nones for a result not assessed."""
    assessment = getattr(result, "assessment", None)
    if assessment is None:
        return [None, None]
    signed = ", ".join(filter(None, (sign(assessment.by), assessment.on)))
    text = redact(assessment.justification)
    return [status(result.automatic_status), f"{text} ({signed})" if signed else text]


def flat_table(dataset: ScoredDataset, style: Style) -> tuple[list[str], Iterator[list[Any]]]:
    """Headers and rows of a one-table export: each record's fields, its derived values (as
    scoring computed them), then its results."""
    survey = dataset.survey
    fields = FieldColumns(survey, style)
    from tilsyn.assessments import assessed_results

    assessed = {cid for _, cid, _ in assessed_results(dataset)}
    ids = dataset.criterion_ids
    results = ResultColumns(ids, style, [c for c in ids if c in assessed])
    derived = survey.shown_derived

    def rows() -> Iterator[list[Any]]:
        for record in dataset.records:
            yield (
                fields.values(record.values)
                + [record.info.get(n) for n in derived]
                + results.values(record.results)
            )

    return fields.headers() + derived_headers(survey, style) + results.headers(), rows()
