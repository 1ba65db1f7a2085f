"""Cell text that a spreadsheet will not run as a formula (CSV / formula injection).

Excel and LibreOffice treat a cell that begins with `=`, `+`, `-` or `@` as a formula, and
strip a leading tab or carriage return before looking; a note such as `=HYPERLINK(...)` typed
by anyone could then run when an auditor opens the export. So:

- in .xlsx every string is stored as text, never as a formula, and a risky one also gets the
  quote-prefix style so it stays text when the cell is edited (see `workbook.py`);
- in CSV a risky text gets one leading apostrophe, the escape spreadsheets themselves use for
  "this is text". The CSV reader removes exactly one such apostrophe, so the value reads back
  as it was. Text that already begins with apostrophes before a risky character gets one more,
  so escaping and un-escaping are exact inverses for every string.
"""

from __future__ import annotations

import re

RISKY_FIRST = frozenset("=+-@\t\r")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


def is_risky(text: str) -> bool:
    """Whether a spreadsheet could take this text for a formula."""
    return text[:1] in RISKY_FIRST


def escape_csv(text: str) -> str:
    """`=1+1` -> `'=1+1`; `'=1+1` -> `''=1+1`; anything else unchanged."""
    if is_risky(text) or (text[:1] == "'" and _ESCAPED.match(text)):
        return "'" + text
    return text


def unescape_csv(text: str) -> str:
    """The inverse of `escape_csv`: remove one apostrophe in front of a risky character."""
    if text[:1] == "'" and _ESCAPED.match(text):
        return text[1:]
    return text
