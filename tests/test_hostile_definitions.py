"""Definitions that would exhaust tilsyn (a catalogue or parameter file nested too deeply, a
huge literal, a report template with a runaway expression): a diagnostic, never a crash."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.factories import valid_call, write_jsonl


@pytest.mark.parametrize(
    "body",
    [
        "x = " + "[" * 5000 + "]" * 5000,
        "[criteria.parameters.max_queue_wait_minutes]\ndefault = " + "9" * 5000,
    ],
)
def test_a_catalogue_nested_too_deeply_or_with_a_huge_literal(cli, tmp_path, body):
    catalogue = tmp_path / "mine.criteria.toml"
    catalogue.write_text(body + "\n")
    data = write_jsonl(tmp_path / "calls.jsonl", [valid_call()])
    run = cli("score", data, "--criteria", catalogue)
    assert run.exit_code == 1 and "CAT001" in run.output, run.output


def test_a_parameter_file_nested_too_deeply(cli, tmp_path):
    params = tmp_path / "p.json"
    params.write_text("[" * 100_000 + "]" * 100_000)
    data = write_jsonl(tmp_path / "calls.jsonl", [valid_call()])
    run = cli("score", data, "--params", params)
    assert run.exit_code in (1, 2) and "internal error" not in run.output


@pytest.mark.parametrize(
    "expression",
    ["(" * 3000 + "1" + ")" * 3000, "9" * 5000, "'x' * 10**10", "[" * 3000 + "]" * 3000],
)
def test_a_template_that_would_exhaust_tilsyn_is_never_evaluated(cli, tmp_path, expression):
    source = Path(__file__).resolve().parents[1] / "templates" / "report-nb.docx"
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            body = old.read(info.filename)
            if info.filename in ("word/document.xml", "word/header2.xml"):
                body = body.replace(b"</w:t>", b" {{ " + expression.encode() + b" }}</w:t>", 1)
            new.writestr(info.filename, body)
    template = tmp_path / "mine.docx"
    template.write_bytes(out.getvalue())
    data = write_jsonl(tmp_path / "calls.jsonl", [valid_call()])
    run = cli("report", data, "--template", template, "-o", tmp_path / "r.docx")
    # The body is the report's, whatever the template's held; a header's tag is refused.
    assert run.exit_code == 1 and "RPT002" in run.output, run.output
    assert not (tmp_path / "r.docx").exists()
