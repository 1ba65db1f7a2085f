"""Every output says the decided terms (tilsyn/glossary.toml, `[decided]`): the county
governors' staff are «statsforvalteren», the work an «undersøkelse», the embete a
«statsforvalter», a criterion «oppfylt», nynorsk «andel», «grunngiving», «ikkje utfylt»,
calls are listened to, and Nav is «Nav». Read in every kind of output a person sees: the
reports of both surveys (with a baseline and assessments), the blank forms, the workbooks,
the comparison, the terminal (messages, tables, errors) and every command's help, in nb, nn
and en. The inner loop reads one survey's documents per language, `slow` the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_language import _docx_text, _xlsx_text
from tilsyn.glossary import decided
from tilsyn.survey import get_survey

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
CALLS, OFFICES = str(SAMPLE / "calls"), str(SAMPLE / "offices")
# Two rounds that share no record: Vestland's calls before, the other counties' after.
BEFORE = str(SAMPLE / "calls" / "vestland.jsonl")
AFTER = [str(p) for p in sorted((SAMPLE / "calls").glob("*.jsonl")) if p.stem != "vestland"]
ASSESSMENTS = str(SAMPLE / "vurderinger.toml")

# kind -> (command, output suffix or None for what the terminal shows)
DOCUMENTS = {
    "report-calls": (["report", str(SAMPLE)], ".docx"),
    "report-county": (["report", CALLS, "--scope", "county:vestland"], ".docx"),
    "report-office": (["report", str(SAMPLE), "--scope", "office:Nav Bergen nord"], ".docx"),
    "report-offices": (["report", OFFICES, "--survey", "office"], ".docx"),
    "report-baseline": (
        ["report", *AFTER, "--baseline", BEFORE, "--assessments", ASSESSMENTS],
        ".docx",
    ),
    "form-calls": (["form", "new"], ".docx"),
    "form-offices": (["form", "new", "--survey", "office"], ".docx"),
    "sheet-calls": (["form", "new"], ".xlsx"),
    "export-calls": (["export", CALLS, "--assessments", ASSESSMENTS], ".xlsx"),
    "export-offices": (["export", OFFICES, "--survey", "office"], ".xlsx"),
    "compare": (["compare", BEFORE, AFTER[0], "-o"], ".xlsx"),
}
TERMINAL = {
    "score": ["score", CALLS, "--by", "county", "--assessments", ASSESSMENTS],
    "validate": ["validate", str(SAMPLE), "--show-warnings"],
    "criteria": ["criteria", "show", "K06"],
    "criteria-list": ["criteria", "list", "--survey", "office"],
    "plan": ["plan", CALLS, "--margin", "0.1"],
    "compare": ["compare", BEFORE, AFTER[0], "--by", "county"],
    "help": None,  # every command's --help
    "errors": None,  # usage errors and errors of the kinds the review listed
}
# The inner loop: each kind in one language, the language changing from kind to kind.
_FAST = ("nb", "nn", "en")


def _params(kinds: list[str]) -> list:
    return [
        pytest.param(
            kind, lang, id=f"{kind}-{lang}", marks=() if _FAST[i % 3] == lang else pytest.mark.slow
        )
        for i, kind in enumerate(kinds)
        for lang in ("nb", "nn", "en")
    ]


def _codes() -> re.Pattern[str]:
    """What a user types rather than reads: field codes, levels, scopes, options, file names."""
    names = {f.name for sid in ("nks-call", "office") for f in get_survey(sid).fields}
    words = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return re.compile(
        rf"--[\w-]+(?: county| municipality| office)?|\b(?:county|office|municipality):\S+"
        rf"|\b(?:{words})\b|\S+\.(?:docx|xlsx|csv|jsonl?|toml)\b"
    )


def _broken(text: str, lang: str) -> list[str]:
    """Each decided term's forbidden words found in `text`, with a little context."""
    text = _codes().sub(" ", text)
    for entry in decided().values():
        for quoted in entry.get("quoted", ()):
            text = text.replace(quoted, " ")
    found = []
    for name, entry in decided().items():
        for pattern in entry["never"][lang]:
            for hit in re.finditer(rf"(?<![\w-])(?:{pattern})", text, re.IGNORECASE):
                found.append(f"{name}: …{text[max(0, hit.start() - 40) : hit.end() + 40]}…")
    return found


def _help_texts(lang: str) -> list[str]:
    """Every help text of `lang` (tilsyn/cli/help.toml), each a command's or option's help."""
    import tomllib

    data = tomllib.loads((SAMPLE.parent / "tilsyn" / "cli" / "help.toml").read_text("utf-8"))

    def walk(node):
        if isinstance(node, dict) and isinstance(node.get(lang), str):
            yield node[lang]
        elif isinstance(node, dict):
            for value in node.values():
                yield from walk(value)

    return list(walk(data))


class _Outputs(dict):
    """(kind, lang) -> the text of that output, made when first asked for."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def __missing__(self, key: tuple[str, str]) -> str:
        from typer.testing import CliRunner

        from tilsyn.cli.app import app

        kind, lang = key
        runner = CliRunner()
        env = {"TILSYN_LANG": lang, "COLUMNS": "400"}
        if kind in DOCUMENTS:
            args, suffix = DOCUMENTS[kind]
            path = self.folder / f"{kind}-{lang}{suffix}"
            extra = [str(path)] if args[-1] == "-o" else ["-o", str(path), "--lang", lang]
            result = runner.invoke(app, [*args, *extra], env=env)
            assert result.exit_code == 0, result.output
            self[key] = _docx_text(path) if suffix == ".docx" else _xlsx_text(path)
        elif kind == "help":  # as written: help is worded once, when tilsyn is imported
            self[key] = "\n".join(_help_texts(lang))
        elif kind == "errors":
            runs = [
                ["report", CALLS, "--scope", "county:narnia", "-o", str(self.folder / "x.docx")],
                ["--lang", "en", "--help"],
                ["criteria", "show", "K99"],
                ["score", CALLS, "--by", "region"],
                ["plan", "--from", "0.3", "--to", "0.3"],
                ["nosuch"],
            ]
            self[key] = "\n".join(runner.invoke(app, r, env=env).output for r in runs)
        else:
            self[key] = runner.invoke(app, TERMINAL[kind], env=env).output
        return self[key]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> _Outputs:
    return _Outputs(tmp_path_factory.mktemp("decided"))


@pytest.mark.parametrize(("kind", "lang"), _params(list(DOCUMENTS)))
def test_every_document_says_the_decided_terms(outputs, kind, lang):
    assert _broken(outputs[kind, lang], lang) == []


@pytest.mark.parametrize(("kind", "lang"), _params(list(TERMINAL)))
def test_the_terminal_and_the_help_say_the_decided_terms(outputs, kind, lang):
    assert _broken(outputs[kind, lang], lang) == []


def test_every_decided_term_says_what_to_write_in_every_language():
    for name, entry in decided().items():
        assert all(entry["say"][lang] for lang in ("nb", "nn", "en")), name
        assert set(entry["never"]) == {"nb", "nn", "en"}, name


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("nb", "Kapitlet er inspektørens vurdering"),
        ("nn", "Delen der K01 var oppfylt"),
        ("nn", "Grunngjeving"),
        ("en", "the comparison across counties"),
        ("en", "Inspectors listened in on calls"),
        ("nb", "Rapport etter tilsyn"),
        ("nb", "i NAV-kontoret"),
    ],
)
def test_a_forbidden_word_is_found(lang, text):
    assert _broken(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("nb", "Statsforvalteren fører tilsyn med Nav-kontoret"),
        ("nn", "Del av den landsomfattande undersøkinga; Delvis"),
        ("en", "the county governors; --by county; county:vestland"),
        ("en", "Helsetilsynet's English summary says ‘NAV Call and Service Centre’"),
        ("nb", "Observatør: KH; Utfylt av (inspector)"),
    ],
)
def test_a_word_allowed_is_not_taken_for_a_forbidden_one(lang, text):
    assert _broken(text, lang) == []
