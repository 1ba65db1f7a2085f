"""What must be mended in a finished Word document before it is published: placeholders left,
the draft marking, pictures and charts without alt text, empty or skipped headings, tables
without a header row, no title or language, lists typed by hand, tracked changes.

Each problem is a PUB diagnostic with the heading it stands under (`field`), so the author
finds it in Word's navigation pane. One pass over the body in reading order.
"""

from __future__ import annotations

import re
from typing import Any

from tilsyn.errors import Diagnostic
from tilsyn.publish.wordml import CHART, NS, PICTURE, Edited, W, on, style_of, text_of

PLACEHOLDER = re.compile(r"\[(?:Skriv|Write)\b[^\]]*\]")  # «[Skriv vurderingen her …]»
DRAFT_WORDS = re.compile(r"\b(UTKAST|DRAFT)\b")
# «- første punkt», «• andre», «1. tredje», «a) fjerde»: a list item typed by hand.
HAND_LIST = re.compile(r"^\s*(?:[-–—•·▪●◦*]\s|\(?\d{1,2}[.)]\s|\(?[a-zA-Z][.)]\s)")


class _Checker:
    def __init__(self, document: Edited):
        self.document = document
        self.styles = document.styles
        self.found: list[Diagnostic] = []
        self.heading = ""
        self.level = 0
        self.typed: list[str] = []  # consecutive paragraphs that look like list items

    def add(self, code: str, variant: str = "", where: str | None = None, **params: Any) -> None:
        from tilsyn.diagnostics import diagnostic, phrase

        if where is None:
            where = (
                phrase("under_heading", heading=self.heading)
                if self.heading
                else phrase("before_headings")
            )
        params = {key: _short(str(value)) for key, value in params.items()}
        self.found.append(
            diagnostic(code, variant, params, file=str(self.document.path), field=where or None)
        )

    def typed_list_ends(self) -> None:
        if len(self.typed) >= 2:  # one «- ikke aktuelt» is a dash; two in a row are a list
            self.add("PUB010", count=len(self.typed), text=self.typed[0])
        self.typed.clear()

    def table(self, table: Any) -> None:
        first = table.find("w:tr", NS)
        if first is None or not on(first.find("w:trPr/w:tblHeader", NS)):
            self.add("PUB007", text=text_of(first) if first is not None else "")

    def paragraph(self, paragraph: Any) -> None:
        styles, text = self.styles, text_of(paragraph)
        level = styles.level(paragraph)
        if level is not None:
            if not text.strip():
                self.add("PUB005", level=level)
            else:
                if level > self.level + 1:
                    self.add(
                        "PUB006",
                        text=text,
                        level=level,
                        previous=self.level,
                        expected=self.level + 1,
                    )
                self.heading, self.level = text.strip(), level
        name = styles.name(style_of(paragraph)).casefold()
        for match in PLACEHOLDER.finditer(text):
            self.add("PUB001", text=match[0])
        if name == "placeholder" and text.strip() and not PLACEHOLDER.search(text):
            self.add("PUB002", text=text)
        if name == "draft mark" and text.strip():
            self.add("PUB003", text=text)
        in_table = any(a.tag == W + "tc" for a in paragraph.iterancestors())
        if (
            level is None
            and not in_table
            and styles.list_kind(paragraph) is None
            and HAND_LIST.match(text)
        ):
            self.typed.append(text)
        else:
            self.typed_list_ends()
        self.drawings(paragraph)

    def drawings(self, paragraph: Any) -> None:
        from tilsyn.diagnostics import phrase

        for drawing in paragraph.iterfind(".//w:drawing", NS):
            properties = drawing.find(".//wp:docPr", NS)
            graphic = drawing.find(".//a:graphicData", NS)
            uri = graphic.get("uri") if graphic is not None else ""
            if properties is None or uri not in (PICTURE, CHART):
                continue
            decorative = properties.find(".//adec:decorative", NS)
            if on(decorative) or (properties.get("descr") or "").strip():
                continue
            kind = phrase("chart" if uri == CHART else "picture")
            self.add("PUB004", kind=kind, name=properties.get("name", ""))
        for shape in paragraph.iterfind(".//v:shape[v:imagedata]", NS):  # Word 2003 pictures
            if not (shape.get("alt") or "").strip():
                self.add("PUB004", kind=phrase("picture"), name=shape.get("id", ""))


def _short(text: str, length: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def check(document: Edited) -> list[Diagnostic]:
    """Every problem in `document`, in reading order; the document-wide ones last."""
    from tilsyn.diagnostics import phrase

    checker = _Checker(document)
    for element in document.body.iter(W + "p", W + "tbl"):
        if element.tag == W + "tbl":
            checker.table(element)
        else:
            checker.paragraph(element)
    checker.typed_list_ends()
    for _, part in document.headers:
        for paragraph in part.iter(W + "p"):
            text = text_of(paragraph)
            if DRAFT_WORDS.search(text):
                checker.add("PUB003", where=phrase("in_header"), text=text)
    body = document.body
    if body.find(".//w:ins", NS) is not None or body.find(".//w:del", NS) is not None:
        checker.add("PUB011", where="")
    if not document.title:
        checker.add("PUB008", where="")
    if not document.styles.language():
        checker.add("PUB009", where="")
    return checker.found
