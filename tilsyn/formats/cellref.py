"""Column letters of A1 cell references, as both spreadsheet readers and the export writer name
columns: kept here so that none of them imports another, nor openpyxl (about 50 ms to import)
for a few lines."""

from __future__ import annotations


def column_letter(number: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """A -> 1, AA -> 27, in either case; a ValueError for anything but one to three letters
    A-Z (ZZZ, as openpyxl allows, is past Excel's last column XFD)."""
    if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
        raise ValueError(f"{letters[:20]!r} is not a column")
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number
