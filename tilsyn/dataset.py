"""The scored dataset: the one thing reports, exports and comparisons are made from.

It holds a survey kind's records (their values), every result with status and evidence, the
catalogue and parameter values used, the runs of the other survey kinds found in the same
input, every record left out and why, and where it all came from. `tilsyn score -o FILE`
saves it as JSON (the spec's `tilsyn score --json` shape plus more keys), and `from_json`
reads it back, so `report` and `export` give the same output from a saved file as from the
data files, without scoring again.

Free text that may hold personal data is saved redacted unless the user asks to keep it, so a
saved dataset is no more sensitive than an export.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from tilsyn.diagnostics import diagnostic
from tilsyn.errors import Diagnostic, TilsynError

if TYPE_CHECKING:
    from tilsyn.api import InputFile
    from tilsyn.criteria import Catalogue
    from tilsyn.scoring import ScoreRun
    from tilsyn.survey import Survey
    from tilsyn.validate import Record

FORMAT = "tilsyn-scored-dataset"
FORMAT_VERSION = 2


class DatasetError(TilsynError):
    """A saved dataset that cannot be read back: another version, or edited by hand."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(
            "the saved dataset cannot be used", hint=diagnostic.hint, diagnostics=[diagnostic]
        )


@dataclass
class ScoredDataset:
    """One survey kind's records scored, with the other kinds' runs and the provenance."""

    run: ScoreRun
    survey: Survey
    catalogue: Catalogue
    records: list[Record]
    related: dict[str, ScoredDataset] = field(default_factory=dict)
    files: list[InputFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    created: str = ""
    personal_data: bool = False  # whether the records' free text is kept unredacted
    assessments: str = ""  # the inspector's assessments file applied, if any

    @property
    def excluded(self) -> list[dict[str, Any]]:
        return self.run.excluded

    def to_json(self) -> dict[str, Any]:
        """The saved form: the run's JSON (spec shape), each record with its values."""
        from tilsyn.survey import is_builtin_definition

        data = self.run.to_json()
        values = [_json_values(r.values) for r in self.records]
        for entry, record_values in zip(data[self.run.survey["records_key"]], values, strict=True):
            entry["values"] = record_values
        data.update(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created": self.created,
                "personal_data": self.personal_data,
                "assessments": self.assessments,
                "files": [
                    {
                        "path": f.path,
                        "sha256": f.sha256,
                        "records": f.records,
                        "readable": f.readable,
                    }
                    for f in self.files
                ],
                "related": {kind: other.to_json() for kind, other in self.related.items()},
            }
        )
        if not is_builtin_definition(self.survey):
            from tilsyn.recommendations import recommendation_set

            data["survey_definition"] = self.survey.source_text
            recommendations = recommendation_set(self.survey.id).source_text
            if recommendations:
                data["recommendations_definition"] = recommendations
        if self.catalogue.source != "built-in":
            data["catalogue_definition"] = self.catalogue.source_text
        return data

    @classmethod
    def from_json(cls, data: Any, source: str = "<dataset>") -> ScoredDataset:
        """A dataset read back from `to_json`; DatasetError (RES codes) when it cannot be."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise DatasetError(diagnostic("RES001", file=source))
        if data.get("format_version") != FORMAT_VERSION:
            raise DatasetError(
                diagnostic(
                    "RES002",
                    params={"version": data.get("format_version"), "current": FORMAT_VERSION},
                    file=source,
                )
            )
        try:
            dataset = _read(data, source)
            _check_round_trip(data, dataset)
            return dataset
        except DatasetError:
            raise
        except TilsynError as exc:
            detail = exc.diagnostics[0].message if exc.diagnostics else exc.message
            raise DatasetError(_damaged(source, detail)) from None
        except (
            KeyError,
            TypeError,
            ValueError,
            AttributeError,
            IndexError,
            RecursionError,
            OverflowError,
        ) as exc:
            raise DatasetError(_damaged(source, f"{type(exc).__name__}: {exc}")) from None


def _damaged(source: str, detail: str) -> Diagnostic:
    return diagnostic("RES003", params={"detail": detail}, file=source)


def _read(data: dict[str, Any], source: str) -> ScoredDataset:
    from tilsyn.criteria import builtin_catalogue, parse_catalogue
    from tilsyn.scoring import ScoreRun
    from tilsyn.survey import get_survey, parse_survey, register_survey

    if "survey_definition" in data:
        from tilsyn.recommendations import RecommendationSet, parse_recommendations, register

        survey = register_survey(parse_survey(data["survey_definition"], source))
        text = data.get("recommendations_definition")
        register(
            parse_recommendations(text, survey.id, source)
            if isinstance(text, str)
            else RecommendationSet(survey.id)
        )
    else:
        survey = get_survey(data["survey"]["id"])
    if "catalogue_definition" in data:
        catalogue = parse_catalogue(
            data["catalogue_definition"], source, source=data["catalogue"].get("source", source)
        )
    else:
        catalogue = builtin_catalogue(survey.id)
    run = ScoreRun.from_json(data)
    _check_run(run, survey, catalogue)
    entries = data[run.survey["records_key"]]
    records = _typed_records(survey, entries, source)
    _check_results(run, records, catalogue)
    files = [_input_file(f) for f in data.get("files", [])]
    if not isinstance(data.get("tilsyn_version", ""), str) or not all(
        isinstance(c.title, str) and isinstance(c.rationale, str) for c in run.criteria
    ):
        raise ValueError("a text is not a text")
    related = {kind: _read(other, source) for kind, other in data.get("related", {}).items()}
    return ScoredDataset(
        run,
        survey,
        catalogue,
        records,
        related,
        files,
        [],
        str(data.get("created", "")),
        bool(data.get("personal_data")),
        str(data.get("assessments") or ""),
    )


def _input_file(entry: Any) -> InputFile:
    from tilsyn.api import InputFile

    file = InputFile(
        entry["path"], entry.get("records", 0), entry.get("sha256", ""), entry.get("readable", True)
    )
    if not (
        isinstance(file.path, str)
        and isinstance(file.sha256, str)
        and type(file.records) is int
        and isinstance(file.readable, bool)
    ):
        raise ValueError("an input file is not listed as tilsyn lists them")
    return file


def _check_run(run: ScoreRun, survey: Survey, catalogue: Catalogue) -> None:
    """The saved run must be one the named survey and catalogue can have made, and its counts
    those of its results: a figure in a report or export made from the file is then the count
    of its records, never a number edited apart. ValueError (RES003) where it is not."""
    from tilsyn.aggregate import count_criteria
    from tilsyn.i18n import STATUSES

    info = run.catalogue
    if (info.get("id"), str(info.get("version"))) != (catalogue.id, catalogue.version):
        raise ValueError("the catalogue named is not the one the dataset was scored with")
    if set(info.get("parameters") or {}) != set(catalogue.parameters):
        raise ValueError("the parameters are not those of the catalogue")
    for key in ("defaults", "parameter_sources"):
        if not isinstance(info.get(key), dict):
            raise ValueError(f"the catalogue's {key} are missing")
    catalogue.default_parameters().override(info["parameters"], "the saved dataset")
    if (run.survey.get("key"), run.survey.get("records_key")) != (survey.key, survey.records_key):
        raise ValueError("the survey's key or record list is not that of its definition")
    ids = [c.id for c in catalogue.criteria]
    if run.criterion_ids != ids:
        raise ValueError("the criteria are not those of the catalogue")
    for record in run.records:
        if list(record.results) != ids or any(
            r.status not in STATUSES for r in record.results.values()
        ):
            raise ValueError(f"record {record.key}: the results are not one status per criterion")
    for entry in run.excluded:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("file"), str)
            and isinstance(entry.get("codes"), list)
            and isinstance(entry.get("row"), (int, type(None)))
        ):
            raise ValueError("a record left out is not listed as tilsyn lists them")
    counted = count_criteria(run.records, run.criterion_ids)
    for summary, recount in zip(run.criteria, counted, strict=True):
        if summary.counts != recount.counts:
            raise ValueError(f"the counts of {summary.id} are not those of the records")


def _check_results(run: ScoreRun, records: list[Record], catalogue: Catalogue) -> None:
    """Each saved result must be what the catalogue gives the saved values (before any
    inspector's assessment): scored again here, so a status or evidence edited by hand, or a
    record's values changed under its results, is refused."""
    from tilsyn.scoring import score

    parameters = catalogue.default_parameters().override(
        run.catalogue["parameters"], "the saved dataset"
    )
    fresh = score(records, catalogue, parameters, lang=run.lang)
    for saved, again in zip(run.records, fresh.records, strict=True):
        if saved.key != again.key or saved.info != again.info:
            raise ValueError(f"record {saved.key}: its fields do not match its values")
        for cid, result in saved.results.items():
            automatic = result.automatic_status or result.status
            if (automatic, result.evidence) != again.results[cid][:2]:
                raise ValueError(
                    f"record {saved.key}: the result of {cid} is not what the "
                    "catalogue gives its values"
                )


def _check_round_trip(data: dict[str, Any], dataset: ScoredDataset) -> None:
    """Read back and saved again, the dataset must be the file it was read from: anything
    edited into a form tilsyn never writes (a share that is not its counts, a value of the
    wrong type) is refused here rather than shown in a report."""
    import json

    def normal(value: Any) -> Any:
        return json.loads(json.dumps(value, ensure_ascii=False, default=str))

    again = normal(dataset.to_json())
    saved = normal(data)
    differing = sorted(k for k in set(again) | set(saved) if again.get(k) != saved.get(k))
    if differing:
        raise ValueError(f"{', '.join(differing)} differ from what tilsyn writes")


def _typed_records(survey: Survey, entries: list[dict[str, Any]], source: str) -> list[Record]:
    """The saved values typed again by validation, so a record is the same as when scored
    (with the instance id of the submission it came from, where it has one)."""
    from tilsyn.readers.base import RawRow, Table
    from tilsyn.validate import Validator

    validator = Validator()
    rows = (
        RawRow(e.get("values", {}), i, e.get("instance_id")) for i, e in enumerate(entries, start=1)
    )
    validator.table(Table(source, rows, survey_id=survey.id))
    errors = [d for d in validator.diagnostics if d.is_error]
    if errors:
        first = errors[0]
        raise ValueError(f"record {first.key or first.row}: {first.message}")
    return validator.records


def _json_values(values: dict[str, Any]) -> dict[str, Any]:
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
) -> list[Record]:
    """Copies of the records with personal data in free-text fields replaced by placeholders.

    When the records were validated looking for the same `names` (`validated_with`), what
    validation found in a text that is still the same is used instead of looking again: for
    100,000 calls that was two thirds of scoring them.
    """
    from dataclasses import replace

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
        out.append(replace(record, values={**record.values, **changed}) if changed else record)
    return out


def read_dataset(path: Path) -> ScoredDataset | None:
    """The dataset saved in `path`, or None when the file is data, not a saved dataset."""
    import json

    if path.suffix.lower() != ".json" or not path.is_file():
        return None
    try:
        with path.open(encoding="utf-8-sig") as handle:
            head = handle.read(4096)
    except (OSError, UnicodeDecodeError):
        return None
    if f'"{FORMAT}"' not in head and '"catalogue"' not in head:
        return None  # data: the readers report what is wrong with it
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise DatasetError(_damaged(str(path), f"not valid JSON: {exc}")) from None
    if not isinstance(data, dict) or "catalogue" not in data:
        return None
    return ScoredDataset.from_json(data, str(path))
