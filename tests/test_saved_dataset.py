"""A scored dataset saved with `tilsyn score -o` gives the same report and the same export as the
data files it was scored from: writers take the dataset and never score again."""

from __future__ import annotations

import pytest

from tests.report_helpers import docx_text

SAMPLE = __import__("pathlib").Path(__file__).resolve().parent.parent / "sample_data"
CASES = {  # name: (input, options)
    "calls": (SAMPLE / "calls", []),
    "offices": (SAMPLE / "offices", []),
    "mixed-office": (SAMPLE, ["--survey", "office"]),
}


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    from typer.testing import CliRunner

    from tilsyn.cli import app

    folder = tmp_path_factory.mktemp("saved")
    runner = CliRunner()
    paths = {}
    for name, (source, options) in CASES.items():
        paths[name] = folder / f"{name}.json"
        result = runner.invoke(
            app, ["score", str(source), *options, "--lang", "nb", "-o", str(paths[name]), "-q"]
        )
        assert result.exit_code == 0, result.output
    return paths


@pytest.mark.parametrize("name", CASES)
def test_report_from_a_saved_dataset_equals_the_report_from_the_data(
    cli, saved, tmp_path, monkeypatch, name
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1620000000")
    source, options = CASES[name]
    direct, again = tmp_path / "direct.docx", tmp_path / "again.docx"
    assert cli("report", source, *options, "-o", direct, "-q").exit_code == 0
    assert cli("report", saved[name], "-o", again, "-q").exit_code == 0
    assert docx_text(direct) == docx_text(again)


def test_the_mixed_report_keeps_the_calls_beside_the_offices(saved, tmp_path, cli):
    output = tmp_path / "r.docx"
    assert cli("report", saved["mixed-office"], "-o", output, "-q").exit_code == 0
    assert "K06" in docx_text(output) and "O04" in docx_text(output)


@pytest.mark.parametrize("name", ["calls", "mixed-office"])
def test_export_from_a_saved_dataset_has_the_same_cells(cli, saved, tmp_path, monkeypatch, name):
    from openpyxl import load_workbook

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1620000000")
    source, options = CASES[name]
    direct, again = tmp_path / "direct.xlsx", tmp_path / "again.xlsx"
    assert cli("export", source, *options, "-o", direct, "-q").exit_code == 0
    assert cli("export", saved[name], "-o", again, "-q").exit_code == 0

    def cells(path):
        book = load_workbook(path, read_only=True)
        return {
            sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
        }

    assert cells(direct) == cells(again)
