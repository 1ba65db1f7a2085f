"""Nothing read is lost without a word (issue #18, silent loss): every row, sheet, cell and
answer the file holds is read, or a diagnostic says what was not."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tilsyn
from tests.factories import codes, examples, valid_call, write_csv, write_jsonl, write_xlsx
from tilsyn.forms.docx_writer import form_bytes

# --- CSV -------------------------------------------------------------------------------------


def test_an_unclosed_quote_never_swallows_rows_silently(tmp_path):
    path = write_csv(tmp_path / "c.csv", [valid_call(call_id=f"Q-{i}") for i in range(5)])
    lines = path.read_text("utf-8-sig").splitlines()
    lines[2] = lines[2].replace(";", ';"', 1)  # a quote opened in row 2, never closed
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = tilsyn.load([path])
    assert "READ004" in codes(result, ignore=["PRIV001"])
    assert {r.key for r in result.records} == {"Q-0"}
    assert [d.row for d in result.errors if d.code == "READ004"] == [3]


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.integers(1, 4), st.integers(0, 40), st.sampled_from(['"', '""', 'x"', '"x', '";']))
def test_fuzzed_quotes_lose_no_row_without_a_diagnostic(tmp_path_factory, row, column, quote):
    """However a quote lands in a CSV, every row is either a record or named by a diagnostic."""
    folder = tmp_path_factory.mktemp("csv")
    path = write_csv(folder / "c.csv", [valid_call(call_id=f"Q-{i}") for i in range(5)])
    lines = path.read_text("utf-8-sig").splitlines()
    cells = lines[row].split(";")
    cells[column % len(cells)] = quote + cells[column % len(cells)]
    lines[row] = ";".join(cells)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = tilsyn.load([path])
    read = {r.row for r in result.records} | {e.row for e in result.excluded}
    rows_named = {d.row for d in result.diagnostics if d.row is not None}
    for line in range(2, 7):
        assert line in read or any(r <= line for r in rows_named), (line, lines[row])


def test_a_long_note_reads_back_from_tilsyns_own_csv_export(cli, tmp_path):
    long_note = "Lang merknad uten personopplysninger. " * 5000  # 190,000 characters
    data = write_jsonl(
        tmp_path / "in.jsonl",
        [valid_call(call_id="L-1", notes=long_note), valid_call(call_id="L-2")],
    )
    out = tmp_path / "out.csv"
    run = cli("export", data, "-o", out, "--include-personal-data")
    assert run.exit_code == 0, run.output
    result = tilsyn.load([out])
    assert sorted(r.key for r in result.records) == ["L-1", "L-2"]
    assert result.records[0].values["notes"].strip() == long_note.strip()


def test_one_bad_byte_is_a_warning_not_mojibake(tmp_path):
    path = write_csv(
        tmp_path / "c.csv",
        [
            valid_call(call_id="U-1", nav_office="Nav Årstad"),
            valid_call(call_id="U-2", nav_office="Nav Ørsta"),
        ],
    )
    path.write_bytes(path.read_bytes().replace(b"U-2", b"U-2\xff"))
    result = tilsyn.load([path])
    assert "READ017" in codes(result, ignore=["PRIV001"])
    assert {r.values["nav_office"] for r in result.records} == {"Nav Årstad", "Nav Ørsta"}


def test_windows_1252_is_still_read_without_a_warning(tmp_path):
    path = write_csv(
        tmp_path / "c.csv", [valid_call(call_id="W-1", nav_office="Nav Årstad")], encoding="cp1252"
    )
    result = tilsyn.load([path])
    assert (
        codes(result, ignore=["PRIV001"]) == []
        and result.records[0].values["nav_office"] == "Nav Årstad"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_csv_is_read(tmp_path, encoding):
    path = write_csv(
        tmp_path / "c.csv",
        [valid_call(call_id="W-1", nav_office="Nav Årstad")],
        encoding=encoding,
        delimiter="\t",
    )
    result = tilsyn.load([path])
    assert (
        codes(result, ignore=["PRIV001"]) == []
        and result.records[0].values["nav_office"] == "Nav Årstad"
    )


# --- spreadsheets ------------------------------------------------------------------------------


def test_a_hidden_sheet_of_records_is_read_with_a_warning(tmp_path):
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "c.xlsx", [valid_call(call_id="H-1")])
    book = load_workbook(path)
    extra = book.copy_worksheet(book.active)
    extra.title = "Skjult"
    extra.cell(2, 1).value = "H-2"
    extra.sheet_state = "veryHidden"
    book.save(path)
    result = tilsyn.load([path])
    assert sorted(r.key for r in result.records) == ["H-1", "H-2"]
    assert [(d.code, d.sheet) for d in result.warnings] == [("READ018", "Skjult")]


def test_blank_rows_above_the_header(tmp_path):
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "c.xlsx", [valid_call(call_id="B-1")])
    book = load_workbook(path)
    book.active.insert_rows(1, 2)
    book.save(path)
    result = tilsyn.load([path])
    assert [(r.key, r.row) for r in result.records] == [("B-1", 4)]


def test_a_formula_without_a_saved_result_is_named(tmp_path):
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "c.xlsx", [valid_call(call_id="F-1"), valid_call(call_id="F-2")])
    book = load_workbook(path)
    header = [c.value for c in book.active[1]]
    book.active.cell(3, header.index("queue_wait_minutes") + 1).value = "=2+2"
    book.save(path)  # openpyxl saves no result for a formula
    result = tilsyn.load([path])
    assert [(d.code, d.row) for d in result.errors] == [("READ019", 3)]
    assert [r.key for r in result.records] == ["F-1"]


def _with_shared_note(path: Path, note: str) -> None:
    """Point every cell holding `note` at one shared string, as Excel does with repeats."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            body = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(
                    rb'(<c r="[A-Z]+[0-9]+") t="inlineStr"><is><t>'
                    + note.encode()
                    + rb"</t></is></c>",
                    rb'\1 t="s"><v>0</v></c>',
                    body,
                )
            elif info.filename == "[Content_Types].xml":
                body = body.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" '
                    b'ContentType="application/vnd.openxmlformats-officedocument.'
                    b'spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://'
                    b"schemas.openxmlformats.org/officeDocument/2006/relationships/"
                    b'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            new.writestr(info.filename, body)
        new.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{note}</t></si></sst>',
        )
    path.write_bytes(out.getvalue())


def test_shared_string_amplification_is_bounded(tmp_path, monkeypatch):
    from tilsyn.readers import xlsxfile

    monkeypatch.setattr(xlsxfile, "_MIN_TEXT_BUDGET", 100_000)
    monkeypatch.setattr(xlsxfile, "_TEXT_BUDGET_FACTOR", 2)
    note = "x" * 30_000  # below Excel's limit of 32,767 characters in a cell
    path = write_xlsx(
        tmp_path / "c.xlsx", [valid_call(call_id=f"A-{i}", notes=note) for i in range(60)]
    )
    _with_shared_note(path, note)
    assert sum(i.file_size for i in zipfile.ZipFile(path).infolist()) < 200_000
    result = tilsyn.load([path])
    assert "READ012" in codes(result, ignore=["PRIV001"])
    assert 0 < len(result.records) < 60


def test_a_long_repeated_note_is_not_a_zip_bomb(tmp_path):
    note = "lang merknad " * 200_000  # 2.6 MB that compresses far more than 100:1
    path = tmp_path / "form.docx"
    path.write_bytes(form_bytes("nks-call", "nb", valid_call(call_id="N-1", notes=note)))
    result = tilsyn.load([path])
    assert [r.key for r in result.records] == ["N-1"]
    assert result.records[0].values["notes"] == note.strip()


# --- Word forms --------------------------------------------------------------------------------


def _edit_form(record: dict, change) -> bytes:
    source = form_bytes("nks-call", "nb", record)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as old,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            body = old.read(info.filename)
            if info.filename == "word/document.xml":
                body = change(body.decode()).encode()
            new.writestr(info.filename, body)
    return out.getvalue()


def _control(xml: str, tag: str) -> tuple[int, int]:
    at = xml.index(f'<w:tag w:val="{tag}"/>')
    return xml.rindex("<w:sdt>", 0, at), xml.index("</w:sdt>", at) + len("</w:sdt>")


def _load_form(tmp_path: Path, data: bytes):
    path = tmp_path / "form.docx"
    path.write_bytes(data)
    return tilsyn.load([path])


def test_a_typed_time_in_a_date_control_is_never_midnight(tmp_path):
    def change(xml: str) -> str:
        start, end = _control(xml, "observed_at")
        part = xml[start:end].replace("03.11.2020 10:15", "03.11.2020 kl. 11.50")
        part = part.replace(
            'w:fullDate="2020-11-03T10:15:00Z"', 'w:fullDate="2020-11-03T00:00:00Z"'
        )
        return xml[:start] + part + xml[end:]

    result = _load_form(tmp_path, _edit_form(valid_call(call_id="T-1"), change))
    assert str(result.records[0].values["observed_at"]) == "2020-11-03 11:50:00"


def test_a_time_that_cannot_be_read_is_reported_not_midnight(tmp_path):
    def change(xml: str) -> str:
        start, end = _control(xml, "observed_at")
        part = xml[start:end].replace("03.11.2020 10:15", "tirsdag 3. nov 11.50")
        part = part.replace(
            'w:fullDate="2020-11-03T10:15:00Z"', 'w:fullDate="2020-11-03T00:00:00Z"'
        )
        return xml[:start] + part + xml[end:]

    result = _load_form(tmp_path, _edit_form(valid_call(call_id="T-1"), change))
    assert [(d.code, d.field) for d in result.errors] == [("VAL002", "observed_at")]


def test_a_control_nested_in_an_answer_keeps_the_answer(tmp_path):
    def change(xml: str) -> str:
        start, end = _control(xml, "notes")
        inner = (
            '<w:sdt><w:sdtPr><w:id w:val="77"/><w:text/></w:sdtPr><w:sdtContent><w:r>'
            '<w:t xml:space="preserve"> og mer</w:t></w:r></w:sdtContent></w:sdt>'
        )
        part = xml[start:end].replace("</w:r></w:sdtContent>", "</w:r>" + inner + "</w:sdtContent>")
        return xml[:start] + part + xml[end:]

    result = _load_form(tmp_path, _edit_form(valid_call(call_id="N-1", notes="Svar"), change))
    assert result.records[0].values["notes"] == "Svar og mer"


def test_a_tracked_move_does_not_double_the_text(tmp_path):
    def change(xml: str) -> str:
        start, end = _control(xml, "notes")
        moved = (
            '<w:moveFrom w:id="1" w:author="x"><w:r><w:t>flyttet </w:t></w:r></w:moveFrom>'
            '<w:r><w:t xml:space="preserve">Svar </w:t></w:r>'
            '<w:moveTo w:id="2" w:author="x"><w:r><w:t>flyttet</w:t></w:r></w:moveTo>'
        )
        part = xml[start:end]
        content = part.index("<w:sdtContent>") + len("<w:sdtContent>")
        closing = part.index("</w:sdtContent>")
        return xml[:start] + part[:content] + moved + part[closing:] + xml[end:]

    result = _load_form(tmp_path, _edit_form(valid_call(call_id="M-1", notes="x"), change))
    assert result.records[0].values["notes"] == "Svar flyttet"


# --- folders, numbers ----------------------------------------------------------------------------


def test_a_linked_subfolder_is_read_and_a_loop_is_not_followed(tmp_path):
    data = tmp_path / "data"
    (data / "a").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_jsonl(data / "a" / "one.jsonl", [valid_call(call_id="S-1")])
    write_jsonl(elsewhere / "two.jsonl", [valid_call(call_id="S-2")])
    os.symlink(elsewhere, data / "linked")
    os.symlink(data, data / "a" / "loop")
    result = tilsyn.load([data])
    assert sorted(r.key for r in result.records) == ["S-1", "S-2"]


def test_an_unreadable_subfolder_is_named(tmp_path, monkeypatch):
    data = tmp_path / "data"
    (data / "locked").mkdir(parents=True)
    write_jsonl(data / "one.jsonl", [valid_call(call_id="S-1")])
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = tilsyn.load([data])
    assert [(d.code, Path(d.file).name) for d in result.errors] == [("READ015", "locked")]


def test_a_fifo_is_named_as_such(tmp_path):
    fifo = tmp_path / "calls.csv"
    os.mkfifo(fifo)
    result = tilsyn.load([fifo])
    assert [d.code for d in result.errors] == ["READ020"]


def test_score_json_never_holds_nan(cli, tmp_path):
    path = tmp_path / "c.json"
    path.write_text('[{"call_id": "N-1", "queue_wait_minutes": NaN}]')
    result = tilsyn.load([path])
    assert ("VAL002", "queue_wait_minutes") in [(d.code, d.field) for d in result.errors]


# --- diagnostics that say what is wrong --------------------------------------------------------


def test_a_names_file_that_cannot_be_read_is_a_read_error(cli, tmp_path):
    data = write_jsonl(tmp_path / "calls.jsonl", [valid_call()])
    folder = tmp_path / "names.txt"
    folder.mkdir()  # there, but not readable as a file
    run = cli("validate", "--names", folder, data)
    assert run.exit_code == 1 and "names file" in run.stderr
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Åse Ødegård\n".encode("latin-1"))
    assert cli("validate", "--names", latin1, data).exit_code == 1
