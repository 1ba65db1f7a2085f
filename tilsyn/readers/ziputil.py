"""Open Office files (zip containers) safely: refuse what is not a zip, encrypted or a bomb.

Checked from the zip directory before anything is inflated: Python's zipfile never inflates
past the declared size, so capping declared sizes and ratios is sound. A damaged member (bad
CRC, broken compression) is found when it is read: `read_member`.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from tilsyn.diagnostics import read_error
from tilsyn.readers.base import ReadError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 300 * 1024 * 1024
MAX_RATIO = 100
# Text compresses far better than 100:1 when it repeats (a long note of one phrase), so the
# ratio counts only for members larger than any honest form or sheet part; what a sheet
# expands to through shared strings is bounded by the spreadsheet reader.
RATIO_FROM_BYTES = 8 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_office_zip(path: Path) -> zipfile.ZipFile:
    """A ZipFile for an Office file, or a ReadError saying exactly why it cannot be one."""
    size = path.stat().st_size
    if size == 0:
        raise read_error("READ003")
    if size > MAX_FILE_BYTES:
        raise read_error(
            "READ010",
            params={"size": size // (1024 * 1024), "limit": MAX_FILE_BYTES // (1024 * 1024)},
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        raise read_error("READ011")
    if not head.startswith(b"PK"):
        raise read_error("READ009", "not_zip")
    try:
        archive = zipfile.ZipFile(path)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise read_error("READ009", "zip", {"detail": exc}) from None
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            archive.close()
            raise read_error("READ011", "part", {"part": member.filename})
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            archive.close()
            raise read_error(
                "READ009",
                "method",
                {"part": member.filename, "detail": f"method {member.compress_type}"},
            )
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if (
            member.file_size > MAX_MEMBER_BYTES
            or total > MAX_TOTAL_BYTES
            or (member.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO)
        ):
            archive.close()
            raise read_error(
                "READ012",
                params={
                    "member": member.filename,
                    "bytes": member.file_size,
                    "ratio": f"{ratio:.0f}",
                },
            )
    return archive


# What zipfile raises for a member it cannot unpack (bad CRC, broken compression, ...).
DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)


def damaged(name: str, exc: Exception) -> ReadError:
    return read_error("READ009", "unpack", {"part": name, "detail": exc})


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """One member's bytes, or a ReadError when it is damaged (bad CRC, broken compression)."""
    try:
        return archive.read(name)
    except DAMAGE as exc:
        raise damaged(name, exc) from None
