"""`tilsyn publish` checks the Word document an author finished before anything is written: the
unedited draft is refused with each placeholder named under its heading; a finished one is
published; each accessibility rule broken in a finished copy is caught on its own (exit 1);
`--draft` publishes anyway and keeps the marking. Without LibreOffice a PDF is exit 3 naming
what to install, and the web page still works."""

from __future__ import annotations

import re

import pytest

import tilsyn
from tests.publish_helpers import NS, W, add_picture, edit, finish, style_ids
from tests.report_helpers import dataset, write_dataset
from tilsyn.report import render_report


@pytest.fixture(scope="module")
def draft(tmp_path_factory):
    folder = tmp_path_factory.mktemp("publish")
    scored = tilsyn.score_inputs([write_dataset(folder / "data", dataset())])
    return render_report(scored, folder / "utkast.docx", small_sample=3).path


@pytest.fixture(scope="module")
def finished(draft, tmp_path_factory):
    return finish(draft, tmp_path_factory.mktemp("finished") / "ferdig.docx")


def codes(result) -> list[str]:
    return re.findall(r"^error (PUB\d{3})", result.stderr, re.MULTILINE)


def test_an_unedited_draft_is_refused_naming_each_placeholder_under_its_heading(
    cli, draft, tmp_path
):
    result = cli("publish", draft, "-o", tmp_path / "r.html", "-o", tmp_path / "r.pdf")
    assert result.exit_code == 1 and list(tmp_path.iterdir()) == []
    placeholders = re.findall(
        r"PUB001 .* under ‘(.+?)’: the placeholder ‘(\[.*?)’ is still there", result.stderr
    )
    with_text = [line for line in result.stderr.splitlines() if "[Skriv" in line]
    assert len(placeholders) == len(with_text) >= 2
    assert ("Konklusjon og anbefalinger", "[Skriv konklusjonen her …]") in placeholders
    assert codes(result).count("PUB003") == 2  # the Draft Mark paragraph and the header
    assert "cannot be published" in result.stderr and "--draft" in result.stderr


def test_a_finished_document_is_published_as_a_web_page(cli, finished, tmp_path):
    result = cli("publish", finished, "-o", tmp_path / "r.html")
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'lang="nb"' in page and "[Skriv" not in page and 'class="draft"' not in page
    assert "Statsforvalteren vurderer" in page and "<svg" in page


def _without(name: str):
    """A change that takes the element at `name` (an XPath in word/document.xml) away."""

    def change(member, root):
        if member == "word/document.xml":
            for element in root.xpath(name, namespaces=NS):
                element.getparent().remove(element)

    return change


def _heading_style(level: int, finished):
    ids = style_ids(finished)
    return ids.get(f"heading {level}") or ids.get(f"Heading {level}")


def _set_first_heading2_to_3(finished):
    h2, h3 = _heading_style(2, finished), _heading_style(3, finished)

    def change(member, root):
        if member == "word/document.xml":
            first = root.xpath(f"//w:pStyle[@w:val='{h2}']", namespaces=NS)[0]
            first.set(W + "val", h3)

    return change


def _empty_first_heading(finished):
    h1 = _heading_style(1, finished)

    def change(member, root):
        if member == "word/document.xml":
            paragraph = root.xpath(f"//w:p[w:pPr/w:pStyle[@w:val='{h1}']]", namespaces=NS)[0]
            for t in paragraph.iter(W + "t"):
                t.text = ""

    return change


def _typed_list(member, root):
    if member == "word/document.xml":
        body = root.find("w:body", NS)
        for text in ("- første punkt", "- andre punkt"):
            paragraph = body.makeelement(W + "p")
            run = paragraph.makeelement(W + "r")
            t = run.makeelement(W + "t")
            t.text = text
            run.append(t)
            paragraph.append(run)
            body.insert(len(body) - 1, paragraph)


def _tracked(member, root):
    if member == "word/document.xml":
        run = root.xpath("//w:body/w:p/w:r", namespaces=NS)[5]
        inserted = run.makeelement(W + "ins", {W + "id": "900", W + "author": "A"})
        run.addprevious(inserted)
        inserted.append(run)


def _no_title(member, root):
    if member == "docProps/core.xml":
        for title in root.iter("{http://purl.org/dc/elements/1.1/}title"):
            title.text = ""


def _no_language(member, root):
    if member == "word/styles.xml":
        for lang in root.iter(W + "lang"):
            lang.getparent().remove(lang)


def _placeholder_style(finished):
    placeholder = style_ids(finished)["Placeholder"]

    def change(member, root):
        if member == "word/document.xml":
            paragraph = root.xpath("//w:body/w:p[w:r/w:t]", namespaces=NS)[8]
            properties = paragraph.find("w:pPr", NS)
            if properties is None:
                properties = paragraph.makeelement(W + "pPr")
                paragraph.insert(0, properties)
            style = properties.makeelement(W + "pStyle", {W + "val": placeholder})
            properties.insert(0, style)

    return change


BREAKERS = {
    "PUB002": _placeholder_style,
    "PUB005": _empty_first_heading,
    "PUB006": _set_first_heading2_to_3,
    "PUB007": lambda f: _without("//w:tblHeader"),
    "PUB008": lambda f: _no_title,
    "PUB009": lambda f: _no_language,
    "PUB010": lambda f: _typed_list,
    "PUB011": lambda f: _tracked,
}


@pytest.mark.parametrize("code", sorted(BREAKERS))
def test_each_rule_broken_in_a_finished_document_is_caught_alone(cli, finished, tmp_path, code):
    broken = edit(finished, tmp_path / "broken.docx", BREAKERS[code](finished))
    result = cli("publish", broken, "-o", tmp_path / "r.html")
    assert result.exit_code == 1, result.stderr
    assert set(codes(result)) == {code} and not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("alt, exit_code", [("", 1), ("Kart over Nav-kontorene i Vestland.", 0)])
def test_a_picture_added_without_alt_text_is_caught(cli, finished, tmp_path, alt, exit_code):
    edited = add_picture(finished, tmp_path / "bilde.docx", alt, under="Statsforvalteren vurderer")
    result = cli("publish", edited, "-o", tmp_path / "r.html")
    assert result.exit_code == exit_code, result.stderr
    if exit_code:
        assert codes(result) == ["PUB004"] and "picture" in result.stderr
        assert "under ‘" in result.stderr
    else:
        page = (tmp_path / "r.html").read_text(encoding="utf-8")
        assert f'alt="{alt}"' in page and 'src="data:image/png;base64,' in page


def test_a_chart_whose_alt_text_was_deleted_is_caught(cli, finished, tmp_path):
    def change(member, root):
        for properties in root.iter(f"{{{NS['wp']}}}docPr"):
            properties.set("descr", "")

    broken = edit(finished, tmp_path / "uten-alt.docx", change)
    result = cli("publish", broken, "-o", tmp_path / "r.html")
    assert result.exit_code == 1 and set(codes(result)) == {"PUB004"}
    assert "chart" in result.stderr


def test_draft_publishes_anyway_keeping_the_marking_and_the_placeholders(cli, draft, tmp_path):
    result = cli("publish", draft, "-o", tmp_path / "utkast.html", "--draft")
    assert result.exit_code == 0, result.stderr
    assert "warning PUB001" in result.stderr and "draft for comments" in result.stderr
    page = (tmp_path / "utkast.html").read_text(encoding="utf-8")
    assert '<p class="draft">UTKAST</p>' in page and 'class="placeholder"' in page
    assert "(UTKAST)</title>" in page


def test_the_checks_speak_the_user_s_language(cli, draft, tmp_path, monkeypatch):
    monkeypatch.setenv("TILSYN_LANG", "nn")
    result = cli("publish", draft, "-o", tmp_path / "r.html")
    assert result.exit_code == 1
    assert "plasshaldaren «[Skriv konklusjonen her …]» står att" in result.stderr
    assert "kan ikkje publiserast" in result.stderr


def test_without_libreoffice_a_pdf_is_exit_3_naming_it_and_the_web_page_still_works(
    cli, finished, tmp_path, monkeypatch
):
    monkeypatch.setattr("tilsyn.report.pdf.find_soffice", lambda: None)
    result = cli("publish", finished, "-o", tmp_path / "r.pdf", "-o", tmp_path / "r.html")
    assert result.exit_code == 3 and "PUB020" in result.stderr
    assert "Install LibreOffice" in result.stderr and "libreoffice-writer" in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing half-written: the page waits for the PDF
    assert cli("publish", finished, "-o", tmp_path / "r.html").exit_code == 0


def test_wrong_output_type_and_existing_outputs(cli, finished, tmp_path):
    assert cli("publish", finished, "-o", tmp_path / "r.docx").exit_code == 2
    (tmp_path / "r.html").write_text("mine", encoding="utf-8")
    result = cli("publish", finished, "-o", tmp_path / "r.html")
    assert result.exit_code == 3 and (tmp_path / "r.html").read_text(encoding="utf-8") == "mine"
    assert cli("publish", finished, "-o", tmp_path / "r.html", "--force").exit_code == 0


def test_a_file_that_is_not_a_word_document_is_pub012(cli, tmp_path):
    bad = tmp_path / "rapport.docx"
    bad.write_text("not a zip", encoding="utf-8")
    result = cli("publish", bad, "-o", tmp_path / "r.html")
    assert result.exit_code == 1 and "PUB012" in result.stderr
