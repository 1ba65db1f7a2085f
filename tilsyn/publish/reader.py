"""An edited Word document read back into the report's document tree, for the web writer: the
cover, the headings as sections, paragraphs with their bold, italics, language and links,
lists, tables with their captions, charts (their numbers from the chart part) and pictures.

pandoc reads .docx too, but drops native charts without a trace and the numbers of captions
(«Tabell : …»), so a page from it would lose what the report is about (RECIPES: measured).
Styles are matched by name, as the Word writer names them (Title, Subtitle, Draft Mark,
Caption, Note, Placeholder, Table Heading, Scorecard Text, TOC ...); anything else is text.
"""

from __future__ import annotations

import re
from typing import Any

from tilsyn.publish.charts import read_chart
from tilsyn.publish.wordml import CHART, NS, PICTURE, Edited, W, on, style_of, text_of
from tilsyn.report.document import (
    BulletList,
    Document,
    Emph,
    Figure,
    Foreign,
    Inline,
    Meta,
    Paragraph,
    Picture,
    Placeholder,
    Ref,
    Section,
    Strong,
    Table,
)

TWIPS_PER_CM = 567
EMU_PER_CM = 360000
_CAPTION = re.compile(r"^\s*(?P<word>\S+)\s+(?P<number>\d+)\s*[:.–-]\s*(?P<text>.*)$", re.S)
_SEQ = re.compile(r"SEQ\s+(\S+)")
LANGS = {"nb": "nb", "no": "nb", "nn": "nn", "en": "en"}
SKIPPED = re.compile(r"toc \d|table of figures")  # Word's own contents: the page makes its own


class _Reader:
    def __init__(self, document: Edited):
        self.edited = document
        self.styles = document.styles
        tag = document.styles.language() or "nb-NO"
        self.meta = Meta(
            title=document.title,
            subtitle="",
            lang=LANGS.get(tag.split("-")[0].casefold(), "nb"),
            language_tag=tag,
        )
        self.front: list[Section] = []  # sections before the first heading are the cover's
        self.stack: list[tuple[int, Section]] = []
        self.sections: list[Section] = []
        self.caption: tuple[str, int, str, str] | None = None  # kind word, number, text, id
        self.figure: Figure | None = None  # the last chart, for the caption after it
        self.ids: set[str] = set()
        self.targets = {
            link.get(W + "anchor")
            for link in document.body.iter(W + "hyperlink")
            if link.get(W + "anchor")
        }

    # -- where blocks go

    def unique(self, wanted: str | None, kind: str) -> str:
        base = wanted or f"{kind}-{len(self.ids) + 1}"
        name, n = base, 1
        while name in self.ids:
            n += 1
            name = f"{base}-{n}"
        self.ids.add(name)
        return name

    def anchor(self, element: Any) -> str | None:
        """The bookmark a link points to in `element`, so a cross-reference finds it."""
        names = [b.get(W + "name") for b in element.iter(W + "bookmarkStart")]
        return next((n for n in names if n in self.targets), None)

    def add(self, block: Any) -> None:
        if self.stack:
            self.stack[-1][1].blocks.append(block)

    def heading(self, paragraph: Any, level: int) -> None:
        section = Section(
            self.unique(self.anchor(paragraph), "section"),
            text_of(paragraph).strip(),
            numbered=self.styles.list_kind(paragraph) is not None,  # the appendices: numId 0
        )
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        (self.stack[-1][1].sections if self.stack else self.sections).append(section)
        self.stack.append((level, section))

    # -- paragraphs

    def inlines(self, paragraph: Any) -> list[Inline]:
        out: list[Inline] = []
        for run in paragraph.iter(W + "r"):
            if any(a.tag in (W + "del", W + "moveFrom") for a in run.iterancestors()):
                continue
            text = "".join(
                (t.text or "") if t.tag == W + "t" else ("\t" if t.tag == W + "tab" else "\n")
                for t in run.iter(W + "t", W + "tab", W + "br")
            )
            if not text:
                continue
            item: Inline = text
            properties = run.find("w:rPr", NS)
            if properties is not None:
                lang = properties.find("w:lang", NS)
                tag = lang.get(W + "val") if lang is not None else None
                if tag and tag.split("-")[0] != self.meta.language_tag.split("-")[0]:
                    item = Foreign(tag, (item,))
                if on(properties.find("w:i", NS)):
                    item = Emph((item,))
                if on(properties.find("w:b", NS)):
                    item = Strong((item,))
            link = run.getparent()
            target = link.get(W + "anchor") if link.tag == W + "hyperlink" else None
            if target in self.ids or target in self.targets:
                item = Ref(target, text)
            out.append(item)
        return _merged(out)

    def paragraph(self, paragraph: Any) -> None:
        style = self.styles.name(style_of(paragraph)).casefold()
        text = text_of(paragraph).strip()
        drawings = paragraph.findall(".//w:drawing", NS)
        if SKIPPED.match(style) or (not text and not drawings):
            return
        level = self.styles.level(paragraph)
        if level is not None:
            self.heading(paragraph, level)
            return
        if self.cover(style, text, paragraph):
            return
        if style == "caption":
            self.captioned(paragraph, text)
            return
        for drawing in drawings:
            self.drawing(drawing)
        if not text:
            return
        kind = self.styles.list_kind(paragraph)
        if style == "placeholder":
            self.add(Placeholder(text))
        elif kind is not None:
            self.list_item(kind == "ordered", self.inlines(paragraph))
        else:
            role = "note" if style == "note" else "body"
            self.add(Paragraph(self.inlines(paragraph), role))

    def cover(self, style: str, text: str, paragraph: Any) -> bool:
        """The title page's paragraphs, before the first heading: they become the metadata."""
        meta = self.meta
        if style == "title":
            meta.title = meta.title or text
        elif style == "subtitle":
            meta.subtitle = text
        elif style == "draft mark":
            meta.draft = text
        elif style == "toc heading":
            meta.contents = text
        elif not self.stack and style != "caption":
            content = self.inlines(paragraph)
            if content and isinstance(content[0], Strong):
                label = text_of(paragraph)[: len(_plain(content[0]))]
                meta.cover.append((label.strip().rstrip(":"), text[len(label) :].strip()))
            else:
                meta.cover.append(("", text))
        else:
            return False
        return True

    def list_item(self, ordered: bool, content: list[Inline]) -> None:
        blocks = self.stack[-1][1].blocks if self.stack else []
        if blocks and isinstance(blocks[-1], BulletList) and blocks[-1].ordered == ordered:
            blocks[-1].items.append(content)
        else:
            self.add(BulletList([content], ordered))

    def captioned(self, paragraph: Any, text: str) -> None:
        """«Tabell 3: …» before its table, «Figur 1: …» after its chart."""
        found = _CAPTION.match(text)
        instruction = " ".join(
            [f.get(W + "instr", "") for f in paragraph.iter(W + "fldSimple")]
            + [t.text or "" for t in paragraph.iter(W + "instrText")]
        )
        seq = _SEQ.search(instruction)
        word = seq[1] if seq else (found["word"] if found else "")
        number = int(found["number"]) if found else 0
        caption = found["text"].strip() if found else text
        if self.figure is not None and not self.figure.caption:
            self.figure.caption, self.figure.number = caption, number
            target = self.anchor(paragraph)
            if target and target not in self.ids:
                self.ids.add(target)
                self.figure.id = target
            self.meta.captions.setdefault("figure", word)
            self.figure = None
            return
        self.caption = (word, number, caption, self.anchor(paragraph) or "")

    def drawing(self, drawing: Any) -> None:
        properties = drawing.find(".//wp:docPr", NS)
        graphic = drawing.find(".//a:graphicData", NS)
        uri = graphic.get("uri") if graphic is not None else ""
        alt = (properties.get("descr") or "").strip() if properties is not None else ""
        if uri == CHART:
            chart_ref = graphic.find("c:chart", NS)
            part = (
                self.edited.part(chart_ref.get(f"{{{NS['r']}}}id"))
                if chart_ref is not None
                else None
            )
            chart = read_chart(self.edited, part, self.meta.lang) if part else None
            if chart is not None:
                self.figure = Figure(self.unique(None, "figure"), 0, "", alt, chart)
                self.add(self.figure)
        elif uri == PICTURE:
            blip = graphic.find(".//a:blip", NS)
            rid = blip.get(f"{{{NS['r']}}}embed") if blip is not None else None
            part = self.edited.part(rid) if rid else None
            if part and part in self.edited.archive.NameToInfo:
                extent = drawing.find(".//wp:extent", NS)
                width = int(extent.get("cx", "0")) / EMU_PER_CM if extent is not None else 0.0
                self.add(Picture(self.edited.read(part), _media_type(part), alt, round(width, 1)))

    # -- tables

    def table(self, table: Any) -> None:
        rows = []
        heading_rows = []
        for row in table.iterfind("w:tr", NS):
            cells = [
                "\n".join(text_of(p) for p in cell.iterfind("w:p", NS))
                for cell in row.iterfind("w:tc", NS)
            ]
            rows.append(cells)
            names = {self.styles.name(style_of(p)).casefold() for p in row.iter(W + "p")}
            heading_rows.append(names == {"table heading"})
        if not rows:
            return
        word, number, caption, target = self.caption or ("", 0, "", "")
        self.caption = None
        if word:
            self.meta.captions.setdefault("table", word)
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        total = rows.pop() if len(rows) > 2 and heading_rows[-1] else None
        look = table.find("w:tblPr/w:tblLook", NS)
        grid = [
            int(c.get(W + "w", "0")) / TWIPS_PER_CM
            for c in table.iterfind("w:tblGrid/w:gridCol", NS)
        ]
        dense = any(
            self.styles.name(style_of(p)).casefold() == "scorecard text"
            for p in table.iter(W + "p")
        )
        self.add(
            Table(
                id=self.unique(target or None, "table"),
                number=number,
                caption=caption,
                header=rows[0],
                rows=rows[1:],
                widths=grid if len(grid) == width else [1.0] * width,
                total=total,
                dense=dense,
                row_headers=look is None or on_first_column(look),
            )
        )

    def document(self) -> Document:
        for element in self.edited.body:
            self.element(element)
        meta = self.meta
        meta.title = meta.title or next((s.title for s in self.sections), "")
        meta.subject = self.edited.subject
        for _, part in self.edited.headers:  # the letterhead on the first page's header
            for paragraph in part.iter(W + "p"):
                if self.styles.name(style_of(paragraph)).casefold() == "letterhead":
                    meta.letterhead = meta.letterhead or text_of(paragraph).strip()
        # The unnumbered chapters after the numbered ones are the appendices.
        body = list(self.sections)
        appendices: list[Section] = []
        while body and not body[-1].numbered and any(s.numbered for s in body):
            appendices.insert(0, body.pop())
        document = Document(meta, body, appendices)
        for content in document.runs():  # a link to a bookmark no section or table holds
            content[:] = [
                item.text if isinstance(item, Ref) and item.target not in self.ids else item
                for item in content
            ]
        return document

    def element(self, element: Any) -> None:
        if element.tag == W + "p":
            self.paragraph(element)
        elif element.tag == W + "tbl":
            self.table(element)
        elif element.tag in (W + "sdt", W + "customXml", W + "ins"):
            content = element.find("w:sdtContent", NS) if element.tag == W + "sdt" else element
            for child in content if content is not None else []:
                self.element(child)


def on_first_column(look: Any) -> bool:
    """Whether a table's look marks its first column (w:firstColumn, or bit 0x80 of w:val)."""
    flag = look.get(W + "firstColumn")
    if flag is not None:
        return flag not in ("0", "false", "off")
    return bool(int(look.get(W + "val", "0") or "0", 16) & 0x80)


def _plain(item: Any) -> str:
    from tilsyn.report.document import plain

    return plain([item])


def _merged(items: list[Inline]) -> list[Inline]:
    """Neighbouring runs of the same kind as one (Word splits text into many runs)."""
    out: list[Inline] = []
    for item in items:
        last = out[-1] if out else None
        if isinstance(item, str) and isinstance(last, str):
            out[-1] = last + item
        elif type(item) in (Strong, Emph) and type(last) is type(item):
            out[-1] = type(item)(tuple(_merged([*last.content, *item.content])))
        elif isinstance(item, Ref) and isinstance(last, Ref) and last.target == item.target:
            out[-1] = Ref(item.target, last.text + item.text)
        else:
            out.append(item)
    return out


def _media_type(part: str) -> str:
    suffix = part.rsplit(".", 1)[-1].casefold()
    return {"jpg": "image/jpeg", "jpeg": "image/jpeg", "svg": "image/svg+xml"}.get(
        suffix, f"image/{suffix}"
    )


def read_document(edited: Edited) -> Document:
    """The edited document as a document tree (its body: the writer makes the contents)."""
    return _Reader(edited).document()
