"""The Word document an author finished, opened for reading: its body, styles, numbering,
headers and footers, properties and the parts its drawings point to.

Read with zipfile and lxml (no entity is expanded, no DTD allowed, sizes capped before
anything is inflated: tilsyn/readers/ziputil.py), the way Word and LibreOffice save a
document: a style is found by its name, so a Word in another language reads the same, and a
paragraph's heading level, list and language come through its style's `basedOn` chain.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
NS = {
    "w": W_NS,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "v": "urn:schemas-microsoft-com:vml",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
    "dc": "http://purl.org/dc/elements/1.1/",
}
PICTURE = "http://schemas.openxmlformats.org/drawingml/2006/picture"
CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_OFF = ("0", "false", "off")


def text_of(element: Any) -> str:
    """The text as read: w:t, with tabs and breaks as spaces (deleted text is w:delText)."""
    parts = []
    for item in element.iter(W + "t", W + "tab", W + "br", W + "cr"):
        parts.append(item.text or "" if item.tag == W + "t" else " ")
    return "".join(parts)


def on(element: Any | None) -> bool:
    """A WordprocessingML switch (`<w:b/>`, `<w:tblHeader w:val="1"/>`) that is set."""
    return element is not None and element.get(W + "val", "1") not in _OFF


class Styles:
    """Paragraph styles by id: name, heading level, list, through the `basedOn` chain."""

    def __init__(self, root: Any | None, numbering: Any | None):
        self.root = root
        self.by_id = {}
        if root is not None:
            for style in root.iterfind("w:style", NS):
                self.by_id[style.get(W + "styleId")] = style
        self.formats = _list_formats(numbering)

    def _chain(self, style_id: str | None) -> Iterator[Any]:
        seen = set()
        while style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            yield self.by_id[style_id]
            based = self.by_id[style_id].find("w:basedOn", NS)
            style_id = based.get(W + "val") if based is not None else None

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id)
        found = style.find("w:name", NS) if style is not None else None
        return (found.get(W + "val") if found is not None else style_id) or ""

    def _property(self, style_id: str | None, path: str) -> Any | None:
        return next((p for s in self._chain(style_id) if (p := s.find(path, NS)) is not None), None)

    def level(self, paragraph: Any) -> int | None:
        """Its heading level, 1-9, from its own outline level or its style's; None for text."""
        own = paragraph.find("w:pPr/w:outlineLvl", NS)
        found = (
            own if own is not None else self._property(style_of(paragraph), "w:pPr/w:outlineLvl")
        )
        if found is None:
            return None
        value = int(found.get(W + "val", "9"))
        return value + 1 if value < 9 else None

    def list_kind(self, paragraph: Any) -> str | None:
        """ "bullet" or "ordered" for a paragraph in a list (numbering of its own or its
        style's), None otherwise (numId 0 switches a style's numbering off)."""
        numbering = paragraph.find("w:pPr/w:numPr", NS)
        if numbering is None or numbering.find("w:numId", NS) is None:
            numbering = self._property(style_of(paragraph), "w:pPr/w:numPr")
        if numbering is None:
            return None
        number = numbering.find("w:numId", NS)
        level = numbering.find("w:ilvl", NS)
        num_id = number.get(W + "val") if number is not None else None
        if num_id in (None, "0"):
            return None
        ilvl = level.get(W + "val", "0") if level is not None else "0"
        kind = self.formats.get((num_id, ilvl), "bullet")
        return "bullet" if kind in ("bullet", "none") else "ordered"

    def language(self) -> str:
        """The document's language (w:lang of the default run properties), "" when none."""
        if self.root is None:
            return ""
        for path in (
            "w:docDefaults/w:rPrDefault/w:rPr/w:lang",
            "w:style[@w:default='1'][@w:type='paragraph']/w:rPr/w:lang",
        ):
            found = self.root.find(path, NS)
            if found is not None and found.get(W + "val"):
                return found.get(W + "val")
        return ""


def _list_formats(numbering: Any | None) -> dict[tuple[str, str], str]:
    """(numId, ilvl) -> the level's number format ("bullet", "decimal", ...)."""
    if numbering is None:
        return {}
    abstract = {
        a.get(W + "abstractNumId"): {
            lvl.get(W + "ilvl"): lvl.find("w:numFmt", NS).get(W + "val")
            for lvl in a.iterfind("w:lvl", NS)
            if lvl.find("w:numFmt", NS) is not None
        }
        for a in numbering.iterfind("w:abstractNum", NS)
    }
    formats = {}
    for num in numbering.iterfind("w:num", NS):
        ref = num.find("w:abstractNumId", NS)
        levels = abstract.get(ref.get(W + "val") if ref is not None else None, {})
        for ilvl, kind in levels.items():
            formats[(num.get(W + "numId"), ilvl)] = kind
    return formats


def style_of(paragraph: Any) -> str | None:
    found = paragraph.find("w:pPr/w:pStyle", NS)
    return found.get(W + "val") if found is not None else None


@dataclass
class Edited:
    """An edited Word document: its parsed parts, and the zip for the parts drawings use."""

    path: Path
    archive: zipfile.ZipFile
    body: Any
    styles: Styles
    title: str
    subject: str = ""
    headers: list[tuple[str, Any]] = field(default_factory=list)  # (part name, root)
    relationships: dict[str, tuple[str, str]] = field(default_factory=dict)

    def part(self, rid: str) -> str | None:
        """The zip member a relationship id of the main document points to."""
        found = self.relationships.get(rid)
        return found[1] if found else None

    def parse(self, member: str) -> Any:
        from tilsyn.readers.xlsxparts import parse_part

        return parse_part(self.archive, member)

    def read(self, member: str) -> bytes:
        from tilsyn.readers.ziputil import read_member

        return read_member(self.archive, member)


def open_edited(path: Path) -> Edited:
    """The document at `path`; a TilsynError (PUB012) when it is not a Word document."""
    from lxml.etree import XMLSyntaxError

    from tilsyn.readers.base import ReadError
    from tilsyn.readers.xlsxparts import _relationships, parse_part
    from tilsyn.readers.ziputil import DAMAGE, open_office_zip

    try:
        archive = open_office_zip(path)
        names = archive.NameToInfo
        body = parse_part(archive, "word/document.xml").find("w:body", NS)
        if body is None:
            raise ValueError("word/document.xml has no body")

        def optional(member: str) -> Any | None:
            return parse_part(archive, member) if member in names else None

        styles = Styles(optional("word/styles.xml"), optional("word/numbering.xml"))
        core = optional("docProps/core.xml")
        title, subject = (
            (core.findtext(f"dc:{name}", "", NS).strip() for name in ("title", "subject"))
            if core is not None
            else ("", "")
        )
        headers = [
            (name, parse_part(archive, name))
            for name in sorted(names)
            if name.startswith(("word/header", "word/footer")) and name.endswith(".xml")
        ]
        relationships = _relationships(archive, "word/_rels/document.xml.rels")
    except (ReadError, XMLSyntaxError, KeyError, *DAMAGE) as exc:
        from tilsyn.diagnostics import render
        from tilsyn.errors import TilsynError

        detail = getattr(exc, "message", None) or str(exc)
        message, hint = render("PUB012", params={"path": path, "detail": detail})
        raise TilsynError(f"PUB012 {message}", hint=hint) from None
    return Edited(path, archive, body, styles, title, subject, headers, relationships)
