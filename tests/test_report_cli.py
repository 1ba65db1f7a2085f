"""`tilsyn report` through the CLI: the sample data, saved results, options and every way it
refuses (usage 2, input 1 with an RPT code, output 3), never with a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.report_helpers import (
    OFFICES,
    dataset,
    docx_section,
    docx_text,
    docx_text_of,
    expected_k06,
    later,
    write_dataset,
)

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return write_dataset(tmp_path_factory.mktemp("data"), dataset())


def test_sample_data_national_report_states_k06_as_6_of_44_and_links_r3_to_k06(cli, tmp_path):
    output = tmp_path / "rapport.docx"
    result = cli("report", SAMPLE, "-o", output)
    assert result.exit_code == 0, result.stderr
    assert f"Wrote {output}" in result.stderr
    summary = docx_section(output, "Sammendrag")
    assert any("6 av 44 spørreanrop" in p for p in summary)
    to_municipalities = docx_section(output, "Anbefalinger til kommunene", level=2)
    r3_heading = next(p for p in to_municipalities if p.startswith("R3 "))
    r3 = docx_section(output, r3_heading, level=3)
    assert any(p.startswith("K06 ") and "ikke oppfylt for 38 av 44" in p for p in r3)


def test_a_saved_results_file_is_reported_without_scoring_again(cli, data, tmp_path):
    results = tmp_path / "resultater.json"
    assert cli("score", data, "-o", results, "-q").exit_code == 0
    from_data, from_results = tmp_path / "a.docx", tmp_path / "b.docx"
    assert cli("report", data, "-o", from_data, "-q").exit_code == 0
    result = cli("report", results, "-o", from_results, "--lang", "nb")
    assert result.exit_code == 0, result.stderr
    assert docx_text(from_data) == docx_text(from_results)
    answered, made = expected_k06()
    assert f"svarte på {answered} av {made} spørreanrop" in docx_text(from_results)


def test_results_scored_in_another_language_still_give_criteria_in_the_report_language(
    cli, data, tmp_path
):
    results = tmp_path / "resultater.json"
    assert cli("score", data, "-o", results, "--lang", "en", "-q").exit_code == 0
    output = tmp_path / "nn.docx"
    result = cli("report", results, "-o", output, "--lang", "nn")
    assert result.exit_code == 0 and "warning" not in result.stderr
    from tilsyn.criteria import builtin_catalogue

    titles = builtin_catalogue("nks-call").criterion("K06").title
    text = docx_text(output)
    assert f"K06 {titles['nn']}" in text and titles["en"] not in text


def test_scoring_options_with_a_results_file_are_a_usage_error(cli, data, tmp_path):
    results = tmp_path / "resultater.json"
    cli("score", data, "-o", results, "-q")
    result = cli("report", results, "-o", tmp_path / "r.docx", "--set", "max_queue_wait_minutes=5")
    assert result.exit_code == 2 and "already scored" in result.stderr


def test_results_of_an_older_tilsyn_are_res001(cli, tmp_path):
    broken = tmp_path / "resultater.json"
    broken.write_text(json.dumps({"catalogue": {}, "calls": [{"results": 1}]}), encoding="utf-8")
    result = cli("report", broken, "-o", tmp_path / "r.docx")
    assert (
        result.exit_code == 1 and "RES001" in result.stderr and not (tmp_path / "r.docx").exists()
    )


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["results"]["criteria"]["K01"].update(status=1),
        lambda d: d["records"]["values"]["county"].__setitem__(0, "atlantis"),
        lambda d: d.update(format_version=99),
        lambda d: d["records"]["values"]["call_id"].pop(),
        lambda d: d["results"]["criteria"].pop("K01"),
    ],
)
def test_a_hand_edited_dataset_is_a_res_diagnostic_never_a_crash(cli, data, tmp_path, edit):
    saved = tmp_path / "resultater.json"
    assert cli("score", data, "-o", saved, "-q").exit_code == 0
    content = json.loads(saved.read_text(encoding="utf-8"))
    edit(content)
    saved.write_text(json.dumps(content), encoding="utf-8")
    for command in (
        ["report", saved, "-o", tmp_path / "r.docx"],
        ["export", saved, "-o", tmp_path / "r.xlsx"],
    ):
        result = cli(*command)
        assert result.exit_code == 1 and re.search(r"RES00[24]", result.stderr), result.stderr


def test_county_scope_and_parameters(cli, data, tmp_path):
    output = tmp_path / "vestland.docx"
    result = cli(
        "report",
        data,
        "-o",
        output,
        "--scope",
        "county:vestland",
        "--lang",
        "nn",
        "--set",
        "max_queue_wait_minutes=20",
    )
    assert result.exit_code == 0, result.stderr
    text = docx_text(output)
    answered, made = expected_k06(county="vestland")
    assert f"svarte på {answered} av {made} spørjeanrop" in text
    assert "høgst 20 minutt" in text and "Rapporten gjeld Nav-kontora i Vestland" in text
    assert "Statsforvaltaren i Vestland" not in text  # the author, in the letterhead only
    assert "Statsforvaltaren i Vestland" in docx_text_of(output, "word/header1.xml")
    assert "Nav Stavanger" not in text


@pytest.mark.parametrize(
    "args, code, words",
    [
        (("-o", "rapport.odt"), 2, "unknown file type"),
        (("-o", "r.docx", "--scope", "region:vest"), 2, "not a scope"),
        (("-o", "r.docx", "--scope", "county:atlantis"), 2, "unknown county"),
        (("-o", "r.docx", "--scope", "office:Nav Atlantis"), 1, "RPT004"),
        (("-o", "r.docx", "--lang", "se"), 2, "unknown language"),
        (("-o", "r.docx", "--template", "finnes-ikke.docx"), 1, "RPT001"),
        (
            (
                "-o",
                "mangler/r.docx",
            ),
            3,
            "does not exist",
        ),
    ],
)
def test_refusals_have_their_exit_code_and_no_traceback(
    cli, data, tmp_path, monkeypatch, args, code, words
):
    monkeypatch.chdir(tmp_path)
    result = cli("report", data, *args)
    assert result.exit_code == code, result.stderr
    assert words in result.stderr
    assert not (tmp_path / "r.docx").exists()


@pytest.mark.parametrize("damage", ["not a zip", "half the document"])
def test_a_template_that_is_not_word_is_rpt001(cli, data, tmp_path, damage):
    import zipfile

    from tilsyn.report import default_template

    template = tmp_path / "mal.docx"
    if damage == "not a zip":
        template.write_text("not a zip", encoding="utf-8")
    else:
        with (
            zipfile.ZipFile(default_template("nb")) as source,
            zipfile.ZipFile(template, "w") as target,
        ):
            for item in source.infolist():
                data_ = source.read(item.filename)
                target.writestr(
                    item,
                    data_[: len(data_) // 2] if item.filename == "word/document.xml" else data_,
                )
    result = cli("report", data, "-o", tmp_path / "r.docx", "--template", template)
    assert result.exit_code == 1 and "RPT001" in result.stderr
    assert not (tmp_path / "r.docx").exists()


@pytest.mark.parametrize("tag", ["{{ doc.author }}", "{{ doc.title.upper() }}", "{{ 7 * 7 }}"])
def test_a_header_naming_what_a_report_does_not_fill_in_is_rpt002(cli, data, tmp_path, tag):
    from docx import Document

    template = tmp_path / "mal.docx"
    document = Document()
    document.sections[0].header.paragraphs[0].text = f"Rapport: {tag}"
    document.save(template)
    result = cli("report", data, "-o", tmp_path / "r.docx", "--template", template)
    assert result.exit_code == 1 and "RPT002" in result.stderr and tag[:8] in result.stderr
    assert not (tmp_path / "r.docx").exists()


def test_a_template_gives_its_look_and_the_report_replaces_its_body(cli, data, tmp_path):
    from docx import Document

    template = tmp_path / "mal.docx"
    document = Document()
    document.add_paragraph("{{ doc.title } {% for x in y %} whatever the old body held")
    document.sections[0].header.paragraphs[0].text = "Vår etat – {{doc.title}}"
    document.styles["Normal"].font.name = "Verdana"
    document.save(template)
    result = cli("report", data, "-o", tmp_path / "r.docx", "--template", template)
    assert result.exit_code == 0, result.stderr
    made = Document(str(tmp_path / "r.docx"))
    text = "\n".join(p.text for p in made.paragraphs)
    assert "whatever the old body held" not in text and "Sammendrag" in text
    assert made.styles["Normal"].font.name == "Verdana"
    assert made.sections[0].header.paragraphs[0].text == f"Vår etat – {made.core_properties.title}"


def test_the_report_is_never_written_over_an_input(cli, data):
    result = cli("report", data.parent, "-o", data.with_suffix(".docx"))
    assert result.exit_code == 0
    result = cli("report", data.with_suffix(".docx"), data, "-o", data.with_suffix(".docx"))
    assert result.exit_code == 3 and "input" in result.stderr


def test_invalid_input_stops_unless_skip_invalid(cli, tmp_path):
    calls = dataset()
    calls[0]["need_clarified"] = "kanskje"
    data = write_dataset(tmp_path, calls)
    result = cli("report", data, "-o", tmp_path / "r.docx")
    assert result.exit_code == 1 and "VAL004" in result.stderr
    assert not (tmp_path / "r.docx").exists()
    result = cli("report", data, "-o", tmp_path / "r.docx", "--skip-invalid")
    assert result.exit_code == 0
    assert "ikke et av svaralternativene (VAL004)" in docx_text(tmp_path / "r.docx")


def test_free_text_only_with_include_personal_data_and_then_redacted(cli, tmp_path):
    calls = dataset()
    calls[1]["message_text"] = "Ring Kari Nordmann på 482 49 586 i dag."
    data = write_dataset(tmp_path, calls)
    names = tmp_path / "navn.txt"
    names.write_text("Kari Nordmann\n", encoding="utf-8")
    plain, kept = tmp_path / "uten.docx", tmp_path / "med.docx"
    assert cli("report", data, "-o", plain, "--names", names).exit_code == 0
    assert "Fritekst" not in docx_text(plain) and "Ring" not in docx_text(plain)
    assert (
        cli("report", data, "-o", kept, "--include-personal-data", "--names", names, "-q").exit_code
        == 0
    )
    text = docx_text(kept)
    assert "[navn] på [telefonnummer] i dag." in text
    assert "Kari" not in text and "482" not in text


def test_personal_data_from_a_redacted_dataset_warns_that_it_was_redacted(cli, data, tmp_path):
    results = tmp_path / "resultater.json"
    cli("score", data, "-o", results, "-q")
    result = cli("report", results, "-o", tmp_path / "r.docx", "--include-personal-data")
    assert result.exit_code == 0 and "redacted" in result.stderr


def test_every_option_has_help_text(cli):
    import typer

    from tilsyn.cli import app

    command = typer.main.get_command(app).commands["report"]
    assert command.help
    assert [p.name for p in command.params if not getattr(p, "help", None)] == []
    result = cli("report", "--help", env={"COLUMNS": "250"})
    assert result.exit_code == 0
    for option in ("--scope", "--template", "--include-personal-data", "--small-sample"):
        assert option in result.stdout


def test_small_sample_default_is_the_library_default():
    import typer

    from tilsyn.cli import app
    from tilsyn.report import SMALL_SAMPLE

    command = typer.main.get_command(app).commands["report"]
    assert next(p.default for p in command.params if p.name == "small_sample") == SMALL_SAMPLE


@pytest.mark.parametrize("command, name", [("report", "rapport.docx"), ("export", "data.xlsx")])
def test_a_second_run_keeps_the_draft_byte_for_byte_unless_force(
    cli, data, tmp_path, command, name
):
    output = tmp_path / name
    assert cli(command, data, "-o", output, "-q").exit_code == 0
    output.write_bytes(output.read_bytes() + b"edited by the inspector")
    kept = output.read_bytes()
    again = cli(command, data, "-o", output)
    assert again.exit_code == 3, again.stderr
    assert "already exists" in again.stderr and "--force" in again.stderr
    assert output.read_bytes() == kept
    forced = cli(command, data, "-o", output, "--force", "-q")
    assert forced.exit_code == 0, forced.stderr
    assert output.read_bytes() != kept


# Every query call answered: the round after the helpers' dataset, for the chapter on developments
BETTER = [
    (county, office, number, [True] * len(flags)) for county, office, number, flags in OFFICES
]


@pytest.mark.parametrize(
    "lang, heading, words",
    [
        ("nb", "Utvikling siden forrige undersøkelse", "økte fra"),
        ("nn", "Utvikling sidan førre undersøking", "auka frå"),
        ("en", "Developments since the previous survey", "rose from"),
    ],
)
def test_baseline_adds_the_chapter_on_developments_with_the_k06_change(
    cli, data, tmp_path, lang, heading, words
):
    previous = tmp_path / "forrige.json"
    assert cli("score", data, "-o", previous, "-q").exit_code == 0
    now = write_dataset(tmp_path / "now", later(dataset(BETTER)))
    output, plain = tmp_path / "rapport.docx", tmp_path / "uten.docx"
    result = cli("report", now, "-o", output, "--baseline", previous, "--lang", lang, "-q")
    assert result.exit_code == 0, result.stderr
    answered, made = expected_k06()
    chapter = docx_section(output, heading)
    k06 = next(p for p in chapter if "K06" in p and words in p)  # a sentence: a clear change
    assert f"{answered} " in k06 and f" {made} " in k06
    row = chapter[chapter.index(next(p for p in chapter if p.startswith("K06"))) :][:6]
    assert row[3].startswith("+") and row[5] in ("ja", "yes")  # the table row of K06
    assert cli("report", now, "-o", plain, "--lang", lang, "-q").exit_code == 0
    assert heading not in docx_text(plain)


def test_a_county_report_compares_the_county_with_its_own_previous_figures(cli, data, tmp_path):
    now = write_dataset(tmp_path / "now", later(dataset(BETTER)))
    output = tmp_path / "vestland.docx"
    result = cli(
        "report", now, "-o", output, "--baseline", data, "--scope", "county:vestland", "-q"
    )
    assert result.exit_code == 0, result.stderr
    chapter = docx_section(output, "Utvikling siden forrige undersøkelse")
    answered, made = expected_k06(county="vestland")
    row = chapter[chapter.index(next(p for p in chapter if p.startswith("K06"))) :][:6]
    assert row[1:3] == [f"{answered} av {made}", f"{made} av {made}"], row  # counts only: small
    assert row[3:] == ["–", "–", "for få"]


def test_assessments_are_counted_in_the_method_and_listed_in_an_appendix(cli, data, tmp_path):
    key = next(call["call_id"] for call in dataset() if call.get("query_call_answered") == "no")
    assessments = tmp_path / "vurderinger.toml"
    assessments.write_text(
        f'[[assessment]]\nkey = "{key}"\ncriterion = "K06"\nstatus = "pass"\n'
        'justification = "Kontoret ringte tilbake mens innringeren ventet."\nby = "KH"\n'
        "on = 2021-03-15\n",
        encoding="utf-8",
    )
    output, plain = tmp_path / "rapport.docx", tmp_path / "uten.docx"
    result = cli("report", data, "-o", output, "--assessments", assessments, "-q")
    assert result.exit_code == 0, result.stderr
    method = docx_section(output, "Slik leser du tallene", level=2)
    assert any(p.startswith("1 resultat er vurdert annerledes") for p in method)
    appendix = docx_section(output, "Vedlegg 4: Resultater vurdert på nytt")
    row = appendix.index(key)
    assert appendix[row + 1 : row + 5] == [
        "K06",
        "✘ ikke oppfylt",
        "✔ oppfylt",
        "Kontoret ringte tilbake mens innringeren ventet.",
    ]
    answered, made = expected_k06()
    assert any(
        f"{answered + 1} av {made} spørreanrop" in p for p in docx_section(output, "Sammendrag")
    )
    assert cli("report", data, "-o", plain, "-q").exit_code == 0
    assert "er vurdert annerledes" not in docx_text(plain) and "Vedlegg 4" not in docx_text(plain)


def test_the_support_rule_defaults_are_the_library_defaults():
    from typer.main import get_command

    from tilsyn.cli import app
    from tilsyn.report import SupportRule

    options = {p.name: p.default for p in get_command(app).commands["report"].params}
    assert options["support_failures"] == SupportRule().min_failures
    assert options["support_share"] / 100 == SupportRule().min_share


def test_the_support_rule_is_stated_with_the_values_given(cli, data, tmp_path):
    output = tmp_path / "rapport.docx"
    result = cli(
        "report", data, "-o", output, "--support-failures", "3", "--support-share", "25", "-q"
    )
    assert result.exit_code == 0, result.stderr
    intro = docx_section(output, "Konklusjon og anbefalinger")
    assert any("minst 3 samtaler og minst 25 %" in p for p in intro)
