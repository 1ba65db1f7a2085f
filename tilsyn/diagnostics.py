"""The registry of diagnostic codes (`diagnostics.toml`): severity, meaning, message and hint of
every code in nb, nn and en, and the reference pages generated from it.

A diagnostic is made from its code and parameters (`diagnostic("VAL001", question=...)`), so
the words live in data, in three languages, and the code that finds a problem only says what
it found. Messages are rendered in the language in use: the one the command line chose
(`use_language`), else the user's (TILSYN_LANG, locale), else bokmål.

    python -m tilsyn.diagnostics > docs/diagnostics.md        # English
    python -m tilsyn.diagnostics nb > docs/diagnostics.nb.md  # bokmål
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tilsyn.errors import Diagnostic, ReadError
from tilsyn.texts import format_text, package_file, texts
from tilsyn.texts import registered as render
from tilsyn.texts.language import language as language
from tilsyn.texts.language import pinned_language as pinned_language
from tilsyn.texts.language import use_language as use_language


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
    what: dict[str, str]  # lang -> what is wrong
    short: dict[str, str]  # lang -> a few words for a summary line ({} for `what`)
    # variant ("" for the plain one) -> {"message": {lang: template}, "hint": {lang: template}}
    texts: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    prefix: str
    title: dict[str, str]
    intro: dict[str, str]
    codes: tuple[Code, ...]


def _data() -> dict:
    return package_file("diagnostics.toml")


def _code(raw: dict) -> Code:
    texts = {"": {"message": raw.get("message", {}), "hint": raw.get("hint", {})}}
    for name, variant in raw.get("variants", {}).items():
        texts[name] = {"message": variant.get("message", {}), "hint": variant.get("hint", {})}
    return Code(raw["code"], raw["severity"], raw["what"], raw.get("short", {}), texts)


@cache
def groups() -> tuple[Group, ...]:
    return tuple(
        Group(g["prefix"], g["title"], g.get("intro", {}), tuple(_code(c) for c in g["codes"]))
        for g in _data()["groups"]
    )


@cache
def codes() -> dict[str, Code]:
    """Every registered code."""
    return {c.code: c for group in groups() for c in group.codes}


def text(texts: dict[str, str], lang: str) -> str:
    """A registry text in `lang`, English where it is not translated yet."""
    return texts.get(lang) or texts["en"]


def diagnostic(
    code: str,
    variant: str = "",
    params: dict[str, Any] | None = None,
    *,
    severity: str | None = None,
    **location: Any,
) -> Diagnostic:
    """A Diagnostic of `code`, its message and hint rendered from the registry; `location` is
    file, key, field, row, sheet, column, key_field as `Diagnostic` takes them."""
    message, hint = render(code, variant, params)
    return Diagnostic(code, severity or codes()[code].severity, message, hint, **location)


def read_error(code: str, variant: str = "", params: dict[str, Any] | None = None, **where: Any):
    """A reader's `ReadError` of `code`, its message and hint rendered from the registry."""
    message, hint = render(code, variant, params)
    return ReadError(code, message, hint, **where)


def phrase(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The message or hint of a problem without a code of its own, or a phrase diagnostics
    share, such as how a question is named: «Spørsmål 12 «Ble behovet avklart?»»
    (tilsyn/texts/errors.toml)."""
    return format_text(texts("errors", lang or language()).raw(key), params)


def os_reason(exc: BaseException, lang: str | None = None) -> str:
    """Why the system could not read or write a file, in words of `lang` («ingen tilgang», «disken
    er full»): the operating system's own words are English (`strerror`)."""
    import errno

    words = texts("errors", lang or language())
    if isinstance(exc, UnicodeDecodeError):
        return words.raw("os_error.not_utf8")
    number = getattr(exc, "errno", None)
    known = words.raw(f"os_error.{errno.errorcode.get(number, 'other')}", None)
    if known is not None and number in errno.errorcode:
        return known
    detail = getattr(exc, "strerror", None) or str(exc)
    return words("os_error.other" if number else "os_error.unknown", errno=number, detail=detail)


def question(survey: Any, name: str, lang: str | None = None) -> str:
    """A question as the form shows it: its number and its label in the language in use; a
    derived value or an unnumbered field by its label alone."""
    lang = lang or language()
    label = survey.label(name, lang)
    number = survey.question_numbers.get(name)
    if number is None:
        return phrase("value", lang, label=label)
    return phrase("question", lang, number=number, label=label)


def severity_word(severity: str, lang: str | None = None) -> str:
    """«feil» / «advarsel» (nn «åtvaring») / error / warning: the glossary's terms."""
    from tilsyn.glossary import term

    return term(severity, lang or language())


def markdown(lang: str = "en") -> str:
    """The reference page of every code, in `lang`."""
    title, code, severity, what = (
        text(_data()["page"][name], lang) for name in ("title", "code", "severity", "what")
    )
    lines = [f"# {title}", "", text(_data()["intro"], lang), ""]
    for group in groups():
        lines += [f"## {text(group.title, lang)} ({group.prefix})"]
        if group.intro:
            lines += [text(group.intro, lang)]
        lines += [f"| {code} | {severity} | {what} |", "|---|---|---|"]
        lines += [
            f"| {c.code} | {severity_word(c.severity, lang)} | {text(c.what, lang)} |"
            for c in group.codes
        ]
        lines += [""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(markdown(sys.argv[1] if len(sys.argv) > 1 else "en"))
