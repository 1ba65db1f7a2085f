"""Hostile and broken input, through every command that reads input.

One generated file per case (nothing binary is committed). Each command must answer with the
case's diagnostic code and exit 1 (a warning-only case exits 0), print no traceback, write no
output file, and still check the other files of the run.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from tests.factories import valid_call, write_jsonl
from tilsyn.forms.docx_writer import form_bytes

SECRET = "tilsyn-secret-7f3a9c"


def _form() -> bytes:
    return form_bytes("nks-call", "nb", valid_call(call_id="HF-001"))


def _rezip(data: bytes, change) -> bytes:
    """The same zip with each member's bytes passed through `change(name, data)`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            body = change(info.filename, source.read(info.filename))
            if body is not None:
                target.writestr(info.filename, body)
    return out.getvalue()


def _with_doctype(secret_file: Path):
    """A form whose document XML declares an external entity pointing at a local file."""
    doctype = (f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret_file}">]>').encode()

    def change(name: str, body: bytes) -> bytes:
        if name != "word/document.xml":
            return body
        body = re.sub(rb"^(<\?xml[^>]*\?>)", lambda m: m.group(1) + doctype, body, count=1)
        return body.replace(b"Nav Bergen nord", b"&xxe;", 1)

    return change


def _drop_one_control(name: str, body: bytes) -> bytes:
    if name != "word/document.xml":
        return body
    from lxml import etree

    root = etree.fromstring(body)
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    for sdt in root.iterfind(".//w:sdt", ns):
        tag = sdt.find("w:sdtPr/w:tag", ns)
        if tag is not None and tag.get(f"{{{ns['w']}}}val") == "observer":
            sdt.getparent().remove(sdt)
            break
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _other_version(name: str, body: bytes) -> bytes:
    return body.replace(b"survey=nks-call version=1 ", b"survey=nks-call version=9 ").replace(
        b"<vt:lpwstr>1</vt:lpwstr>", b"<vt:lpwstr>9</vt:lpwstr>"
    )


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    return out.getvalue()


def _xlsx_with_doctype(secret_file: Path) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["call_id", "nav_office"])
    book.active.append(["HX-1", "x"])
    buffer = io.BytesIO()
    book.save(buffer)
    doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'.encode()

    def change(name: str, body: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            body = re.sub(
                rb"^(<\?xml[^>]*\?>)?", lambda m: (m.group(1) or b"") + doctype, body, count=1
            )
        return body

    return _rezip(buffer.getvalue(), change)


# name -> (file name, builder(tmp_path) -> bytes, expected code, exit code of validate)
CASES = {
    "not a zip": ("form.docx", lambda t: b"Dear inspector, see attached.", "READ009", 1),
    "truncated zip": ("form.docx", lambda t: _form()[: len(_form()) // 2], "READ009", 1),
    "empty file": ("calls.xlsx", lambda t: b"", "READ003", 1),
    "wrong extension": ("calls.xlsx", lambda t: b"call_id;observer\nX-1;KH\n", "READ009", 1),
    "binary junk in csv": (
        "calls.csv",
        lambda t: b"call_id;observer\n\x00\xff\xfe" * 50,
        "READ007",
        1,
    ),
    "zip bomb": ("form.docx", lambda t: _bomb(), "READ012", 1),
    "doctype in a form": (
        "form.docx",
        lambda t: _rezip(_form(), _with_doctype(t / "secret.txt")),
        "FORM008",
        1,
    ),
    "doctype in a sheet": (
        "calls.xlsx",
        lambda t: _xlsx_with_doctype(t / "secret.txt"),
        "READ009",
        1,
    ),
    "password-protected": (
        "form.docx",
        lambda t: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        "READ011",
        1,
    ),
    "macro-enabled": ("form.docm", lambda t: _form(), "READ013", 0),
    "another survey version": (
        "form.docx",
        lambda t: _rezip(_form(), _other_version),
        "FORM003",
        1,
    ),
    "control removed": ("form.docx", lambda t: _rezip(_form(), _drop_one_control), "FORM004", 1),
    "not a tilsyn form": (
        "letter.docx",
        lambda t: _rezip(
            _form(),
            lambda n, b: (
                None
                if n == "docProps/custom.xml"
                else re.sub(rb"\[\[tilsyn-form[^\]]*\]\]", b"", b)
            ),
        ),
        "FORM001",
        1,
    ),
}


@pytest.fixture(params=sorted(CASES))
def bad_case(request, tmp_path):
    name, build, code, validate_exit = CASES[request.param]
    (tmp_path / "secret.txt").write_text(SECRET)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(build(tmp_path))
    # A second, valid-but-wrong file: its error must be reported too.
    write_jsonl(folder / "other.jsonl", [valid_call(call_id="OK-1", county="atlantis")])
    return folder, code, validate_exit


def _outputs_for(command: str, tmp_path: Path) -> list[str]:
    return {
        "report": ["-o", str(tmp_path / "out.docx")],
        "export": ["-o", str(tmp_path / "out.xlsx")],
        "score": ["--json"],
        "validate": ["--json"],
    }[command]


@pytest.mark.parametrize("command", ["validate", "score", "report", "export"])
def test_every_command_answers_bad_input_with_diagnostics(cli, bad_case, command, tmp_path):
    folder, code, validate_exit = bad_case
    result = cli(command, folder, *_outputs_for(command, tmp_path))
    assert code in result.output, result.output
    assert "VAL004" in result.output  # the other file of the run was still checked
    assert SECRET not in result.output
    assert result.exit_code == 1  # the other file's error makes every command stop with 1
    assert not (tmp_path / "out.docx").exists() and not (tmp_path / "out.xlsx").exists()
    if command == "validate":
        codes = {d["code"] for d in json.loads(result.stdout)}
        assert code in codes


def test_macro_enabled_form_alone_is_read_with_a_warning(cli, tmp_path):
    (tmp_path / "form.docm").write_bytes(_form())
    result = cli("validate", "--json", tmp_path / "form.docm")
    assert result.exit_code == 0
    assert [d["code"] for d in json.loads(result.stdout)] == ["READ013"]


def test_external_entity_is_never_resolved(tmp_path):
    """Even a parser asked to read the form cannot be made to read a local file."""
    import tilsyn

    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    path = tmp_path / "form.docx"
    path.write_bytes(_rezip(_form(), _with_doctype(secret)))
    result = tilsyn.load([path])
    assert [d.code for d in result.errors] == ["FORM008"]
    assert SECRET not in repr(result)
