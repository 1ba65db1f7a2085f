"""Find and redact personal data in free text (observer notes, message texts).

What is found (the ``kind`` of a :class:`Finding`):

``fodselsnummer``
    Norwegian national identity number: 11 digits ``DDMMYYIIIKK`` with two mod-11 check
    digits, written together or in groups joined by any separators, a line break too
    (``010190 12345``, ``010190.12345``, ``01.01.90 12345``, ``010190\n12345``), or after
    the date of birth with its century (``01.01.1990 12345``).
``d_number``
    D-number: a fødselsnummer whose first digit has 4 added (day 41-71).
``phone``
    Norwegian phone number: 8 digits, first digit 2-9, optionally after ``+47``, ``0047``,
    ``(+47)`` or ``47``, written together or grouped the ways people write them (``22 33 44
    55``, ``987 65 432``, ``91 234 567``, ``2233 4455``, with spaces, dots, hyphens, slashes or
    a line break between the groups); two numbers joined by ``,`` or ``-`` are two numbers.
    Also another country's number after ``+`` or ``00`` (``+46 70 123 45 67``).
``email``
    E-mail address, also written ``ola(at)nav.no`` or ``ola [at] nav [dot] no``, to a host
    without dots (``ola@localhost``) or to an address literal (``ola@[192.168.0.1]``).
``name``
    A name from a list the user gives (case-insensitive, whole words, any letters), and any
    run of two to four capitalised words (in any script's letters, or in capitals, joined by
    any space or one line break, with particles such as "van der", apostrophes as in
    "O'Brien") that is not led by the name of an institution ("Sigrid Haugland"); in scripts
    without case (Arabic, Hebrew, Chinese) two words or more. A full name need not be on a
    list to be redacted. A lone first name is found only when it is on the list
    (tilsyn/personal_names.py).

Digits of any script and full-width forms (``９１２３４５６７``, ``ola＠nav.no``) are read as
their ASCII forms. Not taken as phone numbers: the public numbers in
:data:`PUBLIC_PHONE_NUMBERS` (the NKS number 55 55 33 33), dates and times (``10.02.2021``,
``14.30``, ``2021-2022``, ``20210315``, ``20.15-21.30``), decimals (``14,5``) and amounts
starting with 1 (``kr 12 345 678``). Nothing is found inside a longer run of digits
(``123456789012``) or in digits glued to others by a lone dot or comma (a decimal). An
11-digit number is looked for on the boundaries of digit groups, so ``22 33 44 55 66`` holds
none; a run of digit groups separated by single spaces is read left to right for phone
numbers, so ``22 33 44 55 66`` gives the phone number ``22 33 44 55``
(tilsyn/personal_numbers.py). Not found at all: postal addresses and single names not on the
list.

Redacting is idempotent: placeholders are never findings, in any language. The module
imports only the standard library and tilsyn's word lookup: it is on the start-up path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from os import PathLike
from typing import Iterable

from tilsyn.personal_names import (
    MASK,
    clean_name,
    compile_names,
    guessed_names,
    is_initials,
)
from tilsyn.personal_numbers import (
    EIGHT_DIGITS,
    PUBLIC_PHONE_NUMBERS,
    fnr_kind,
    normalise,
    number_candidates,
    strip_separators,
)
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
    "redact_assessor",
]

KINDS = ("fodselsnummer", "d_number", "phone", "email", "name")
LANGUAGES = LANGS


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

# --- e-mail and placeholders ----------------------------------------------------------------

# An e-mail address, also written to dodge robots: "ola(at)nav.no", "ola [at] nav [dot] no";
# with a plain "@" also to a host without dots ("ola@localhost") or an address literal
# ("ola@[192.168.0.1]").
_AT = r"(?:@|[^\S\r\n]{0,3}[\(\[\{<][^\S\r\n]{0,3}(?:at|alfa|krøllalfa)[^\S\r\n]{0,3}[\)\]\}>][^\S\r\n]{0,3})"
_DOT = r"(?:\.|[^\S\r\n]{0,3}[\(\[\{<][^\S\r\n]{0,3}(?:dot|punktum|prikk)[^\S\r\n]{0,3}[\)\]\}>][^\S\r\n]{0,3})"
_EMAIL = re.compile(
    r"(?<![\w.%+\-])"
    r"[\w%+\-]+(?:\.[\w%+\-]+)*"
    r"(?:" + _AT + r"(?:[\w\-]+" + _DOT + r")+[\w\-]{2,}"
    r"|@(?:\[(?:IPv6:)?[0-9A-Fa-f.:]{2,45}\]|[\w\-]{2,}))",
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


def _mask(match: re.Match[str]) -> str:
    return MASK * (match.end() - match.start())


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
        self.names: tuple[str, ...] = tuple(dict.fromkeys(n for n in map(clean_name, names) if n))
        self._names_re = compile_names(self.names)
        # A name that starts or ends with something other than a letter or digit can sit
        # right against a finding in ways the quick check in _hides_more does not cover.
        self._odd_names = any(not (n[0].isalnum() and n[-1].isalnum()) for n in self.names)
        self._numbers_only = not guess_names and self._names_re is None

    def __repr__(self) -> str:
        return f"Detector(names=<{len(self.names)} names>)"

    def _candidates(self, text: str) -> list[tuple[int, int, str]]:
        found = number_candidates(text)
        if "@" in text or (_has_bracket(text) and _OBFUSCATED_AT.search(text)):
            for m in _EMAIL.finditer(text):
                found.append((m.start(), m.end(), "email"))
        if self._names_re is not None:
            for m in self._names_re.finditer(text):
                found.append((m.start(), m.end(), "name"))
        if self.guess_names:
            found.extend((start, end, "name") for start, end in guessed_names(text))
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
        scan = normalise(text)
        if (
            self._numbers_only
            and "@" not in scan
            and not _has_bracket(scan)
            and not EIGHT_DIGITS.match(scan)
        ):
            return []  # too few digits for any number, no address, no names looked for
        if "[" in scan:
            # Placeholders are masked, so they read exactly like findings already taken out.
            scan = _PLACEHOLDER.sub(_mask, scan)
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
                pieces.append(MASK * (end - start))
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


def is_valid_fodselsnummer(number: str) -> bool:
    """True if `number` (11 digits, separators ignored) is a valid fødselsnummer or D-number."""
    number = strip_separators(normalise(number))
    return (
        len(number) == 11 and number.isascii() and number.isdigit() and fnr_kind(number) is not None
    )


def redact_assessor(by: str, lang: str = "nb") -> str:
    """Who assessed a result, as an output may show it: initials as written («KH», «K.H.»),
    anything else (a full name, a phone number) as the name placeholder."""
    if not by or not by.strip() or is_initials(by):
        return by
    return placeholder("name", lang)


def load_names(path: str | PathLike[str]) -> list[str]:
    """Names from a UTF-8 text file, one per line; blank lines and lines starting with # are
    skipped, a byte-order mark is allowed, repeated names are kept once."""
    with open(path, encoding="utf-8-sig") as handle:
        lines = (clean_name(line) for line in handle)
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
