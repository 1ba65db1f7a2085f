"""Every word a person reads exists in nb, nn and en: every key of every text domain (the files
side by side and the per-language sentence files), with the same names to fill in; and the
lookup itself (tilsyn.texts) fills texts as each renderer promises."""

from __future__ import annotations

import re
import string
import tomllib
from pathlib import Path

import pytest

from tilsyn.texts import DOMAINS, LANGS, TextError, Texts, format_text, templates_root
from tilsyn.texts.sentences import Sentences

PACKAGE = Path(__file__).resolve().parent.parent / "tilsyn"
SIDE_BY_SIDE = sorted(
    {d.file for d in DOMAINS.values() if not d.per_language} | {"diagnostics.toml"}
)
PER_LANGUAGE = sorted(p.name for p in (templates_root() / "nb").glob("*.toml"))
# What a sentence fills in: {{ name ... }} (jinja2).
SENTENCE_NAMES = re.compile(r"\{\{\s*(\w+)")


def _names(text: str) -> set[str]:
    """The {names} a plain text fills in (str.format)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _entries(node, path=""):
    """(path, {lang: text}) of every text table in a side-by-side file."""
    if isinstance(node, dict):
        if set(LANGS) & set(node):
            yield path, node
            return
        for key, value in node.items():
            yield from _entries(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _entries(value, f"{path}[{index}]")


def _leaves(node, path=""):
    """(dotted key, value) of every text in a per-language file."""
    for key, value in node.items():
        if isinstance(value, dict):
            yield from _leaves(value, f"{path}{key}.")
        else:
            yield f"{path}{key}", value


@pytest.mark.parametrize("name", SIDE_BY_SIDE)
def test_every_text_side_by_side_is_in_every_language_with_the_same_names(name):
    data = tomllib.loads((PACKAGE / name).read_text(encoding="utf-8"))
    entries = list(_entries(data))
    assert entries
    for path, texts in entries:
        assert set(texts) >= set(LANGS), f"{name}: {path}"
        if all(isinstance(texts[lang], str) for lang in LANGS):
            names = {lang: _names(texts[lang]) for lang in LANGS}
            assert names["nb"] == names["nn"], f"{name}: {path}"
            if name in ("diagnostics.toml", "texts/errors.toml"):
                # A problem may give an English reader the parser's or the system's own
                # {detail} (in English), and word the Norwegian message without it.
                assert names["en"] - {"detail"} <= names["nb"], f"{name}: {path}"
            else:
                assert names["en"] == names["nb"], f"{name}: {path}"


@pytest.mark.parametrize("name", PER_LANGUAGE)
def test_every_sentence_file_has_every_key_in_every_language_with_the_same_names(name):
    texts = {
        lang: dict(
            _leaves(tomllib.loads((templates_root() / lang / name).read_text(encoding="utf-8")))
        )
        for lang in LANGS
    }
    assert set(texts["nb"]) == set(texts["nn"]) == set(texts["en"])
    for key, value in texts["nb"].items():
        if isinstance(value, str):
            names = [set(SENTENCE_NAMES.findall(texts[lang][key])) for lang in LANGS]
            assert names[0] == names[1] == names[2], key


def test_the_sentence_files_are_the_same_in_every_language():
    for lang in LANGS:
        assert sorted(p.name for p in (templates_root() / lang).glob("*.toml")) == PER_LANGUAGE


def test_a_plain_text_is_filled_by_name_and_a_missing_name_stays_visible():
    assert format_text("{n} av {of}", {"n": 3}) == "3 av {of}"
    assert format_text("no names", {"n": 3}) == "no names"
    assert Texts("export", "nn")("records_read", noun="Samtalar") == "Samtalar lesne"


def test_a_key_is_looked_up_in_the_language_asked_for():
    assert [Texts("words", lang)("national") for lang in LANGS] == [
        "Hele landet",
        "Heile landet",
        "National",
    ]
    assert Texts("help", "en").lookup("chrome", "COMMAND [ARGS]...") == "COMMAND [ARGS]..."
    assert Texts("words", "nb").raw("nothing.here", None) is None


def test_a_missing_text_is_a_clear_error():
    with pytest.raises(TextError) as info:
        Texts("analyses", "nn")("compare.nothing")
    assert info.value.code == "RPT002" and "nn/analyses.toml" in info.value.message


def test_a_sentence_counts_agrees_and_writes_numbers_the_languages_way():
    nn = Sentences("analyses", "nn", "call")
    assert nn.fill("{{ n | count(verb='excluded') }}", n=2) == "2 samtalar vart haldne utanfor"
    assert nn.fill("{{ n }}", n=14.5) == "14,5"
    with pytest.raises(TextError) as info:
        nn.fill("{{ missing }}", "where")
    assert "‘where’" in info.value.message
