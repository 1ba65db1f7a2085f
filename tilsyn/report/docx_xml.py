"""Word XML touches that make a report accessible, editable and reproducible.

Applied after rendering, to our own templates and to a user's alike: the document language
(so spell-checkers and screen readers use nb-NO, nn-NO or en-GB), title and subject in the
document properties, table grids that match their cells, a table of contents that lists the
headings before Word first updates it, and a zip whose bytes depend on the content only
(fixed timestamps), so two runs with the same SOURCE_DATE_EPOCH give the same file.
Used by the renderer and by `templates/build_templates.py`; lxml and python-docx objects only.
"""

from __future__ import annotations

import datetime as dt
import os
import struct
import zipfile
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest time a zip entry can carry
HEADING_STYLES = {"Heading1": 1, "Heading2": 2}
# The settings that the schema puts after w:updateFields (other namespaces' come after it too).
AFTER_UPDATE = frozenset((
    "hdrShapeDefaults footnotePr endnotePr compat docVars rsids attachedSchema themeFontLang "
    "clrSchemeMapping doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions "
    "readModeInkLockDown smartTagType shapeDefaults doNotEmbedSmartTags decimalSymbol "
    "listSeparator").split())


def _epoch() -> dt.datetime | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return None


def source_date() -> dt.datetime:
    """SOURCE_DATE_EPOCH as a UTC time (reproducible builds), else now (UTC)."""
    return _epoch() or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def source_day() -> dt.date:
    """The report's date: SOURCE_DATE_EPOCH's day, else today where the report is written."""
    epoch = _epoch()
    return epoch.date() if epoch else dt.date.today()


def _w(tag: str) -> str:
    return W + tag


def set_language(document: Any, tag: str) -> None:
    """Write the language into the defaults and every style that sets its own (w:lang)."""
    from lxml import etree

    styles = document.styles.element
    defaults = styles.find(_w("docDefaults"))
    if defaults is None:
        defaults = etree.SubElement(styles, _w("docDefaults"))
        styles.insert(0, defaults)
    rpr_default = defaults.find(_w("rPrDefault"))
    if rpr_default is None:
        rpr_default = etree.SubElement(defaults, _w("rPrDefault"))
    rpr = rpr_default.find(_w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(rpr_default, _w("rPr"))
    targets = [rpr] + [lang.getparent() for lang in styles.iter(_w("lang"))]
    for run_properties in targets:
        lang = run_properties.find(_w("lang"))
        if lang is None:
            lang = etree.SubElement(run_properties, _w("lang"))
        lang.set(_w("val"), tag)


def set_update_fields(document: Any) -> None:
    """Ask Word to update fields (table of contents, page numbers) when the file is opened.

    The element goes where the schema wants it (before w:compat and the rest), also when a
    template has it elsewhere, so the settings stay valid.
    """
    from lxml import etree

    settings = document.settings.element
    for old in settings.findall(_w("updateFields")):
        settings.remove(old)  # wherever it was: in the schema's place below
    update = etree.Element(_w("updateFields"))
    update.set(_w("val"), "true")
    later = next((child for child in settings if isinstance(child.tag, str)
                  and (not child.tag.startswith(W) or child.tag[len(W):] in AFTER_UPDATE)), None)
    if later is None:
        settings.append(update)
    else:
        later.addprevious(update)


def set_properties(document: Any, *, title: str, subject: str, language: str,
                   when: dt.datetime, author: str = "tilsyn") -> None:
    """Title, subject and language in docProps/core.xml, with fixed dates for reproducibility."""
    props = document.core_properties
    props.title = title
    props.subject = subject
    props.language = language
    props.author = author
    props.last_modified_by = author
    props.created = when
    props.modified = when
    props.revision = 1


def regrid_tables(body: Any) -> None:
    """Set each table's grid from its first row's cell widths.

    Column loops in a template add or remove cells; Word reads the cell widths, LibreOffice the
    grid, so the grid must match or the columns come out wrong.
    """
    from lxml import etree

    for table in body.iter(_w("tbl")):
        first = table.find(_w("tr"))
        grid = table.find(_w("tblGrid"))
        if first is None or grid is None:
            continue
        widths = []
        for cell in first.findall(_w("tc")):
            width = cell.find(f"{_w('tcPr')}/{_w('tcW')}")
            span = cell.find(f"{_w('tcPr')}/{_w('gridSpan')}")
            value = int(width.get(_w("w"), "0")) if width is not None else 0
            count = int(span.get(_w("val"), "1")) if span is not None else 1
            widths.extend([value // count] * count)
        if not all(widths):
            continue
        for column in list(grid):
            grid.remove(column)
        for value in widths:
            etree.SubElement(grid, _w("gridCol")).set(_w("w"), str(value))


def fill_table_of_contents(body: Any) -> int:
    """Put the document's headings into the TOC field's result; returns how many.

    Word replaces them (with page numbers) when it updates the field; until then, and in any
    program that does not update fields, the reader still sees the contents.
    """
    from lxml import etree

    instruction = next((t for t in body.iter(_w("instrText"))
                        if t.text and t.text.strip().startswith("TOC")), None)
    if instruction is None:
        return 0
    field_paragraph = instruction.getparent().getparent()
    headings = []
    for paragraph in body.iterchildren(_w("p")):  # headings are never inside tables
        style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
        level = HEADING_STYLES.get(style.get(_w("val"))) if style is not None else None
        text = "".join(t.text or "" for t in paragraph.iter(_w("t"))).strip() if level else ""
        if text:
            headings.append((level, text))
    if not headings:
        return 0
    runs = list(field_paragraph.findall(_w("r")))
    separate = next(i for i, r in enumerate(runs)
                    if r.find(_w("fldChar")) is not None
                    and r.find(_w("fldChar")).get(_w("fldCharType")) == "separate")
    end_run = runs[-1]
    for run in runs[separate + 1:]:
        field_paragraph.remove(run)  # the placeholder text and the end of the field
    previous = field_paragraph
    for index, (level, text) in enumerate(headings):
        paragraph = field_paragraph if index == 0 else etree.Element(_w("p"))
        if index:
            ppr = etree.SubElement(paragraph, _w("pPr"))
            etree.SubElement(ppr, _w("pStyle")).set(_w("val"), f"TOC{level}")
            previous.addnext(paragraph)
            previous = paragraph
        else:
            style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
            if style is not None:
                style.set(_w("val"), f"TOC{level}")
        run = etree.SubElement(paragraph, _w("r"))
        etree.SubElement(run, _w("t")).text = text
    previous.append(end_run)
    return len(headings)


def stable_zip(data: bytes, when: dt.datetime = ZIP_EPOCH) -> bytes:
    """The same zip with every entry stamped `when` (not before 1980) and readable by all (0644).

    Only the stamps and permissions in the entries' headers are rewritten: the compressed data
    is left as the writer made it, so a report is not compressed twice (that took a tenth of
    the time of rendering one).
    """
    year, month, day, hour, minute, second = max(when, ZIP_EPOCH).timetuple()[:6]
    stamp = struct.pack("<HH", hour << 11 | minute << 5 | second // 2,
                        (year - 1980) << 9 | month << 5 | day)
    out = bytearray(data)
    end = out.rfind(b"PK\x05\x06")
    if end < 0:
        raise zipfile.BadZipFile("no end of central directory")
    entries, _, start = struct.unpack_from("<HII", out, end + 10)
    for _ in range(entries):
        if out[start:start + 4] != b"PK\x01\x02":
            raise zipfile.BadZipFile("broken central directory")
        names, extra, comment = struct.unpack_from("<HHH", out, start + 28)
        (local,) = struct.unpack_from("<I", out, start + 42)
        out[start + 12:start + 16] = stamp
        out[start + 38:start + 42] = struct.pack("<I", 0o644 << 16)
        out[local + 10:local + 14] = stamp
        start += 46 + names + extra + comment
    return bytes(out)
