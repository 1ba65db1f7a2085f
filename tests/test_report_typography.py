"""The report's typography and idiom as a reader meets them in Word (review N32, N40): the
NKS number and a date never break across lines, the wider areas a small scope is set beside
are listed as running text, a table's caption stays on the page of its table, and the English
report explains «vakttelefon» and «spørreanrop» once, where the running text first names them
(not in R4)."""

from __future__ import annotations

import re

import pytest

from tests.report_helpers import NS, W, dataset, docx_paragraphs, docx_part, write_dataset

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The calls of tests.report_helpers reported nationally and for Nav Voss, in each language."""
    from typer.testing import CliRunner

    from tilsyn.cli import app

    folder = tmp_path_factory.mktemp("typography")
    data = write_dataset(folder, dataset())
    made = {}
    for lang in ("nb", "nn", "en"):
        for scope in ("national", "office:Nav Voss"):
            out = folder / f"{lang}-{scope.split(':')[0]}.docx"
            args = ["report", str(data), "-o", str(out), "--lang", lang, "-q", "--scope", scope]
            result = CliRunner().invoke(app, args)
            assert result.exit_code == 0, result.output
            made[lang, scope.split(":")[0]] = out
    return made


def _raw_text(path) -> str:
    """The body's text with its no-break spaces kept."""
    root = docx_part(path)
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))


@pytest.mark.parametrize(
    "lang, phone, day",
    [
        ("nb", f"(55{NBSP}55{NBSP}33{NBSP}33, tast{NBSP}1)", f"2.{NBSP}november"),
        ("nn", f"(55{NBSP}55{NBSP}33{NBSP}33, tast{NBSP}1)", f"2.{NBSP}november"),
        ("en", f"(55{NBSP}55{NBSP}33{NBSP}33, option{NBSP}1)", f"2{NBSP}November"),
    ],
)
def test_the_nks_number_and_a_date_hold_together(reports, lang, phone, day):
    text = _raw_text(reports[lang, "national"])
    assert phone in text
    assert day in text
    assert "55 55" not in text and "2. november" not in text and "2 November" not in text


# Nav Voss's county has fewer calls than --small-sample (counts), the country more (a share).
BESIDE = {
    "nb": r"Til sammenligning: Vestland \d+ av \d+, hele landet \d+ % \(\d+ av \d+\)\.",
    "nn": r"Til samanlikning: Vestland \d+ av \d+, heile landet \d+ % \(\d+ av \d+\)\.",
    "en": r"For comparison: Vestland \d+ of \d+, national figure \d+% \(\d+ of \d+\)\.",
}


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_wider_areas_are_listed_as_running_text(reports, lang):
    paragraphs = docx_paragraphs(reports[lang, "office"])
    beside = [p for p in paragraphs if re.search(BESIDE[lang].split(":")[0], p)]
    assert beside and all(re.search(BESIDE[lang] + "$", p) for p in beside), beside[:3]
    assert not any(re.search("Hele landet|Heile landet|Whole country", p) for p in beside)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_a_table_caption_is_kept_with_its_table(reports, lang):
    body = docx_part(reports[lang, "national"]).find("w:body", NS)
    tables = 0
    for paragraph, following in zip(body, body[1:], strict=False):
        if following.tag != f"{W}tbl":
            continue
        tables += 1
        properties = paragraph.find("w:pPr", NS)
        assert properties[0].get(f"{W}val") == "Caption"  # pStyle first, then keepNext
        assert properties[1].tag == f"{W}keepNext"
    assert tables


@pytest.mark.parametrize("scope", ["national", "office"])
def test_the_english_report_explains_a_norwegian_term_once_at_its_first_use(reports, scope):
    text = "\n".join(docx_paragraphs(reports["en", scope]))
    for term, norwegian in (("duty phone", "vakttelefon"), ("consultation call", "spørreanrop")):
        assert text.count(f"({norwegian})") == 1
        uses = [m.end() for m in re.finditer(rf"\b{term}\b", text)]
        first = next(
            end
            for end in uses
            if not text.startswith(" (", end) or text.startswith(f" ({norwegian})", end)
        )
        assert text.startswith(f" ({norwegian})", first)
    r4 = "Every municipality should have a duty phone that Nav Contact Centre can reach "
    assert scope == "office" or f"{r4}throughout the centre's opening hours." in text
