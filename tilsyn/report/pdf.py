"""A Word document as a tagged PDF: LibreOffice headless converts it (PDF/UA-1, bookmarks from
the headings, the title as the window's title), then `tagged` repairs what LibreOffice leaves
out (a chart's alt text in 7.4) and checks the result before anyone gets it.

LibreOffice takes the filter options as JSON since 7.4; a misspelt option gives an untagged PDF
and exit 0, which is why the result is always checked. Each conversion has a profile of its
own, so a LibreOffice the user has open is neither used nor disturbed.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from tilsyn.report.tagged import STANDARD_TYPES

if TYPE_CHECKING:
    from tilsyn.errors import Diagnostic

PDF_OPTIONS = {
    "UseTaggedPDF": True,  # a structure tree, MarkInfo/Marked
    "PDFUACompliance": True,  # PDF/UA-1 identified in the XMP metadata
    "ExportBookmarks": True,  # the outline, from the headings
    "DisplayPDFDocumentTitle": True,  # the title, not the file name, in the window
    "ExportNotes": False,  # no review comments in what is published
    "ExportFormFields": False,
}
TIMEOUT = 300  # seconds: a report of 10,000 records converts in well under a minute
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def find_soffice() -> str | None:
    """LibreOffice's soffice: on PATH, else where its installer puts it on Windows and macOS."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    places = [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    for root in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
        if root:
            places.append(Path(root) / "LibreOffice" / "program" / "soffice.exe")
    return next((str(p) for p in places if p.is_file()), None)


def _filter() -> str:
    typed = {
        key: {"type": "boolean", "value": "true" if value else "false"}
        for key, value in PDF_OPTIONS.items()
    }
    return "pdf:writer_pdf_Export:" + json.dumps(typed, separators=(",", ":"))


def rename_colliding_styles(data: bytes) -> bytes:
    """The .docx with style names that are PDF structure types renamed («Figure» -> «Figure
    Paragraph»): the copy LibreOffice converts; the author's document is left as it is."""
    from lxml import etree

    source = zipfile.ZipFile(io.BytesIO(data))
    styles = etree.fromstring(
        source.read("word/styles.xml"), etree.XMLParser(resolve_entities=False, no_network=True)
    )
    for name in styles.iter(f"{{{W_NS}}}name"):
        value = name.get(f"{{{W_NS}}}val", "")
        if value in STANDARD_TYPES:  # LibreOffice tags a paragraph by its style's name
            name.set(f"{{{W_NS}}}val", f"{value} Paragraph")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/styles.xml":
                content = etree.tostring(styles, xml_declaration=True, encoding="UTF-8")
            target.writestr(item, content)
    return out.getvalue()


def convert(docx: bytes, soffice: str | None = None) -> bytes:
    """The PDF LibreOffice makes of `docx`; OutputError (PUB020, PUB021) when it cannot."""
    soffice = soffice or find_soffice()
    if soffice is None:
        raise _failure("PUB020")
    with tempfile.TemporaryDirectory(prefix="tilsyn-pdf-") as folder:
        work = Path(folder)
        (work / "document.docx").write_bytes(rename_colliding_styles(docx))
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            _filter(),
            "--outdir",
            str(work / "out"),
            str(work / "document.docx"),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                env={**os.environ, "HOME": str(work)} if sys.platform != "win32" else None,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise _failure("PUB021", detail=str(exc)) from None
        pdf = work / "out" / "document.pdf"
        if not pdf.is_file():  # soffice may exit 0 without writing anything
            detail = (done.stderr or done.stdout).strip()[-300:] or f"exit {done.returncode}"
            raise _failure("PUB021", detail=detail)
        return pdf.read_bytes()


def tagged_pdf(docx: bytes, title: str, language_tag: str) -> tuple[bytes, list[Diagnostic]]:
    """The PDF of the Word document `docx`, converted and repaired, and what it still lacks
    (PUB022 diagnostics, one per problem)."""
    from tilsyn.diagnostics import diagnostic
    from tilsyn.report.tagged import check, figure_alts, repair

    pdf = repair(convert(docx), figure_alts(docx), title, language_tag)
    return pdf, [diagnostic("PUB022", variant, params) for variant, params in check(pdf)]


def docx_to_pdf(docx: bytes, title: str, language_tag: str, strict: bool = True) -> bytes:
    """A tagged, checked PDF of `docx`; OutputError (PUB022, with each problem) when it falls
    short and `strict`."""
    pdf, problems = tagged_pdf(docx, title, language_tag)
    if problems and strict:
        failure = _failure("PUB022")
        failure.diagnostics = problems
        raise failure
    return pdf


def _failure(code: str, **params: str) -> Exception:
    """An OutputError (exit 3) worded by the registry in the user's language."""
    from tilsyn.diagnostics import render
    from tilsyn.errors import OutputError

    message, hint = render(code, params=params)
    return OutputError(f"{code} {message}", hint=hint)
