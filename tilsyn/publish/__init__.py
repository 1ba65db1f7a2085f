"""Publishing the report an author finished in Word: checked, then written as a tagged PDF
and/or an accessible web page.

    >>> from tilsyn.publish import publish
    >>> publish("rapport-ferdig.docx", ["rapport.pdf", "rapport.html"])

Nothing is written while the document has a problem a reader would meet (PUB001-PUB011:
placeholders, the draft marking, pictures without alt text, ...), unless `draft`: a draft for
comments keeps its marking and its placeholders, and the problems come back as warnings. The
PDF is LibreOffice's of the document itself, repaired and checked (tilsyn/report/pdf.py); the
web page is the document read back into the report's tree (reader.py) and written by the same
writer as `tilsyn report -o rapport.html`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tilsyn.errors import WARNING, Diagnostic, TilsynError

SUFFIXES = (".pdf", ".html")


def publish(
    source: str | Path, outputs: list[str | Path], *, draft: bool = False
) -> list[Diagnostic]:
    """Write `outputs` (.pdf, .html) from the Word document `source`; every output is made
    before any is written. Returns the problems let through as warnings (`draft`); raises
    TilsynError with them (exit 1) otherwise, and OutputError (PUB020-PUB022) for the PDF."""
    from tilsyn.diagnostics import phrase
    from tilsyn.outputs import write_bytes
    from tilsyn.publish.checks import check
    from tilsyn.publish.wordml import open_edited

    source = Path(source)
    edited = open_edited(source)
    with edited.archive:
        problems = check(edited)
        if problems and not draft:
            raise TilsynError(
                phrase("publish_blocked", path=source, n=len(problems)),
                hint=phrase("publish_blocked_hint"),
                diagnostics=problems,
            )
        made = {Path(out): _made(edited, Path(out), draft) for out in outputs}
    for path, (data, warnings) in made.items():
        write_bytes(path, data)
        problems += warnings
    return [replace(p, severity=WARNING) for p in problems]


def _made(edited, output: Path, draft: bool) -> tuple[bytes, list[Diagnostic]]:
    if output.suffix.lower() == ".html":
        from tilsyn.publish.reader import read_document
        from tilsyn.report.html.writer import render_html

        return render_html(read_document(edited)), []
    from tilsyn.report.pdf import docx_to_pdf, tagged_pdf

    document, title, tag = edited.path.read_bytes(), edited.title, edited.styles.language()
    if draft:  # a draft for comments: what the PDF lacks is said, not a reason to stop
        return tagged_pdf(document, title, tag)
    return docx_to_pdf(document, title, tag), []
