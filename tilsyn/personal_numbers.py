"""Numbers that identify a person in free text: fødselsnummer, D-number and phone numbers.

`number_candidates` gives every span that may be one, as ``(start, end, kind)``; the
detector in tilsyn.privacy resolves overlaps. Text is searched as `normalise` shows it (one
character for one, so spans hold): other scripts' digits and full-width forms read as ASCII,
so ``９１２３４５６７`` is a phone number and ``ola＠nav.no`` an e-mail address. Digit groups
may be broken over a line, as text pasted from a form often is. Only the standard library:
this module is on the start-up path.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Iterable

# --- normalising ---------------------------------------------------------------------------

# Full-width and other look-alike punctuation a phone number or an address is written with.
_LOOK_ALIKES = {
    "\uff20": "@",
    "\ufe6b": "@",
    "\uff0b": "+",
    "\u2795": "+",
    "\uff08": "(",
    "\uff09": ")",
    "\uff3b": "[",
    "\uff3d": "]",
    "\uff0e": ".",
    "\uff0d": "-",
    "\u2212": "-",
    "\uff0f": "/",
    "\uff0c": ",",
    "\u3000": " ",
}


@cache
def _normal_forms() -> str:
    """A str.translate table: every decimal digit of any script as its ASCII digit, full-width
    and look-alike punctuation as ASCII; other characters stay (one for one)."""
    import unicodedata

    table = [chr(code) for code in range(0x10000)]
    for code in range(0x80, 0x10000):
        char = chr(code)
        if char.isdecimal():
            table[code] = str(unicodedata.decimal(char))
    for char, plain in _LOOK_ALIKES.items():
        table[ord(char)] = plain
    return "".join(table)


def normalise(text: str) -> str:
    """`text` with digits and punctuation in their ASCII form, same length (spans hold)."""
    return text if text.isascii() else text.translate(_normal_forms())


# --- fødselsnummer -------------------------------------------------------------------------

# At least 8 or 11 ASCII digits anywhere: a cheap test before looking for numbers.
EIGHT_DIGITS = re.compile(r"(?:[^0-9]*[0-9]){8}")
_ELEVEN_DIGITS = re.compile(r"(?:[^0-9]*[0-9]){11}")

# Separators people put between digit groups: spaces of any width, dots, hyphens, dashes,
# slashes and one line break, up to three in a row ("010190.12480", "01.01.90 12480",
# "010190  12480", "010190\n12480").
_SEP_CHARS = " \t\u00a0\u2007\u2009\u202f.\\-\u2010-\u2015/"
_DIGIT_GROUP = re.compile(r"[0-9]+")
_LINE = r"(?:\r\n|\r|\n)"
_FNR_SEP = rf"(?:[{_SEP_CHARS}]{{1,3}}|[{_SEP_CHARS}]{{0,2}}{_LINE}[{_SEP_CHARS}]{{0,2}})"

# A chain of digit groups joined by separators; an 11-digit number is looked for in it on
# group boundaries only (a number is never split inside a group), so "22 33 44 55 66" and
# "0101901 2345" hold none.
FNR_CHAIN = re.compile(rf"(?<![0-9])[0-9]+(?:{_FNR_SEP}[0-9]+)*")

# A date of birth written with its century, then the five digits: "01.01.1990 12480",
# "1.1.1990-12480", "01011990 12480". The century is left out of the number.
_FULL_YEAR = re.compile(
    rf"(?<![0-9])(?P<d>[0-9]{{2}}|[0-9](?=[{_SEP_CHARS}]))[{_SEP_CHARS}]{{0,2}}"
    rf"(?P<m>[0-9]{{2}}|[0-9](?=[{_SEP_CHARS}]))[{_SEP_CHARS}]{{0,2}}"
    rf"(?:18|19|20)(?P<y>[0-9]{{2}}){_FNR_SEP}?(?P<i>[0-9]{{5}})(?![0-9])"
)

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = sum(w * d for w, d in zip(weights, digits, strict=False)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def fnr_kind(number: str) -> str | None:
    """'fodselsnummer', 'd_number' or None for an 11-digit ASCII string.

    The date part is checked loosely: day 1-31 (41-71 for a D-number) and month 1-12, or
    month + 40 (H-numbers, the help numbers health services give people without a known
    number, also used by Nav's synthetic test persons in Dolly), or month + 80 (synthetic
    test numbers from Skatteetaten's Tenor / Test-Norge, found in Nav's test data). Test
    numbers are redacted like real ones: a note cannot tell them apart. The year and the
    individual number are not checked against each other, and days beyond a month's end
    (30 February) are accepted.
    """
    digits = [ord(c) - 48 for c in number]
    k1 = _check_digit(digits[:9], _W1)
    if k1 is None or k1 != digits[9]:
        return None
    k2 = _check_digit(digits[:10], _W2)
    if k2 is None or k2 != digits[10]:
        return None
    day = digits[0] * 10 + digits[1]
    month = digits[2] * 10 + digits[3]
    kind = "fodselsnummer"
    if day > 40:
        day -= 40
        kind = "d_number"
    if not 1 <= day <= 31:
        return None
    if month > 80:
        month -= 80
    elif month > 40:
        month -= 40
    if not 1 <= month <= 12:
        return None
    return kind


def strip_separators(number: str) -> str:
    """The digits of a number written with separators."""
    return re.sub(rf"[{_SEP_CHARS}\r\n]", "", number)


def _glued(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is glued to digits by a lone dot or comma: a decimal
    (01019012345,5) or part of a dotted number, not a number of its own."""
    return (start >= 2 and text[start - 1] in ".," and text[start - 2].isdigit()) or (
        end + 1 < len(text) and text[end] in ".," and text[end + 1].isdigit()
    )


_MARK = re.compile(r"[^\s0-9]+")


def _phone_list(chain: str) -> bool:
    """Whether a chain of digit groups is phone numbers joined by marks: «619 279 00-496 767
    00», «22334455,99887766». Any 11 digits across a join are not a fødselsnummer, even where
    they happen to check as one."""
    parts = _MARK.split(chain.replace(",", "-"))
    return len(parts) > 1 and all(len(_NOT_DIGIT.sub("", p)) == 8 for p in parts)


def _fnr_in_chain(text: str, chain: re.Match[str]) -> Iterable[tuple[int, int, str]]:
    """Valid 11-digit numbers in a chain of digit groups, on group boundaries; none in a chain
    of phone numbers joined by marks (`_phone_list`)."""
    if _phone_list(chain.group()):
        return
    groups = [(g.start(), g.end()) for g in _DIGIT_GROUP.finditer(text, chain.start(), chain.end())]
    for first in range(len(groups)):
        digits = 0
        for last in range(first, len(groups)):
            digits += groups[last][1] - groups[last][0]
            if digits >= 11:
                break
        if digits != 11:
            continue
        start, end = groups[first][0], groups[last][1]
        if _glued(text, start, end):
            continue
        kind = fnr_kind("".join(text[s:e] for s, e in groups[first : last + 1]))
        if kind:
            yield start, end, kind


def _fnr_after_full_year(text: str) -> Iterable[tuple[int, int, str]]:
    for m in _FULL_YEAR.finditer(text):
        number = f"{m['d']:0>2}{m['m']:0>2}{m['y']}{m['i']}"
        kind = fnr_kind(number)
        if kind and not _glued(text, m.start(), m.end()):
            yield m.start(), m.end(), kind


# --- phone numbers -------------------------------------------------------------------------

# Public service numbers that are not personal data, as 8 digits. Observers write them in
# notes all the time ("caller had phoned 55 55 33 33 twice"), and redacting them would hide
# useful facts about the call. 55 55 33 33 is Nav Kontaktsenter (NKS), the national call
# centre whose calls are audited. Add a number here only if it is a published number of a
# public body, never a person's or a single office employee's number.
PUBLIC_PHONE_NUMBERS = frozenset({"55553333"})

# A Norwegian number: 8 digits, first 2-9, in groups people write (2-2-2-2, 3-2-3, 2-3-3,
# 4-4, 3-3-2, 2-2-4, 4-2-2) with spaces or a line break between them, or one punctuation
# mark (dot, hyphen, slash) used throughout. Shapes that read as a date or a range of years
# are let through afterwards (`_reads_as_date`).
_SPACE = "[ \u00a0\u2007\u2009\u202f\t]"
_GAP = rf"(?:{_SPACE}{{1,2}}|{_SPACE}*{_LINE}{_SPACE}*)"
_SHAPES = ((2, 2, 2, 2), (3, 2, 3), (2, 3, 3), (4, 4), (3, 3, 2), (2, 2, 4), (4, 2, 2))


def _number(tag: str) -> str:
    """The pattern of a Norwegian number; `tag` keeps its group names apart from another
    copy's in the same pattern."""
    shapes = ["[2-9][0-9]{7}"]
    for index, (first, *rest) in enumerate(_SHAPES):
        mark = f"{tag}{index}"
        head = f"[2-9][0-9]{{{first - 1}}}"
        spaced = "".join(f"{_GAP}[0-9]{{{n}}}" for n in rest)
        punct = rf"{_SPACE}?(?P<{mark}>[.\-/\u2010-\u2015]){_SPACE}?(?:{_LINE}{_SPACE}*)?"
        again = f"{_SPACE}?(?P={mark}){_SPACE}?(?:{_LINE}{_SPACE}*)?"
        marked = punct + f"[0-9]{{{rest[0]}}}" + "".join(f"{again}[0-9]{{{n}}}" for n in rest[1:])
        shapes += [head + spaced, head + marked]
    return "(?:" + "|".join(shapes) + ")"


# +47, 0047, (+47), or a bare 47 before the number or a space.
_COUNTRY = (
    rf"(?:(?:\({_SPACE}?(?:\+|00)?47{_SPACE}?\)|(?:\+{_SPACE}?|00)47)(?:{_GAP}|[.\-/])?"
    rf"|47{_SPACE}{{0,2}})"
)
# Glued to other digits by a dot, comma or hyphen, a number is part of something else (a
# decimal, a date, an account number), unless what it is glued to is a phone number too:
# "22334455,99887766" is two numbers.
PHONE = re.compile(
    r"(?=[+(0-9])"  # cheap first test at each position; the look-behinds only after it
    r"(?<![0-9])(?<![0-9][.,\-])"
    rf"(?P<cc>{_COUNTRY})?"
    rf"(?P<num>{_number('s')})"
    rf"(?![0-9])(?![.,\-](?!{_number('g')}(?![0-9]))[0-9])"
)
# A number with another country's code: "+46 70 123 45 67", "0044 20 7946 0958",
# "+1 (555) 123-4567": the code, then 6 to 13 more digits in groups. After "00" the code
# stands apart ("0046 70..."): a run of digits starting 00 is something else.
FOREIGN_PHONE = re.compile(
    r"(?<![0-9+])(?:\+(?!47)[1-9][0-9]{0,2}|(?<![0-9])00(?!47)[1-9][0-9]{0,2}(?=[ .\-/(]))"
    rf"(?:(?:{_SPACE}|[.\-/])?\(?[0-9]{{1,5}}\)?){{2,6}}(?![0-9])"
)
_NOT_DIGIT = re.compile(r"[^0-9]")


def _is_compact_iso_date(digits: str) -> bool:
    """20210315 and the like (yyyymmdd in 2000-2099): taken as a date, not a phone number.
    Phone numbers starting 20 are rare enough (Oslo numbers start 21-24) to accept the risk."""
    if not digits.startswith("20"):
        return False
    month = int(digits[4:6])
    day = int(digits[6:8])
    return 1 <= month <= 12 and 1 <= day <= 31


def _reads_as_date(number: str) -> bool:
    """A grouped 8-digit number that is a date (24.12.2021, 2021-12-24) or a range of years
    (2021-2022): not a phone number."""
    groups = [int(g) for g in _DIGIT_GROUP.findall(number)]
    sizes = [len(g) for g in _DIGIT_GROUP.findall(number)]
    punctuated = bool(re.search(r"[.\-/\u2010-\u2015]", number))

    def year(value: int) -> bool:
        return 1900 <= value <= 2099

    if sizes == [2, 2, 4]:
        return 1 <= groups[0] <= 31 and 1 <= groups[1] <= 12 and year(groups[2])
    if sizes == [4, 2, 2]:
        return year(groups[0]) and 1 <= groups[1] <= 12 and 1 <= groups[2] <= 31
    if sizes == [4, 4]:
        return punctuated and year(groups[0]) and year(groups[1])
    return False


def _phone_kind(match: re.Match[str]) -> str:
    written = match.group("num")
    digits = _NOT_DIGIT.sub("", written)
    if digits in PUBLIC_PHONE_NUMBERS:
        return "not_personal"
    if match.group("cc"):
        return "phone"
    if len(digits) == len(written):
        return "not_personal" if _is_compact_iso_date(digits) else "phone"
    return "not_personal" if _reads_as_date(written) else "phone"


def number_candidates(text: str) -> list[tuple[int, int, str]]:
    """Every span of `text` (normalised) that may be a fødselsnummer, D-number or phone
    number; "not_personal" for a public number or a date written like a phone number, which
    takes part in resolving overlaps but is never reported."""
    found: list[tuple[int, int, str]] = []
    if not EIGHT_DIGITS.match(text):
        return found
    if _ELEVEN_DIGITS.match(text):
        for m in FNR_CHAIN.finditer(text):
            if _ELEVEN_DIGITS.match(m.group()):
                found.extend(_fnr_in_chain(text, m))
        found.extend(_fnr_after_full_year(text))
    norwegian = [(m.start(), m.end(), _phone_kind(m)) for m in PHONE.finditer(text)]
    found += norwegian
    if "+" in text or "00" in text:
        # Not inside a Norwegian number that starts before it: "22 33 00 44-..." is not +44.
        for m in FOREIGN_PHONE.finditer(text):
            start, end = m.span()
            if 8 <= len(_NOT_DIGIT.sub("", m.group())) <= 15 and not any(
                s < start < e for s, e, _ in norwegian
            ):
                found.append((start, end, "phone"))
    return found
