"""A `--template` is checked before it is used: a Word document (.docx, a zip of XML parts)
that declares no DTD. Word never writes a DOCTYPE; one in a template could only expand
entities or fetch files, so it is refused with RPT001, as a damaged or missing template is."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tilsyn.diagnostics import render

# No template's XML part is this large; larger ones are not searched (a zip bomb is refused).
_MAX_PART = 50 * 1024 * 1024


def check_template(path: Path) -> None:
    """ReportError (RPT001) unless `path` is a .docx file whose parts declare no DTD."""
    try:
        if not path.is_file():
            _refuse("missing" if not path.exists() else "not_file", path)
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                if member.filename.endswith((".xml", ".rels")):
                    _check_part(archive, member, path)
    except zipfile.BadZipFile:
        _refuse("not_docx", path)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        _refuse("unreadable", path, getattr(exc, "strerror", None) or str(exc))


def _check_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, path: Path) -> None:
    if member.file_size > _MAX_PART:
        _refuse("not_docx", path)
    data = archive.read(member)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16", "replace").encode("utf-8")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        _refuse("doctype", path, member.filename)


def _refuse(variant: str, path: Path, detail: str = "") -> None:
    from tilsyn.report.text import ReportError

    message, hint = render("RPT001", variant, {"path": path, "detail": detail})
    raise ReportError("RPT001", message, hint)
