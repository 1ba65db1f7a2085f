"""Language checks over what tilsyn writes: the reports of both surveys, blank forms and exports.

The review that prompted these (language-2026-11) found bokmål forms in nynorsk («verken»,
«også», «gjaldt»), «NAV» beside «Nav Voss», exam words («bestått») and English calques. A word
list over the TOML cannot see a leak that also occurs in some nn string, so these tests read the
generated documents. Each document is generated once, when a test first asks for it; the inner
loop reads one survey's documents per language, `slow` the rest.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tilsyn import glossary
from tilsyn.survey import counties

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"

# Bokmål-only forms: none is a nynorsk word (Nynorskordboka), so none may occur in nn output.
# Left out on purpose: words legal in both (som, eller, men, mellom, etter at, mange, når, nå,
# denne, dette, blir, gir, kunne, dersom, hos, ved, kun).
BOKMAL_ONLY = """
ikke hvordan hva hvem hvilke hvilken hvilket hvis hvor hver hvert noen noe bare også verken
gjaldt mye fra uten sammen samme disse de dem hele selv være gjøre fikk ble blitt flere ennå
dere deres meg jeg hun kvinne veileder veilederen veiledning tjeneste tjenester undersøkelse
undersøkelsen kartleggingen spørreanrop spørreanropet taushetsplikt taushetsplikten
begrunnelse anbefaling anbefalinger alvorlighetsgrad betjent betent innringer innringeren
bestått besto
""".split()

# Nynorsk-only forms: none is a bokmål word, so none may occur in nb output.
NYNORSK_ONLY = """
ikkje kva korleis kven kvifor berre òg nokre nokon noko vart ein eit eitt dei desse frå utan
medan difor heile sjølv vere gjere meir fleire mykje saman korkje høgst tenester rettleiing
rettleiar rettleiaren undersøking undersøkinga tilråding tilrådingar spørjeanrop teieplikt
grunngiving galdt ho eg avgjerd tala dataa innringar innringaren kartlegginga
""".split()

# Norwegian words that must not reach an English reader (names and the terms defined in
# parentheses are removed first), and the calques the review found.
NORWEGIAN_IN_ENGLISH = """
ikke ikkje og av til fra frå med samtale samtaler samtalar kontor kontoret kontaktsenter
spørreanrop spørjeanrop vakttelefon fullmakt statsforvalter statsforvaltar fylke bestått oppfylt
rapport rutine rutiner svar nei ja ukjent
""".split()
CALQUES = [
    "routine",
    "anchoring",
    "anchored",
    "concrete assessment",
    "telephone solution",
    "called in person",
    "query call",
    "on-call phone",
    " NKS opening",
    "is to be able",
    "also in a crisis",
    " pass,",
    " fail,",
    "were left out",
    "1 call were",
]
# Terms an English text may quote in Norwegian after defining them: «consultation call
# (spørreanrop)».
QUOTED_TERMS = re.compile(
    r"\((?:spørreanrop|vakttelefon|fullmakt|Helsetilsynet|Nav kontaktsenter)\)"
)
# Helsetilsynet's own English names (report 5/2021), quoted once in the English method chapter
# beside ours: «NAV» and «query call» are theirs, not calques of ours.
THEIR_NAMES = re.compile(r"‘(?:NAV Call and Service Centre|query calls?)’")


def _pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w-])(" + "|".join(map(re.escape, words)) + r")(?![\w-])", re.IGNORECASE
    )


def _hits(text: str, words: list[str]) -> list[str]:
    """The forbidden words in `text`, each with a few words of context."""
    return sorted(
        {
            text[max(0, m.start() - 30) : m.end() + 30].replace("\n", " ")
            for m in _pattern(words).finditer(text)
        }
    )


def _docx_text(path: Path) -> str:
    from docx import Document

    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def _data_headers() -> set[str]:
    """Column headers of fields whose cells hold what inspectors typed (names, free text): their
    language is the inspector's, not tilsyn's."""
    from tilsyn.survey import get_survey

    return {
        f.label[lang]
        for sid in ("nks-call", "office")
        for f in get_survey(sid).fields
        if f.type == "text"
        for lang in ("nb", "nn", "en")
    } | {"ID"}


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    skip = _data_headers()
    book = load_workbook(path, read_only=True)
    parts = [sheet.title for sheet in book.worksheets]
    for sheet in book.worksheets:
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, ())
        keep = [i for i, h in enumerate(header) if h not in skip]
        parts += [str(header[i]) for i in keep if isinstance(header[i], str)]
        for row in rows:
            parts += [row[i] for i in keep if i < len(row) and isinstance(row[i], str)]
    return "\n".join(parts)


def _without_names(text: str) -> str:
    """Office names («Nav Bergen nord»), county names («Møre og Romsdal»), file names and codes
    (field names such as `acute_same_day_routine`) out: they are not words of any language."""

    def names(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from names(item)
        elif isinstance(value, list):
            for item in value:
                yield from names(item)

    for name in sorted(
        {n for c in counties() for n in names(c) if len(n) > 3}, key=len, reverse=True
    ):
        text = text.replace(name, " ")
    text = re.sub(r"Nav(?: (?:[A-ZÆØÅ][\w-]*|og|nord|sør|aust|vest|øst|sentrum))+", " ", text)
    text = re.sub(r"\S+\.(?:jsonl|csv|xlsx|docx)", " ", text)
    return re.sub(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b", " ", text)  # codes: acute_same_day_routine


_JOBS = {
    "report-calls": (["report", str(SAMPLE / "calls")], "docx"),
    "report-offices": (["report", str(SAMPLE / "offices"), "--survey", "office"], "docx"),
    "form-calls": (["form", "new"], "docx"),
    "form-offices": (["form", "new", "--survey", "office"], "docx"),
    "sheet-calls": (["form", "new"], "xlsx"),
    "sheet-offices": (["form", "new", "--survey", "office"], "xlsx"),
    "export-calls": (["export", str(SAMPLE / "calls")], "xlsx"),
    "export-offices": (["export", str(SAMPLE / "offices"), "--survey", "office"], "xlsx"),
}
KINDS = list(_JOBS)
# The inner loop reads one survey's documents per language (both surveys are covered across the
# three); the other survey's, under `slow`.
FAST_SURVEY = {"nb": "offices", "nn": "calls", "en": "calls"}


def _documents(*langs: str) -> list:
    """(kind, lang) pytest parameters: every document, the other survey's marked `slow`."""
    return [
        pytest.param(
            kind,
            lang,
            id=f"{kind}-{lang}",
            marks=() if kind.endswith(FAST_SURVEY[lang]) else pytest.mark.slow,
        )
        for lang in langs
        for kind in KINDS
    ]


class _Rendered(dict):
    """(kind, lang) -> text of the generated document, each generated on first use."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def __missing__(self, key: tuple[str, str]) -> str:
        from typer.testing import CliRunner

        from tilsyn.cli.app import app

        kind, lang = key
        args, ext = _JOBS[kind]
        path = self.folder / f"{kind}-{lang}.{ext}"
        result = CliRunner().invoke(app, [*args, "--lang", lang, "-o", str(path)])
        assert result.exit_code == 0, result.output
        self[key] = _docx_text(path) if ext == "docx" else _xlsx_text(path)
        return self[key]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[tuple[str, str], str]:
    """(kind, lang) -> text of a generated document: reports of both surveys, blank forms of
    both surveys (docx and xlsx), and the exports; each generated once, when a test asks."""
    return _Rendered(tmp_path_factory.mktemp("language"))


@pytest.mark.parametrize(("kind", "lang"), _documents("nn"))
def test_nynorsk_output_has_no_bokmal_forms(outputs, kind, lang):
    assert _hits(_without_names(outputs[(kind, lang)]), BOKMAL_ONLY) == []


@pytest.mark.parametrize(("kind", "lang"), _documents("nb"))
def test_bokmal_output_has_no_nynorsk_forms(outputs, kind, lang):
    assert _hits(_without_names(outputs[(kind, lang)]), NYNORSK_ONLY) == []


@pytest.mark.parametrize(("kind", "lang"), _documents("en"))
def test_english_output_has_no_norwegian_words_or_calques(outputs, kind, lang):
    text = QUOTED_TERMS.sub(" ", THEIR_NAMES.sub(" ", _without_names(outputs[(kind, lang)])))
    assert _hits(text, NORWEGIAN_IN_ENGLISH) == []
    assert [c for c in CALQUES if c.lower() in text.lower()] == []


@pytest.mark.parametrize(("kind", "lang"), _documents("nb", "nn", "en"))
def test_nav_is_written_nav_and_results_are_met_not_passed(outputs, kind, lang):
    text = THEIR_NAMES.sub(" ", outputs[(kind, lang)])
    assert "NAV" not in text
    assert _hits(text, ["bestått", "besto", "bestod", "passed", "failed"]) == []


def test_english_defines_consultation_call_and_gives_helsetilsynets_names_once(outputs):
    """NKS, never used after it is defined, is not defined at all; Helsetilsynet's English
    names stand once, in the method chapter, beside ours."""
    text = outputs[("report-calls", "en")]
    assert "consultation call (spørreanrop)" in text and "NKS" not in text
    assert text.count("‘NAV Call and Service Centre’") == 1 and text.count("‘query calls’") == 1


def test_the_word_lists_hold_no_word_of_both_languages():
    """A word legal in both languages would make the tests fail on good text."""
    assert set(map(str.lower, BOKMAL_ONLY)) & set(map(str.lower, NYNORSK_ONLY)) == set()


# -- number agreement, through the one helper


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", ["0 samtaler", "1 samtale", "2 samtaler"]),
        ("nn", ["0 samtalar", "1 samtale", "2 samtalar"]),
        ("en", ["0 calls", "1 call", "2 calls"]),
    ],
)
def test_count_phrase_agrees_for_0_1_2(lang, expected):
    assert [glossary.count_phrase(n, "call", lang) for n in (0, 1, 2)] == expected


@pytest.mark.parametrize(
    ("lang", "term", "expected"),
    [
        (
            "nb",
            "call",
            [
                "0 samtaler ble holdt utenfor",
                "1 samtale ble holdt utenfor",
                "2 samtaler ble holdt utenfor",
            ],
        ),
        (
            "nn",
            "call",
            [
                "0 samtalar vart haldne utanfor",
                "1 samtale vart halden utanfor",
                "2 samtalar vart haldne utanfor",
            ],
        ),
        (
            "nn",
            "office",
            [
                "0 Nav-kontor vart haldne utanfor",
                "1 Nav-kontor vart halde utanfor",
                "2 Nav-kontor vart haldne utanfor",
            ],
        ),
        ("en", "call", ["0 calls were excluded", "1 call was excluded", "2 calls were excluded"]),
    ],
)
def test_a_following_verb_agrees_with_the_count(lang, term, expected):
    assert [glossary.count_phrase(n, term, lang, "excluded") for n in (0, 1, 2)] == expected


def test_report_texts_use_the_helper():
    from tilsyn.report.text import Strings

    nn = Strings("nn", "nks-call", "samtale", "samtalar")
    assert [nn.fill("{{ n | count(verb='excluded') }}", n=n) for n in (1, 2)] == [
        "1 samtale vart halden utanfor",
        "2 samtalar vart haldne utanfor",
    ]
    en = Strings("en", "office", "Nav office", "Nav offices")
    assert en.fill("{{ n | count('message') }}, {{ 1 | count }}", n=2) == "2 messages, 1 Nav office"
    assert en.fill("{{ term('consultation_call', 'first') }}") == "consultation call (spørreanrop)"


def test_survey_record_nouns_are_glossary_terms():
    """The survey definitions count with the glossary's words, so report, forms and workbook agree."""
    from tilsyn.survey import get_survey

    for survey_id in ("nks-call", "office"):
        survey = get_survey(survey_id)
        for lang in ("nb", "nn", "en"):
            found = glossary.find(lang, survey.record_noun[lang])
            assert found is not None and found.many == survey.record_noun_plural[lang]


def test_every_term_exists_in_every_language():
    for term_id in glossary.term_ids():
        assert all(glossary.term(term_id, lang) for lang in ("nb", "nn", "en")), term_id


def _source_texts(lang: str) -> str:
    """Every `lang` text of the survey, catalogue and recommendation files and of the report
    texts, including evidence texts for outcomes the sample data may not produce."""
    import tomllib

    root = Path(__file__).resolve().parent.parent

    def strings(value, inside: bool):
        if isinstance(value, str) and inside:
            yield value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from strings(item, inside or key == lang)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item, inside)

    texts = []
    for path in sorted((root / "tilsyn" / "surveys").glob("*.toml")):
        texts += strings(tomllib.loads(path.read_text(encoding="utf-8")), False)
    for path in sorted((root / "templates" / lang).glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        data.pop("sources", None)  # the keys are the Norwegian source names, mapped to text
        texts += strings(data, True)
    return "\n".join(texts)


@pytest.mark.parametrize(
    ("lang", "words"), [("nn", BOKMAL_ONLY), ("nb", NYNORSK_ONLY), ("en", NORWEGIAN_IN_ENGLISH)]
)
def test_source_texts_hold_no_words_of_another_language(lang, words):
    text = QUOTED_TERMS.sub(" ", _without_names(_source_texts(lang)))
    assert _hits(text, words) == []


@pytest.mark.parametrize(
    ("lang", "items", "expected"),
    [
        (
            "nb",
            ["sosialtjenesteloven § 4", "sosialtjenesteloven § 18", "forvaltningsloven § 11"],
            "sosialtjenesteloven §§ 4 og 18; forvaltningsloven § 11",
        ),
        (
            "en",
            ["Social Services Act section 4", "Social Services Act section 27"],
            "Social Services Act, sections 4 and 27",
        ),
        ("nn", [], "–"),
    ],
)
def test_a_statute_is_named_once(lang, items, expected):
    from tilsyn.i18n import legal_references

    assert legal_references(items, lang) == expected


# -- the command line: what an inspector reads on the terminal, in each language

CLI_KINDS = ["validate", "score", "criteria-list", "criteria-show", "fields"]


@pytest.fixture(scope="module")
def cli_outputs(tmp_path_factory) -> dict[tuple[str, str], str]:
    """(kind, lang) -> what the command printed, for input with errors of every common kind."""
    from typer.testing import CliRunner

    from tests.factories import valid_call, write_jsonl
    from tilsyn.cli.app import app

    bad = write_jsonl(
        tmp_path_factory.mktemp("cli-language") / "feil.jsonl",
        [
            valid_call(need_clarified="kanskje", queue_wait_minutes="lang"),
            valid_call(
                call_id="VL-002",
                query_call_made="no",
                query_call_answered="yes",
                observed_at="2999-01-01T10:00",
                message_text="Ring 912 34 567",
            ),
            valid_call(call_id="VL-002", county=None),
        ],
    )
    runner = CliRunner()
    jobs = {
        "validate": ["validate", str(bad), "--show-warnings"],
        "score": ["score", str(SAMPLE / "calls"), "--by", "county"],
        "criteria-list": ["criteria", "list"],
        "criteria-show": ["criteria", "show", "K06"],
        "fields": ["fields"],
    }
    texts = {}
    for lang in ("nb", "nn", "en"):
        for kind, args in jobs.items():
            result = runner.invoke(app, [*args, "--lang", lang], env={"COLUMNS": "200"})
            assert result.exit_code in (0, 1) and "Traceback" not in result.output
            texts[(kind, lang)] = result.output
    return texts


def _cli_text(text: str) -> str:
    """CLI output without names, codes and rules (`query_call_made == 'yes'`)."""
    return re.sub(r"'[^']*'", " ", _without_names(text))


@pytest.mark.parametrize("kind", CLI_KINDS)
def test_nynorsk_cli_output_has_no_bokmal_forms(cli_outputs, kind):
    assert _hits(_cli_text(cli_outputs[(kind, "nn")]), BOKMAL_ONLY) == []


@pytest.mark.parametrize("kind", CLI_KINDS)
def test_bokmal_cli_output_has_no_nynorsk_forms(cli_outputs, kind):
    assert _hits(_cli_text(cli_outputs[(kind, "nb")]), NYNORSK_ONLY) == []


@pytest.mark.parametrize("kind", CLI_KINDS)
def test_english_cli_output_has_no_norwegian_words(cli_outputs, kind):
    text = QUOTED_TERMS.sub(" ", _cli_text(cli_outputs[(kind, "en")]))
    assert _hits(text, NORWEGIAN_IN_ENGLISH) == []
    assert "NAV" not in text


TEXT_FILES = ("texts/words.toml", "texts/export.toml", "texts/forms.toml", "texts/errors.toml")


def test_cli_texts_hold_no_words_of_another_language():
    """Every message, hint and help text of the registry and the command line, and the words of
    the workbook and the forms, as data."""
    import tomllib

    root = Path(__file__).resolve().parent.parent / "tilsyn"
    data = [
        tomllib.loads((root / name).read_text(encoding="utf-8"))
        for name in ("diagnostics.toml", "cli/help.toml", "cli/messages.toml", *TEXT_FILES)
    ]

    def strings(value, lang):
        if isinstance(value, dict):
            if lang in value and isinstance(value[lang], str):
                yield value[lang]
            for item in value.values():
                yield from strings(item, lang)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item, lang)

    def plain(text: str) -> str:
        """One text without commands, placeholders and quoted terms (a quote never reaches
        into the next text: an apostrophe such as «records'» would hide what follows)."""
        text = re.sub(r"`[^`\n]*`|\{[^{}\n]*\}", " ", text)  # commands and placeholders
        return _cli_text(QUOTED_TERMS.sub(" ", text))

    for lang, words in (("nn", BOKMAL_ONLY), ("nb", NYNORSK_ONLY), ("en", NORWEGIAN_IN_ENGLISH)):
        text = "\n".join(plain(s) for d in data for s in strings(d, lang))
        assert _hits(text, words) == [], lang
