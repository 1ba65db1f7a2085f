"""A report with `--baseline`: the developments as one table and one chart of both rounds
side by side, the follow-up of the previous survey's recommendations, and rounds that share
records caught (compare and report alike); in nb, nn and en, through the command line."""

from __future__ import annotations

import re
import zipfile

import pytest

from tests.report_helpers import (
    OFFICES,
    dataset,
    docx_part,
    docx_section,
    later,
    write_dataset,
)

BETTER = [
    (county, office, number, [True] * len(flags)) for county, office, number, flags in OFFICES
]
HEADINGS = {
    "nb": (
        "Utvikling siden forrige undersøkelse",
        "Oppfølging av anbefalingene fra forrige undersøkelse",
    ),
    "nn": ("Utvikling sidan førre undersøking", "Oppfølging av tilrådingane frå førre undersøking"),
    "en": (
        "Developments since the previous survey",
        "Follow-up of the recommendations of the previous survey",
    ),
}
PLACEHOLDER = {"nb": "[Skriv hva ", "nn": "[Skriv kva ", "en": "[Write what "}
ADDRESSEE = {"nb": "kommunene", "nn": "kommunane", "en": "the municipalities"}
SHARED = {
    "nb": "Rundene har 25 samtaler felles.",
    "nn": "Rundane har 25 samtalar felles.",
    "en": "The rounds share 25 calls.",
}


@pytest.fixture
def rounds(cli, tmp_path):
    """Last year's round saved (25 calls), and this year's: every query call answered."""
    saved = tmp_path / "forrige.json"
    before = write_dataset(tmp_path / "fjor", dataset(repeat=2))
    assert cli("score", before, "-o", saved, "-q").exit_code == 0
    now = write_dataset(tmp_path / "i-år", later(dataset(BETTER, repeat=2)))
    return saved, now, before


def _series_per_chart(path) -> list[int]:
    with zipfile.ZipFile(path) as archive:
        names = sorted(
            n for n in archive.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n)
        )
        return [archive.read(n).count(b"<c:ser>") for n in names]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_report_has_the_developments_table_and_chart_and_the_follow_up(
    cli, rounds, tmp_path, lang
):
    saved, now, _ = rounds
    output = tmp_path / f"rapport-{lang}.docx"
    result = cli("report", now, "-o", output, "--baseline", saved, "--lang", lang, "-q")
    assert result.exit_code == 0, result.stderr
    developments, follow_up = HEADINGS[lang]
    chapter = docx_section(output, developments)
    k06 = chapter.index(next(p for p in chapter if p.startswith("K06")))
    assert chapter[k06 + 3].startswith("+") and chapter[k06 + 5] in ("ja", "yes")
    assert sum(1 for p in chapter if "K06" in p) == 2  # its row, and one sentence: a clear change
    assert 2 in _series_per_chart(output)  # both rounds side by side
    follow = docx_section(output, follow_up)
    assert any(p.startswith("R3 ") for p in follow) and any(p.startswith("R7 ") for p in follow)
    placeholders = [p for p in follow if p.startswith(PLACEHOLDER[lang])]
    assert len(placeholders) == 7 and any(ADDRESSEE[lang] in p for p in placeholders)
    k06_then_now = next(p for p in follow if p.startswith("K06"))
    assert "6 " in k06_then_now and "24 " in k06_then_now


def test_without_a_baseline_there_is_neither_chapter(cli, rounds, tmp_path):
    output = tmp_path / "r.docx"
    assert cli("report", rounds[1], "-o", output, "-q").exit_code == 0
    text = "".join(t.text or "" for t in docx_part(output).iter())
    assert HEADINGS["nb"][0] not in text and HEADINGS["nb"][1] not in text


@pytest.mark.parametrize(
    "lang, same, shares",
    [
        ("nb", "de to rundene er de samme dataene", "de to rundene har 25 samtaler felles: "),
        ("nn", "dei to rundane er dei same dataa", "dei to rundane har 25 samtalar felles: "),
        ("en", "the two rounds are the same data", "the two rounds share 25 calls: "),
    ],
)
def test_compare_refuses_the_same_data_and_names_shared_keys(
    cli, rounds, tmp_path, lang, same, shares
):
    saved, now, before = rounds
    itself = cli("compare", saved, saved, "--lang", lang)
    assert itself.exit_code == 1 and same in itself.stderr and "CMP002" in itself.stderr
    from_data = cli("compare", saved, before, "--lang", lang)
    assert from_data.exit_code == 1 and "CMP002" in from_data.stderr  # saved or not, same data
    both = write_dataset(tmp_path / "begge", dataset(repeat=2, queue_wait_minutes=3))
    shared = cli("compare", saved, both, "--lang", lang)
    message = " ".join(shared.stderr.split())
    assert shared.exit_code == 1 and "CMP003" in message and shares in message
    assert "VL-001, " in message and message.count(", ") >= 9 and "…" in message
    assert "--allow-overlap" in message


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_allowed_overlap_is_said_in_every_output(cli, rounds, tmp_path, lang, monkeypatch):
    monkeypatch.setenv("TILSYN_LANG", lang)
    saved, _, _ = rounds
    both = write_dataset(tmp_path / "begge", dataset(repeat=2, queue_wait_minutes=3))
    refused = cli("report", both, "-o", tmp_path / "r.docx", "--baseline", saved)
    assert refused.exit_code == 1 and "CMP003" in refused.stderr
    assert not (tmp_path / "r.docx").exists()
    report = cli(
        "report",
        both,
        "-o",
        tmp_path / "r.docx",
        "--baseline",
        saved,
        "--allow-overlap",
        "--lang",
        lang,
    )
    assert report.exit_code == 0 and SHARED[lang] in report.stderr
    assert any(SHARED[lang] in p for p in docx_section(tmp_path / "r.docx", HEADINGS[lang][0]))
    compared = cli("compare", saved, both, "--allow-overlap", "--json")
    assert compared.exit_code == 0 and '"shared_records": 25' in compared.stdout
    table = cli("compare", saved, both, "--allow-overlap")
    assert SHARED[lang] in " ".join(table.stderr.split())
    workbook = tmp_path / "u.xlsx"
    assert cli("compare", saved, both, "--allow-overlap", "-o", workbook, "-q").exit_code == 0
    from openpyxl import load_workbook

    notes = [
        row[-1] for row in load_workbook(workbook).active.iter_rows(min_row=2, values_only=True)
    ]
    assert notes and all(SHARED[lang] in (note or "") for note in notes)


def test_the_web_page_draws_both_rounds_and_gives_their_numbers(cli, rounds, tmp_path):
    saved, now, _ = rounds
    page = tmp_path / "rapport.html"
    result = cli("report", now, "-o", page, "--baseline", saved, "-q")
    assert result.exit_code == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert 'class="bar series-0"' in html and 'class="bar series-1"' in html
    assert "Denne undersøkelsen: " in html and "Forrige undersøkelse: " in html  # the table
