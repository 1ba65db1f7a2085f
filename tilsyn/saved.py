"""A scored dataset saved to a file (`tilsyn score -o FILE.json`) and opened again.

The file is JSON a person or pandas can read (docs/CONTRACTS.md, "The saved dataset"): the
records' values once, as columns of JSON values; each result once, as a short status code and
an index into a list of the distinct evidence sentences, per criterion; the records left out,
the input files, the other survey kinds' runs; and for a user's survey or catalogue its
definition. What can be worked out again (the counts, the groups, the criteria's words, the
fields a record is grouped by) is not stored, so nothing in the file can disagree with it.

A SHA-256 digest over a canonical form of the content (`content_digest`) is stored in the
file and checked on every open: a file changed after it was saved is refused (RES004), never
used. Opening does not validate or score again; `tilsyn verify FILE` does (`tilsyn.verify`).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilsyn.dataset import (
    DatasetError,
    InputFile,
    ScoredDataset,
)
from tilsyn.diagnostics import diagnostic
from tilsyn.errors import Diagnostic, TilsynError
from tilsyn.formats.properties import SAVED_DATASET
from tilsyn.saved_columns import (
    decode_records,
    decode_results,
    encode_records,
    encode_results,
)
from tilsyn.saved_columns import text as _text

if TYPE_CHECKING:
    from tilsyn.criteria import Catalogue
    from tilsyn.recommendations import RecommendationSet
    from tilsyn.survey import Survey

FORMAT = SAVED_DATASET  # the `format` key a saved dataset begins with
FORMAT_VERSION = 3
DIGEST = "sha256"  # the key of the digest; the content is every other key

# A survey id is a name: letters, digits, - _ and . (never / \ or ..).
_SURVEY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


# ---------------------------------------------------------------------------------------------
# Saving


def saved_text(dataset: ScoredDataset) -> str:
    """The dataset as the text of a saved file, its digest included."""
    content = _encode(dataset)
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, DIGEST: "", **content}
    data[DIGEST] = content_digest(data)
    return _layout(data) + "\n"


def save_dataset(dataset: ScoredDataset, path: Path) -> None:
    """Write the dataset to `path` atomically (OutputError when it cannot be written)."""
    from tilsyn.outputs import write_text

    write_text(Path(path), saved_text(dataset))


def content_digest(data: dict[str, Any]) -> str:
    """SHA-256 (hex) of the UTF-8 of the content in canonical form: every key but the digest,
    as `json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` writes
    it. Worked out a part at a time, so a large file is never held twice as text."""
    digest = hashlib.sha256()
    _feed(digest, {key: value for key, value in data.items() if key != DIGEST})
    return digest.hexdigest()


def _canonical(value: Any) -> bytes:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8", "surrogatepass")


def _feed(digest: Any, value: Any) -> None:
    if not isinstance(value, dict):
        digest.update(_canonical(value))
        return
    digest.update(b"{")
    for number, key in enumerate(sorted(value)):
        digest.update(b"," + _canonical(key) + b":" if number else _canonical(key) + b":")
        _feed(digest, value[key])
    digest.update(b"}")


def _layout(value: Any, depth: int = 0) -> str:
    """JSON with the outer objects one key a line, so a person can find their way in it, and
    every list (a column) on one line, so the file stays small."""
    if isinstance(value, dict) and value and depth < 4:
        pad = "\n" + " " * (depth + 1)
        items = [
            f"{pad}{json.dumps(key, ensure_ascii=False)}: {_layout(item, depth + 1)}"
            for key, item in value.items()
        ]
        return "{" + ",".join(items) + "\n" + " " * depth + "}"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _encode(dataset: ScoredDataset) -> dict[str, Any]:
    """The content of the file for one dataset (and, within it, each related one)."""
    from tilsyn.survey import is_builtin_definition

    survey, catalogue = dataset.survey, dataset.catalogue
    data: dict[str, Any] = {
        "tilsyn_version": dataset.tilsyn_version,
        "created": dataset.created,
        "lang": dataset.lang,
        "personal_data": dataset.personal_data,
        "assessments": dataset.assessments,
        "survey": dataset.survey_json(),
        "catalogue": {
            "id": catalogue.id,
            "version": catalogue.version,
            "source": catalogue.source,
            "parameters": dict(dataset.parameters),
            "parameter_sources": dict(dataset.parameter_sources),
        },
        "by": list(dataset.groups),
        "files": [f.to_json() for f in dataset.files],
        "excluded": list(dataset.excluded),
        "records": encode_records(dataset),
        "results": encode_results(dataset),
        "related": {kind: _encode(other) for kind, other in dataset.related.items()},
    }
    if not is_builtin_definition(survey):
        data["survey_definition"] = survey.source_text
        recommendations = catalogue.recommendation_set.source_text
        if recommendations:
            data["recommendations_definition"] = recommendations
    if catalogue.source != "built-in":
        data["catalogue_definition"] = catalogue.source_text
    return data


# ---------------------------------------------------------------------------------------------
# Opening


def read_saved(path: Path) -> ScoredDataset | None:
    """The dataset saved in `path`, or None when the file is data (not a saved dataset).

    A saved dataset is told by its `"format"` key, which the file begins with; a JSON object
    that begins otherwise but names a catalogue (a dataset saved by an older tilsyn, or the
    output of `tilsyn score --json`) is read to say what it is (RES001, RES002).
    DatasetError (RES codes) for a saved dataset that cannot be used.
    """
    data = load_saved(path)
    return None if data is None else decode(data, str(path))


def load_saved(path: Path) -> dict[str, Any] | None:
    """The JSON of a saved dataset of this format version, not yet checked; None for data."""
    path = Path(path)
    if path.suffix.lower() != ".json" or not path.is_file():
        return None
    try:
        with path.open(encoding="utf-8-sig") as handle:
            head = handle.read(4096)
    except (OSError, UnicodeDecodeError):
        return None
    if not re.match(r'\s*\{\s*"format"\s*:', head) and '"catalogue"' not in head:
        return None  # data: the readers report what is wrong with it
    try:
        raw = path.read_bytes()
        data = json.loads(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise DatasetError(_damaged(str(path), f"not valid JSON: {exc}")) from None
    if not isinstance(data, dict) or ("format" not in data and "catalogue" not in data):
        return None
    if data.get("format") != FORMAT:
        raise DatasetError(diagnostic("RES001", file=str(path)))
    if data.get("format_version") != FORMAT_VERSION:
        raise DatasetError(
            diagnostic(
                "RES002",
                params={"version": data.get("format_version"), "current": FORMAT_VERSION},
                file=str(path),
            )
        )
    return data


def decode(data: dict[str, Any], source: str, *, check_digest: bool = True) -> ScoredDataset:
    """The dataset of a saved file's JSON. DatasetError: RES004 when the content is not what
    was saved (its digest differs), RES005 for a survey it cannot name, RES003 for anything
    else that is not as tilsyn writes it."""
    if check_digest and not intact(data, source):
        raise DatasetError(diagnostic("RES004", file=source))
    try:
        return _decode(data, source)
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


def intact(data: dict[str, Any], source: str) -> bool:
    """Whether the content is what was saved: its digest is the one stored with it.
    DatasetError (RES003) for content too deeply nested to be written out again."""
    try:
        return data.get(DIGEST) == content_digest(data)
    except (RecursionError, ValueError, TypeError) as exc:
        raise DatasetError(_damaged(source, f"{type(exc).__name__}: {exc}")) from None


def _damaged(source: str, detail: str) -> Diagnostic:
    return diagnostic("RES003", params={"detail": detail}, file=source)


def _decode(data: dict[str, Any], source: str) -> ScoredDataset:
    from tilsyn.aggregate import group_by
    from tilsyn.i18n import LANGS
    from tilsyn.scoring import summaries

    survey = _survey(data, source)
    catalogue = _catalogue(data, survey, source)
    parameters, sources = _parameters(data["catalogue"], catalogue)
    lang = data["lang"]
    if lang not in LANGS:
        raise ValueError(f"no language {lang!r}")
    records = decode_records(data["records"], survey)
    decode_results(data["results"], records, catalogue)
    dataset = ScoredDataset(
        survey,
        catalogue,
        records,
        summaries(catalogue, records, lang, parameters),
        parameters,
        sources,
        lang,
        excluded=_excluded(data["excluded"]),
        tilsyn_version=_text(data["tilsyn_version"]),
        related={_text(k): _decode(v, source) for k, v in dict(data["related"]).items()},
        files=[_input_file(f) for f in data["files"]],
        created=_text(data["created"]),
        personal_data=_flag(data["personal_data"]),
        assessments=_text(data["assessments"]),
    )
    for level_id in data["by"]:
        dataset.groups[level_id] = group_by(dataset, survey.level(level_id).fields)
    return dataset


def _survey(data: dict[str, Any], source: str) -> Survey:
    """The survey the dataset names: the definition the file carries (a user's), or else the
    one that ships with tilsyn under that id; never a survey registered in this process, never
    a file the id could name."""
    from tilsyn.survey import builtin_survey, is_builtin, parse_survey

    named = data["survey"]
    survey_id = named["id"]
    if not isinstance(survey_id, str) or not _SURVEY_ID.match(survey_id) or ".." in survey_id:
        raise DatasetError(
            diagnostic("RES005", "name", {"survey": str(survey_id)[:80]}, file=source)
        )
    definition = data.get("survey_definition")
    if definition is None and not is_builtin(survey_id):
        raise DatasetError(diagnostic("RES005", params={"survey": survey_id}, file=source))
    if definition is None:
        survey = builtin_survey(survey_id)
    else:  # a user's survey (perhaps under a built-in id: a built-in survey given back edited)
        survey = parse_survey(_text(definition), source)
    identity = (survey.id, survey.version, survey.key, survey.records_key)
    if identity != (survey_id, named["version"], named["key"], named["records_key"]):
        raise ValueError("the survey named is not the one the dataset was scored with")
    return survey


def _recommendations(data: dict[str, Any], survey: Survey, source: str) -> RecommendationSet:
    """A user's survey's recommendations as the file carries them; without them, those that
    ship under its id (a built-in survey given back in another form), or none."""
    from tilsyn.recommendations import builtin_recommendations, parse_recommendations

    text = data.get("recommendations_definition")
    if text is None:
        return builtin_recommendations(survey.id)
    return parse_recommendations(_text(text), survey.id, source)


def _catalogue(data: dict[str, Any], survey: Survey, source: str) -> Catalogue:
    from tilsyn.criteria import builtin_catalogue, catalogue_file, parse_catalogue
    from tilsyn.survey import data_text, is_builtin

    named = data["catalogue"]
    definition = data.get("catalogue_definition")
    users = "survey_definition" in data  # its recommendations travel in the file too
    recommendations = _recommendations(data, survey, source) if users else None
    if definition is not None:
        origin = _text(named["source"])
        catalogue = parse_catalogue(
            definition, source, source=origin, survey=survey, recommendations=recommendations
        )
    elif is_builtin(survey.id):
        catalogue = builtin_catalogue(survey.id)
        if catalogue.survey is not survey:  # made for a user's survey that took the id
            name = catalogue_file(survey.id)
            catalogue = parse_catalogue(
                data_text(name), name, "built-in", survey=survey, recommendations=recommendations
            )
    else:
        raise ValueError("the catalogue of a user's survey is not in the file")
    identity = (catalogue.survey is survey, catalogue.id, catalogue.version, catalogue.source)
    if identity != (True, named["id"], named["version"], named["source"]):
        raise ValueError("the catalogue named is not the one the dataset was scored with")
    return catalogue


def _parameters(named: dict[str, Any], catalogue: Catalogue) -> tuple[dict, dict]:
    """The parameter values used and where each came from; each value one the catalogue takes."""
    values, sources = dict(named["parameters"]), dict(named["parameter_sources"])
    if set(values) != set(catalogue.parameters) or set(sources) != set(values):
        raise ValueError("the parameters are not those of the catalogue")
    if not all(isinstance(s, str) for s in sources.values()):
        raise ValueError("a parameter's source is not a text")
    catalogue.default_parameters().override(values, "the saved dataset")
    return values, sources


def _excluded(entries: Any) -> list[dict[str, Any]]:
    """The records left out, as tilsyn lists them (a report names each)."""
    for entry in entries:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("file"), str)
            and isinstance(entry.get("codes"), list)
            and all(isinstance(c, str) for c in entry["codes"])
            and isinstance(entry.get("row"), (int, type(None)))
        ):
            raise ValueError("a record left out is not listed as tilsyn lists them")
    return list(entries)


def _input_file(entry: dict[str, Any]) -> InputFile:
    file = InputFile(entry["path"], entry["records"], entry["sha256"], entry["readable"])
    if not (
        isinstance(file.path, str)
        and isinstance(file.sha256, str)
        and type(file.records) is int
        and isinstance(file.readable, bool)
    ):
        raise ValueError("an input file is not listed as tilsyn lists them")
    return file


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} is not true or false")
    return value
