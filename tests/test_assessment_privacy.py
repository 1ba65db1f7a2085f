"""Personal data in an assessments file (`--assessments`) is redacted wherever the run goes:
the justification is free text, found and redacted as notes are; who assessed is a person,
kept as initials and redacted when written as a name. Unless the user asks to keep it."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tilsyn
from tests.factories import examples
from tests.rounds import calls, round_file
from tilsyn.assessments import assess
from tilsyn.criteria import builtin_catalogue
from tilsyn.scoring import score

HEADER = ["nøkkel", "kriterium", "status", "begrunnelse", "vurdert av", "dato"]
FNR = "01019012480"  # valid: 1 January 1990
PHONE = "912 34 567"
MAIL = "kari.holm@example.no"
NAME = "Sigrid Haugland"
ASSESSOR = "Kari Nordmann"


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("round")
    return round_file(folder / "calls.jsonl", calls("VL", 6, answered=3))


@pytest.fixture(scope="module")
def run(data):
    return score(tilsyn.load([data]).records, builtin_catalogue("nks-call"), by=("county",))


@pytest.fixture
def planted(tmp_path) -> Path:
    """An assessments file with a fødselsnummer, a phone number, an e-mail address and a full
    name in its justifications, and full names as who assessed."""
    return write_rows(
        tmp_path / "vurderinger.csv",
        [
            ["VL-004", "K06", "pass", f"{NAME} ringte fra {PHONE}, fnr {FNR}", ASSESSOR, ""],
            ["VL-001", "K06", "fail", f"Svar sendt til {MAIL}", "Ola O'Brien", "2022-05-04"],
            ["VL-005", "K06", "pass", "Kontoret ringte tilbake samme dag", "KH", ""],
        ],
    )


SECRETS = (FNR, "010190 12480", PHONE, MAIL, NAME, ASSESSOR, "O'Brien", "Ola O")


def _text(path: Path) -> str:
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            parts = [
                archive.read(n).decode("utf-8")
                for n in archive.namelist()
                if n.endswith((".xml", ".rels"))
            ]
        return re.sub(r"<[^>]+>", "", "".join(parts)).replace("&apos;", "'")
    return path.read_text(encoding="utf-8-sig")


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text or s.replace("'", "\\u0027") in text]


OUTPUTS = [
    ("score", "resultat.json"),
    ("report", "rapport.docx"),
    ("export", "revisjon.xlsx"),
    ("export", "revisjon.csv"),
    ("export", "revisjon.jsonl"),
]


@pytest.mark.parametrize("command, name", OUTPUTS)
def test_no_output_holds_the_personal_data_of_an_assessments_file(
    cli, data, planted, tmp_path, command, name
):
    out = tmp_path / name
    result = cli(command, data, "-o", out, "-q", "--assessments", planted)
    assert result.exit_code == 0, result.stderr
    text = _text(out)
    assert _leaks(text) == []
    assert "KH" in text  # initials are kept: they say who, not who the person is


def test_score_json_holds_none_either(cli, data, planted):
    result = cli("score", data, "--json", "-q", "--assessments", planted)
    assert result.exit_code == 0, result.stderr
    assert _leaks(result.stdout) == []
    k06 = json.loads(result.stdout)["calls"][3]["results"]["K06"]["assessment"]
    assert (
        k06["justification"] == "[name] ringte fra [phone number], fnr [national identity number]"
    )
    assert k06["by"] == "[name]"


def test_outputs_made_from_a_saved_dataset_hold_none(cli, data, planted, tmp_path):
    """Assessments applied to a saved dataset, and a saved dataset with assessments applied."""
    saved = tmp_path / "lagret.json"
    assert cli("score", data, "-o", saved, "-q").exit_code == 0
    sheet = tmp_path / "ut.csv"
    assert cli("export", saved, "-o", sheet, "-q", "--assessments", planted).exit_code == 0
    assert _leaks(_text(sheet)) == []
    with_assessments = tmp_path / "vurdert.json"
    cli("score", data, "-o", with_assessments, "-q", "--assessments", planted)
    assert _leaks(_text(with_assessments)) == []


def test_kept_only_when_asked_and_redacted_again_by_an_export_that_is_not(
    cli, data, planted, tmp_path
):
    kept = tmp_path / "med-personopplysninger.json"
    result = cli(
        "score", data, "-o", kept, "-q", "--assessments", planted, "--include-personal-data"
    )
    assert result.exit_code == 0, result.stderr
    assert {FNR, NAME, ASSESSOR} <= set(_leaks(_text(kept)))
    # An export of that dataset without --include-personal-data redacts what it shows.
    for name in ("ut.csv", "ut.xlsx"):
        sheet = tmp_path / name
        assert cli("export", kept, "-o", sheet, "-q").exit_code == 0
        assert _leaks(_text(sheet)) == []
    report = tmp_path / "rapport.docx"
    assert cli("report", kept, "-o", report, "-q").exit_code == 0
    assert _leaks(_text(report)) == []


# --- the class: whatever personal data a justification or signature holds --------------------

_first = st.sampled_from(["Kari", "Åse", "Łukasz", "Иван", "Sean", "Zoë", "Máret", "Ayşe"])
_last = st.sampled_from(["Nordmann", "O'Brien", "D’Angelo", "Петров", "Ødegård", "Yılmaz"])
_full_name = st.builds(lambda a, b: f"{a} {b}", _first, _last)
_phone = st.builds(
    lambda n, shape: shape.format(n, a=n[:2], b=n[2:4], c=n[4:6], d=n[6:]),
    st.integers(40_000_000, 99_999_999).map(str).filter(lambda p: p != "55553333"),
    st.sampled_from(["{}", "+47 {}", "{a} {b} {c} {d}", "(+47) {a}-{b}-{c}-{d}", "0047{}"]),
)
_fnr = st.sampled_from(["01019012480", "010190 12480", "01.01.1990 12480", "41019012474"])
_mail = st.sampled_from(["ola@nav.no", "kari.holm@example.com", "ola@localhost"])
_secret = st.one_of(_full_name, _phone, _fnr, _mail)
_initials = st.sampled_from(["KH", "K.H.", "ÅBØ", "kh", "KH/AB", ""])


@settings(max_examples=examples(200), deadline=None)
@given(
    secrets=st.lists(_secret, min_size=1, max_size=3),
    filler=st.sampled_from(["Ringte tilbake,", "Notat:", "Se samtalen;", "ifølge kontoret"]),
    assessor=st.one_of(_full_name, _initials, _phone),
)
def test_any_personal_data_in_an_assessment_is_redacted(run, data, secrets, filler, assessor):
    justification = " ".join([filler, *(f"{s}," for s in secrets), "takk."])
    path = write_rows(
        data.with_name("v.csv"), [["VL-004", "K06", "pass", justification, assessor, ""]]
    )
    assessed, _ = assess(run, path, lang="en")
    kept = assessed.records[3].results["K06"].assessment
    for secret in secrets:
        assert secret not in kept.justification
    assert kept.justification.startswith(filler)
    initials = assessor in ("KH", "K.H.", "ÅBØ", "kh", "KH/AB", "")
    assert kept.by == (assessor if initials else "[name]")
    # Kept as written when the user asks for personal data.
    as_given, _ = assess(run, path, personal_data=True)
    assert as_given.records[3].results["K06"].assessment.justification == justification
    assert as_given.records[3].results["K06"].assessment.by == assessor
