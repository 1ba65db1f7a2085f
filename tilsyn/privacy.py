"""Find and redact personal data in free text (observer notes, message texts).

What is found (the ``kind`` of a :class:`Finding`):

``fodselsnummer``
    Norwegian national identity number: 11 digits ``DDMMYYIIIKK`` with two mod-11 check
    digits, written together or in groups joined by any separators (``010190 12345``,
    ``010190.12345``, ``01.01.90 12345``, ``010190  12345``).
``d_number``
    D-number: a fødselsnummer whose first digit has 4 added (day 41-71).
``phone``
    Norwegian phone number: 8 digits, first digit 2-9, optionally after ``+47``, ``0047`` or
    ``47``, written together or grouped the ways people write them (``22 33 44 55``,
    ``987 65 432``, ``91 234 567``, ``2233 4455``, also with dots or hyphens between the groups).
``email``
    E-mail address, also written ``ola(at)nav.no`` or ``ola [at] nav [dot] no``.
``name``
    A name from a list the user gives (case-insensitive, whole words, any letters), and any
    run of two to four capitalised words (in any script's letters, or in capitals, joined by
    any space, with particles such as "van der") that is not led by the name of an institution
    ("Sigrid Haugland"): a full name need not be on a list to be redacted. A lone first name
    is found only when it is on the list.

Not taken as phone numbers: the public numbers in :data:`PUBLIC_PHONE_NUMBERS` (the NKS
number 55 55 33 33), dates and times (``10.02.2021``, ``14.30``, ``2021-2022``, ``20210315``),
decimals (``14,5``) and amounts starting with 1 (``kr 12 345 678``). Nothing is found inside a
longer run of digits (``123456789012``) or in digits glued to others by a lone dot or comma
(a decimal). An 11-digit number is looked for on the boundaries of digit groups, so
``22 33 44 55 66`` holds none; a run of digit groups separated by single spaces is read left
to right for phone numbers, so ``22 33 44 55 66`` gives the phone number ``22 33 44 55``. Not
found at all: postal addresses, single names not on the list, foreign phone numbers, and dates
of birth written as ``ddmmyyyy`` that happen not to look like a phone number (one that starts
with 2-9 is redacted as a phone number, which errs on the safe side).

Redacting is idempotent: placeholders are never findings, in any language. The module
imports only the standard library and tilsyn's word lookup: it is on the start-up path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from os import PathLike
from typing import Iterable

from tilsyn.texts import LANGS, Texts

__all__ = [
    "KINDS",
    "LANGUAGES",
    "PUBLIC_PHONE_NUMBERS",
    "Detector",
    "Finding",
    "find_personal_data",
    "is_valid_fodselsnummer",
    "kind_label",
    "load_names",
    "placeholder",
    "redact",
]

KINDS = ("fodselsnummer", "d_number", "phone", "email", "name")
LANGUAGES = LANGS

# Public service numbers that are not personal data, as 8 digits. Observers write them in
# notes all the time ("caller had phoned 55 55 33 33 twice"), and redacting them would hide
# useful facts about the call. 55 55 33 33 is Nav Kontaktsenter (NKS), the national call
# centre whose calls are audited. Add a number here only if it is a published number of a
# public body, never a person's or a single office employee's number.
PUBLIC_PHONE_NUMBERS = frozenset({"55553333"})


def _words(table: str, lang: str) -> dict[str, str]:
    """kind -> its word in `lang` from tilsyn/texts/words.toml (`personal_data`, `redacted`)."""
    texts = Texts("words", lang)
    return {kind: texts(f"{table}.{kind}") for kind in KINDS}


# What replaces a finding when redacting («[telefonnummer]»), and the kind in words.
_PLACEHOLDERS = {lang: _words("redacted", lang) for lang in LANGUAGES}
_LABELS = {lang: _words("personal_data", lang) for lang in LANGUAGES}

_LANG_ALIASES = {"no": "nb", "nob": "nb", "nno": "nn", "eng": "en"}

# When findings overlap the longest wins; on equal length, the lower number here.
# "not_personal" is a public phone number or a date written like a phone number: it takes
# part in resolving overlaps like a finding (so its digits are not read again as part of
# some other phone number) but is never reported or redacted.
_PRIORITY = {
    "fodselsnummer": 0,
    "d_number": 0,
    "email": 1,
    "phone": 2,
    "not_personal": 2,
    "name": 3,
}

# --- regular expressions, compiled once --------------------------------------------------
# [0-9] rather than \d: \d also matches other scripts' digits.

# At least 8 or 11 ASCII digits anywhere: a cheap test before looking for numbers.
_EIGHT_DIGITS = re.compile(r"(?:[^0-9]*[0-9]){8}")
_ELEVEN_DIGITS = re.compile(r"(?:[^0-9]*[0-9]){11}")

# Separators people put between digit groups: spaces of any width, dots, hyphens, dashes and
# slashes, up to three in a row ("010190.12480", "01.01.90 12480", "010190  12480").
_SEP_CHARS = " \t\u00a0\u2007\u2009\u202f.\\-\u2010-\u2015/"
_DIGIT_GROUP = re.compile(r"[0-9]+")

# A chain of digit groups joined by separators; an 11-digit number is looked for in it on
# group boundaries only (a number is never split inside a group), so "22 33 44 55 66" and
# "0101901 2345" hold none. Not after a decimal comma.
_FNR = re.compile(r"(?<![0-9])[0-9]+(?:[" + _SEP_CHARS + r"]{1,3}[0-9]+)*")

# 8 digits, first 2-9, with an optional country code (+47, 0047, or a bare 47 in front of the
# eight digits). Groupings accepted:
#   22334455   22 33 44 55   223 44 555   22 334 455   2233 4455
# The 2-2-2-2, 3-2-3 and 2-3-3 groupings may use a space, dot or hyphen, the same one
# throughout; 4-4 only a space ("2021-2022" is a range of years). A number glued to other
# digits by a dot, comma or hyphen is part of something else (a decimal, a date, an account
# number).
_SEP = r"(?:[ \u00a0\u2009\u202f]{1,2}|[.\-])"
_PHONE = re.compile(
    r"(?=[+0-9])"  # cheap first test at each position; the look-behinds only after it
    r"(?<![0-9])(?<![0-9][.,\-])"
    r"(?P<cc>(?:\+|00)?47" + _SEP + r"?)?"
    r"(?P<num>"
    r"[2-9][0-9]{7}"
    r"|[2-9][0-9](?P<s1>" + _SEP + r")[0-9]{2}(?P=s1)[0-9]{2}(?P=s1)[0-9]{2}"
    r"|[2-9][0-9]{2}(?P<s2>" + _SEP + r")[0-9]{2}(?P=s2)[0-9]{3}"
    r"|[2-9][0-9](?P<s3>" + _SEP + r")[0-9]{3}(?P=s3)[0-9]{3}"
    r"|[2-9][0-9]{3}[ \u00a0\u2009\u202f]{1,2}[0-9]{4}"
    r")"
    r"(?![0-9])(?![.,\-][0-9])"
)

# An e-mail address, also written to dodge robots: "ola(at)nav.no", "ola [at] nav [dot] no".
_AT = r"(?:@|[^\S\r\n]{0,3}[\(\[\{<][^\S\r\n]{0,3}(?:at|alfa|krøllalfa)[^\S\r\n]{0,3}[\)\]\}>][^\S\r\n]{0,3})"
_DOT = r"(?:\.|[^\S\r\n]{0,3}[\(\[\{<][^\S\r\n]{0,3}(?:dot|punktum|prikk)[^\S\r\n]{0,3}[\)\]\}>][^\S\r\n]{0,3})"
_EMAIL = re.compile(
    r"(?<![\w.%+\-])"
    r"[\w%+\-]+(?:\.[\w%+\-]+)*" + _AT + r"(?:[\w\-]+" + _DOT + r")+[\w\-]{2,}",
    re.IGNORECASE,
)


def _has_bracket(text: str) -> bool:
    """Whether `text` has a bracket an e-mail written "ola(at)nav.no" needs (cheap test)."""
    return "(" in text or "[" in text or "{" in text or "<" in text


_OBFUSCATED_AT = re.compile(
    r"[\(\[\{<][^\S\r\n]*(?:at|alfa|krøllalfa)[^\S\r\n]*[\)\]\}>]", re.IGNORECASE
)

_PLACEHOLDER = re.compile(
    "|".join(
        re.escape(p)
        for p in sorted(
            {p for table in _PLACEHOLDERS.values() for p in table.values()}, key=len, reverse=True
        )
    )
)

_NOT_DIGIT = re.compile(r"[^0-9]")

# A likely full name not on any list: two to four capitalised words in a row ("Sigrid
# Haugland", "Ann-Kari Dahl Vik", "Máret Ŋuvttat", "ŁUKASZ NOWAK", "Jan van der Berg").
# Letters are told by what they are (Unicode upper and lower case, combining accents), not by a
# list. Norwegian capitalises little else, so this errs on the side of redacting; words of
# institutions and places that start or end such runs are let through, so "Nav Grünerløkka" or
# "Nav Kontaktsenter" stay, while "Ring Kari Holm" is redacted whole.


def _letter_cases() -> str:
    """A str.translate table (indexed by code point; later ones stay as they are) that shows
    only the case of the letters of the Latin, Greek and Cyrillic scripts beyond ASCII: "A" for
    upper case, "ø" for lower case, U+0300 for a combining accent (lower case too, for
    decomposed text). One character stands for one, so
    a span of the shown text is a span of the text; ASCII stays, so «van» and «de» can be
    read. The pattern below then needs classes of four characters instead of 1,600 (its
    compiling took 10 ms of every start), and each stand-in is a word character exactly when
    the letters it stands for are."""
    table = [chr(code) for code in range(0x2000)]
    for code in (*range(0x80, 0x530), *range(0x1E00, 0x2000)):
        char = chr(code)
        if char.isupper() or char.istitle():
            table[code] = "A"
        elif 0x300 <= code < 0x370:
            table[code] = "\u0300"
        elif char.islower() or (char.isalpha() and code >= 0xC0):
            table[code] = "ø"
    return "".join(table)


_LETTER_CASES = _letter_cases()
_UPPER, _LOWER = "A-Z", r"a-zø\u0300"
_WORD_PART = rf"(?:[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?|[{_UPPER}]{{2,}})"
_CAP_WORD = rf"{_WORD_PART}(?:[-'\u2019]{_WORD_PART})*"
_GAP = r"[^\S\r\n]+"  # spaces of any kind, the no-break space too, but not a line break
_PARTICLE = r"(?:van|von|der|den|de|da|di|du|del|della|la|le|dos|das|ter|ten|zu|af|bin|ibn|al|el)"
_GUESSED_NAME = re.compile(
    rf"(?=[{_UPPER}])(?<![\w-]){_CAP_WORD}(?:{_GAP}(?:{_PARTICLE}{_GAP}){{0,2}}{_CAP_WORD}){{1,3}}(?![\w-])"
)
_NOT_NAME_WORDS = frozenset(
    word.casefold()
    for word in (
        "Nav",
        "Nks",
        "Kontaktsenter",
        "Kontaktsenteret",
        "Statsforvalteren",
        "Statsforvaltaren",
        "Helsetilsynet",
        "Bydel",
        "Kommune",
        "Kommunen",
        "Fylke",
        "Vakttelefon",
        "Vakttelefonen",
        "Sosialtjenesteloven",
        "Sosialtenestelova",
        "Forvaltningsloven",
        "Forvaltningslova",
        "Contact",
        "Centre",
        "Office",
        "County",
        "Governor",
        "Mandag",
        "Tirsdag",
        "Onsdag",
        "Torsdag",
        "Fredag",
        "Måndag",
        "Tysdag",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
    )
)
_PARTICLES = frozenset(_PARTICLE[3:-1].split("|"))


def _guessed_names(text: str) -> Iterable[tuple[int, int]]:
    """Spans of likely names: runs of capitalised words not led by institution words."""
    shown = text if text.isascii() else text.translate(_LETTER_CASES)
    for m in _GUESSED_NAME.finditer(shown):
        run = text[m.start() : m.end()]
        words = run.split()
        if (
            words[0].casefold() not in _NOT_NAME_WORDS
            and words[-1].casefold() not in _NOT_NAME_WORDS
        ):
            yield m.span()  # the usual case: nothing to trim
            continue
        spans = [(w.start(), w.end()) for w in re.finditer(r"\S+", run)]
        while spans and run[spans[0][0] : spans[0][1]].casefold() in _NOT_NAME_WORDS:
            spans.pop(0)
        while spans and run[spans[-1][0] : spans[-1][1]].casefold() in _NOT_NAME_WORDS:
            spans.pop()
        while spans and run[spans[0][0] : spans[0][1]] in _PARTICLES:
            spans.pop(0)
        if sum(run[s:e] not in _PARTICLES for s, e in spans) >= 2:
            yield m.start() + spans[0][0], m.start() + spans[-1][1]


_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

# Stands in for a finding while looking for more (see Detector.find): not a word character,
# digit, separator, "@" or "[", so it reads like the edge of a placeholder.
_MASK = "\x00"


def _mask(match: re.Match[str]) -> str:
    return _MASK * (match.end() - match.start())


# --- fødselsnummer -------------------------------------------------------------------------


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = sum(w * d for w, d in zip(weights, digits, strict=False)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def _fnr_kind(number: str) -> str | None:
    """'fodselsnummer', 'd_number' or None for an 11-digit ASCII string.

    The date part is checked loosely: day 1-31 (41-71 for a D-number) and month 1-12, or
    month + 40 (H-numbers, the help numbers health services give people without a known
    number, also used by NAV's synthetic test persons in Dolly), or month + 80 (synthetic
    test numbers from Skatteetaten's Tenor / Test-Norge, found in NAV's test data). Test
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


def _glued(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is glued to digits by a lone dot or comma: a decimal
    (01019012345,5) or part of a dotted number, not a number of its own."""
    return (start >= 2 and text[start - 1] in ".," and text[start - 2].isdigit()) or (
        end + 1 < len(text) and text[end] in ".," and text[end + 1].isdigit()
    )


def _fnr_in_chain(text: str, chain: re.Match[str]) -> Iterable[tuple[int, int, str]]:
    """Valid 11-digit numbers in a chain of digit groups, on group boundaries."""
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
        kind = _fnr_kind("".join(text[s:e] for s, e in groups[first : last + 1]))
        if kind:
            yield start, end, kind


def is_valid_fodselsnummer(number: str) -> bool:
    """True if `number` (11 digits, separators ignored) is a valid fødselsnummer or D-number."""
    number = re.sub("[" + _SEP_CHARS + "]", "", number)
    return (
        len(number) == 11
        and number.isascii()
        and number.isdigit()
        and _fnr_kind(number) is not None
    )


def _is_compact_iso_date(digits: str) -> bool:
    """20210315 and the like (yyyymmdd in 2000-2099): taken as a date, not a phone number.
    Phone numbers starting 20 are rare enough (Oslo numbers start 21-24) to accept the risk."""
    if not digits.startswith("20"):
        return False
    month = int(digits[4:6])
    day = int(digits[6:8])
    return 1 <= month <= 12 and 1 <= day <= 31


# --- names ---------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    # NUL stands in for findings already taken out (_MASK): a name must never match it.
    return " ".join(name.replace(_MASK, " ").split())


def _trie_regex(node: dict) -> str:
    """Regex for the strings in a character trie; '' marks the end of a string."""
    alternatives = []
    for char in sorted(k for k in node if k):
        piece = r"\s+" if char == " " else re.escape(char)
        alternatives.append(piece + _trie_regex(node[char]))
    if not alternatives:
        return ""
    ends_here = "" in node
    if len(alternatives) == 1 and not ends_here:
        return alternatives[0]
    group = "(?:" + "|".join(alternatives) + ")"
    # Greedy: the longer name is tried first, the shorter one when the longer does not fit.
    return group + "?" if ends_here else group


def _compile_names(names: Iterable[str]) -> re.Pattern[str] | None:
    trie: dict = {}
    count = 0
    for raw in names:
        name = _clean_name(raw).lower()
        if not name:
            continue
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = True
        count += 1
    if not count:
        return None
    return re.compile(r"(?<!\w)(?:" + _trie_regex(trie) + r")(?!\w)", re.IGNORECASE)


# --- API -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One piece of personal data in a text: ``text == source[start:end]``."""

    kind: str  # 'fodselsnummer' | 'd_number' | 'phone' | 'email' | 'name'
    start: int
    end: int
    text: str


def _lang(lang: str | None) -> str:
    code = (lang or "nb").strip().lower().replace("_", "-").split("-")[0]
    code = _LANG_ALIASES.get(code, code)
    if code not in _PLACEHOLDERS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return code


def kind_label(kind: str, lang: str = "nb") -> str:
    """A human word for a kind of personal data, e.g. ``kind_label('phone', 'nb')`` ->
    ``'telefonnummer'``, for messages such as "free text holds a phone number"."""
    try:
        return _LABELS[_lang(lang)][kind]
    except KeyError:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}") from None


def placeholder(kind: str, lang: str = "nb") -> str:
    """The text that replaces a finding of `kind` when redacting, e.g. ``'[navn]'``."""
    try:
        return _PLACEHOLDERS[_lang(lang)][kind]
    except KeyError:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}") from None


class Detector:
    """Finds personal data in free text; build once, use for many texts.

    `names`: names to look for (full names such as "Åse Ødegård" and single names such as
    "Per"), matched case-insensitively as whole words; runs of whitespace inside a name match
    any whitespace in the text. A single string is taken as one name.
    """

    def __init__(self, names: Iterable[str] = (), guess_names: bool = True) -> None:
        self.guess_names = guess_names
        if isinstance(names, str):
            names = (names,)
        self.names: tuple[str, ...] = tuple(dict.fromkeys(n for n in map(_clean_name, names) if n))
        self._names_re = _compile_names(self.names)
        # A name that starts or ends with something other than a letter or digit can sit
        # right against a finding in ways the quick check in _hides_more does not cover.
        self._odd_names = any(not (n[0].isalnum() and n[-1].isalnum()) for n in self.names)
        self._numbers_only = not guess_names and self._names_re is None

    def __repr__(self) -> str:
        return f"Detector(names=<{len(self.names)} names>)"

    def _candidates(self, text: str) -> list[tuple[int, int, str]]:
        found: list[tuple[int, int, str]] = []
        if _EIGHT_DIGITS.match(text):  # a phone number at least
            for m in _FNR.finditer(text):
                if _ELEVEN_DIGITS.match(m.group()):
                    found.extend(_fnr_in_chain(text, m))
            for m in _PHONE.finditer(text):
                digits = _NOT_DIGIT.sub("", m.group("num"))
                if digits in PUBLIC_PHONE_NUMBERS or (
                    len(digits) == len(m.group("num"))
                    and not m.group("cc")
                    and _is_compact_iso_date(digits)
                ):
                    found.append((m.start(), m.end(), "not_personal"))
                else:
                    found.append((m.start(), m.end(), "phone"))
        if "@" in text or (_has_bracket(text) and _OBFUSCATED_AT.search(text)):
            for m in _EMAIL.finditer(text):
                found.append((m.start(), m.end(), "email"))
        if self._names_re is not None:
            for m in self._names_re.finditer(text):
                found.append((m.start(), m.end(), "name"))
        if self.guess_names:
            found.extend((start, end, "name") for start, end in _guessed_names(text))
        return found

    def _hides_more(self, scan: str, new: list[tuple[int, int, str]]) -> bool:
        """Whether masking `new` can reveal another finding, i.e. whether some pattern's
        look-around (at most two characters) reaches into a finding from a neighbour that
        touches it. Only a shortcut: looking again would find nothing otherwise."""
        if self._odd_names:
            return any(
                (e < len(scan) and not scan[e].isspace()) or (s > 0 and not scan[s - 1].isspace())
                for s, e, _ in new
            )
        size = len(scan)
        for start, end, _ in new:
            if end < size:
                char = scan[end]
                if char.isalnum() or char in "_%+-":
                    return True
                if char in ".," and end + 1 < size and scan[end + 1] in "0123456789+":
                    return True
            if start > 0:
                char = scan[start - 1]
                if char.isalnum() or char == "_":
                    return True
                if char in ".,-" and start > 1 and scan[start - 2].isdigit():
                    return True
        return False

    def find(self, text: str | None) -> list[Finding]:
        """Personal data in `text`, sorted by position and not overlapping.

        Where candidates overlap, the longest wins (an e-mail address holding a name is one
        e-mail address); on equal length a fødselsnummer beats an e-mail address, a phone
        number and a name. Placeholders left by an earlier redaction are never findings, so
        redacting is idempotent.
        """
        if not text:
            return []
        if (
            self._numbers_only
            and "@" not in text
            and not _has_bracket(text)
            and not _EIGHT_DIGITS.match(text)
        ):
            return []  # too few digits for any number, no address, no names looked for
        scan = text
        if "[" in text:
            # Placeholders are masked, so they read exactly like findings already taken out.
            scan = _PLACEHOLDER.sub(_mask, text)
        chosen: list[tuple[int, int, str]] = []
        # A finding can hide its neighbour: the phone number in "01019012345-22334455" looks
        # glued to other digits until the fødselsnummer is taken out, and a candidate that
        # lost part of itself to a longer one may leave a shorter one. So look again, from
        # scratch, with the findings masked (same length, so positions hold) until nothing
        # new turns up: exactly what looking at the redacted text would do, which is what
        # makes redacting idempotent.
        while True:
            candidates = self._candidates(scan)
            if not candidates:
                break
            candidates.sort(key=lambda c: (c[0] - c[1], _PRIORITY[c[2]], c[0]))
            winners: list[tuple[int, int, str]] = []
            cut = False  # a candidate lost only part of itself: a shorter one may remain
            for cand in candidates:
                start, end = cand[0], cand[1]
                if not any(start < e and s < end for s, e, _ in winners):
                    winners.append(cand)
                elif not cut and not any(s <= start and end <= e for s, e, _ in winners):
                    cut = True
            new = [w for w in winners if w[2] != "not_personal"]
            if not new:
                break
            chosen.extend(new)
            if not cut and not self._hides_more(scan, new):
                break
            pieces = []
            pos = 0
            for start, end, _ in sorted(new):
                pieces.append(scan[pos:start])
                pieces.append(_MASK * (end - start))
                pos = end
            pieces.append(scan[pos:])
            scan = "".join(pieces)
        chosen.sort()
        return [Finding(kind, start, end, text[start:end]) for start, end, kind in chosen]

    def redact(self, text: str | None, lang: str = "nb") -> str | None:
        """`text` with each finding replaced by a placeholder in `lang` (nb, nn or en), such as
        "[telefonnummer]". None and "" are returned as they are."""
        if lang not in _PLACEHOLDERS:
            lang = _lang(lang)  # ValueError for a language tilsyn does not write
        if not text:
            return text
        return replace_findings(text, [(f.start, f.end, f.kind) for f in self.find(text)], lang)


def replace_findings(text: str, findings: Iterable[tuple[int, int, str]], lang: str = "nb") -> str:
    """`text` with each finding (start, end, kind; in order, not overlapping, as
    `Detector.find` gives them) replaced by its placeholder in `lang`."""
    table = _PLACEHOLDERS.get(lang) or _PLACEHOLDERS[_lang(lang)]
    pieces = []
    pos = 0
    for start, end, kind in findings:
        pieces.append(text[pos:start])
        pieces.append(table[kind])
        pos = end
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)


@lru_cache(maxsize=16)
def _detector(names: tuple[str, ...]) -> Detector:
    return Detector(names)


def _names_key(names: Iterable[str]) -> tuple[str, ...]:
    if isinstance(names, str):
        return (names,)
    return tuple(names)


def find_personal_data(text: str | None, names: Iterable[str] = ()) -> list[Finding]:
    """Personal data in `text` (see :meth:`Detector.find`). Detectors are cached by names."""
    return _detector(_names_key(names)).find(text)


def redact(text: str | None, lang: str = "nb", names: Iterable[str] = ()) -> str | None:
    """`text` with personal data replaced by placeholders (see :meth:`Detector.redact`)."""
    return _detector(_names_key(names)).redact(text, lang)


def load_names(path: str | PathLike[str]) -> list[str]:
    """Names from a UTF-8 text file, one per line; blank lines and lines starting with # are
    skipped, a byte-order mark is allowed, repeated names are kept once."""
    with open(path, encoding="utf-8-sig") as handle:
        lines = (_clean_name(line) for line in handle)
        return list(dict.fromkeys(line for line in lines if line and not line.startswith("#")))


def shown_path(path: str, personal_data: bool = False, lang: str = "nb") -> str:
    """An input's path as the user named it: relative to the working folder when inside it,
    else its file name alone, so the folders above (a home folder with a person's name) never
    reach a report or export; personal data in the names redacted unless asked for."""
    import os
    from pathlib import Path

    try:
        shown = os.path.relpath(os.path.abspath(path))
    except ValueError:  # another drive on Windows
        shown = Path(path).name
    if shown == os.pardir or shown.startswith(os.pardir + os.sep):
        shown = Path(path).name
    return shown if personal_data else redact(shown, lang)
