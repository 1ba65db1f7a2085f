"""The Word writer: the document tree laid out in a Word template, charts and all.

The template gives the look (styles, page, letterhead, headers and footers; pandoc's
"reference document"): its body is replaced by the report, while its sections stay: the first
for the body (portrait, a letterhead on the first page), the last for the appendices
(landscape). In headers and footers `{{ doc.title }}`, `{{ doc.draft }}` and
`{{ doc.letterhead }}` are filled in, so a template restyled in Word keeps working. Then the
finishing touches of docx/xml.py: the table of contents, table layout, language, properties
and a reproducible zip.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from tilsyn.diagnostics import render
from tilsyn.formats.properties import DOCUMENT
from tilsyn.report.document import Document, Figure, Meta, Ref, Section, labelled
from tilsyn.report.docx.blocks import BlockWriter, W, _el
from tilsyn.report.docx.xml import (
    fill_table_of_contents,
    set_custom_property,
    set_language,
    set_properties,
    set_update_fields,
    stable_zip,
)
from tilsyn.report.text import ReportError

_FIELD = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NAME = re.compile(r"\s*doc\.(\w+)\s*")
PORTRAIT_WIDTH = 9072  # twips between the margins of A4 with 2.5 cm margins


def _open_template(path: Path) -> Any:
    """The template as a python-docx document; RPT001 when it is not a Word document."""
    from docx import Document as open_docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                raise zipfile.BadZipFile("no word/document.xml")
        return open_docx(str(path))
    except (
        OSError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        RuntimeError,
        NotImplementedError,
        KeyError,
        ValueError,
        PackageNotFoundError,
        XMLSyntaxError,
    ):
        raise ReportError("RPT001", *render("RPT001", "not_docx", {"path": path})) from None


class _Styles:
    """Style names to the template's style ids (a Word in another language keeps the names)."""

    def __init__(self, docx: Any):
        ids = {}
        for style in docx.styles.element.iter(W + "style"):
            name = style.find(W + "name")
            if name is not None:
                ids[name.get(W + "val").casefold()] = style.get(W + "styleId")
        self.ids = ids

    def __call__(self, name: str) -> str:
        return self.ids.get(name.casefold(), name.replace(" ", ""))


class _Bookmarks:
    """One Word bookmark per target a link points to: (w:id, name), numbered as first asked."""

    def __init__(self, document: Document) -> None:
        self.names: dict[str, tuple[int, str]] = {}
        self.wanted = {
            item.target for content in document.runs() for item in content if isinstance(item, Ref)
        }

    def __call__(self, target: str) -> tuple[int, str]:
        if target not in self.names:
            number = len(self.names) + 1
            self.names[target] = (number, f"_Ref{number:08d}")
        return self.names[target]


class _Charts:
    """Embeds each figure's chart (a chart part with its workbook) in the main document."""

    def __init__(self, docx: Any, when: dt.datetime):
        self.docx, self.when = docx, when

    def __call__(self, figure: Figure) -> Any:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.part import Part
        from lxml import etree

        from tilsyn.report.docx.charts import CHART_TYPE, XLSX_TYPE, chart, inline_xml

        made = chart(figure, self.when)
        host = self.docx.part
        package = host.package
        chart_part = Part(
            package.next_partname("/word/charts/chart%d.xml"), CHART_TYPE, made.xml, package
        )
        rid = host.relate_to(chart_part, RT.CHART)
        workbook = Part(
            package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
            XLSX_TYPE,
            made.workbook,
            package,
        )
        chart_part.relate_to(workbook, RT.PACKAGE)  # rId1, as the chart's externalData says
        inline = inline_xml(rid, made, figure.number, figure.caption, figure.alt)
        run = _el("r")
        drawing = _el("drawing", run)
        drawing.append(etree.fromstring(inline))
        return run


class _Layout:
    """Lays the document out in the body: cover, contents, chapters, then the appendices in
    the template's last section."""

    def __init__(self, blocks: BlockWriter, body: Any, sections: list[Any]):
        self.blocks, self.body = blocks, body
        self.portrait, self.final = sections[0], sections[-1]

    def add(self, *elements: Any) -> None:
        for element in elements:
            self.final.addprevious(element)

    def cover(self, meta: Meta) -> None:
        b = self.blocks
        if meta.draft:
            self.add(b.paragraph("Draft Mark", [meta.draft]))
        self.add(b.paragraph("Title", [meta.title]), b.paragraph("Subtitle", [meta.subtitle]))
        if meta.series:
            self.add(b.paragraph("Subtitle", [meta.series]))
        for label, value in meta.cover:
            self.add(b.paragraph(None, labelled(label, value).content))
        self.add(b.page_break(), b.paragraph("TOC Heading", [meta.contents]))
        contents = b.paragraph("TOC 1")
        for kind, text in (
            ("begin", None),
            (None, ' TOC \\o "1-2" \\h \\z \\u '),
            ("separate", None),
            ("end", None),
        ):
            run = _el("r", contents)
            if kind:
                _el("fldChar", run, fldCharType=kind)
            else:
                _el("instrText", run).text = text
        self.add(contents, b.page_break())

    def section(self, section: Section, depth: int, width: int) -> None:
        heading = self.blocks.paragraph(f"Heading {min(depth, 3)}", [section.title])
        if not section.numbered:
            properties = heading.find(W + "pPr")
            numbering = _el("numPr", properties)
            _el("numId", numbering, val="0")
        self.add(self.blocks.mark(heading, section.id) if section.id else heading)
        for block in section.blocks:
            self.add(*self.blocks.block(block, width))
        for child in section.sections:
            self.section(child, depth + 1, width)

    def appendices(self, sections: list[Section]) -> None:
        """A section break (the body's page setup ends here), then the appendices."""
        if self.portrait is not self.final:
            from copy import deepcopy

            breaking = _el("p")
            _el("pPr", breaking).append(deepcopy(self.portrait))
            self.add(breaking)
        width = _text_width(self.final)
        for section in sections:
            self.section(section, 1, width)


def _text_width(section: Any) -> int:
    size, margins = section.find(W + "pgSz"), section.find(W + "pgMar")
    if size is None or margins is None:
        return PORTRAIT_WIDTH
    left, right = (int(margins.get(W + side, "0")) for side in ("left", "right"))
    return int(size.get(W + "w", str(PORTRAIT_WIDTH))) - left - right


def _clear(body: Any) -> list[Any]:
    """Empty the template's body; its sections' properties, first to last (at least one)."""
    sections = [p.find(f"{W}pPr/{W}sectPr") for p in body.iterchildren(W + "p")]
    sections = [s for s in sections if s is not None]
    final = body.find(W + "sectPr")
    if final is None:
        final = _el("sectPr", body)
    for child in list(body):
        if child is not final:
            body.remove(child)
    return [*sections, final]


def _fill_headers(docx: Any, meta: Meta) -> None:
    """`{{ doc.title }}`, `{{ doc.draft }}`, `{{ doc.letterhead }}` in headers and footers."""
    values = {
        "title": meta.title,
        "draft": meta.draft,
        "letterhead": meta.letterhead,
        "subtitle": meta.subtitle,
    }
    for section in docx.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            if part.is_linked_to_previous:
                continue
            for paragraph in part._element.iter(W + "p"):
                texts = list(paragraph.iter(W + "t"))
                joined = "".join(t.text or "" for t in texts)
                if "{{" not in joined:
                    continue
                filled = _FIELD.sub(lambda m: _value(m[1], values), joined)
                if not meta.draft:  # a final report: no dangling «– » where the marking was
                    filled = filled.strip(" –-")
                texts[0].text = filled
                for text in texts[1:]:
                    text.text = ""


def _value(name: str, values: dict[str, str]) -> str:
    """What a header's `{{ doc.NAME }}` stands for; RPT002 for anything else."""
    found = _NAME.fullmatch(name)
    if found is None or found[1] not in values:
        raise ReportError("RPT002", *render("RPT002", "header", {"name": name[:40]}))
    return values[found[1]]


def render_docx(document: Document, template: Path, *, when: dt.datetime) -> bytes:
    """The finished .docx bytes: charts drawn, the template filled in, accessibility set."""
    docx = _open_template(template)
    styles = _Styles(docx)
    body = docx.element.body
    blocks = BlockWriter(
        styles, _Charts(docx, when), _Bookmarks(document), lambda kind: document.meta.captions[kind]
    )
    layout = _Layout(blocks, body, _clear(body))
    layout.cover(document.meta)
    width = _text_width(layout.portrait)
    for section in document.sections:
        layout.section(section, 1, width)
    layout.appendices(document.appendices)
    _fill_headers(docx, document.meta)
    heading = docx.styles.element.find(f".//{W}style[@{W}styleId='{styles('Heading 1')}']")
    numbered = heading is not None and heading.find(f"{W}pPr/{W}numPr") is not None
    fill_table_of_contents(body, numbered=numbered)
    meta = document.meta
    set_language(docx, meta.language_tag)
    set_update_fields(docx)
    set_properties(
        docx,
        title=meta.title,
        subject=meta.subject,
        language=meta.language_tag,
        when=when,
        author=meta.author or "tilsyn",
    )
    set_custom_property(docx, DOCUMENT, "report")  # skipped when met as input again
    buffer = io.BytesIO()
    docx.save(buffer)
    return stable_zip(buffer.getvalue(), when)
