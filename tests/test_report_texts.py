"""The report's words: every language has every text, every criterion has its sentence, and
a nynorsk or English report holds no bokmål (its words are checked against each language's
own strings: the text files, the criteria, the recommendations and the shared vocabulary)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

import pytest

import tilsyn
from tests.report_helpers import dataset, docx_text, words, write_dataset
from tilsyn.criteria import builtin_catalogue
from tilsyn.i18n import STATUSES, status_label, word
from tilsyn.recommendations import recommendation_set, recommendations_of
from tilsyn.report import render_report, templates_root

LANGS = ("nb", "nn", "en")
TEXT_FILES = ("report.toml", "nks-call.toml")


def keys(table: dict, prefix: str = "") -> set[str]:
    found = set()
    for key, value in table.items():
        found |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return found


def strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def load(lang: str, name: str) -> dict:
    return tomllib.loads((templates_root() / lang / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", TEXT_FILES)
def test_every_language_has_every_text(name):
    expected = keys(load("nb", name))
    for lang in ("nn", "en"):
        assert keys(load(lang, name)) == expected, lang


def test_every_criterion_has_a_sentence_in_every_language():
    ids = {c.id for c in builtin_catalogue("nks-call").criteria}
    for lang in LANGS:
        assert set(load(lang, "nks-call.toml")["sentences"]) == ids, lang


@cache
def vocabulary(lang: str) -> frozenset[str]:
    """Every word a report in `lang` can take from tilsyn rather than from the data."""
    texts = [s for name in TEXT_FILES for s in strings(load(lang, name))]
    catalogue = builtin_catalogue("nks-call")
    for c in catalogue.criteria:
        texts += [c.title[lang], c.rationale[lang], *c.legal_basis[lang]]
    texts += [p.display_label(lang) for p in catalogue.parameters.values()]
    texts += [t for r in recommendations_of(catalogue) for t in (r.title[lang], r.text[lang])]
    texts += [a.name[lang] for a in recommendation_set("nks-call").addressees.values()]
    texts += [theme.title[lang] for theme in catalogue.themes]
    provisions = tomllib.loads(
        resources.files("tilsyn.surveys").joinpath("provisions.toml").read_text(encoding="utf-8")
    )["provisions"]
    texts += [t for p in provisions for t in (p["reference"][lang], p["requires"][lang])]
    glossary = tomllib.loads(
        resources.files("tilsyn").joinpath("glossary.toml").read_text(encoding="utf-8")
    )["terms"]
    texts += [t for term in glossary.values() for t in strings(term[lang])]
    texts += [status_label(s, lang) for s in STATUSES]
    texts += [word(k, lang) for k in ("high", "medium", "low", "yes", "no")]
    texts += [catalogue.survey.record_noun[lang], catalogue.survey.record_noun_plural[lang]]
    counties = tomllib.loads(
        resources.files("tilsyn.surveys").joinpath("counties.toml").read_text(encoding="utf-8")
    )["counties"]
    texts += [c[k][lang] for c in counties for k in ("label", "short")]
    return frozenset(w for text in texts for w in words(text))


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("texts")
    run = tilsyn.score_inputs([write_dataset(folder, dataset())], lang="nb")
    paths = {}
    for lang in ("nn", "en"):
        for scope in ("national", "office:Nav Voss"):
            name = f"{lang}-{scope.split(':')[0]}"
            paths[(lang, scope)] = render_report(run, folder / f"{name}.docx", scope, lang).path
    return paths


@pytest.mark.parametrize("lang, other", [("nn", "nb"), ("en", "nb"), ("en", "nn")])
@pytest.mark.parametrize("scope", ["national", "office:Nav Voss"])
def test_no_words_of_another_language_are_left(reports, lang, other, scope):
    foreign = vocabulary(other) - vocabulary(lang)
    assert {"ikke", "hvert"} <= foreign if other == "nb" else {"ikkje", "kvart"} <= foreign
    leaked = words(docx_text(reports[(lang, scope)])) & foreign
    assert leaked == set()
