"""The document tree's blocks as WordprocessingML: paragraphs in the template's styles, tables,
captions with SEQ fields, cross-references as links to bookmarks, and charts as drawings.

Elements are made with lxml directly (python-docx's objects cost ten times as much for a
10,000-row scorecard); styles are named, and looked up in the template by name, so a restyled
template or one made in a Word of another language keeps working.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any, Callable

from tilsyn.report.document import (
    BulletList,
    Emph,
    Figure,
    Foreign,
    Inline,
    Paragraph,
    Placeholder,
    Ref,
    Strong,
    Table,
)
from tilsyn.report.docx.table_layout import Layout, lay_out

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CM_TWIPS = 567
# Characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("([\t\n])")


def _el(tag: str, parent: Any = None, **attributes: str) -> Any:
    from lxml import etree

    element = etree.Element(W + tag) if parent is None else etree.SubElement(parent, W + tag)
    for name, value in attributes.items():
        element.set(W + name, value)
    return element


class BlockWriter:
    """Writes blocks for the body of one document: `style` maps a style's name to its id,
    `chart` embeds a figure's chart and returns its `w:drawing`, `bookmark` gives a target's
    bookmark (id, name) and knows which targets are linked to (`wanted`), and `label` the
    word before a caption's number («Tabell»)."""

    def __init__(
        self,
        style: Callable[[str], str],
        chart: Callable[[Figure], Any],
        bookmark: Any,
        label: Callable[[str], str],
    ):
        self.style, self.chart, self.bookmark, self.label = style, chart, bookmark, label

    # -- paragraphs and runs

    def paragraph(self, style: str | None = None, content: list[Inline] = ()) -> Any:
        p = _el("p")
        if style and style != "Normal":
            _el("pStyle", _el("pPr", p), val=self.style(style))
        for item in content:
            self.inline(p, item)
        return p

    def inline(self, parent: Any, item: Inline, bold: bool = False, italic: bool = False) -> None:
        if isinstance(item, str):
            self.run(parent, item, bold, italic)
        elif isinstance(item, Foreign):  # its language on its runs: read aloud in it
            before = len(parent)
            for child in item.content:
                self.inline(parent, child, bold, italic)
            for added in parent[before:]:
                for run in added.iter(W + "r"):
                    properties = run.find(W + "rPr")
                    if properties is None:
                        properties = _el("rPr")
                        run.insert(0, properties)
                    _el("lang", properties, val=item.lang)
        elif isinstance(item, Strong):
            for child in item.content:
                self.inline(parent, child, True, italic)
        elif isinstance(item, Emph):
            for child in item.content:
                self.inline(parent, child, bold, True)
        elif isinstance(item, Ref):
            target = self.bookmark(item.target)[1]  # the tooltip: a PDF link's description
            link = _el("hyperlink", parent, anchor=target, tooltip=item.text, history="1")
            self.run(link, item.text, bold, italic)

    @staticmethod
    def run(parent: Any, text: str, bold: bool = False, italic: bool = False) -> Any:
        run = _el("r", parent)
        if bold or italic:
            properties = _el("rPr", run)
            if bold:
                _el("b", properties)
            if italic:
                _el("i", properties)
        for piece in _pieces(text):
            if piece in _MARKS:
                _el(_MARKS[piece], run)
            else:
                element = _el("t", run)
                element.text = piece
                element.set(XML_SPACE, "preserve")
        return run

    def page_break(self) -> Any:
        p = _el("p")
        _el("br", _el("r", p), type="page")
        return p

    def mark(self, paragraph: Any, target: str) -> Any:
        """Put the bookmark of `target` around the paragraph's content, if a link needs it."""
        if target not in self.bookmark.wanted:
            return paragraph
        number, name = self.bookmark(target)
        start = _el("bookmarkStart", id=str(number), name=name)
        properties = paragraph.find(W + "pPr")
        (properties.addnext(start) if properties is not None else paragraph.insert(0, start))
        _el("bookmarkEnd", paragraph, id=str(number))
        return paragraph

    # -- blocks

    def block(self, block: Any, width: int) -> list[Any]:
        """The elements of one block; `width` the text width (twips) of its page."""
        if isinstance(block, Paragraph):
            style = {"note": "Note", "caption": "Caption"}.get(block.role)
            return [self.paragraph(style, block.content)]
        if isinstance(block, BulletList):
            style = "List Number" if block.ordered else "List Bullet"
            return [self.paragraph(style, item) for item in block.items]
        if isinstance(block, Placeholder):
            return [self.paragraph("Placeholder", [block.text])]
        if isinstance(block, Table):
            return [
                self.caption("table", block.number, block.caption, block.id, keep_next=True),
                self.table(block, width),
            ]
        if isinstance(block, Figure):
            drawing = self.paragraph("Figure")
            drawing.append(self.chart(block))
            return [drawing, self.caption("figure", block.number, block.caption, block.id)]
        raise TypeError(f"not a block: {block!r}")

    def caption(
        self, kind: str, number: int, text: str, target: str, keep_next: bool = False
    ) -> Any:
        """«Tabell 3: Resultat per kriterium», the number a SEQ field Word renumbers; a table's
        caption kept on the page of its table (`keep_next`) in the paragraph itself, since a
        user's own template may lack it in the style and LibreOffice may not apply it there."""
        word = self.label(kind)
        p = self.paragraph("Caption", [f"{word} "])
        if keep_next:
            p.find(W + "pPr").find(W + "pStyle").addnext(_el("keepNext"))
        field = _el("fldSimple", p, instr=f" SEQ {word} \\* ARABIC ")
        self.run(field, str(number))
        self.run(p, f": {text}")
        return self.mark(p, target)

    def table(self, table: Table, width: int) -> Any:
        widths = _twips(table.widths, width)
        element = _el("tbl")
        properties = _el("tblPr", element)
        _el("tblStyle", properties, val=self.style("Tilsyn Table"))
        _el("tblW", properties, type="auto", w="0")
        _el(
            "tblLook",
            properties,
            firstColumn="1" if table.row_headers else "0",
            firstRow="1",
            lastColumn="0",
            lastRow="0",
            noHBand="0",
            noVBand="1",
            val="04A0",
        )
        body_style, head_style = (
            ("Scorecard Text", "Scorecard Heading")
            if table.dense
            else ("Table Text", "Table Heading")
        )
        rows = [(head_style, table.header), *((body_style, r) for r in table.rows)]
        if table.total:
            rows.append((head_style, table.total))
        layout = lay_out([texts for _, texts in rows], widths, 7 if table.dense else 9)
        grid = _el("tblGrid", element)
        for value in layout.widths:
            _el("gridCol", grid, w=str(value))
        for row in self.rows(rows, layout):
            element.append(row)
        return element

    def rows(self, rows: list[tuple[str, list[str]]], layout: Layout) -> list[Any]:
        """The table's rows, written as text and parsed once: a 2,000-row scorecard made one
        element at a time took most of a report's time. Numbers are set right, and the rows
        `layout` keeps together keep with the next."""
        from lxml import etree

        styles = {style: self.style(style) for style, _ in rows}
        cells = [f'<w:tcPr><w:tcW w:type="dxa" w:w="{twips}"/></w:tcPr>' for twips in layout.widths]
        right = ['<w:jc w:val="right"/>' if number else "" for number in layout.numeric]
        out = [f'<w:tbl xmlns:w="{W_NS}">']
        for index, (style, texts) in enumerate(rows):
            head = "<w:tblHeader/>" if index == 0 else "<w:cantSplit/>"
            out.append(f"<w:tr><w:trPr>{head}</w:trPr>")
            keep = "<w:keepNext/>" if index in layout.kept else ""
            start = f'<w:p><w:pPr><w:pStyle w:val="{styles[style]}"/>{keep}'
            for text, cell, jc in zip(texts, cells, right, strict=True):
                out.append(f"<w:tc>{cell}{start}{jc}</w:pPr>{_runs(text)}</w:p></w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        return list(etree.fromstring("".join(out)))


_MARKS = {"\t": "tab", "\n": "br"}  # a tab and a line break in text: elements of their own


def _pieces(text: str) -> list[str]:
    """`text` cut at its tabs and line breaks, with what XML 1.0 cannot hold shown as �."""
    return [piece for piece in _BREAKS.split(_NOT_XML.sub("\ufffd", text)) if piece]


def _runs(text: str) -> str:
    """`text` as the run `BlockWriter.run` makes, written out as XML text."""
    pieces = [
        f"<w:{_MARKS[p]}/>"
        if p in _MARKS
        else f'<w:t xml:space="preserve">{escape(p, quote=False)}</w:t>'
        for p in _pieces(text)
    ]
    return f"<w:r>{''.join(pieces)}</w:r>" if pieces else ""


def _twips(widths: list[float], available: int) -> list[int]:
    """Column widths in twips: the suggested centimetres, scaled down to fit the page."""
    wanted = [max(1, round(w * CM_TWIPS)) for w in widths]
    total = sum(wanted)
    if total <= available:
        return wanted
    return [max(1, value * available // total) for value in wanted]
