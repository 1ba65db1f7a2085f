"""The two baselines tilsyn's Word form reader is measured against, on the same forms.

The floor is the least any reader must do: unzip `word/document.xml` and parse it. The
python-docx reader is what one would write without tilsyn: open the document with python-docx
and collect every content control's tag with its text or checkbox state.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"


def floor(path: Path) -> object:
    """Unzip and parse the document XML, nothing more."""
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def python_docx(path: Path) -> dict[str, list[str]]:
    """Content-control tag -> texts (or "checked"/"unchecked" for a checkbox), via python-docx."""
    from docx import Document

    body = Document(str(path)).element.body
    found: dict[str, list[str]] = {}
    for sdt in body.iter(f"{{{W}}}sdt"):
        tag = sdt.find(f"{{{W}}}sdtPr/{{{W}}}tag")
        if tag is None:
            continue
        checked = sdt.find(f"{{{W}}}sdtPr/{{{W14}}}checkbox/{{{W14}}}checked")
        if checked is not None:
            value = "checked" if checked.get(f"{{{W14}}}val") in ("1", "true") else "unchecked"
        else:
            value = "".join(t.text or "" for t in sdt.iter(f"{{{W}}}t"))
        found.setdefault(tag.get(f"{{{W}}}val"), []).append(value)
    return found
