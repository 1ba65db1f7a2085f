"""The words of the command line in nb, nn and en: help (`help.toml`) and what commands print
(`messages.toml`).

Help is printed before any option is parsed, so its language is decided once, at import
(`HELP_LANG`): a command's own `--lang` when the command line asks for help, else TILSYN_LANG or
the locale. What a command prints follows `--lang` where the
command has one for its output, else the same user language (`tilsyn.diagnostics.language`).
Only the standard library is imported here: `tilsyn --help` stays fast.
"""

from __future__ import annotations

import sys
from typing import Any

from tilsyn.i18n import LANGS, user_language
from tilsyn.texts import texts


def help_language(argv: list[str], default: str) -> str:
    """The language of the help `argv` asks for: the command's `--lang` (`tilsyn score --lang
    en --help`), else `default`. A `--lang` before any command is no option of tilsyn's, and
    its usage error speaks `default`."""
    if not {"-h", "--help"} & set(argv):
        return default
    words = iter(argv[1:])
    command = False
    for word in words:
        if not word.startswith("-"):
            command = True
        elif command and word in ("--lang", "-l"):
            chosen = next(words, "")
            return chosen if chosen in LANGS else default
        elif command and word.startswith("--lang="):
            chosen = word.partition("=")[2]
            return chosen if chosen in LANGS else default
    return default


HELP_LANG = help_language(sys.argv, user_language())


def help_text(key: str, lang: str | None = None) -> str:
    """The help of a command or option (`help.toml`) in the help language."""
    return texts("help", lang or HELP_LANG).raw(key)


def say(key: str, lang: str | None = None, /, **params: Any) -> str:
    """A line or word the command line prints (`messages.toml`), in the output language."""
    from tilsyn.diagnostics import language

    return texts("cli", lang or language())(key, **params)


def output_language(lang: str | None) -> str:
    """The language a command prints in: `--lang` if given (checked), else the user's; from now
    on diagnostics are rendered in it too."""
    from tilsyn.diagnostics import use_language

    chosen = check_lang(lang) if lang is not None else user_language()
    use_language(chosen)
    return chosen


def check_lang(lang: str) -> str:
    """`lang` if tilsyn speaks it; a usage error otherwise."""
    if lang not in LANGS:
        from tilsyn.errors import UsageError

        raise UsageError(say("unknown_language", value=lang), hint=say("unknown_language_hint"))
    return lang


def count(n: int, term_id: str, lang: str | None = None) -> str:
    """«1 fil», «2 åtvaringar», «3 calls»: a count with its noun from the glossary."""
    from tilsyn.diagnostics import language
    from tilsyn.glossary import count_phrase

    return count_phrase(n, term_id, lang or language())


def count_records(n: int, survey: Any, lang: str | None = None) -> str:
    """A count of a survey's records with its own noun («2 samtalar», «1 Nav-kontor»)."""
    from tilsyn.diagnostics import language
    from tilsyn.glossary import count_phrase, find
    from tilsyn.numbers import format_number

    lang = lang or language()
    noun = find(lang, survey.record_noun[lang])
    if noun is not None:
        return count_phrase(n, noun, lang)
    words = survey.record_noun[lang] if n == 1 else survey.record_noun_plural[lang]
    return f"{format_number(n, lang)} {words}"
