"""What a published PDF must hold to be read by assistive technology, checked and repaired with
pikepdf: a structure tree (MarkInfo/Marked), the document's language, its title shown as the
window's title, the PDF/UA-1 identifier, a text alternative on every figure and a description
on every link (PDF/UA-1 7.18.5; the Word writer gives each cross-reference a tooltip for it).

LibreOffice 7.4 writes a native chart's figure without /Alt (25.2 keeps it); `repair` gives
each figure without one the alt text of its drawing in the Word document, matched in reading
order, and refuses when the order cannot be matched, since a wrong text is worse than none
(the check then says so). Nothing is invented: a drawing without alt text stays without.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any, Iterator

# The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4): a role map may not redefine
# them, so a Word style of the same name must not reach the PDF as one.
STANDARD_TYPES = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3"
    " H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry"
    " Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form".split()
)

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
# The drawings LibreOffice tags as /Figure: pictures and charts.
FIGURE_KINDS = (
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "http://schemas.openxmlformats.org/drawingml/2006/chart",
)
PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"


def figure_alts(docx: bytes) -> list[str]:
    """The alt text of each picture and chart in the body, in reading order, as LibreOffice
    writes it into /Alt («title - description»); "" for a drawing without one."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        body = etree.fromstring(
            archive.read("word/document.xml"),
            etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True),
        )
    alts = []
    for drawing in body.iterfind(".//w:body//w:drawing", NS):
        graphic = drawing.find(".//a:graphicData", NS)
        if graphic is None or graphic.get("uri") not in FIGURE_KINDS:
            continue
        properties = drawing.find(".//wp:docPr", NS)
        texts = [(properties.get(name) or "").strip() for name in ("title", "descr")]
        alts.append(" - ".join(text for text in texts if text))
    return alts


def _elements(root: Any) -> Iterator[Any]:
    """Every structure element under StructTreeRoot, in document order."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    stack = [root.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))
            continue
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            continue  # a marked-content id, a reference to content or an annotation
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        yield node
        stack.append(node.get("/K"))


def figures(pdf: Any) -> list[Any]:
    """The Figure elements, through the RoleMap (a custom type mapped to /Figure counts)."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return []
    role_map = tree.get("/RoleMap") or {}
    found = []
    for element in _elements(tree):
        kind = str(element.S)
        for _ in range(10):
            if kind[1:] in STANDARD_TYPES or kind not in role_map:
                break
            kind = str(role_map[kind])
        if kind == "/Figure":
            found.append(element)
    return found


def _add_alts(pdf: Any, alts: list[str]) -> None:
    import pikepdf

    found = figures(pdf)
    if len(found) != len(alts):
        return  # not matched: left for the check to report
    for figure, alt in zip(found, alts, strict=True):
        existing = str(figure.get("/Alt", "")).strip()
        if existing and alt and existing != alt:
            return  # the order differs from the document's: a wrong text is worse than none
    for figure, alt in zip(found, alts, strict=True):
        if alt and not str(figure.get("/Alt", "")).strip():
            figure.Alt = pikepdf.String(alt)


def repair(data: bytes, alts: list[str], title: str, language_tag: str) -> bytes:
    """The PDF with the missing figure alt texts, title, language, DisplayDocTitle and PDF/UA
    identifier set; what is there already is kept."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        _add_alts(pdf, alts)
        root = pdf.Root
        if not str(root.get("/Lang", "")).strip() and language_tag:
            root.Lang = pikepdf.String(language_tag)
        if "/ViewerPreferences" not in root:
            root.ViewerPreferences = pikepdf.Dictionary()
        root.ViewerPreferences.DisplayDocTitle = True
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp.register_xml_namespace(PDFUA_NS, "pdfuaid")
            if title and not (xmp.get("dc:title") or "").strip():
                xmp["dc:title"] = title
            if str(xmp.get("pdfuaid:part")) != "1":
                xmp["pdfuaid:part"] = "1"
        if title and not str(pdf.docinfo.get("/Title", "")).strip():
            pdf.docinfo[pikepdf.Name.Title] = pikepdf.String(title)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def check(data: bytes) -> list[tuple[str, dict[str, str]]]:
    """What the PDF lacks, as (PUB022 variant, parameters); [] for a PDF that passes."""
    import pikepdf

    problems: list[tuple[str, dict[str, str]]] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        marked = root.get("/MarkInfo")
        if marked is None or not bool(marked.get("/Marked", False)):
            problems.append(("not_tagged", {}))
        tree = root.get("/StructTreeRoot")
        if tree is None:
            problems.append(("no_structure", {}))
        else:
            role_map = tree.get("/RoleMap") or {}
            for key in sorted(str(k) for k in role_map.keys()):
                if key[1:] in STANDARD_TYPES and str(role_map[key]) != key:
                    problems.append(("role_map", {"type": key[1:], "to": str(role_map[key])[1:]}))
        if not str(root.get("/Lang", "")).strip():
            problems.append(("no_language", {}))
        with pdf.open_metadata() as xmp:
            title, part = (xmp.get("dc:title") or "").strip(), str(xmp.get("pdfuaid:part"))
        if not (title or str(pdf.docinfo.get("/Title", "")).strip()):
            problems.append(("no_title", {}))
        preferences = root.get("/ViewerPreferences")
        if preferences is None or not bool(preferences.get("/DisplayDocTitle", False)):
            problems.append(("no_window_title", {}))
        if part != "1":
            problems.append(("not_pdfua", {}))
        for number, figure in enumerate(figures(pdf), 1):
            if not str(figure.get("/Alt", "")).strip():
                problems.append(("figure_alt", {"number": str(number)}))
        for number, page in enumerate(pdf.pages, 1):
            for annotation in page.get("/Annots", []):
                link = annotation.get("/Subtype") == "/Link"
                if link and not str(annotation.get("/Contents", "")).strip():
                    problems.append(("link_contents", {"page": str(number)}))
    return problems
