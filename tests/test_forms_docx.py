"""Word forms without a word processor: `tilsyn form new`, `fill_form`, and the .docx reader on
every way Word and LibreOffice store answers, and on every malformed form (with its code).

The LibreOffice 7.4 changes (tags and some aliases dropped, `showingPlcHdr` dropped, check boxes
wrapped) are simulated here on the XML; tests/test_forms_libreoffice.py proves them for real.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import tilsyn
from tests.factories import acute_call, codes, examples, valid_call, write_json, write_xlsx
from tilsyn.formats.form_layout import layout_for, placeholder
from tilsyn.forms import fill_form, write_form
from tilsyn.readers.base import DateAnswer
from tilsyn.readers.docx import read_docx_form
from tilsyn.survey import find_survey, get_survey

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
SURVEY = get_survey("nks-call")


# --- helpers -----------------------------------------------------------------------------------


def typed(tmp_path: Path, record: dict) -> dict:
    """The record as validation types it from JSON: the oracle a form must read back to."""
    result = tilsyn.load([write_json(tmp_path / "oracle.json", [record])])
    assert result.ok, result.diagnostics
    return result.records[0].values


def read_row(path: Path):
    """(answers, problems, warnings) of one form, straight from the reader."""
    (table,) = list(read_docx_form(path, find_survey))
    items = list(table.rows)
    answers = [i.values for i in items if hasattr(i, "values")]
    problems = [i for i in items if not hasattr(i, "values")]
    return (answers[0] if answers else None), problems, table.warnings


def edit(path: Path, change, part: str = "word/document.xml") -> Path:
    """Rewrite one part of a .docx in place: `change(root)` edits the parsed XML."""
    with zipfile.ZipFile(path) as source:
        items = [(i, source.read(i.filename)) for i in source.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == part:
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    path.write_bytes(out.getvalue())
    return path


def sdts(root, key: str | None = None) -> list:
    found = []
    for sdt in root.iter(W + "sdt"):
        tag = sdt.find(f"{W}sdtPr/{W}tag")
        if key is None or (tag is not None and tag.get(W + "val") == key):
            found.append(sdt)
    return found


def like_libreoffice_74(root) -> None:
    """What LibreOffice 7.4 does on save (measured: shared/notes/office-files.md and our own runs):
    every tag dropped, aliases dropped from date and drop-down controls, showingPlcHdr dropped from
    text controls, and each cell of check boxes wrapped in one control with the first box's alias."""
    for sdt in list(root.iter(W + "sdt")):
        props = sdt.find(W + "sdtPr")
        for tag in props.findall(W + "tag"):
            props.remove(tag)
        if props.find(W + "date") is not None or props.find(W + "dropDownList") is not None:
            for alias in props.findall(W + "alias"):
                props.remove(alias)
        if props.find(W + "text") is not None:
            for flag in props.findall(W + "showingPlcHdr"):
                props.remove(flag)
    for cell in {next(box.iterancestors(W + "tc")) for box in root.iter(W14 + "checkbox")}:
        first_alias = next(cell.iter(W + "alias")).get(W + "val")
        wrapper = etree.SubElement(cell, W + "sdt")
        props = etree.SubElement(wrapper, W + "sdtPr")
        etree.SubElement(props, W + "alias").set(W + "val", first_alias)
        content = etree.SubElement(wrapper, W + "sdtContent")
        for paragraph in cell.findall(W + "p"):
            content.append(paragraph)
        for box_alias in content.iter(W + "alias"):
            box_alias.getparent().remove(box_alias)


@pytest.fixture
def blank(tmp_path):
    path = tmp_path / "blank.docx"
    write_form(path)
    return path


@pytest.fixture
def filled(tmp_path):
    path = tmp_path / "filled.docx"
    fill_form(
        acute_call(
            caller_role="proxy",
            proxy_authority_checked="yes",
            topics=["financial_assistance", "temporary_housing"],
        ),
        path,
    )
    return path


# --- generating ----------------------------------------------------------------------------------


def test_form_new_writes_a_blank_form_that_reads_back_with_every_field_empty(cli, tmp_path):
    path = tmp_path / "skjema.docx"
    result = cli("form", "new", "-o", path)
    assert result.exit_code == 0 and path.exists() and "wrote" in result.stderr.lower()
    answers, problems, warnings = read_row(path)
    assert answers == {} and problems == [] and warnings == []


def test_every_field_has_a_tagged_control_of_the_right_kind(blank):
    root = etree.fromstring(zipfile.ZipFile(blank).read("word/document.xml"))
    kinds = {}
    for sdt in sdts(root):
        props = sdt.find(W + "sdtPr")
        key = props.find(W + "tag").get(W + "val")
        kind = next(
            (
                k
                for k, tag in (
                    ("checkbox", W14 + "checkbox"),
                    ("dropdown", W + "dropDownList"),
                    ("date", W + "date"),
                )
                if props.find(tag) is not None
            ),
            "text",
        )  # a rich-text control: LibreOffice 7.4 shows its placeholder grey
        assert kind != "text" or props.find(W + "text") is None
        kinds[key] = kind
    for f in SURVEY.fields:
        if f.type == "many":
            assert all(kinds[f"{f.name}={c}"] == "checkbox" for c in f.codes)
        else:
            expected = {"yesno": "dropdown", "one": "dropdown", "datetime": "date"}.get(
                f.type, "text"
            )
            assert kinds[f.name] == expected, f.name
    assert len(kinds) == len(layout_for("nks-call", "nb").controls)


def test_document_declares_w14_as_ignorable_and_is_stamped_twice(blank):
    archive = zipfile.ZipFile(blank)
    document = archive.read("word/document.xml").decode()
    head = document[: document.index(">", document.index("<w:document")) + 1]
    assert 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"' in head
    assert "w14" in head.split('mc:Ignorable="')[1].split('"')[0].split()
    assert "[[tilsyn-form survey=nks-call version=1 lang=nb]]" in document
    custom = archive.read("docProps/custom.xml").decode()
    assert (
        "tilsyn.survey" in custom and ">nks-call<" in custom and "tilsyn.survey_version" in custom
    )
    styles = archive.read("word/styles.xml").decode()
    assert 'w:lang w:val="nb-NO"' in styles


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_sections_follow_the_call_with_help_and_relevance_hints(tmp_path, lang):
    import docx

    path = tmp_path / f"form-{lang}.docx"
    write_form(path, lang=lang)
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.title[lang] for s in SURVEY.sections]
    assert document.core_properties.title == SURVEY.title[lang]
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    query_call = SURVEY.by_name["query_call_made"]
    for snippet in (query_call.label[lang], query_call.help[lang], query_call.relevant_hint[lang]):
        assert snippet in text


@pytest.mark.parametrize("survey_id", ["nks-call", "office"])
def test_questions_are_numbered_in_the_order_the_form_shows_them(tmp_path, survey_id):
    import docx

    path = tmp_path / "form.docx"
    write_form(path, survey_id, "nn")
    survey = get_survey(survey_id)
    cells = [
        t.rows[i].cells[0].paragraphs[0].text
        for t in docx.Document(str(path)).tables
        for i in range(len(t.rows))
    ]
    shown = [text.split(". ", 1) for text in cells]
    assert [int(number) for number, _ in shown] == list(range(1, len(survey.fields) + 1))
    assert [label.removesuffix(" *") for _, label in shown] == [
        survey.by_name[name].label["nn"]
        for name in sorted(survey.question_numbers, key=survey.question_number)
    ]


def test_the_queue_comes_before_the_conversation_in_the_call_form():
    number = SURVEY.question_number
    assert number("call_id") == 1
    assert number("queue_wait_minutes") < number("caller_role") < number("need_clarified")


@pytest.mark.parametrize(
    "lang, label, page",
    [
        ("nb", "Samtale-ID: ", "Side "),
        ("nn", "Samtale-ID: ", "Side "),
        ("en", "Call ID: ", "Page "),
    ],
)
def test_every_page_has_a_header_with_the_key_and_side_x_av_y(cli, tmp_path, lang, label, page):
    cli("form", "new", "-o", tmp_path / "blank.docx", "--lang", lang)
    cli(
        "form",
        "new",
        "-o",
        tmp_path / "f.docx",
        "--lang",
        lang,
        "--count",
        "1",
        "--call-id-prefix",
        "VL-",
    )

    def header(name):
        archive = zipfile.ZipFile(tmp_path / name)
        (part,) = [n for n in archive.namelist() if n.startswith("word/header")]
        root = etree.fromstring(archive.read(part))
        fields = [f.get(W + "instr").strip() for f in root.iter(W + "fldSimple")]
        return "".join(t.text for t in root.iter(W + "t")), fields

    blank, fields = header("blank.docx")
    assert blank.startswith(label + "__") and page in blank and fields == ["PAGE", "NUMPAGES"]
    keyed, _ = header("f-VL-001.docx")
    assert keyed.startswith(label + "VL-001")
    answers, problems, _ = read_row(tmp_path / "f-VL-001.docx")
    assert answers == {"call_id": "VL-001"} and problems == []


def test_help_is_one_short_line_and_the_survey_round_can_be_prefilled(cli, tmp_path):
    import docx

    from tilsyn.forms.docx_writer import short_help

    assert short_help("Minutter i kø; desimaler er tillatt (7,5). Mer her.") == "Minutter i kø."
    assert short_help("Én setning, for eksempel kl. 14.") == "Én setning, for eksempel kl. 14."
    result = cli("form", "new", "-o", tmp_path / "f.docx", "--survey-round", "nks-2020-2021")
    assert result.exit_code == 0, result.output
    answers, _, _ = read_row(tmp_path / "f.docx")
    assert answers == {"survey": "nks-2020-2021"}
    helps = [
        p.text
        for t in docx.Document(str(tmp_path / "f.docx")).tables
        for r in t.rows
        for p in r.cells[0].paragraphs[1:]
    ]
    assert helps and all(";" not in text for text in helps)


def test_prefill_and_numbered_forms(cli, tmp_path):
    result = cli(
        "form",
        "new",
        "-o",
        tmp_path / "skjema.docx",
        "--county",
        "Statsforvalteren i Vestland",
        "--observer",
        "KH",
        "--prefill",
        "nav_office=Nav Åsane",
        "--prefill",
        "Kommunenummer=4601",
        "--count",
        "3",
        "--call-id-prefix",
        "VL-",
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert names == ["skjema-VL-001.docx", "skjema-VL-002.docx", "skjema-VL-003.docx"]
    answers, problems, _ = read_row(tmp_path / "skjema-VL-002.docx")
    assert problems == []
    assert answers == {
        "call_id": "VL-002",
        "observer": "KH",
        "county": "vestland",
        "municipality_number": "4601",
        "nav_office": "Nav Åsane",
    }


@pytest.mark.parametrize(
    "args, exit_code, text",
    [
        (["-o", "{tmp}/skjema.pdf"], 2, ".docx"),
        (["-o", "{tmp}/skjema.docx", "--lang", "se"], 2, "nb, nn or en"),
        (["-o", "{tmp}/skjema.docx", "--survey", "nope"], 2, "nks-call"),
        (["-o", "{tmp}/skjema.docx", "--prefill", "municipality_number=301"], 2, "four digits"),
        (["-o", "{tmp}/skjema.docx", "--prefill", "planet=Mars"], 2, "no field"),
        (["-o", "{tmp}/skjema.docx", "--prefill", "nav_office"], 2, "FIELD=VALUE"),
        (["-o", "{tmp}/skjema.docx", "--county", "Vestlandet"], 2, "not one of the choices"),
        (["-o", "{tmp}/missing/skjema.docx"], 3, "does not exist"),
    ],
)
def test_form_new_usage_and_output_errors(cli, tmp_path, args, exit_code, text):
    result = cli("form", "new", *[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == exit_code
    assert text in result.stderr


def test_an_existing_form_is_not_replaced_without_force(cli, filled):
    before = filled.read_bytes()
    result = cli("form", "new", "-o", filled)
    assert result.exit_code == 3 and "--force" in result.stderr
    assert filled.read_bytes() == before
    assert cli("form", "new", "-o", filled, "--force").exit_code == 0
    assert filled.read_bytes() != before


def test_same_source_date_epoch_gives_identical_bytes(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1620637200")
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    assert cli("form", "new", "-o", first, "--lang", "nn").exit_code == 0
    assert cli("form", "new", "-o", second, "--lang", "nn").exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    core = zipfile.ZipFile(first).read("docProps/core.xml").decode()
    assert "2021-05-10T09:00:00Z" in core


def test_office_survey_form_round_trips(tmp_path):
    record = {
        "office_id": "VL-4601",
        "surveyed_on": "2021-02-10",
        "inspector": "KH",
        "county": "vestland",
        "municipality_number": "4601",
        "nav_office": "Nav Bergen nord",
        "reception_hours_per_week": 7.5,
        "walk_in_without_appointment": "yes",
        "limited_hours_justified": "no",
        "phone_reachable_directly": "yes",
        "has_vakttelefon": "yes",
        "vakttelefon_covers_nks_hours": "no",
        "acute_same_day_routine": "yes",
        "nks_message_routine": "yes",
        "nks_info_up_to_date": "no",
        "digital_application": "yes",
        "non_digital_alternative": "yes",
        "preparedness_plan_covers_social_services": "no",
        "covid_closed_all_channels": "no",
    }
    path = tmp_path / "office.docx"
    fill_form(record, path, "en")
    result = tilsyn.load([path])
    assert result.ok, result.diagnostics
    assert result.records[0].values == typed(tmp_path, record)


# --- reading what Word writes ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize(
    "record",
    [
        valid_call(),
        acute_call(
            caller_role="professional",
            proxy_authority_checked="no",
            language_barrier="yes",
            interpreter_offered="yes",
            topics=["emergency_assistance", "temporary_housing", "other"],
            acute_markers=["no_housing", "children_affected"],
            queue_wait_minutes=0.5,
            notes="Første linje.\nAndre linje: «sitat» & <tegn>.",
        ),
        valid_call(
            office_contact_needed="no",
            query_call_made=None,
            query_call_answered=None,
            vakttelefon_used=None,
            message_sent=None,
            message_text=None,
            message_states_need=None,
            message_has_callback_details=None,
            callback_explained=None,
            county="oslo-og-viken",
        ),
    ],
    ids=["message", "acute-proxy", "no-office"],
)
def test_fill_form_reads_back_exactly(tmp_path, lang, record):
    path = tmp_path / "call.docx"
    fill_form(record, path, lang)
    result = tilsyn.load([path])
    assert result.ok, [d.message for d in result.diagnostics]
    assert result.records[0].values == typed(tmp_path, record)


def test_answers_are_stored_as_word_stores_them(filled):
    root = etree.fromstring(zipfile.ZipFile(filled).read("word/document.xml"))
    (date,) = sdts(root, "observed_at")
    assert date.find(f"{W}sdtPr/{W}date").get(W + "fullDate") == "2020-11-03T10:15:00Z"
    assert "".join(date.itertext()) == "03.11.2020 10:15"
    (role,) = sdts(root, "caller_role")
    assert "".join(role.find(W + "sdtContent").itertext()) == "Fullmektig eller pårørende"
    (box,) = sdts(root, "topics=temporary_housing")
    assert box.find(f"{W}sdtPr/{W14}checkbox/{W14}checked").get(W14 + "val") == "1"
    assert "".join(box.find(W + "sdtContent").itertext()) == "\u2612"
    for sdt in (date, role):
        assert sdt.find(f"{W}sdtPr/{W}showingPlcHdr") is None
    (empty,) = sdts(root, "notes")
    assert empty.find(f"{W}sdtPr/{W}showingPlcHdr") is not None


@pytest.mark.parametrize(
    "value, checked",
    [
        ("1", True),
        ("true", True),
        ("on", True),
        (None, True),
        ("0", False),
        ("false", False),
        ("off", False),
    ],
)
def test_every_check_box_state_encoding(filled, value, checked):
    def set_state(root):
        for key in ("topics=temporary_housing", "topics=other"):
            state = sdts(root, key)[0].find(f"{W}sdtPr/{W14}checkbox/{W14}checked")
            state.attrib.pop(W14 + "val")
            if value is not None:
                state.set(W14 + "val", value)

    answers, problems, _ = read_row(edit(filled, set_state))
    expected = {"financial_assistance"} | ({"temporary_housing", "other"} if checked else set())
    assert problems == [] and set(answers["topics"]) == expected


@pytest.mark.parametrize("glyph, checked", [("\u2612", True), ("\u2610", False), ("\u2611", True)])
def test_check_box_without_state_reads_its_glyph(filled, glyph, checked):
    def glyph_only(root):
        box = sdts(root, "topics=other")[0]
        box.find(f"{W}sdtPr/{W14}checkbox").remove(box.find(f"{W}sdtPr/{W14}checkbox/{W14}checked"))
        next(box.find(W + "sdtContent").iter(W + "t")).text = glyph

    answers, problems, _ = read_row(edit(filled, glyph_only))
    assert problems == [] and ("other" in answers["topics"]) is checked


def test_drop_down_display_text_maps_to_its_value_and_typed_text_is_a_choice_error(filled):
    def retype(root):
        next(sdts(root, "empathic_conduct")[0].iter(W + "t")).text = "Kanskje"

    result = tilsyn.load([edit(filled, retype)])
    (problem,) = result.errors
    assert (problem.code, problem.field) == ("VAL004", "empathic_conduct") and problem.hint
    assert not result.records


def test_a_date_whose_text_is_not_a_date_falls_back_to_full_date(filled):
    def retype(root):
        next(sdts(root, "observed_at")[0].iter(W + "t")).text = "tirsdag 3. november"

    path = edit(filled, retype)
    answers, problems, _ = read_row(path)
    shown = DateAnswer("tirsdag 3. november", "2020-11-03T10:15:00Z")
    assert problems == [] and answers["observed_at"] == shown  # validation chooses:
    assert tilsyn.load([path]).records[0].values["observed_at"] == dt.datetime(2020, 11, 3, 10, 15)


def test_a_placeholder_without_showing_placeholder_flag_is_empty(blank):
    def drop_flags(root):
        for flag in list(root.iter(W + "showingPlcHdr")):
            flag.getparent().remove(flag)

    answers, problems, _ = read_row(edit(blank, drop_flags))
    assert answers == {} and problems == []
    texts = "".join(etree.fromstring(zipfile.ZipFile(blank).read("word/document.xml")).itertext())
    for kind in ("text", "dropdown", "date"):
        assert placeholder(kind, "nb") in texts


@pytest.mark.parametrize("fixture", ["blank", "filled"])
def test_forms_saved_the_libreoffice_74_way_read_the_same(request, tmp_path, fixture):
    path = request.getfixturevalue(fixture)
    before = read_row(path)
    after = read_row(edit(path, like_libreoffice_74))
    assert after == before and before[1] == []
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    assert not root.findall(f".//{W}tag")  # so the keys beside the controls did the work


def test_marker_split_into_runs_by_word_is_still_found(filled):
    def split_and_untag(root):
        like_libreoffice_74(root)
        for t in list(root.iter(W + "t")):
            if t.text == "[[county]]":
                run = t.getparent()
                second = etree.fromstring(etree.tostring(run))
                t.text, next(second.iter(W + "t")).text = "[[cou", "nty]]"
                proof = etree.Element(W + "proofErr")
                proof.set(W + "type", "spellStart")
                run.addnext(second)
                run.addnext(proof)

    answers, problems, _ = read_row(edit(filled, split_and_untag))
    assert problems == [] and answers["county"] == "vestland"


def test_stamp_in_custom_properties_is_enough(filled):
    def drop_hidden_stamp(root):
        for t in root.iter(W + "t"):
            if t.text and t.text.startswith("[[tilsyn-form"):
                t.text = ""

    result = tilsyn.load([edit(filled, drop_hidden_stamp)])
    assert result.ok and len(result.records) == 1


# --- malformed forms ------------------------------------------------------------------------------


def test_word_document_that_is_not_a_form_is_form001(tmp_path):
    import docx

    path = tmp_path / "brev.docx"
    docx.Document().save(str(path))
    result = tilsyn.load([path])
    (problem,) = result.errors
    assert problem.code == "FORM001" and "tilsyn form new" in problem.hint


def test_spreadsheet_renamed_to_docx_is_form001(tmp_path):
    path = write_xlsx(tmp_path / "calls.xlsx", [valid_call()]).rename(tmp_path / "calls.docx")
    assert codes(path) == ["FORM001"]


def _set_stamp(survey: str, version: str):
    def change(root):
        for t in root.iter(W + "t"):
            if t.text and t.text.startswith("[[tilsyn-form"):
                t.text = f"[[tilsyn-form survey={survey} version={version} lang=nb]]"

    return change


def test_form_of_another_survey_version_is_form003(filled):
    result = tilsyn.load([edit(filled, _set_stamp("nks-call", "2"))])
    (problem,) = result.errors
    assert problem.code == "FORM003" and "version 2" in problem.message and problem.hint


def test_form_of_an_unknown_survey_is_form002(filled):
    assert codes(edit(filled, _set_stamp("kontor-2030", "1"))) == ["FORM002"]


def test_missing_control_is_form004_with_its_field(filled):
    def delete(root):
        for key in ("nav_office", "topics=other"):
            sdt = sdts(root, key)[0]
            sdt.getparent().remove(sdt)

    result = tilsyn.load([edit(filled, delete)])
    assert sorted((d.code, d.field) for d in result.errors) == [
        ("FORM004", "nav_office"),
        ("FORM004", "topics"),
    ]
    assert all(d.key == "VL-001" and d.hint for d in result.errors)
    assert not result.records


def test_duplicated_control_is_form005(filled):
    def copy_row(root):
        row = next(sdts(root, "observer")[0].iterancestors(W + "tr"))
        row.addnext(etree.fromstring(etree.tostring(row)))

    result = tilsyn.load([edit(filled, copy_row)])
    assert [(d.code, d.field) for d in result.errors] == [("FORM005", "observer")]


def test_unknown_control_is_a_form006_warning_and_the_form_is_read(filled):
    def add_control(root):
        paragraph = next(root.iter(W + "p"))
        sdt = etree.SubElement(paragraph, W + "sdt")
        props = etree.SubElement(sdt, W + "sdtPr")
        etree.SubElement(props, W + "tag").set(W + "val", "my_own_field")
        etree.SubElement(etree.SubElement(sdt, W + "sdtContent"), W + "r")

    result = tilsyn.load([edit(filled, add_control)])
    assert [(d.code, d.severity) for d in result.diagnostics] == [("FORM006", "warning")]
    assert "my_own_field" in result.diagnostics[0].message and len(result.records) == 1


def test_unreadable_check_box_is_form007(filled):
    def scramble(root):
        box = sdts(root, "acute_markers=none")[0]
        box.find(f"{W}sdtPr/{W14}checkbox/{W14}checked").set(W14 + "val", "maybe")
        next(box.iter(W + "t")).text = "?"

    result = tilsyn.load([edit(filled, scramble)])
    assert [(d.code, d.field) for d in result.errors] == [("FORM007", "acute_markers")]


def test_doctype_is_refused_as_form008(filled, tmp_path):
    def with_doctype(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[1]
        return b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "boom">]>' + body

    with zipfile.ZipFile(filled) as source:
        items = [(i, source.read(i.filename)) for i in source.infolist()]
    with zipfile.ZipFile(filled, "w") as target:
        for info, data in items:
            target.writestr(
                info, with_doctype(data) if info.filename == "word/document.xml" else data
            )
    assert codes(filled) == ["FORM008"]


def test_broken_xml_is_read009_and_not_a_zip_is_read009(filled, tmp_path):
    with zipfile.ZipFile(filled) as source:
        items = [(i, source.read(i.filename)) for i in source.infolist()]
    with zipfile.ZipFile(filled, "w") as target:
        for info, data in items:
            target.writestr(info, data[:-200] if info.filename == "word/document.xml" else data)
    assert codes(filled) == ["READ009"]
    text = tmp_path / "notes.docx"
    text.write_text("not a document")
    assert codes(text) == ["READ009"]


def test_docm_is_read_with_a_macro_warning(filled):
    path = filled.rename(filled.with_suffix(".docm"))
    result = tilsyn.load([path])
    assert [(d.code, d.severity) for d in result.diagnostics] == [("READ013", "warning")]
    assert len(result.records) == 1


def test_validate_cli_reads_a_folder_of_forms_and_reports_form_codes(cli, tmp_path):
    fill_form(valid_call(), tmp_path / "VL-001.docx")
    fill_form(valid_call(call_id="VL-002"), tmp_path / "VL-002.docx", "nn")
    edit(tmp_path / "VL-002.docx", _set_stamp("nks-call", "7"))
    result = cli("validate", "--json", tmp_path)
    assert result.exit_code == 1
    (item,) = json.loads(result.stdout)
    assert item["code"] == "FORM003" and item["file"].endswith("VL-002.docx")
    assert result.stderr.strip().endswith("2 files, 1 call, 1 error, 0 warnings")


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    removals=st.lists(st.integers(0, 1 << 20), max_size=6),
    values=st.lists(
        st.tuples(
            st.integers(0, 1 << 20),
            st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=10),
        ),
        max_size=6,
    ),
)
def test_structurally_damaged_forms_give_diagnostics_never_exceptions(filled, removals, values):
    """Elements removed anywhere (properties, list items, check states, stamps) and attribute
    values or texts replaced by anything: the reader answers with diagnostics only."""
    original = filled.read_bytes()

    def damage(root):
        nodes = list(root.iter())[1:]
        for index in removals:
            node = nodes[index % len(nodes)]
            if node.getparent() is not None:
                node.getparent().remove(node)
        nodes = list(root.iter())
        for index, text in values:
            node = nodes[index % len(nodes)]
            if node.attrib:
                node.set(next(iter(node.attrib)), text)
            else:
                node.text = text

    try:
        result = tilsyn.load([edit(filled, damage)])
        assert all(d.code and d.message for d in result.diagnostics)
        assert len(result.records) + len(result.errors) >= 1
    finally:
        filled.write_bytes(original)


def test_form_numbers_with_a_slash_in_the_prefix(cli, tmp_path):
    run = cli(
        "form", "new", "-o", tmp_path / "f.docx", "--count", "2", "--call-id-prefix", "VL/2021-"
    )
    assert run.exit_code == 0, run.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "f-VL-2021-001.docx",
        "f-VL-2021-002.docx",
    ]
    keys = sorted(r.key for r in tilsyn.load([tmp_path]).records + [])  # blank forms: invalid
    assert keys == [] or keys == ["VL/2021-001", "VL/2021-002"]
