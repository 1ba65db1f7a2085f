"""The report is one format-neutral document tree that writers render: a plain-text writer of a
few lines renders the same tree the Word writer does, with the same words in the same order;
cross-references link to their tables; the content knows no writer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tilsyn
from tests.report_helpers import dataset, docx_paragraphs, plain, write_dataset
from tilsyn.report import build_report, render_report
from tilsyn.report.document import (
    BulletList,
    Document,
    Figure,
    Paragraph,
    Placeholder,
    Ref,
    Section,
    Table,
)
from tilsyn.report.document import plain as inline_text

PACKAGE = Path(tilsyn.__file__).resolve().parent


def text_writer(document: Document) -> str:
    """A whole writer: the tree as plain text, one line per paragraph, item and table row."""
    lines = [document.meta.title, document.meta.subtitle]

    def write(section: Section, depth: int) -> None:
        lines.append("#" * depth + " " + section.title)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines.append(inline_text(block.content))
            elif isinstance(block, BulletList):
                lines.extend("- " + inline_text(item) for item in block.items)
            elif isinstance(block, Placeholder):
                lines.append(block.text)
            elif isinstance(block, Table):
                lines.append(block.caption)
                lines.extend(" | ".join(row) for row in [block.header, *block.rows])
            elif isinstance(block, Figure):
                lines.append(f"{block.caption} ({block.alt})")
        for child in section.sections:
            write(child, depth + 1)

    for section in [*document.sections, *document.appendices]:
        write(section, 1)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    return tilsyn.score_inputs([write_dataset(tmp_path_factory.mktemp("doc"), dataset())])


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_a_plain_text_writer_and_the_word_writer_render_the_same_words(scored, tmp_path, lang):
    document, _ = build_report(scored, lang=lang, small_sample=3)
    text = text_writer(document)
    word = render_report(scored, tmp_path / "r.docx", lang=lang, small_sample=3)
    paragraphs = [p for p in docx_paragraphs(word.path) if p.strip()]
    expected = [
        plain(inline_text(block.content))
        for block in document.blocks(Paragraph)
        if inline_text(block.content)
    ]
    found = iter(paragraphs)
    assert all(any(line == p for p in found) for line in expected), "order or words differ"
    assert document.meta.title in text and document.section("summary").title in text
    for table in document.blocks(Table):
        assert table.caption in text and plain(table.caption) in "\n".join(paragraphs)


def test_cross_references_name_a_table_that_exists_and_link_to_it_in_word(scored, tmp_path):
    document, _ = build_report(scored, small_sample=3)
    refs = [item for content in document.runs() for item in content if isinstance(item, Ref)]
    tables = {t.id: t for t in document.blocks(Table)} | {f.id: f for f in document.figures}
    assert refs and all(ref.target in tables or ref.target.startswith("appendix-") for ref in refs)
    for ref in refs:
        if ref.target in tables:
            assert ref.text.endswith(str(tables[ref.target].number))
    from tests.report_helpers import NS, docx_part

    path = render_report(scored, tmp_path / "r.docx", small_sample=3).path
    body = docx_part(path)
    anchors = {a.get(f"{{{NS['w']}}}anchor") for a in body.iterfind(".//w:hyperlink", NS)}
    marks = {b.get(f"{{{NS['w']}}}name") for b in body.iterfind(".//w:bookmarkStart", NS)}
    assert anchors and anchors <= marks


def test_the_content_and_the_tree_know_no_writer():
    """A new format is a new writer: nothing that builds the tree imports one."""
    neutral = [*(PACKAGE / "report" / "content").glob("*.py")]
    neutral += [PACKAGE / "report" / name for name in ("document.py", "chart.py", "text.py")]
    for path in neutral:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("tilsyn.report.docx"), path.name
