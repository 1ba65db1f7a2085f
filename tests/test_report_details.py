"""The report's series and number, author and date (`--number`, `--author`, `--date`, or a
`--details` file): on the cover, in the letterhead and in the document's properties."""

from __future__ import annotations

import pytest

from tests.report_helpers import NS, dataset, docx_part, docx_text, write_dataset


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return write_dataset(tmp_path_factory.mktemp("details"), dataset())


@pytest.mark.parametrize(
    "lang, series, date",
    [
        ("nb", "Rapport fra Helsetilsynet 5/2027", "Dato: 10. mai 2027"),
        ("nn", "Rapport frå Helsetilsynet 5/2027", "Dato: 10. mai 2027"),
        ("en", "Report from the Norwegian Board of Health Supervision 5/2027", "Date: 10 May 2027"),
    ],
)
def test_number_and_date_on_the_cover(cli, data, tmp_path, lang, series, date):
    output = tmp_path / "r.docx"
    args = ("--number", "5/2027", "--date", "10.05.2027", "--lang", lang, "-q")
    assert cli("report", data, "-o", output, *args).exit_code == 0
    cover = docx_text(output).split("\n", 8)
    assert series in cover and date in cover
    creator = docx_part(output, "docProps/core.xml").find("dc:creator", NS).text
    assert creator in ("Statens helsetilsyn", "Norwegian Board of Health Supervision")


def test_a_details_file_with_the_options_over_it(cli, data, tmp_path):
    details = tmp_path / "rapport.toml"
    details.write_text(
        'number = "3/2027"\nauthor = "Statsforvalteren i Vestland"\ndate = 2027-06-01\n',
        encoding="utf-8",
    )
    output = tmp_path / "r.docx"
    args = ("--details", details, "--number", "4/2027", "-q")
    assert cli("report", data, "-o", output, *args).exit_code == 0
    text = docx_text(output)
    assert "Rapport fra Statsforvalteren i Vestland 4/2027" in text and "1. juni 2027" in text
    creator = docx_part(output, "docProps/core.xml").find("dc:creator", NS).text
    assert creator == "Statsforvalteren i Vestland"


def test_without_a_number_there_is_no_series_line(cli, data, tmp_path):
    output = tmp_path / "r.docx"
    assert cli("report", data, "-o", output, "-q").exit_code == 0
    assert "Rapport fra" not in docx_text(output)


def test_a_bad_date_is_a_usage_error_and_a_bad_file_rpt005(cli, data, tmp_path):
    result = cli("report", data, "-o", tmp_path / "r.docx", "--date", "i morgen")
    assert result.exit_code == 2 and "i morgen" in result.stderr
    details = tmp_path / "rapport.toml"
    details.write_text('nummer = "3/2027"\n', encoding="utf-8")
    result = cli("report", data, "-o", tmp_path / "r.docx", "--details", details)
    assert result.exit_code == 1 and "RPT005" in result.stderr and "nummer" in result.stderr
    assert not (tmp_path / "r.docx").exists()


def test_the_web_page_names_the_series_too(cli, data, tmp_path):
    output = tmp_path / "r.html"
    assert cli("report", data, "-o", output, "--number", "5/2027", "-q").exit_code == 0
    assert "Rapport fra Helsetilsynet 5/2027" in output.read_text(encoding="utf-8")
