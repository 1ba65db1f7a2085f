"""Reports on a handful of records read as a civil servant writes (review N13, old item 63):
no «0 av 1» or «1 av 1» in the running text (a criterion that applied to one record says what
happened to it), no «for alle samtalene» about one call, and no table that counts one office
per office. Read from the Word files of the sample data's one-office and one-county reports,
in nb, nn and en; the tables' cells («0 av 1» in a column per office) are not running text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.report_helpers import NS, W, docx_part, plain

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
REPORTS = {
    "one-call": [str(SAMPLE), "--scope", "office:Nav Bergen nord"],
    "one-office": [str(SAMPLE / "offices"), "--scope", "office:Nav Voss"],
    "county-calls": [str(SAMPLE / "calls"), "--scope", "county:vestland"],
    "county-offices": [str(SAMPLE / "offices"), "--scope", "county:vestland"],
}
NEVER = {
    "nb": r"\b[01] av 1\b|for alle samtalene|Antall Nav-kontor per Nav-kontor",
    "nn": r"\b[01] av 1\b|for alle samtalane|Talet på Nav-kontor per Nav-kontor",
    "en": r"\b[01] of 1\b|for all (?:the )?calls|Number of Nav offices per Nav office",
}
ONE = {
    "nb": r"Kriteriet gjaldt (?:én samtale|ett Nav-kontor) og var (?:ikke )?oppfylt\.",
    "nn": r"Kriteriet galdt (?:éin samtale|eitt Nav-kontor) og var (?:ikkje )?oppfylt\.",
    "en": r"The criterion applied to one (?:call|Nav office) and was (?:not )?met\.",
}


def _running_text(path: Path) -> list[str]:
    """The body's paragraphs outside tables (captions included), `plain`."""
    body = docx_part(path).find("w:body", NS)
    return [
        plain("".join(t.text or "" for t in p.iter(f"{W}t")))
        for p in body.iter(f"{W}p")
        if not any(a.tag == f"{W}tbl" for a in p.iterancestors())
    ]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize("kind", list(REPORTS))
def test_a_small_scope_says_what_happened_without_zero_of_one(cli, tmp_path, kind, lang):
    out = tmp_path / f"{kind}.docx"
    result = cli("report", *REPORTS[kind], "-o", out, "--lang", lang, "-q")
    assert result.exit_code == 0, result.stderr
    text = _running_text(out)
    assert [p for p in text if re.search(NEVER[lang], p)] == []
    if kind != "county-offices":  # each of these has a criterion that applied to one record
        assert any(re.search(ONE[lang], p) for p in text)
