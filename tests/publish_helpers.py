"""What an author does to the draft in Word before publishing, done to the XML: write over the
placeholders, delete the draft marking, add a picture, break one accessibility rule.

No tests here; the test_publish_* modules import it.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Callable

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
NS = {"w": W_NS, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
PLACEHOLDER = re.compile(r"\[(?:Skriv|Write)\b[^\]]*\]")
WRITTEN = "Statsforvalteren vurderer at tilgjengeligheten ikke er forsvarlig."


def edit(source: Path, target: Path, change: Callable[[str, etree._Element], None]) -> Path:
    """A copy of `source` with `change(member, root)` applied to each XML part of word/."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith(("word/", "docProps/")) and item.filename.endswith(".xml"):
                root = etree.fromstring(data)
                change(item.filename, root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(item, data)
    return target


def style_ids(source: Path) -> dict[str, str]:
    with zipfile.ZipFile(source) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
    return {
        s.find("w:name", NS).get(W + "val"): s.get(W + "styleId")
        for s in styles.iterfind("w:style", NS)
    }


def finish(source: Path, target: Path, text: str = WRITTEN) -> Path:
    """The draft as an author finishes it: placeholders written over (in style Normal), the
    Draft Mark paragraph deleted and «UTKAST – » taken out of the headers."""
    ids = style_ids(source)

    def change(member: str, root: etree._Element) -> None:
        if member == "word/document.xml":
            for paragraph in list(root.iter(W + "p")):
                style = paragraph.find("w:pPr/w:pStyle", NS)
                name = style.get(W + "val") if style is not None else None
                if name == ids.get("Draft Mark"):
                    paragraph.getparent().remove(paragraph)
                    continue
                if name == ids.get("Placeholder"):
                    style.getparent().remove(style)
                for t in paragraph.iter(W + "t"):
                    t.text = PLACEHOLDER.sub(text, t.text or "")
        elif re.fullmatch(r"word/(header|footer)\d*\.xml", member):
            for t in root.iter(W + "t"):
                t.text = re.sub(r"\b(UTKAST|DRAFT)\b\s*[–-]?\s*", "", t.text or "")

    return edit(source, target, change)


def png(width: int = 4, height: int = 3) -> bytes:
    """A small PNG, made here (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x1f\x2a\x44" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def add_picture(source: Path, target: Path, alt: str = "", under: str = "") -> Path:
    """A picture added with python-docx after the paragraph holding `under` (the end when
    ""), with `alt` as its description ("" leaves it without, as Word's Insert Picture)."""
    from docx import Document
    from docx.shared import Cm

    document = Document(str(source))
    anchor = next((p for p in document.paragraphs if under and under in p.text), None)
    paragraph = document.add_paragraph()
    paragraph.add_run().add_picture(io.BytesIO(png()), width=Cm(4))
    if anchor is not None:
        anchor._p.addnext(paragraph._p)
    properties = paragraph._p.find(".//wp:docPr", NS)
    properties.set("descr", alt)
    document.save(str(target))
    return target
