"""Table layout that survives LibreOffice, PDF and print: columns wide enough for their longest
word (a header never breaks mid-word), numbers right-aligned, short tables kept on one page and
long ones never leaving a single row behind.

Widths are estimated from the characters (no font metrics at hand): generous enough at the
template's 9 pt, taken from the columns that have room to spare, and left alone when the table
cannot fit its words at all.
"""

from __future__ import annotations

import re
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHAR_TWIPS = 105  # a 9 pt bold character, generously
MARGIN_TWIPS = 230  # the cell's left and right margins
KEEP_WHOLE = 12  # a table of at most this many rows is kept on one page
_NUMBER = re.compile(
    r"–|[−-]?\d[\d\u00a0 .,]*(?:\u00a0?%)?(?:–[\d\u00a0 .,]+\u00a0?%?)?"
    r"|\d+[\s\u00a0](?:av|of)[\s\u00a0]\d+",
    re.I,
)
# The elements of w:pPr that come after w:keepNext and after w:jc, in the schema's order.
_AFTER_KEEP = {
    f"{W}{t}"
    for t in (
        "keepLines pageBreakBefore framePr widowControl numPr "
        "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku "
        "wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
        "bidi adjustRightInd snapToGrid spacing ind contextualSpacing "
        "mirrorIndents suppressOverlap jc textDirection textAlignment "
        "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr "
        "pPrChange"
    ).split()
}
_AFTER_JC = {
    f"{W}{t}"
    for t in (
        "textDirection textAlignment textboxTightWrap outlineLvl divId "
        "cnfStyle rPr sectPr pPrChange"
    ).split()
}


def _text(cell: Any) -> str:
    return "".join(t.text or "" for t in cell.iter(f"{W}t")).strip()


def _ppr(paragraph: Any) -> Any:
    from lxml import etree

    ppr = paragraph.find(f"{W}pPr")
    if ppr is None:
        ppr = etree.Element(f"{W}pPr")
        paragraph.insert(0, ppr)
    return ppr


def _set(paragraph: Any, tag: str, after: set[str], value: str | None = None) -> None:
    """Put w:`tag` into the paragraph's properties at its place in the schema's order."""
    from lxml import etree

    ppr = _ppr(paragraph)
    if ppr.find(f"{W}{tag}") is not None:
        return
    element = etree.Element(f"{W}{tag}")
    if value is not None:
        element.set(f"{W}val", value)
    following = next((child for child in ppr if child.tag in after), None)
    if following is None:
        ppr.append(element)
    else:
        following.addprevious(element)


def _needed(texts: list[str], numeric: bool) -> int:
    """The narrowest width (twips) that keeps the column's words on a line: the header's words,
    and a number whole («57,3–80,5 %»)."""
    header, body = texts[0], texts[1:]
    words = header.split() + (body if numeric else [w for text in body for w in text.split()])
    return max((len(w) for w in words), default=0) * CHAR_TWIPS + MARGIN_TWIPS


def fit_tables(body: Any) -> None:
    """Widen each column to its longest word from the columns with room, right-align the
    columns of numbers, and keep the rows together (see the module's docstring)."""
    for table in body.iter(f"{W}tbl"):
        rows = table.findall(f"{W}tr")
        cells = [row.findall(f"{W}tc") for row in rows]
        if (
            len(rows) < 2
            or len({len(r) for r in cells}) != 1
            or table.find(f".//{W}gridSpan") is not None
        ):
            continue
        columns = list(zip(*cells, strict=False))
        texts = [[_text(c) for c in column] for column in columns]
        numeric = [
            all(_NUMBER.fullmatch(t) for t in column[1:] if t) and any(t for t in column[1:])
            for column in texts
        ]
        _fit(table, columns, [_needed(t, n) for t, n in zip(texts, numeric, strict=False)])
        for column, is_number in zip(columns, numeric, strict=False):
            if is_number:
                for cell in column:
                    for paragraph in cell.findall(f"{W}p"):
                        _set(paragraph, "jc", _AFTER_JC, "right")
        _keep_together(rows)


def _fit(table: Any, columns: list[tuple], needed: list[int]) -> None:
    widths = []
    for column in columns:
        width = column[0].find(f"{W}tcPr/{W}tcW")
        widths.append(int(width.get(f"{W}w", "0")) if width is not None else 0)
    if not all(widths) or sum(needed) > sum(widths):
        return
    short = sum(max(0, n - w) for n, w in zip(needed, widths, strict=False))
    if not short:
        return
    room = [max(0, w - n) for n, w in zip(needed, widths, strict=False)]
    total_room = sum(room)
    fitted = [
        max(w, n) - (short * r // total_room if r else 0)
        for w, n, r in zip(widths, needed, room, strict=False)
    ]
    for column, value in zip(columns, fitted, strict=False):
        for cell in column:
            width = cell.find(f"{W}tcPr/{W}tcW")
            if width is not None:
                width.set(f"{W}w", str(value))
    grid = table.find(f"{W}tblGrid")
    if grid is not None and len(grid) == len(fitted):
        for column, value in zip(grid, fitted, strict=False):
            column.set(f"{W}w", str(value))


def _keep_together(rows: list[Any]) -> None:
    """Short tables on one page; a long one keeps its first two rows and its last two together,
    so a page never holds a single row of it."""
    if len(rows) <= KEEP_WHOLE:
        kept = rows[:-1]
    else:
        kept = [rows[0], rows[1], rows[-2]]
    for row in kept:
        for paragraph in row.iter(f"{W}p"):
            _set(paragraph, "keepNext", _AFTER_KEEP)
