"""A saved dataset brings its survey with it: a user's survey is read from the definition in the
file, in a process where nothing is registered, and never from a survey registered by that id;
a survey id is a name, never a path, and one that is neither built in nor carried is refused."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import tilsyn
from tests.factories import valid_call, write_jsonl
from tests.report_helpers import docx_text
from tests.user_survey import CASES, SURVEY, write_survey
from tilsyn.saved import DIGEST, content_digest

SAMPLE = Path(tilsyn.__file__).resolve().parent.parent / "sample_data"

# Every output made from the saved dataset in a fresh interpreter, where no survey is known but
# the built-in ones; it fails if anything looks the user's survey up by its id.
FRESH = """
import json, sys
from typer.testing import CliRunner
from tilsyn.cli import app
from tilsyn.survey import survey_ids

saved, earlier, out = sys.argv[1:4]
assert "case-review" not in survey_ids()
runner = CliRunner()
commands = {
    "report": ["report", saved, "-o", f"{out}/r.docx", "--lang", "nn", "-q"],
    "baseline": ["report", saved, "-o", f"{out}/b.docx", "--baseline", earlier, "-q"],
    "xlsx": ["export", saved, "-o", f"{out}/e.xlsx", "-q"],
    "csv": ["export", saved, "-o", f"{out}/e.csv", "-q"],
    "jsonl": ["export", saved, "-o", f"{out}/e.jsonl", "-q"],
    "compare": ["compare", earlier, saved, "--by", "municipality", "-o", f"{out}/c.xlsx"],
    "plan": ["plan", saved, "--margin", "0.2", "--json", "-q"],
    "score": ["score", saved, "--json", "-q"],
    "table": ["score", saved],
    "verify": ["verify", saved],
}
results = {}
for name, args in commands.items():
    done = runner.invoke(app, args)
    results[name] = [done.exit_code, done.stdout, done.stderr]
assert "case-review" not in survey_ids()  # nothing was registered on the way
print(json.dumps(results))
"""


@pytest.fixture
def user_saved(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1620000000")
    survey = write_survey(tmp_path / "mine")
    data = write_jsonl(tmp_path / "cases.jsonl", CASES)
    saved = tmp_path / "saker.json"
    result = cli("score", data, "--survey", survey, "--by", "county", "-o", saved, "-q")
    assert result.exit_code == 0, result.stderr
    return survey, data, saved


def test_a_user_survey_s_dataset_gives_every_output_in_a_fresh_process(cli, user_saved, tmp_path):
    survey, data, saved = user_saved
    out, earlier = tmp_path / "out", tmp_path / "i-fjor.json"
    out.mkdir()
    last_year = [{**c, "case_id": c["case_id"].replace("S-", "T-")} for c in CASES]
    previous = write_jsonl(tmp_path / "i-fjor.jsonl", last_year)
    assert cli("score", previous, "--survey", survey, "-o", earlier, "-q").exit_code == 0
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(FRESH), str(saved), str(earlier), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "SOURCE_DATE_EPOCH": "1620000000"},
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert {name: r[0] for name, r in results.items()} == dict.fromkeys(results, 0), results
    direct = tmp_path / "direct.docx"
    assert (
        cli("report", data, "--survey", survey, "-o", direct, "--lang", "nn", "-q").exit_code == 0
    )
    assert docx_text(out / "r.docx") == docx_text(direct)
    assert "Sakshandsamingstid" in docx_text(direct) or "S01" in docx_text(direct)
    scored = json.loads(cli("score", data, "--survey", survey, "--by", "county", "--json").stdout)
    assert json.loads(results["score"][1]) == scored
    assert [c["id"] for c in json.loads(results["plan"][1])["criteria"]] == ["S01"]
    assert (out / "e.csv").read_text(encoding="utf-8-sig").count("S-") == 5
    assert "Voss" in results["compare"][2] and (out / "c.xlsx").exists()


def test_a_survey_registered_by_the_same_id_is_not_used(cli, user_saved, tmp_path):
    from tilsyn.api import open_dataset
    from tilsyn.survey import read_survey

    _, _, saved = user_saved
    other = tmp_path / "other" / "case-review.toml"
    other.parent.mkdir()
    other.write_text(SURVEY.replace('version = "1"', 'version = "2"', 1), encoding="utf-8")
    assert read_survey(other).version == "2"  # registered in this process
    dataset = open_dataset([saved])
    assert dataset.survey.version == "1" and dataset.survey.id == "case-review"
    assert dataset.catalogue.survey is dataset.survey


def _resign(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    data[DIGEST] = content_digest(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(
    "survey_id",
    ["../nks-call", "nks-call/../office", "surveys/nks-call", "..\\nks-call", "..", "/etc/passwd"],
)
def test_a_survey_id_that_is_a_path_is_refused(cli, tmp_path, survey_id):
    data = write_jsonl(tmp_path / "calls.jsonl", [valid_call()])
    saved = tmp_path / "resultater.json"
    assert cli("score", data, "-o", saved, "-q").exit_code == 0
    _resign(saved, lambda d: d["survey"].update(id=survey_id))
    for command in (["report", saved, "-o", tmp_path / "r.docx"], ["verify", saved]):
        result = cli(*command)
        assert result.exit_code == 1 and "RES005" in result.stderr, result.stderr
        assert "is not a name" in result.stderr


def test_a_survey_neither_built_in_nor_carried_is_refused(cli, user_saved, tmp_path):
    _, _, saved = user_saved
    _resign(saved, lambda d: d.pop("survey_definition"))
    result = cli("export", saved, "-o", tmp_path / "e.csv")
    assert result.exit_code == 1 and "RES005" in result.stderr
    assert "neither built into tilsyn nor described in the dataset" in result.stderr
    assert not (tmp_path / "e.csv").exists()


def test_a_definition_carried_under_a_built_in_id_is_the_one_used(cli, tmp_path, monkeypatch):
    """A built-in survey given back edited (as an XLSForm, with its catalogue) is saved with
    its definition, and opened with it, not with the survey that ships under its id."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1620000000")
    workbook = tmp_path / "office.xlsx"
    assert cli("survey", "export", "office", "-o", workbook).exit_code == 0
    catalogue = Path(tilsyn.__file__).parent / "surveys" / "office.criteria.toml"
    offices, saved = SAMPLE / "offices", tmp_path / "kontor.json"
    scoring = ["--survey", workbook, "--criteria", catalogue]
    assert cli("score", offices, *scoring, "-o", saved, "-q").exit_code == 0
    assert "survey_definition" in json.loads(saved.read_text(encoding="utf-8"))
    code = (
        "import sys, tilsyn; from tilsyn.survey import builtin_survey;"
        "d = tilsyn.open_dataset([sys.argv[1]]);"
        "print(d.survey is not builtin_survey('office'), d.catalogue.survey is d.survey)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(saved)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.split() == ["True", "True"], done.stderr
    direct = cli("score", offices, *scoring, "--json", "-q")
    assert json.loads(cli("score", saved, "--json", "-q").stdout) == json.loads(direct.stdout)
