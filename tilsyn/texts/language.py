"""Which language a person reads: the one a command chose (`--lang`), else the user's
(TILSYN_LANG, the locale), else bokmål. Beside the texts, so that every text, a diagnostic's
too, is looked up in it without the texts knowing the diagnostics."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

LANGS = ("nb", "nn", "en")
_LANGUAGE: ContextVar[str | None] = ContextVar("tilsyn_language", default=None)


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


def use_language(lang: str | None) -> None:
    """Render texts and diagnostics in `lang` from now on (None: the user's language again)."""
    _LANGUAGE.set(lang)


def language() -> str:
    """The language texts and diagnostics are rendered in."""
    return _LANGUAGE.get() or user_language()


@contextmanager
def pinned_language() -> Iterator[None]:
    """The language in use, looked up once for a stretch of work: loading 100,000 records
    makes as many diagnostics, and each would read the environment again (a tenth of the
    time)."""
    token = _LANGUAGE.set(language())
    try:
        yield
    finally:
        _LANGUAGE.reset(token)
