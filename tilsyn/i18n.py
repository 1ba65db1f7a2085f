"""The languages tilsyn speaks and the words every output shares (tables, reports, exports).

One place for the status vocabulary and its symbols, so the terminal table, the Word report and
the spreadsheet say "✘ ikke oppfylt" in the same way (the words are terms of tilsyn/glossary.toml).
Symbols always travel with words: status is never shown by colour alone. Numbers are written by
`tilsyn.numbers`.
"""

from __future__ import annotations

from functools import cache

from tilsyn.texts import LANGS, texts

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


def user_language(environ: "dict[str, str] | None" = None) -> str:
    """The language a person at the terminal reads: TILSYN_LANG, else the locale (LC_ALL,
    LC_MESSAGES, LANG: nb/no -> nb, nn -> nn, en -> en), else bokmål, as tilsyn's users are
    Norwegian inspectors. A value that names none of the three is passed over."""
    import os

    env = os.environ if environ is None else environ
    chosen = env.get("TILSYN_LANG", "").strip().lower()
    if chosen in LANGS:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip().lower()
        if not value:
            continue
        code = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0]
        found = {"nb": "nb", "no": "nb", "nn": "nn", "en": "en"}.get(code)
        if found:
            return found
        if code not in ("c", "posix"):
            break  # a locale is set, in a language tilsyn does not speak: bokmål
    return "nb"
