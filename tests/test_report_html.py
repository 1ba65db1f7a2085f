"""`tilsyn report -o rapport.html`: the report as one self-contained web page made from the same
document tree as the Word report, with what assistive technology needs in the markup; and the
Word report read back by `tilsyn publish` gives the same page. (axe-core checks every page in
a real browser: tests/test_web_accessibility.py.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import tilsyn
from tests.report_helpers import dataset, plain, write_dataset
from tilsyn.report import build_report, render_report
from tilsyn.report.document import Figure, Paragraph, Table
from tilsyn.report.document import plain as inline_text


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    return tilsyn.score_inputs([write_dataset(tmp_path_factory.mktemp("html"), dataset())])


class _Outline(HTMLParser):
    """What a screen reader navigates by: languages, landmarks, headings, ids, links, cells."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[int] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if "id" in attributes:
            self.ids.append(attributes["id"])


def outline(page: str) -> _Outline:
    parser = _Outline()
    parser.feed(page)
    return parser


def test_the_sample_report_as_a_page_in_bokmal(cli, tmp_path):
    output = tmp_path / "rapport.html"
    result = cli("report", "sample_data", "-o", output, "--lang", "nb")
    assert result.exit_code == 0, result.stderr
    page = output.read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="nb">')
    assert "6\u00a0av\u00a044" in page
    resources = re.findall(r'(?:src|href)="([^"#][^"]*)"', page)
    assert all(r.startswith("data:") for r in resources), resources  # no network, no files
    assert "<script" not in page and "@media print" in page


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_structure_a_screen_reader_navigates_by(scored, tmp_path, lang):
    document, _ = build_report(scored, lang=lang, small_sample=3)
    page = render_report(scored, tmp_path / "r.html", lang=lang, small_sample=3).path.read_text(
        encoding="utf-8"
    )
    found = outline(page)
    tags = [tag for tag, _ in found.tags]
    assert {"header", "nav", "main"} <= set(tags) and tags.count("main") == 1
    assert found.headings[0] == 1 and found.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(found.headings, found.headings[1:], strict=False))
    assert len(found.ids) == len(set(found.ids))
    links = [a["href"][1:] for tag, a in found.tags if tag == "a" and a.get("href", "")[:1] == "#"]
    assert links and set(links) <= set(found.ids)  # contents and cross-references all land
    for depth, section in document.walk():  # the contents go two levels down, as in Word
        assert f'href="#{section.id}"' in page or section.id not in found.ids or depth > 2
    tables = list(document.blocks(Table))
    assert page.count("<caption") == len(tables) + len(document.figures)
    headers = [a for tag, a in found.tags if tag == "th"]
    assert headers and all(a.get("scope") in ("col", "row") for a in headers)
    for table in tables:
        assert plain(table.caption) in plain(page)
    for block in document.blocks(Paragraph):
        text = inline_text(block.content)
        assert plain(text).split("\n")[0][:60] in plain(_unescaped(page))


def _unescaped(page: str) -> str:
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", page))


def test_a_chart_is_an_svg_named_by_its_alt_text_with_its_numbers_in_a_table(scored, tmp_path):
    document, _ = build_report(scored, small_sample=3)
    page = render_report(scored, tmp_path / "r.html", small_sample=3).path.read_text(
        encoding="utf-8"
    )
    figures: list[Figure] = document.figures
    assert figures
    for figure in figures:
        svg = re.search(rf'<svg[^>]*aria-labelledby="{figure.id}-alt"[^>]*>', page)
        assert svg and 'role="img"' in svg[0]
        assert f'<title id="{figure.id}-alt">' in page
        numbers = page[page.index(f'id="{figure.id}"') :]
        numbers = numbers[: numbers.index("</figure>")]
        for label, value in zip(figure.chart.labels, figure.chart.values, strict=True):
            assert label in _unescaped(numbers) and value in _unescaped(numbers)


def test_placeholders_are_flagged_in_words_and_quoted_terms_carry_their_language(scored, tmp_path):
    page = render_report(scored, tmp_path / "r.html", lang="en", small_sample=3).path.read_text(
        encoding="utf-8"
    )
    flagged = re.findall(r'<p class="placeholder"><span class="flag">([^<]+)</span>', page)
    assert flagged and set(flagged) == {"Placeholder:"}
    assert '<span lang="nb-NO">spørreanrop</span>' in page
    assert '<p class="draft">DRAFT</p>' in page


def test_the_word_report_read_back_gives_the_same_page(scored, tmp_path):
    """What `tilsyn publish --draft` reads out of the Word file is what the report said: the
    same page, but for the ids of what nothing links to."""
    from tilsyn.publish import publish

    direct = render_report(scored, tmp_path / "r.html", small_sample=3).path
    word = render_report(scored, tmp_path / "r.docx", small_sample=3).path
    publish(word, [tmp_path / "read.html"], draft=True)

    def comparable(path):  # the page, without the date it was made
        text = re.sub(r'<meta name="dcterms.modified"[^>]*>', "", path.read_text(encoding="utf-8"))
        return re.sub(r' (?:id|href|aria-labelledby)="[^"]*"', "", text)

    assert comparable(tmp_path / "read.html") == comparable(direct)


def test_a_template_with_a_web_page_is_a_usage_error(cli, tmp_path):
    result = cli(
        "report", "sample_data", "-o", tmp_path / "r.html", "--template", "templates/report-nb.docx"
    )
    assert result.exit_code == 2 and "--template" in result.stderr
    assert cli("report", "sample_data", "-o", tmp_path / "r.odt").exit_code == 2
