"""Every word a person reads, from data: one lookup over the TOML text files, in nb, nn and en.

Translators edit TOML, never Python, in one of two layouts:

* side by side, one file per domain, each text a table of its three languages
  (`summary = { nb = "Sammendrag", nn = "Samandrag", en = "Summary" }`): the words every
  output shares, the workbook's, the forms', the errors', the command line's and the glossary;
* one file per language, `templates/<lang>/<domain>.toml`, for the long sentences of the report
  and the analyses, which a translator reads as a whole.

`Texts(domain, lang)` reads either and fills a text with `str.format` ({name}); sentences are
filled by the sandboxed jinja2 of `tilsyn.texts.sentences` ({{ n | count }}). A domain's every
key exists in all three languages (tests/test_texts.py). Only the standard library is imported
here: `tilsyn --help` stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Sequence

from tilsyn.errors import TilsynError
from tilsyn.usercache import load_toml

LANGS = ("nb", "nn", "en")


@dataclass(frozen=True)
class Domain:
    """Where a domain's texts are: a file of the package with the languages side by side, or
    (`per_language`) the file of that name in each language's folder of `templates/`."""

    name: str
    file: str
    per_language: bool = False


DOMAINS = {
    domain.name: domain
    for domain in (
        Domain("words", "texts/words.toml"),
        Domain("export", "texts/export.toml"),
        Domain("forms", "texts/forms.toml"),
        Domain("errors", "texts/errors.toml"),
        Domain("cli", "cli/messages.toml"),
        Domain("help", "cli/help.toml"),
        Domain("glossary", "glossary.toml"),
        Domain("report", "report.toml", per_language=True),
        Domain("analyses", "analyses.toml", per_language=True),
    )
}


class TextError(TilsynError):
    """A text that is missing or cannot be filled in, with its stable code (RPT002)."""

    def __init__(self, code: str, message: str, hint: str = ""):
        super().__init__(f"{code} {message}", hint=hint)
        self.code = code

    @classmethod
    def of(cls, variant: str, **params: Any) -> "TextError":
        """RPT002 of `variant`, worded by the registry in the language in use."""
        return cls("RPT002", *registered("RPT002", variant, params))


@cache
def _registry() -> dict[str, dict[str, Any]]:
    return {c["code"]: c for g in package_file("diagnostics.toml")["groups"] for c in g["codes"]}


def registered(
    code: str, variant: str = "", params: dict[str, Any] | None = None, lang: str | None = None
) -> tuple[str, str]:
    """(message, hint) of a registered code (`diagnostics.toml`, read by tilsyn.diagnostics) in
    `lang`, by default the language in use; a code without a message of its own says what is
    wrong. Here, so that a text's own problem (RPT002) is worded like any other."""
    from tilsyn.texts.language import language

    lang = lang or language()
    raw = _registry()[code]
    chosen = raw.get("variants", {}).get(variant, raw) if variant else raw
    message, hint, values = chosen.get("message"), chosen.get("hint"), params or {}

    def pick(text: dict[str, str]) -> str:
        return text.get(lang) or text["en"]

    return (
        format_text(pick(message), values) if message else pick(raw["what"]),
        format_text(pick(hint), values) if hint else "",
    )


def templates_root() -> Path:
    """The templates folder: inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


@cache
def package_file(name: str) -> dict[str, Any]:
    """A TOML file of the tilsyn package ("texts/export.toml", "glossary.toml"), parsed once."""
    return load_toml(resources.files("tilsyn").joinpath(name).read_text(encoding="utf-8"))


@cache
def load_texts(lang: str, name: str) -> dict[str, Any]:
    """`templates/<lang>/<name>` parsed ({} when there is no such file)."""
    import tomllib

    path = templates_root() / lang / name
    if not path.is_file():
        return {}
    try:
        return load_toml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TextError.of("unreadable", where=path, detail=exc) from None


def domain_data(domain: str, lang: str) -> dict[str, Any]:
    """The parsed file(s) behind `domain`: for a per-language domain, `lang`'s file."""
    found = DOMAINS[domain]
    return load_texts(lang, found.file) if found.per_language else package_file(found.file)


class _Visible(dict):
    """Values for `str.format_map`; a name the caller did not give stays visible as {name}."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def format_text(source: str, values: dict[str, Any]) -> str:
    """The plain renderer: `source` with its {names} filled in by `str.format`; a name not
    given stays visible as {name} rather than failing."""
    return source.format_map(_Visible(values)) if "{" in source else source


_NO_DEFAULT: Any = object()


class Texts:
    """The texts of one domain in one language: `Texts("export", "nn")("summary")`."""

    def __init__(self, domain: str, lang: str):
        self.domain = DOMAINS[domain]
        self.lang = lang
        self.data = domain_data(domain, lang)
        if not self.data:
            file = templates_root() / lang / self.domain.file
            raise TextError.of("no_texts", domain=domain, lang=lang, where=file)

    def where(self) -> str:
        """The file a translator edits, as hints name it."""
        if self.domain.per_language:
            return f"templates/{self.lang}/{self.domain.file}"
        return f"tilsyn/{self.domain.file}"

    def _missing(self, key: str) -> TextError:
        if self.domain.per_language:
            return TextError.of("missing_copy", key=key, where=f"{self.lang}/{self.domain.file}")
        return TextError.of("missing", key=key, where=self.where())

    def raw(self, key: str, default: Any = _NO_DEFAULT) -> Any:
        """The text (or list or table of texts) under a dotted key, not filled in."""
        return self._walk(key.split("."), default)

    def lookup(self, *path: str, default: Any = _NO_DEFAULT) -> Any:
        """The text under `path`, its keys as they are (a key may hold a dot: "COMMAND [ARGS]...")."""
        return self._walk(path, default)

    def _walk(self, path: Sequence[str], default: Any) -> Any:
        node: Any = self.data
        try:
            for part in path:
                node = node[part]
            return node if self.domain.per_language else node[self.lang]
        except (KeyError, TypeError):  # no such key, or a text where a table was wanted
            if default is not _NO_DEFAULT:
                return default
            raise self._missing(".".join(path)) from None

    def fill(self, source: str, where: str = "", /, **values: Any) -> str:
        """`source` with its {names} filled in; a name not given stays visible."""
        return format_text(source, values)

    def __call__(self, key: str, /, **values: Any) -> str:
        return self.fill(self.raw(key), key, **values)


@cache
def texts(domain: str, lang: str) -> Texts:
    """`Texts(domain, lang)`, made once: words are looked up on hot paths (a phrase for each
    diagnostic of a large file)."""
    return Texts(domain, lang)


def source_name(source: str, lang: str) -> str:
    """A recommendation's source as readers of `lang` know it (report and workbook alike)."""
    return Texts("report", lang).raw("sources", {}).get(source, source)
