"""A `--template` that declares a DOCTYPE (or an entity), is not a Word document, is missing or
is a folder is RPT001 with the cause (tilsyn/report/template_check.py), never exit 70 and
never an expanded entity."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import examples, valid_call, write_jsonl

PARTS = [
    "word/document.xml",
    "word/styles.xml",
    "[Content_Types].xml",
    "word/_rels/document.xml.rels",
]
DOCTYPES = [
    '<!DOCTYPE w:document [<!ENTITY x "boom">]>',
    '<!DOCTYPE w:document SYSTEM "http://example.invalid/x.dtd">',
    '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
]


def _docx(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _template_with(part: str, doctype: str, use: bool) -> bytes:
    from tilsyn.report.text import default_template

    with zipfile.ZipFile(default_template("nb")) as archive:
        parts = {n: archive.read(n).decode("utf-8", "replace") for n in archive.namelist()}
    text = parts[part]
    head = text.index("?>") + 2 if text.startswith("<?xml") else 0
    body = text[head:]
    if use and "<w:t>" in body:
        body = body.replace("<w:t>", "<w:t>&x;", 1)
    parts[part] = text[:head] + doctype + body
    return _docx(parts)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return write_jsonl(tmp_path_factory.mktemp("d") / "calls.jsonl", [valid_call()])


@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # `cli` holds no state
)
@given(st.sampled_from(PARTS), st.sampled_from(DOCTYPES), st.booleans())
def test_a_doctype_in_any_part_is_rpt001(cli, data, tmp_path_factory, part, doctype, use):
    folder = tmp_path_factory.mktemp("t")
    template = folder / "mal.docx"
    template.write_bytes(_template_with(part, doctype, use))
    result = cli("report", data, "-o", folder / "r.docx", "--template", template, "-q")
    assert result.exit_code == 1
    assert "RPT001" in result.stderr and "DOCTYPE" in result.stderr
    assert not (folder / "r.docx").exists()


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda p: p.write_text("ikke et dokument"), "not a Word document"),
        (lambda p: p.mkdir(), "not a file"),
        (lambda p: None, "does not exist"),
    ],
)
def test_a_template_that_is_no_docx(cli, data, tmp_path, make, words):
    template = tmp_path / "mal.docx"
    make(template)
    result = cli("report", data, "-o", tmp_path / "r.docx", "--template", template, "-q")
    assert result.exit_code == 1 and "RPT001" in result.stderr and words in result.stderr
