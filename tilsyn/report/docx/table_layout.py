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
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Layout:
    """How a table is laid out: its columns' widths (twips), which columns hold numbers (set
    right), and which rows keep with the next (short tables whole on a page)."""

    widths: list[int]
    numeric: list[bool]
    kept: frozenset[int]


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


def lay_out(rows: list[list[str]], widths: list[int], points: int = 9) -> Layout:
    """Widen each column to its longest word from the columns with room, mark the columns of
    numbers, and keep the rows together (see the module's docstring). `rows` are the texts,
    the header first; `widths` the columns' suggested widths; `points` the header's size."""
    if len(rows) < 2:
        return Layout(widths, [False] * len(widths), frozenset())
    texts = [[row[i].strip() for row in rows] for i in range(len(widths))]
    numeric = [
        all(_NUMBER.fullmatch(t) for t in column[1:] if t) and any(t for t in column[1:])
        for column in texts
    ]
    needs = [_needed(t, n, points) for t, n in zip(texts, numeric, strict=True)]
    hard, soft = [n[0] for n in needs], [n[1] for n in needs]
    fitted = _fit(widths, soft) or _fit(widths, hard) or widths
    return Layout(fitted, numeric, _kept(len(rows)))


def _fit(widths: list[int], needed: list[int]) -> list[int] | None:
    """The columns narrower than `needed` widened from those with room; None when the table
    cannot give every column its need."""
    if not all(widths) or sum(needed) > sum(widths):
        return None
    short = sum(max(0, n - w) for n, w in zip(needed, widths, strict=True))
    if not short:
        return widths
    room = [max(0, w - n) for n, w in zip(needed, widths, strict=True)]
    total_room = sum(room)
    return [
        max(w, n) - (short * r // total_room if r else 0)
        for w, n, r in zip(widths, needed, room, strict=True)
    ]


def _kept(rows: int) -> frozenset[int]:
    """Short tables on one page; a long one keeps its first two rows and its last two together,
    so a page never holds a single row of it."""
    if rows <= KEEP_WHOLE:
        return frozenset(range(rows - 1))
    return frozenset({0, 1, rows - 2})
