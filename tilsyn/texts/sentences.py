"""Sentences: texts that count, agree and name terms, filled by jinja2 in a sandbox.

The report's and the analyses' sentences (`templates/<lang>/*.toml`) are jinja2 fragments,
rendered with undefined names as errors, so a typo in a translation is a clear message rather
than a blank in a document. `{{ n }}` prints a number the language's way (10 000; 14,5) while
`n == 1` still compares numbers. Counts meet nouns through the glossary:
`{{ n | count }}` (the record noun), `{{ n | count('message') }}`, `{{ n | count(verb='excluded') }}`
and `{{ n | agree('was') }}`; `{{ term('office', 'the_many') }}` gives any glossary term, and
`{{ each() }}` / `{{ this('office') }}` a noun with the word that agrees with its gender
(«hvert Nav-kontor», «denne samtalen»).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from tilsyn import glossary
from tilsyn.numbers import format_number
from tilsyn.texts import TextError, Texts


@cache
def environment(lang: str, record: glossary.Term | str = "record") -> Any:
    """The sandbox for `lang`, with the glossary's `count`, `agree` and `term` (`record` is the
    noun a bare `count` uses)."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from tilsyn.texts.compiled import Cached

    class TextEnvironment(Cached, SandboxedEnvironment):
        """The sentences' sandbox, compiled once per machine (compiled.py)."""

    def finalize(value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return format_number(value, lang)
        return value

    def count(n: int, noun: str | None = None, verb: str | None = None) -> str:
        return glossary.count_phrase(n, noun or record, lang, verb)

    def agree(n: int, verb: str, noun: str | None = None) -> str:
        return glossary.agree(n, verb, lang, noun or record)

    env = TextEnvironment(undefined=StrictUndefined, autoescape=False, finalize=finalize)
    env.filters.update(count=count, agree=agree)
    env.globals["term"] = lambda term_id, form="one": glossary.term(term_id, lang, form)
    env.globals["each"] = lambda noun=None: glossary.each(noun or record, lang)
    env.globals["this"] = lambda noun=None: glossary.this(noun or record, lang)
    return env


class Sentences(Texts):
    """The sentences of a per-language domain ("report", "analyses"), filled by jinja2."""

    def __init__(self, domain: str, lang: str, record: glossary.Term | str = "record"):
        super().__init__(domain, lang)
        self._environment = environment(lang, record)

    def fill(self, source: str, where: str = "", /, **values: Any) -> str:
        """Render one jinja2 fragment; plain text is returned as it is (compiling costs)."""
        from jinja2 import TemplateError

        if "{" not in source:
            return source
        try:
            return self._environment.from_string(source).render(values)
        except TemplateError as exc:
            raise TextError.of("", key=where or source, detail=exc, where=self.where()) from None
