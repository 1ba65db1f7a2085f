"""The languages tilsyn speaks and the words every output shares (tables, reports, exports).

One place for the status vocabulary and its symbols, so the terminal table, the Word report and
the spreadsheet say "✘ ikke oppfylt" in the same way (the words are terms of tilsyn/glossary.toml).
Symbols always travel with words: status is never shown by colour alone. Numbers are written by
`tilsyn.numbers`.
"""

from __future__ import annotations

from functools import cache

from tilsyn.texts import LANGS as LANGS  # the languages, where other modules look for them
from tilsyn.texts import texts
from tilsyn.texts.language import user_language as user_language  # noqa: F401

# Each language as documents name it (Word's w:lang, the core property `language`).
DOC_LANG = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
STATUSES = ("pass", "fail", "not_applicable", "not_answered")

_STATUS_SYMBOLS = {"pass": "✔", "fail": "✘", "not_applicable": "–", "not_answered": "?"}
# Status -> glossary term: a requirement is «oppfylt» / «met», not «bestått» / «pass».
_STATUS_TERMS = {
    "pass": "met",
    "fail": "not_met",
    "not_applicable": "not_applicable",
    "not_answered": "not_answered",
}
# Interface words that are glossary terms; the others are in tilsyn/texts/words.toml.
_GLOSSARY_WORDS = {
    "severity": "severity",
    "legal_basis": "legal_basis",
    "rationale": "rationale",
    "catalogue": "catalogue",
}


def status_symbol(status: str) -> str:
    """✔ ✘ – ?: the symbol that goes with a status (with its label, never alone)."""
    return _STATUS_SYMBOLS[status]


def status_label(status: str, lang: str) -> str:
    """The status in words: "oppfylt", "ikkje oppfylt", "not applicable"..."""
    from tilsyn.glossary import term

    return term(_STATUS_TERMS[status], lang)


def status_text(status: str, lang: str) -> str:
    """Symbol and words together, e.g. "✘ ikke oppfylt"."""
    return f"{_STATUS_SYMBOLS[status]} {status_label(status, lang)}"


@cache
def word(key: str, lang: str) -> str:
    """A short interface word (table headers, "av"/"of", "ja"/"nei") in the given language
    (looked up once: a table asks for the same few words on every row)."""
    if key in _GLOSSARY_WORDS:
        from tilsyn.glossary import term

        return term(_GLOSSARY_WORDS[key], lang)
    return texts("words", lang).raw(key)


def catalogue_name(title: str, catalogue: dict, lang: str, *, built_in: bool = True) -> str:
    """A criteria catalogue as a reader knows it, by its survey's title, never its id: «Observert
    samtale til Nav kontaktsenter, versjon 1 (innebygd)», or with the file it was read from.
    `built_in=False` leaves «(innebygd)» out where a catalogue of one's own is the exception."""
    words = texts("words", lang)
    name = words("version_of", title=title, version=catalogue["version"])
    source = catalogue.get("source", "")
    if source == "built-in":
        return f"{name} ({words('built_in')})" if built_in else name
    return f"{name} ({source})" if source else name


def legal_references(items: list[str] | tuple[str, ...], lang: str) -> str:
    """["sosialtjenesteloven § 4", "sosialtjenesteloven § 18"] -> "sosialtjenesteloven §§ 4 og 18";
    en "Social Services Act, sections 4 and 18": a legal writer names a statute once. Other
    references pass through; "–" when there are none."""
    import re

    marker = r"(?:,? sections? )" if lang == "en" else r"(?: §§? )"
    groups: dict[str, list[str]] = {}
    for item in items:
        match = re.fullmatch(rf"(.+?){marker}(\d+(?: ?[a-z])?)", item.strip())
        if match:
            groups.setdefault(match[1], []).append(match[2])
        else:
            groups.setdefault(item.strip(), [])
    for numbers in groups.values():  # «§§ 4, 16, 17», «§§ 11 og 11 a»: in the law's order
        numbers.sort(key=lambda n: (int(re.match(r"\d+", n)[0]), n))
    and_ = " and " if lang == "en" else " og "
    parts = []
    for statute, numbers in groups.items():
        if len(numbers) > 1:
            listed = ", ".join(numbers[:-1]) + and_ + numbers[-1]
        else:
            listed = "".join(numbers)
        if not numbers:
            parts.append(statute)
        elif lang == "en":
            parts.append(f"{statute}, section{'s' if len(numbers) > 1 else ''} {listed}")
        else:
            parts.append(f"{statute} §{'§' if len(numbers) > 1 else ''} {listed}")
    return "; ".join(parts) or "–"
