"""The registry of diagnostic codes (`diagnostics.toml`): severity and meaning of every code, in
nb, nn and en, and the reference page `docs/diagnostics.md` generated from it.

    python -m tilsyn.diagnostics > docs/diagnostics.md        # English
    python -m tilsyn.diagnostics nb > docs/diagnostics.nb.md  # bokmål
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
    what: dict[str, str]  # lang -> what is wrong


@dataclass(frozen=True)
class Group:
    prefix: str
    title: dict[str, str]
    intro: dict[str, str]
    codes: tuple[Code, ...]


@cache
def groups() -> tuple[Group, ...]:
    data = tomllib.loads(resources.files("tilsyn").joinpath("diagnostics.toml")
                         .read_text(encoding="utf-8"))
    return tuple(Group(g["prefix"], g["title"], g.get("intro", {}),
                       tuple(Code(c["code"], c["severity"], c["what"]) for c in g["codes"]))
                 for g in data["groups"])


@cache
def codes() -> dict[str, Code]:
    """Every registered code."""
    return {c.code: c for group in groups() for c in group.codes}


def text(texts: dict[str, str], lang: str) -> str:
    """A registry text in `lang`, English where it is not translated yet."""
    return texts.get(lang) or texts["en"]


_HEADINGS = {
    "en": ("Diagnostic codes", "code", "severity", "what is wrong"),
    "nb": ("Feilkoder", "kode", "alvorlighetsgrad", "hva som er galt"),
    "nn": ("Feilkodar", "kode", "alvorsgrad", "kva som er gale"),
}


def markdown(lang: str = "en") -> str:
    """The reference page of every code, in `lang`."""
    title, code, severity, what = _HEADINGS[lang]
    intro = tomllib.loads(resources.files("tilsyn").joinpath("diagnostics.toml")
                          .read_text(encoding="utf-8"))["intro"]
    lines = [f"# {title}", "", text(intro, lang), ""]
    for group in groups():
        lines += [f"## {text(group.title, lang)} ({group.prefix})"]
        if group.intro:
            lines += [text(group.intro, lang)]
        lines += [f"| {code} | {severity} | {what} |", "|---|---|---|"]
        lines += [f"| {c.code} | {c.severity} | {text(c.what, lang)} |" for c in group.codes]
        lines += [""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(markdown(sys.argv[1] if len(sys.argv) > 1 else "en"))
