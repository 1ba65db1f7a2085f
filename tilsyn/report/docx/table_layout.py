"""Table layout that survives LibreOffice, PDF and print: columns wide enough for their longest
word (a header never breaks mid-word), numbers right-aligned, short tables kept on one page and
long ones never leaving a single row behind.

Widths are estimated from the characters in the widest font LibreOffice may fall back to
(DejaVu Sans Bold), so a header fits whether Calibri, Carlito or neither is installed; taken
from the columns that have room to spare: every word whole where the table has room for that,
else the header's words and the numbers, else left alone.
"""

from __future__ import annotations

import re
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
POINT_TWIPS = 20  # one point, in twips
MARGIN_TWIPS = 260  # the cell's left and right margins, and a little to spare
# Advance widths (thousandths of an em) of DejaVu Sans Bold, the widest sans-serif LibreOffice
# falls back to where the report's font (Calibri, or its metric twin Carlito) is missing: a
# column wide enough in it is wide enough in any of them. Any other character counts as 1000.
_ADVANCE = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ0123456789 %,.-–()/:«»",
        (
            675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716,
            493, 595, 478, 712, 652, 924, 645, 652, 582, 1048, 687, 675, 774, 762, 734, 830, 683,
            683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774,
            1103, 771, 724, 725, 1085, 850, 774, *[696] * 10, 348, 1002, 380, 380, 415, 500,
            457, 457, 365, 400, 646, 646,
        ),
        strict=True,
    )
)  # fmt: skip
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


def text_width(text: str, points: int = 9) -> int:
    """The width (twips) of `text` at `points` in the widest fallback font, with the cell's
    margins."""
    ems = sum(_ADVANCE.get(ch, 1000) for ch in text)
    return ems * points * POINT_TWIPS // 1000 + MARGIN_TWIPS


def _needed(texts: list[str], numeric: bool, points: int) -> tuple[int, int]:
    """The narrowest widths (twips) that keep a column's words whole: (the header's words and
    its numbers, which must never break; every word of the column, which had better not)."""
    header, body = texts[0], texts[1:]
    words = [w for text in body for w in text.split()]
    hard = header.split() + (body if numeric else [])
    width = max((text_width(w, points) for w in hard), default=MARGIN_TWIPS)
    return width, max([width, *(text_width(w, points) for w in words)])


def fit_tables(body: Any, small: set[str] = frozenset()) -> None:
    """Widen each column to its longest word from the columns with room, right-align the
    columns of numbers, and keep the rows together (see the module's docstring). `small`
    holds the style ids of the 7 pt header (a scorecard, a wide matrix)."""
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
        style = rows[0].find(f".//{W}pStyle")
        points = 7 if style is not None and style.get(f"{W}val") in small else 9
        hard, soft = zip(
            *(_needed(t, n, points) for t, n in zip(texts, numeric, strict=False)), strict=True
        )
        _fit(table, columns, list(soft)) or _fit(table, columns, list(hard))
        for column, is_number in zip(columns, numeric, strict=False):
            if is_number:
                for cell in column:
                    for paragraph in cell.findall(f"{W}p"):
                        _set(paragraph, "jc", _AFTER_JC, "right")
        _keep_together(rows)


def _fit(table: Any, columns: list[tuple], needed: list[int]) -> bool:
    """Widen the columns narrower than `needed` from those with room; False when the table
    cannot give every column its need."""
    widths = []
    for column in columns:
        width = column[0].find(f"{W}tcPr/{W}tcW")
        widths.append(int(width.get(f"{W}w", "0")) if width is not None else 0)
    if not all(widths) or sum(needed) > sum(widths):
        return False
    short = sum(max(0, n - w) for n, w in zip(needed, widths, strict=False))
    if not short:
        return True
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
    return True


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
