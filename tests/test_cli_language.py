"""The command line in the user's language (issue #13): messages, hints, help and summaries in
bokmål, nynorsk or English, chosen by --lang, TILSYN_LANG or the locale; warnings grouped; the
validation gaps of the first use closed. Other tests run in English (conftest.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import valid_call, write_csv, write_json, write_jsonl
from tilsyn.diagnostics import markdown
from tilsyn.i18n import user_language
from tilsyn.survey import get_survey

ROOT = Path(__file__).resolve().parent.parent
CALLS = get_survey("nks-call")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "nb"),
        ({"LANG": "C.UTF-8"}, "nb"),
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "no_NO"}, "nb"),
        ({"LANG": "nn_NO.UTF-8"}, "nn"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "C.UTF-8", "LC_MESSAGES": "nn_NO.UTF-8", "LANG": "en_US"}, "nn"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "nn_NO"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "nb"),
        ({"TILSYN_LANG": "nn", "LANG": "en_US.UTF-8"}, "nn"),
        ({"TILSYN_LANG": "sv", "LANG": "en_US.UTF-8"}, "en"),
    ],
)
def test_the_users_language_comes_from_tilsyn_lang_then_the_locale_then_bokmal(env, expected):
    assert user_language(env) == expected


@pytest.fixture
def bad_file(tmp_path):
    """A call with a wrong choice for «Ble behovet avklart?» and a missing answer."""
    return write_jsonl(
        tmp_path / "feil.jsonl", [valid_call(need_clarified="kanskje", observer=None)]
    )


LANGS = ("nb", "nn", "en")
WORDS = {
    "nb": "ikke et av svaralternativene",
    "nn": "ikkje eitt av svaralternativa",
    "en": "is not one of the choices",
}
MISSING = {
    "nb": "et obligatorisk svar mangler",
    "nn": "eit obligatorisk svar manglar",
    "en": "a required answer is missing",
}
SUMMARY = {
    "nb": "1 fil, 1 samtale, 2 feil, 0 advarsler",
    "nn": "1 fil, 1 samtale, 2 feil, 0 åtvaringar",
    "en": "1 file, 1 call, 2 errors, 0 warnings",
}
SEVERITY = {"nb": "feil VAL004", "nn": "feil VAL004", "en": "error VAL004"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_same_bad_input_in_each_language_names_the_question_by_its_label(cli, bad_file, lang):
    result = cli("validate", bad_file, "--lang", lang)
    assert result.exit_code == 1
    err = result.stderr
    number = CALLS.question_number("need_clarified")
    label = CALLS.label("need_clarified", lang)
    assert f"{number} «{label}»" in err or f"{number} ‘{label}’" in err
    assert WORDS[lang] in err and MISSING[lang] in err and SEVERITY[lang] in err
    assert err.strip().endswith(SUMMARY[lang])
    for other in set(LANGS) - {lang}:
        if CALLS.label("need_clarified", other) != label:
            assert CALLS.label("need_clarified", other) not in err
        assert WORDS[other] not in err and MISSING[other] not in err


def test_the_locale_decides_without_lang_and_bokmal_is_the_default(cli, bad_file, monkeypatch):
    monkeypatch.delenv("TILSYN_LANG")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "nn_NO.UTF-8")
    assert "Vart behovet avklart?" in cli("validate", bad_file).stderr
    monkeypatch.setenv("LANG", "C")
    assert "Ble behovet avklart?" in cli("validate", bad_file).stderr
    monkeypatch.setenv("TILSYN_LANG", "en")
    assert "Was the need clarified?" in cli("validate", bad_file).stderr


@pytest.mark.parametrize("lang", LANGS)
def test_json_keeps_codes_fields_and_exit_code_with_messages_in_the_language(cli, bad_file, lang):
    result = cli("validate", bad_file, "--json", "--lang", lang)
    assert result.exit_code == 1
    found = {d["code"]: d for d in json.loads(result.stdout)}
    assert set(found) == {"VAL004", "VAL001"}
    assert set(found["VAL004"]) >= {
        "code",
        "severity",
        "message",
        "hint",
        "file",
        "key",
        "call_id",
        "field",
        "row",
    }
    assert found["VAL004"]["severity"] == "error" and found["VAL004"]["field"] == "need_clarified"
    assert WORDS[lang] in found["VAL004"]["message"]


def test_relevance_is_a_sentence_from_the_survey_not_an_expression(cli, tmp_path):
    path = write_jsonl(
        tmp_path / "calls.jsonl", [valid_call(query_call_made="no", query_call_answered="no")]
    )
    err = cli("validate", path, "--lang", "nb").stderr
    assert "VAL005" in err and "Fyll ut bare hvis det ble gjort et spørreanrop." in err
    assert "==" not in err


def test_a_header_close_to_a_label_gets_did_you_mean_and_no_cascade(cli, tmp_path):
    records = [valid_call(), valid_call(call_id="VL-002")]
    for record in records:
        record["need_clarifed"] = record.pop("need_clarified")
    path = write_csv(tmp_path / "calls.csv", records)
    result = cli("validate", path, "--lang", "nb", "--json")
    codes = [d["code"] for d in json.loads(result.stdout)]
    assert codes == ["COL004"] and result.exit_code == 1
    (d,) = json.loads(result.stdout)
    assert "mente du" in d["message"] and "Ble behovet avklart?" in d["message"]
    from tilsyn.api import load

    # the rows are still kept out (their answer to that question was not read), said once
    assert [e.codes for e in load([path]).excluded] == [("COL004",)] * 2


def test_a_duplicate_key_is_reported_even_when_a_record_has_other_errors(cli, tmp_path):
    path = write_jsonl(
        tmp_path / "calls.jsonl", [valid_call(need_clarified="kanskje"), valid_call(observer="AB")]
    )
    codes = [d["code"] for d in json.loads(cli("validate", path, "--json").stdout)]
    assert codes == ["VAL004", "VAL009"]


@pytest.mark.parametrize("content", ["", "\n\n", "[]"])
def test_an_empty_json_file_gets_a_diagnostic(cli, tmp_path, content):
    path = tmp_path / ("calls.json" if content == "[]" else "calls.jsonl")
    path.write_text(content, encoding="utf-8")
    result = cli("validate", path, "--json")
    assert result.exit_code == 1 and [d["code"] for d in json.loads(result.stdout)] == ["READ003"]


def test_a_json_line_that_cannot_be_read_is_listed_as_excluded(tmp_path):
    from tilsyn.api import ScoringOptions, score_inputs

    path = tmp_path / "calls.jsonl"
    path.write_text(
        json.dumps(valid_call()) + "\n{broken\n" + json.dumps(valid_call(call_id="VL-002")) + "\n",
        encoding="utf-8",
    )
    dataset = score_inputs([path], ScoringOptions(skip_invalid=True))
    assert len(dataset.records) == 2
    assert [(e["row"], e["codes"]) for e in dataset.excluded] == [(2, ["READ004"])]


def test_score_json_to_a_file_prints_one_line(cli, tmp_path):
    data = write_json(tmp_path / "calls.json", [valid_call()])
    out = tmp_path / "resultater.json"
    result = cli("score", data, "--json", "-o", out, "--lang", "nb")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.strip() == f"Skrev {out}."
    saved = json.loads(out.read_text(encoding="utf-8"))  # the saved dataset, as with -o alone
    assert saved["format"] == "tilsyn-scored-dataset"
    assert saved["records"]["values"]["call_id"] == ["VL-001"]


def _many_calls(tmp_path: Path, n: int) -> Path:
    """n calls, each with a phone number in the message text: one PRIV001 warning per call."""
    return write_jsonl(
        tmp_path / "calls.jsonl",
        (
            valid_call(call_id=f"VL-{i:05d}", message_text="Ring meg på 912 34 567")
            for i in range(n)
        ),
    )


@pytest.mark.slow
def test_a_20000_call_run_prints_a_grouped_summary_not_thousands_of_lines(cli, tmp_path):
    path = _many_calls(tmp_path, 20_000)
    result = cli("validate", path, "--lang", "nb")
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 0 and len(lines) < 30
    assert (
        "advarsel PRIV001 personopplysninger i fritekst: 19\u00a0990 samtaler, se "
        "--show-warnings" in result.stderr
    )  # 10 shown in full, the rest counted
    assert lines[-1] == "1 fil, 20\u00a0000 samtaler, 0 feil, 20\u00a0000 advarsler"


def test_warnings_in_full_up_to_the_limit_then_counted_and_errors_only(cli, tmp_path):
    path = _many_calls(tmp_path, 5)
    some = cli("validate", path, "--max-warnings", "2", "--lang", "nn").stderr
    assert some.count("åtvaring PRIV001") == 3 and "3 samtalar, sjå --show-warnings" in some
    every = cli("validate", path, "--show-warnings").stderr
    assert every.count("warning PRIV001") == 5 and "--show-warnings" not in every
    assert "PRIV001" not in cli("validate", path, "--errors-only").stderr
    quiet = cli("validate", path, "-q")
    assert quiet.stderr == "" and quiet.exit_code == 0


def _help_texts(lang: str) -> dict[str, str]:
    """The help of every command, printed in a fresh process with TILSYN_LANG=lang (help is
    decided at import)."""
    script = """
import json
from typer.testing import CliRunner
from tilsyn.cli import app
commands = [[], ["validate"], ["fields"], ["score"], ["export"], ["report"], ["compare"],
            ["plan"], ["form"], ["form", "new"], ["criteria"], ["criteria", "list"],
            ["criteria", "show"]]
out = {" ".join(c): CliRunner().invoke(app, [*c, "--help"], env={"COLUMNS": "100"}).output
       for c in commands}
print(json.dumps(out))
"""
    env = {"PATH": "/usr/bin:/bin", "TILSYN_LANG": lang}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout)


HELP_KEYS = {
    "": "tilsyn",
    "validate": "validate.help",
    "fields": "fields.help",
    "score": "score.help",
    "export": "export.help",
    "report": "report.help",
    "compare": "compare.help",
    "plan": "plan.help",
    "form": "form.help",
    "form new": "form.new",
    "criteria": "criteria.help",
    "criteria list": "criteria.list",
    "criteria show": "criteria.show",
}
FRAME = {
    "nb": ("Bruk:", "Vis denne hjelpen"),
    "nn": ("Bruk:", "Vis denne hjelpa"),
    "en": ("Usage:", "Show this message"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_help_of_every_command_in_every_language(lang):
    from tilsyn.cli.texts import help_text

    texts = _help_texts(lang)
    for command, key in HELP_KEYS.items():
        shown = " ".join(texts[command].split())
        opening = " ".join(help_text(key, lang).split()[:4])
        assert opening in shown, (command, lang)
        assert shown.startswith(FRAME[lang][0]) and FRAME[lang][1] in shown, command
        for other in set(LANGS) - {lang}:
            assert FRAME[other][1] not in shown
        assert "<list[" not in shown and "{paths}" not in shown and "<path>" not in shown
    for command in ("validate", "score", "report", "export", "form new", "plan"):
        assert f"tilsyn {command}" in texts[command]  # an example


def test_the_diagnostics_pages_are_generated_from_the_registry_in_two_languages():
    assert (ROOT / "docs" / "diagnostics.nb.md").read_text(encoding="utf-8") == markdown("nb"), (
        "run: python -m tilsyn.diagnostics nb > docs/diagnostics.nb.md"
    )


def test_every_code_has_its_meaning_in_nb_nn_and_en_and_messages_render_in_each():
    from tilsyn.diagnostics import codes, render

    for code in codes().values():
        assert all(code.what.get(lang) for lang in LANGS), code.code
        for variant, texts in code.texts.items():
            if texts["message"]:
                assert set(texts["message"]) == set(LANGS), code.code
                assert set(texts["hint"]) == set(LANGS), code.code
                for lang in LANGS:
                    assert render(code.code, variant, {}, lang)[0]


def test_a_large_file_reports_progress_by_lines_within_it(tmp_path, monkeypatch):
    import tilsyn.loader

    path = _many_calls(tmp_path, 5000)
    monkeypatch.setattr(tilsyn.loader, "_LARGE_FILE", 0)
    seen = []
    tilsyn.loader.load(
        [path], progress=lambda done, total, name: seen.append(done), keep_records=False
    )
    fractions = [d for d in seen if 0 < d < 1]
    assert len(fractions) >= 2 and fractions == sorted(fractions) and seen[-1] == 1


@pytest.mark.parametrize(
    ("env", "args", "shown"),
    [
        ({"FORCE_COLOR": "1"}, [], True),  # a terminal
        ({"FORCE_COLOR": "1"}, ["--quiet"], False),
        ({}, [], False),  # a pipe
    ],
)
def test_progress_in_the_users_language_only_on_a_terminal(
    cli, tmp_path, monkeypatch, env, args, shown
):
    import tilsyn.loader

    monkeypatch.setattr(tilsyn.loader, "_LARGE_FILE", 0)
    path = _many_calls(tmp_path, 5000)
    result = cli("validate", path, "--lang", "nn", *args, env=env)
    assert ("Les " in result.stderr) is shown


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nb", ("Bruk:", "feil: Valget", "mangler")),
        ("nn", ("Bruk:", "feil: Valet", "manglar")),
        ("en", ("Usage:", "error: Missing option", "")),
    ],
)
def test_a_usage_error_of_click_speaks_the_help_language(tmp_path, lang, words):
    done = subprocess.run(
        [sys.executable, "-m", "tilsyn", "report", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "TILSYN_LANG": lang},
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert all(word in done.stderr for word in words)
