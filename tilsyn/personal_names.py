"""People's names in free text: names from a list, and runs of capitalised words guessed to be
one.

A likely full name not on any list is two to four capitalised words in a row ("Sigrid
Haugland", "Ann-Kari Dahl Vik", "Máret Ŋuvttat", "ŁUKASZ NOWAK", "Jan van der Berg", "Sean
O'Brien", "Иван Петров"), also broken over a line. Letters are told by what they are
(Unicode upper and lower case, combining accents), not by a list; the letters of scripts
without case (Arabic, Hebrew, the Indic scripts, Chinese...) count as capitals, so two words
in them are a name ("محمد علي"). Norwegian capitalises little else, so this errs on the side of
redacting; words of institutions and places that start or end such runs are let through, so
"Nav Grünerløkka" or "Nav Kontaktsenter" stay, while "Ring Kari Holm" is redacted whole.
Only the standard library: this module is on the start-up path.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Iterable

# Stands in for a finding while looking for more (see privacy.Detector.find): not a word
# character, digit, separator, "@" or "[", so it reads like the edge of a placeholder.
MASK = "\x00"

# Letters of scripts without case, shown as capitals without looking at each: kana, the CJK
# ideographs and Hangul syllables.
_CASELESS_BLOCKS = ((0x3040, 0x3100), (0x3400, 0x4DC0), (0x4E00, 0xA000), (0xAC00, 0xD7A4))
_LOOKED_AT = (*range(0x80, 0x1100), *range(0x1E00, 0x2000))


def _cased_script(code: int) -> bool:
    """Latin, Greek, Cyrillic: a letter there without case reads as lower case (ª, ĸ)."""
    return code < 0x530 or code >= 0x1E00


@cache
def letter_cases() -> str:
    """A str.translate table (indexed by code point; later ones stay as they are) that shows
    only the case of letters beyond ASCII: "A" for upper case and for a letter of a script
    without case (with its vowel signs), "ø" for lower case, U+0300 for a combining accent of
    the Latin, Greek and Cyrillic scripts (lower case too, for decomposed text). One character
    stands for one, so a span of the shown text is a span of the text; ASCII stays, so «van»
    and «de» can be read. The pattern below then needs classes of four characters instead of
    thousands (compiling those took 10 ms of every start), and each stand-in is a word
    character exactly when the letters it stands for are. Built on first use."""
    import unicodedata

    table = [chr(code) for code in range(_CASELESS_BLOCKS[-1][1])]
    for code in _LOOKED_AT:
        char = chr(code)
        if char.isupper() or char.istitle():
            table[code] = "A"
        elif 0x300 <= code < 0x370:
            table[code] = "\u0300"
        elif char.islower() or (char.isalpha() and _cased_script(code) and code >= 0xC0):
            table[code] = "ø"
        elif char.isalpha() or (code >= 0x590 and unicodedata.category(char) in ("Mn", "Mc")):
            table[code] = "A"  # a script without case, or one of its vowel signs
    for start, end in _CASELESS_BLOCKS:
        table[start:end] = ["A"] * (end - start)
    return "".join(table)


_UPPER, _LOWER = "A-Z", r"a-zø\u0300"
_WORD_PART = rf"(?:[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?|[{_UPPER}]{{2,}})"
# O'Brien, D’Angelo, L'Orange: a capital and an apostrophe before the word.
_CAP_WORD = rf"(?:[{_UPPER}]['\u2019])?{_WORD_PART}(?:[-'\u2019]{_WORD_PART})*"
# Spaces of any kind, the no-break space too, and at most one line break (not a blank line).
GAP = r"(?:[^\S\r\n]+|[^\S\r\n]*(?:\r\n|\r|\n)[^\S\r\n]*)"
PARTICLE = r"(?:van|von|der|den|de|da|di|du|del|della|la|le|dos|das|ter|ten|zu|af|bin|ibn|al|el)"
GUESSED_NAME = re.compile(
    rf"(?=[{_UPPER}])(?<![\w-]){_CAP_WORD}(?:{GAP}(?:{PARTICLE}{GAP}){{0,2}}{_CAP_WORD}){{1,3}}"
    r"(?![\w-])"
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
_PARTICLES = frozenset(PARTICLE[3:-1].split("|"))


def guessed_names(text: str) -> Iterable[tuple[int, int]]:
    """Spans of likely names: runs of capitalised words not led by institution words."""
    shown = text if text.isascii() else text.translate(letter_cases())
    for m in GUESSED_NAME.finditer(shown):
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


# --- names from a list ---------------------------------------------------------------------


def clean_name(name: str) -> str:
    # NUL stands in for findings already taken out (MASK): a name must never match it.
    return " ".join(name.replace(MASK, " ").split())


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


def compile_names(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for every name (case-insensitive, whole words, any whitespace inside)."""
    trie: dict = {}
    count = 0
    for raw in names:
        name = clean_name(raw).lower()
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


# --- who assessed ----------------------------------------------------------------------------

# Initials: groups of one to four capitals ("KH", "K.H.", "ÅBØ", "KH/AB"), or one or two
# small letters ("kh").
_INITIALS = re.compile(r"(?:[^\W\d_]{1,4}[.\s/,&+-]*){1,4}")


def is_initials(text: str) -> bool:
    """Whether who assessed a result is written as initials (kept), not as a name."""
    text = text.strip()
    if not text or not _INITIALS.fullmatch(text):
        return False
    groups = [g for g in re.split(r"[.\s/,&+-]+", text) if g]
    return all(g.isupper() or (g.islower() and len(g) <= 2) for g in groups)
