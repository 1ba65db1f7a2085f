"""What a console can show: stdout and stderr in a legacy encoding (cp1252, cp850) stay legible.

On Windows, output redirected to a file or a pipe, and any console under `PYTHONIOENCODING`,
is encoded in the ANSI or OEM code page. cp1252 has «», æøå and the dashes but not ✔ ✘ − ≤ ≠;
cp850 lacks … and – as well. Python would then raise (stdout) or print `\\u2714` (stderr). A
character the encoding lacks is shown as a fallback instead («✔» as «v», «≤» as «<=»), so
Norwegian letters survive wherever the encoding has them and nothing raises. rich draws its
tables with ASCII lines itself when the encoding is not a Unicode one. JSON on stdout is never
changed: a character the encoding lacks is written as a JSON escape (`\\u2264`), which loses
nothing. Only the standard library is imported here: `main()` calls `legible_streams` first.
"""

from __future__ import annotations

import codecs
import sys
import unicodedata
from typing import TextIO

LEGIBLE = "tilsyn.legible"
JSON_ESCAPE = "tilsyn.json-escape"

# One character where one will do, so that rich's tables stay aligned.
_FALLBACKS = {
    "✔": "v",
    "✓": "v",
    "✘": "x",
    "✗": "x",
    "−": "-",
    "–": "-",
    "—": "-",
    "…": "...",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "±": "+/-",
    "●": "*",
    "•": "*",
    "→": "->",
    "×": "x",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "æ": "ae",
    "Æ": "AE",
    "ø": "oe",
    "Ø": "OE",
    "å": "aa",
    "Å": "AA",
}


def is_unicode(encoding: str | None) -> bool:
    """Whether an encoding holds every character (UTF-8, UTF-16, ...); unknown ones do not."""
    try:
        return codecs.lookup(encoding or "ascii").name.startswith("utf")
    except LookupError:
        return False


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _fallback(char: str, encoding: str) -> str:
    """What to show for a character the encoding lacks: ours, the letter without its accent
    (é as e), a line of a box as - | +, else ?."""
    name = unicodedata.name(char, "")
    candidates = [
        _FALLBACKS.get(char, ""),
        "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)),
    ]
    if name.startswith("BOX DRAWINGS"):
        horizontal, vertical = "HORIZONTAL" in name, "VERTICAL" in name
        candidates.append("+" if horizontal == vertical else "-" if horizontal else "|")
    for candidate in candidates:
        if candidate and candidate != char and _encodes(candidate, encoding):
            return candidate
    return "?"


def _legible(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    lacking = error.object[error.start : error.end]
    return "".join(_fallback(c, error.encoding) for c in lacking), error.end


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    lacking = error.object[error.start : error.end]
    escaped = "".join(
        f"\\u{unit:04x}"
        for char in lacking
        for unit in _utf16_units(char)  # beyond the BMP: a surrogate pair, as JSON writes it
    )
    return escaped, error.end


def _utf16_units(char: str) -> list[int]:
    data = char.encode("utf-16-be")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


codecs.register_error(LEGIBLE, _legible)
codecs.register_error(JSON_ESCAPE, _json_escape)


def legible(text: str, encoding: str) -> str:
    """`text` as a console in `encoding` shows it (the same text in a Unicode encoding)."""
    if is_unicode(encoding):
        return text
    return text.encode(encoding, errors=LEGIBLE).decode(encoding)


def legible_streams() -> None:
    """From now on, stdout and stderr show a fallback for what their encoding lacks."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if encoding and not is_unicode(encoding) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=LEGIBLE)


def json_for(stream: TextIO, text: str) -> str:
    """JSON text that `stream` can carry without loss: characters its encoding lacks escaped."""
    encoding = getattr(stream, "encoding", None)
    if not encoding or is_unicode(encoding):
        return text
    return text.encode(encoding, errors=JSON_ESCAPE).decode(encoding)
