"""A criterion's title says what it checks: O01 names the hours its parameter sets, filled in
with the run's value wherever the title is read (review N26), and the titles are noun phrases
like the rest (old item 52)."""

from __future__ import annotations

import pytest

from tests.factories import valid_office, write_jsonl
from tests.report_helpers import docx_text

O01 = {
    "nb": "O01 Publikumsmottaket åpent og bemannet mer enn {} timer per uke",
    "nn": "O01 Publikumsmottaket ope og bemanna meir enn {} timar per veke",
    "en": "O01 Reception open and staffed for more than {} hours a week",
}


@pytest.fixture
def offices(tmp_path):
    records = [valid_office(office_id=f"VL-K{i:02d}", nav_office=f"Nav {i}") for i in range(3)]
    return write_jsonl(tmp_path / "offices.jsonl", records)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_report_names_the_hours_of_o01(cli, tmp_path, offices, lang):
    out = tmp_path / "rapport.docx"
    result = cli("report", offices, "--survey", "office", "-o", out, "--lang", lang, "-q")
    assert result.exit_code == 0, result.stderr
    text = docx_text(out)
    assert O01[lang].format(6) in text
    assert "minimum" not in text


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_a_set_parameter_is_the_one_the_title_names(cli, tmp_path, offices, lang):
    saved = tmp_path / "kontor.json"
    args = ("--survey", "office", "--set", "min_reception_hours=8", "--lang", lang)
    assert cli("score", offices, "-o", saved, *args, "-q").exit_code == 0
    listed = cli("criteria", "show", "O01", "--survey", "office", "--lang", lang)
    assert O01[lang].format(6) in listed.stderr  # the catalogue's own default
    out = tmp_path / "rapport.docx"
    assert cli("report", saved, "-o", out, "--lang", lang, "-q").exit_code == 0
    text = docx_text(out)
    assert O01[lang].format(8) in text and O01[lang].format(6) not in text


@pytest.mark.parametrize(
    "lang, titles",
    [
        (
            "nb",
            ["K12 Innringeren informert om hva som skjer videre", "O02 Oppmøte mulig uten avtale"],
        ),
        (
            "nn",
            ["K12 Innringaren informert om kva som skjer vidare", "O02 Oppmøte mogleg utan avtale"],
        ),
        (
            "en",
            ["K12 Caller told what happens next", "O02 Walk-in possible without an appointment"],
        ),
    ],
)
def test_titles_are_noun_phrases(cli, lang, titles):
    shown = " ".join(
        cli("criteria", "list", "--survey", survey, "--lang", lang).stderr
        for survey in ("nks-call", "office")
    )
    cells = " ".join(line.strip("│┃ ").split("│")[0].strip() for line in shown.splitlines())
    for title in titles:
        assert title in cells
