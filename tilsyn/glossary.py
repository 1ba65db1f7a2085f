"""The terms of supervision in nb, nn and en, and counts that agree with their nouns.

One glossary (`glossary.toml`) so that «Nav-kontor», «oppfylt» or «consultation call» is the
same word in the report, the forms, the workbook and the terminal; and one helper for numbers
meeting nouns, because «1 samtale vart haldne» and «1 call were» are easy to write by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from tilsyn.numbers import format_number
from tilsyn.texts import package_file


@dataclass(frozen=True)
class Term:
    """A noun in one language with the forms sentences need; `gender` for nynorsk agreement."""

    one: str
    many: str = ""
    the_one: str = ""
    the_many: str = ""
    first: str = ""
    gender: str = "m"

    def form(self, name: str) -> str:
        """One of one, many, the_one, the_many, first; a missing form falls back sensibly."""
        fallback = {
            "many": self.one,
            "the_one": self.one,
            "the_many": self.many or self.one,
            "first": self.one,
        }
        return getattr(self, name) or fallback.get(name, self.one)


def _glossary() -> dict:
    return package_file("glossary.toml")


def decided() -> dict[str, dict]:
    """The terms decided against Helsetilsynet's usage: for each, what outputs `say` in each
    language and the patterns they `never` hold (tests/test_decided_terms.py)."""
    return _glossary()["decided"]


def term_ids() -> list[str]:
    return list(_glossary()["terms"])


def entry(term_id: str, lang: str) -> Term:
    """The term `term_id` in `lang` (KeyError for an unknown id: a programming error)."""
    return Term(**_glossary()["terms"][term_id][lang])


def term(term_id: str, lang: str, form: str = "one") -> str:
    """A term by id for any output (report, forms, CLI): term("office", "nb", "the_many")."""
    return entry(term_id, lang).form(form)


def find(lang: str, one: str) -> Term | None:
    """The glossary term whose singular is `one` in `lang` (a survey's record noun), if any."""
    for term_id in term_ids():
        found = entry(term_id, lang)
        if found.one == one:
            return found
    return None


def in_sentence(label: str) -> str:
    """A label («Samtale-ID», «Statsforvalter») as a word inside a sentence: the glossary's own
    word where it has one, else with a small first letter, but a name («Nav-kontor») as it is."""
    first = label.split(" ")[0]
    if first.startswith("Nav") or not first[1:2].islower():
        return label
    return label[:1].lower() + label[1:]


def record_term(survey: object, lang: str) -> Term:
    """The noun a survey counts its records with: the glossary's term (with its gender and
    definite forms) when it is one, else the survey's own words with the forms of «registrering»
    where a sentence needs more than the singular and plural."""
    one = survey.record_noun[lang]  # type: ignore[attr-defined]
    found = find(lang, one)
    if found is not None:
        return found
    many = survey.record_noun_plural[lang]  # type: ignore[attr-defined]
    return Term(one, many, gender=entry("record", lang).gender)


def agree(n: int, verb: str, lang: str, noun: Term | str | None = None) -> str:
    """The verb phrase `verb` agreeing with n of `noun`: «vart halden» / «vart haldne», «were»."""
    forms = _glossary()["verbs"][verb][lang]
    if n != 1:
        return forms["many"]
    noun = entry(noun, lang) if isinstance(noun, str) else noun
    gender = noun.gender if noun else "m"
    return forms.get(f"one_{gender}", forms.get("one", ""))


def count_phrase(n: int, noun: Term | str, lang: str, verb: str | None = None) -> str:
    """«1 samtale», «2 samtalar», «0 calls»; with `verb`, «2 samtalar vart haldne utanfor»."""
    noun = entry(noun, lang) if isinstance(noun, str) else noun
    words = f"{format_number(n, lang)} {noun.one if n == 1 else noun.form('many')}"
    return f"{words} {agree(n, verb, lang, noun)}" if verb else words


def _determined(word: str, noun: Term | str, lang: str, form: str) -> str:
    noun = entry(noun, lang) if isinstance(noun, str) else noun
    determiner = _glossary()["determiners"][lang][word][noun.gender]
    return f"{determiner} {noun.form(form)}"


def each(noun: Term | str, lang: str) -> str:
    """«hver samtale», «hvert Nav-kontor», nn «kvart Nav-kontor», «each call»."""
    return _determined("each", noun, lang, "one")


def one(noun: Term | str, lang: str) -> str:
    """«én samtale», «ett Nav-kontor», nn «éi registrering», «one call»: a count of one said
    as a word, where «1 av 1» would read as a table cell."""
    return _determined("one", noun, lang, "one")


def this(noun: Term | str, lang: str) -> str:
    """«denne samtalen», «dette Nav-kontoret», nn «denne registreringa», «this call»."""
    return _determined("this", noun, lang, "one" if lang == "en" else "the_one")


def first_uses(lang: str) -> dict[str, str]:
    """The terms `lang` explains where a text first uses them, each with its explained form:
    {"duty phone": "duty phone (vakttelefon)"} in English."""
    forms = (_glossary()["terms"][term_id].get(lang, {}) for term_id in term_ids())
    return {words["one"]: words["first"] for words in forms if words.get("first")}


def quoted_terms(lang: str) -> dict[str, str]:
    """The terms a `lang` text quotes from another language after defining them, each with
    that language: «duty phone (vakttelefon)» quotes the bokmål «vakttelefon» in English."""
    quoted = {}
    for term_id in term_ids():
        forms = _glossary()["terms"][term_id]
        first = forms.get(lang, {}).get("first", "")
        for other, words in forms.items():
            if other != lang and words.get("one") and first.endswith(f"({words['one']})"):
                quoted.setdefault(words["one"], other)
    return quoted
