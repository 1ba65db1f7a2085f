"""The scored dataset: the one thing reports, exports, comparisons and plans are made from.

It holds a survey kind's records, each with its values and its results (status and evidence
per criterion), the `Survey` and `Catalogue` themselves, the parameter values used, the counts
per criterion and per group, the runs of the other survey kinds found in the same input, every
record left out and why, and where it all came from. `to_json` is the machine output of
`tilsyn score --json` (the spec's shape plus more keys); `tilsyn score -o FILE` saves the
dataset compactly (`tilsyn.saved`), and `report`, `export`, `compare` and `plan` give the same
output from a saved file as from the data files, without scoring again.

Free text that may hold personal data is kept redacted unless the user asks to keep it, so a
saved dataset is no more sensitive than an export.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping, NamedTuple

from tilsyn.aggregate import Counts
from tilsyn.errors import Diagnostic, TilsynError

if TYPE_CHECKING:
    from tilsyn.aggregate import GroupSummary
    from tilsyn.criteria import Catalogue
    from tilsyn.survey import Survey
    from tilsyn.validate import Record


class DatasetError(TilsynError):
    """A saved dataset that cannot be used: another version, changed, or not one at all."""

    def __init__(self, diagnostic: Diagnostic):
        from tilsyn.diagnostics import phrase

        super().__init__(phrase("dataset_unusable"), hint=diagnostic.hint, diagnostics=[diagnostic])


@dataclass
class InputFile:
    """One input file of a run, with what it contributed (for summaries and provenance)."""

    path: str
    records: int = 0
    sha256: str = ""
    readable: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "records": self.records,
            "readable": self.readable,
        }


class Assessment(NamedTuple):
    """An inspector's judgement that overrides the automatic status: why, who, when."""

    justification: str
    by: str = ""  # initials
    on: str = ""  # ISO date

    def to_json(self) -> dict[str, str]:
        return {"justification": self.justification, "by": self.by, "on": self.on}


class Result(NamedTuple):
    """The outcome of one criterion for one record.

    When an inspector assessed it differently (`tilsyn.assessments`), `status` is the final
    status, `automatic_status` what the rules gave and `assessment` the reason; both None
    otherwise.
    """

    status: str  # pass, fail, not_applicable, not_answered
    evidence: str
    automatic_status: str | None = None
    assessment: Assessment | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"status": self.status, "evidence": self.evidence}
        if self.assessment is not None:
            data["automatic_status"] = self.automatic_status
            data["assessment"] = self.assessment.to_json()
        return data


@dataclass(slots=True)
class ScoredRecord:
    """One record: its values, the fields that identify and group it, and its results."""

    key: str
    info: dict[str, Any]  # the key field, survey round, dates, group fields, numbers (JSON-ready)
    results: dict[str, Result]
    # typed as validation types them, every field (a dict, or read from a saved file's columns);
    # free text redacted unless kept
    values: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {**self.info, "results": {cid: r.to_json() for cid, r in self.results.items()}}


@dataclass(frozen=True, slots=True)
class CriterionSummary:
    """A criterion's national counts and its description in the dataset's language."""

    id: str
    counts: Counts
    title: str
    rationale: str
    severity: str
    legal_basis: tuple[str, ...]
    recommendations: tuple[str, ...]
    # What decides the status, so two rounds can tell whether a criterion is the same one:
    # a short hash of its rules, and the values of the parameters they read.
    rule: str = ""
    rule_parameters: tuple[tuple[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            **self.counts.to_json(),
            "title": self.title,
            "rationale": self.rationale,
            "severity": self.severity,
            "legal_basis": list(self.legal_basis),
            "recommendations": list(self.recommendations),
            "rule": self.rule,
            "rule_parameters": dict(self.rule_parameters),
        }


@dataclass
class ScoredDataset:
    """One survey kind's records scored, with the other kinds' runs and the provenance."""

    survey: Survey
    catalogue: Catalogue
    records: list[ScoredRecord]
    criteria: list[CriterionSummary]
    parameters: dict[str, Any]  # the parameter values used
    parameter_sources: dict[str, str] = field(default_factory=dict)  # "default", a file, --set
    lang: str = "nb"  # of the evidence and the criteria's words
    groups: dict[str, list[GroupSummary]] = field(default_factory=dict)  # level id -> counts
    excluded: list[dict[str, Any]] = field(default_factory=list)  # JSON-ready, with the reasons
    tilsyn_version: str = ""
    related: dict[str, ScoredDataset] = field(default_factory=dict)  # other kinds in the input
    files: list[InputFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    created: str = ""
    personal_data: bool = False  # whether the records' free text is kept unredacted
    assessments: str = ""  # the inspector's assessments file applied, if any

    @property
    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    @property
    def defaults(self) -> dict[str, Any]:
        """The catalogue's default value of each parameter."""
        return {name: spec.default for name, spec in self.catalogue.parameters.items()}

    def criterion_title(self, criterion_id: str, lang: str) -> str:
        """A criterion's title in `lang` with the run's parameters (a saved round keeps the
        language it was scored in; `plan` and `compare` speak the user's), else as scored."""
        criterion = self.catalogue.criterion(criterion_id)
        if criterion is None or lang not in criterion.title:
            return self.summary(criterion_id).title
        return criterion.title_in(lang, self.parameters)

    def summary(self, criterion_id: str) -> CriterionSummary:
        for summary in self.criteria:
            if summary.id == criterion_id:
                return summary
        raise KeyError(criterion_id)

    def survey_json(self) -> dict[str, str]:
        """The survey as the JSON output names it."""
        survey = self.survey
        return {
            "id": survey.id,
            "version": survey.version,
            "key": survey.key,
            "records_key": survey.records_key,
        }

    def catalogue_json(self) -> dict[str, Any]:
        """The catalogue and the parameter values used, as the JSON output names them."""
        catalogue = self.catalogue
        return {
            "id": catalogue.id,
            "version": catalogue.version,
            "source": catalogue.source,
            "parameters": dict(self.parameters),
            "defaults": self.defaults,
            "parameter_sources": dict(self.parameter_sources),
        }

    def to_json(self) -> dict[str, Any]:
        """The machine output of `tilsyn score --json`: the spec's shape, each record with its
        `"values"`, and the provenance (docs/CONTRACTS.md)."""
        from tilsyn.survey import is_builtin_definition

        records = []
        for record in self.records:
            entry = record.to_json()
            entry["values"] = json_values(record.values)
            records.append(entry)
        data = {
            "tilsyn_version": self.tilsyn_version,
            "survey": self.survey_json(),
            "catalogue": self.catalogue_json(),
            "lang": self.lang,
            self.survey.records_key: records,
            "criteria": [c.to_json() for c in self.criteria],
            "groups": {by: [g.to_json() for g in groups] for by, groups in self.groups.items()},
            "excluded": list(self.excluded),
            "created": self.created,
            "personal_data": self.personal_data,
            "assessments": self.assessments,
            "files": [f.to_json() for f in self.files],
            "related": {kind: other.to_json() for kind, other in self.related.items()},
        }
        if not is_builtin_definition(self.survey):
            data["survey_definition"] = self.survey.source_text
            recommendations = self.catalogue.recommendation_set.source_text
            if recommendations:
                data["recommendations_definition"] = recommendations
        if self.catalogue.source != "built-in":
            data["catalogue_definition"] = self.catalogue.source_text
        return data


def json_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """A record's values as JSON: codes, ISO dates, lists for several choices; empty left out."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def redact_free_text(
    survey: Survey,
    records: Iterable[Record],
    names: Iterable[str],
    lang: str,
    validated_with: tuple[str, ...] | None = None,
) -> list[Mapping[str, Any]]:
    """The records' values with personal data in free-text fields replaced by placeholders
    (a record's own values when it has nothing to redact).

    When the records were validated looking for the same `names` (`validated_with`), what
    validation found in a text that is still the same is used instead of looking again: for
    100,000 calls that was two thirds of scoring them.
    """
    from tilsyn.privacy import Detector, replace_findings

    names = tuple(names)
    detector = Detector(names)
    reuse = validated_with == names
    free = [f.name for f in survey.fields if f.personal_data]
    out = []
    for record in records:
        changed = {}
        for name in free:
            text = record.values.get(name)
            if not isinstance(text, str):
                continue
            seen = record.found.get(name) if reuse else None
            changed[name] = (
                replace_findings(text, seen[1], lang)
                if seen is not None and seen[0] == text
                else detector.redact(text, lang)
            )
        out.append({**record.values, **changed} if changed else record.values)
    return out
