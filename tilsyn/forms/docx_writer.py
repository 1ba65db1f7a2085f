"""Blank and filled Word forms, generated from the survey definition.

python-docx writes the body (styles, headings, tables); the content controls are lxml elements
from `tilsyn.forms.controls`. One field per table row, numbered as `Survey.question_number`
numbers it: the question with a line of help and its "fill in only if" hint on the left, the
control on the right, and beside each control a hidden key naming it, because LibreOffice 7.4
drops the controls' tags on save. Every page's header holds the record's key and "side x av y".
The survey id, version and language are stamped twice: in hidden text in the body and in custom
document properties.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import Any, Iterable

from tilsyn import __version__
from tilsyn.formats.form_layout import (
    CHECKBOX,
    Layout,
    answers_for,
    layout_for,
    marker,
)
from tilsyn.formats.properties import PREFILLED
from tilsyn.forms import controls
from tilsyn.forms.package import zip_parts
from tilsyn.i18n import DOC_LANG
from tilsyn.outputs import write_bytes
from tilsyn.reproducible import now
from tilsyn.texts import Texts

KEY_STYLE = "Form Key"
HINT_STYLE = "Form Hint"  # the "fill in only if ..." hint after the help
KEY_BLANK = "_" * 14  # the header's key until the form is made for a record: a line to write on
CUSTOM_PROPERTIES_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the fixed id of user-defined properties
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def build_document(survey_id: str, lang: str) -> Any:
    """The blank form as a python-docx Document (slow: python-docx looks styles up by scanning)."""
    import docx
    from docx.shared import Cm

    layout = layout_for(survey_id, lang)
    document = docx.Document()
    _page_and_language(document, lang)
    _add_styles(document)
    survey = layout.survey
    _header(document, survey, lang)
    document.add_paragraph(survey.title[lang], style="Title")
    document.add_paragraph(survey.instructions[lang])
    words = Texts("forms", lang)
    document.add_paragraph(words("document.required_note"))
    stamp = document.add_paragraph(
        words("document.stamp_label", version=survey.version), style="Form Help"
    )
    stamp.add_run(marker(layout.stamp.text), style=KEY_STYLE)
    next_id = iter(range(1000, 100000))
    for title, fields in _sections(survey):
        if title:
            document.add_heading(title[lang], level=1)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for f in fields:
            row = table.add_row()
            _keep_row_together(row)
            question, answer = row.cells
            question.width, answer.width = Cm(9.5), Cm(7.5)
            _question(question, f, lang, survey.question_number(f.name))
            for number, control in enumerate(layout.for_field(f.name)):
                paragraph = answer.add_paragraph() if number else answer.paragraphs[0]
                paragraph._p.append(controls.build(control, next(next_id), lang))
                if control.kind == CHECKBOX:
                    paragraph.add_run(" " + f.choice_label(control.code, lang))
                paragraph.add_run(marker(control.key), style=KEY_STYLE)
    return document


def _sections(survey: Any) -> list[tuple[dict[str, str] | None, list[Any]]]:
    """(section title, its fields) in the order of the question numbers; no title for fields
    of no listed section."""
    titles = {s.id: s.title for s in survey.sections}
    groups: dict[str, list[Any]] = {}
    for name in survey.question_numbers:
        f = survey.by_name[name]
        groups.setdefault(f.section, []).append(f)
    return [(titles.get(section), fields) for section, fields in groups.items()]


def _question(cell: Any, f: Any, lang: str, number: int) -> None:
    """The numbered question, then a short line of help and the "fill in only if" hint: the
    form is used while listening to a call. The whole help is in the spreadsheet's input
    messages and the survey definition."""
    cell.paragraphs[0].style = "Form Question"
    cell.paragraphs[0].add_run(f"{number}. {f.label[lang]}" + (" *" if f.required else ""))
    help_line = cell.add_paragraph(short_help(f.help[lang]), style="Form Help")
    if f.relevant_hint.get(lang):
        help_line.add_run(" " + f.relevant_hint[lang], style=HINT_STYLE)


def short_help(text: str) -> str:
    """The help's first sentence up to a semicolon: what the question means, not every detail.
    A help that defines the choices («Generell: …. Individuell: ….») keeps every definition,
    and an abbreviation («f.eks.», «e.g.») never ends a sentence."""
    sentences = _sentences(text.strip())
    shown = sentences[:1]
    if _DEFINES.match(shown[0]):
        shown += itertools.takewhile(_DEFINES.match, sentences[1:])
    first = " ".join(shown)
    head, _, rest = first.partition(";")
    return head.rstrip() + "." if rest else first


def _sentences(text: str) -> list[str]:
    parts, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        if not _ABBREVIATED.search(text[start : end.start()]):
            parts.append(text[start : end.start()])
            start = end.end()
    return [*parts, text[start:]]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«‘])")
_ABBREVIATED = re.compile(r"(?:^|\s)(?:e\.g|i\.e|f\.eks|t\.d|bl\.a|jf|kl|nr)\.$")
# A sentence that defines a choice: a word or two, a colon, the definition.
_DEFINES = re.compile(r"[\w-]+(?: [\w-]+)?: ")


def _header(document: Any, survey: Any, lang: str) -> None:
    """Every page's header: the record's key (a line to write on until it is known) and
    "side x av y", so printed pages of different forms cannot be mixed up."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm

    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.style = "Form Help"
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(f"{survey.label(survey.key, lang)}: ")
    paragraph.add_run(KEY_BLANK).bold = True
    before, middle_after = Texts("forms", lang).raw("document.page_of").split("{page}")
    middle, after = middle_after.split("{pages}")
    paragraph.add_run("\t" + before)
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(middle)
    _field(paragraph, "NUMPAGES", "1")
    if after:
        paragraph.add_run(after)


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A simple field (PAGE, NUMPAGES) showing `shown` until the word processor updates it."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} ">'
            f"<w:r><w:t>{shown}</w:t></w:r></w:fldSimple>"
        )
    )


def _keep_row_together(row: Any) -> None:
    from docx.oxml import OxmlElement

    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))


def _page_and_language(document: Any, lang: str) -> None:
    """A4 with 2 cm margins; the document language in the style defaults (spelling, hyphenation)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_props = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in run_props.findall(qn("w:lang")):
        run_props.remove(old)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), DOC_LANG[lang])
    language.set(qn("w:eastAsia"), DOC_LANG[lang])
    run_props.append(language)


def _add_styles(document: Any) -> None:
    """Form styles, so an inspector can restyle the form in Word instead of fixing each cell."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    styles = document.styles
    question = styles.add_style("Form Question", WD_STYLE_TYPE.PARAGRAPH)
    question.base_style = styles["Normal"]
    question.font.bold = True
    question.paragraph_format.space_after = Pt(2)
    help_style = styles.add_style("Form Help", WD_STYLE_TYPE.PARAGRAPH)
    help_style.base_style = styles["Normal"]
    help_style.font.size = Pt(9)
    help_style.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    help_style.paragraph_format.space_after = Pt(2)
    styles.add_style(HINT_STYLE, WD_STYLE_TYPE.CHARACTER).font.italic = True
    key = styles.add_style(KEY_STYLE, WD_STYLE_TYPE.CHARACTER)
    key.font.hidden = True
    key.font.size = Pt(6)
    placeholder = styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    placeholder.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    _calm(document)


def _calm(document: Any) -> None:
    """Quieter than python-docx's template: Calibri (Carlito where it is missing) throughout,
    a black title without a rule, dark headings, smaller spacing."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    run_props = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in run_props.findall(qn("w:rFonts")):
        run_props.remove(old)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "120")
    spacing.set(qn("w:line"), "252")
    for name, size, before, after in (
        ("Normal", 10.5, None, None),
        ("Title", 18, 0, 6),
        ("Heading 1", 13, 14, 4),
    ):
        style = styles[name]
        props = style.element.get_or_add_rPr()
        for old in props.findall(qn("w:rFonts")) + props.findall(qn("w:color")):
            props.remove(old)  # theme fonts and colours outrank the ones set below
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        if name != "Normal":
            style.font.color.rgb = RGBColor(0x1F, 0x1F, 0x1F)
            style.paragraph_format.space_before, style.paragraph_format.space_after = (
                Pt(before),
                Pt(after),
            )
        border = style.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
        if border is not None:
            border.getparent().remove(border)


@cache
def _blank_parts(survey_id: str, lang: str) -> tuple[tuple[str, bytes], ...]:
    """The parts of the blank form, built once per survey and language and reused for every
    form written: filling a copy with lxml is fifty times faster than building it again."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    layout = layout_for(survey_id, lang)
    document = build_document(survey_id, lang)
    survey = layout.survey
    props = document.core_properties
    props.title = survey.title[lang]
    props.subject = f"{survey.id} {survey.version}"
    props.keywords = f"tilsyn; {survey.id}; {survey.version}"
    props.language = DOC_LANG[lang]
    props.comments = f"tilsyn {__version__}"
    props.revision = 1
    package = document.part.package
    for rels, unwanted in (
        (package.rels, RT.THUMBNAIL),
        (document.part.rels, _STYLES_WITH_EFFECTS),
    ):
        for rel_id, rel in list(rels.items()):
            if (
                rel.reltype == unwanted
            ):  # the template's picture of another document; Word 2010 extras
                del rels[rel_id]
    custom = Part(
        PackURI("/docProps/custom.xml"), CUSTOM_PROPERTIES_TYPE, _custom_xml(layout), package
    )
    package.relate_to(custom, RT.CUSTOM_PROPERTIES)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return tuple((name, archive.read(name)) for name in archive.namelist())


def form_bytes(
    survey_id: str,
    lang: str,
    values: dict[str, Any] | None = None,
    when: dt.datetime | None = None,
    author: str = "tilsyn",
    prefilled: Iterable[str] = (),
) -> bytes:
    """A .docx form with `values` (by field, typed or as input files hold them) filled in as Word
    stores answers, dated `when` (default: SOURCE_DATE_EPOCH or now). `prefilled` names the
    fields `form new` filled in, kept in a document property so that a form holding nothing
    else is read as not filled in yet."""
    layout = layout_for(survey_id, lang)
    when = when or now()
    answers = answers_for(layout, values or {})
    key = answers.get(layout.survey.key)
    parts = []
    for name, data in _blank_parts(survey_id, lang):
        if name == "word/document.xml" and answers:
            data = _filled(data, layout, answers)
        elif name.startswith("word/header") and key:
            data = _keyed(data, key)
        elif name == "docProps/core.xml":
            data = _dated(data, when, author)
        elif name == "docProps/custom.xml" and prefilled:
            data = _custom_xml(layout, prefilled)
        parts.append((name, data))
    return zip_parts(parts, when)


def _filled(data: bytes, layout: Layout, answers: dict[str, Any]) -> bytes:
    from lxml import etree

    from tilsyn.formats import ooxml as x

    root = etree.fromstring(data)
    for sdt in root.iter(x.SDT):
        key = sdt.find(f"{x.SDT_PR}/{x.TAG}").get(x.VAL)
        if key in answers:
            controls.set_answer(sdt, layout.by_key[key], answers[key])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _keyed(data: bytes, key: str) -> bytes:
    """The header with the record's key in place of the line to write it on."""
    from lxml import etree

    from tilsyn.formats import ooxml as x

    root = etree.fromstring(data)
    for node in root.iter(x.T):
        if node.text == KEY_BLANK:
            node.text = key
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _dated(data: bytes, when: dt.datetime, author: str) -> bytes:
    from lxml import etree

    root = etree.fromstring(data)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    for node in root:
        name = etree.QName(node).localname
        if name in ("created", "modified"):
            node.text = stamp
        elif name in ("creator", "lastModifiedBy"):
            node.text = author
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _custom_xml(layout: Layout, prefilled: Iterable[str] = ()) -> bytes:
    from xml.sax.saxutils import escape

    stamp = layout.stamp
    items = (
        ("tilsyn.survey", stamp.survey),
        ("tilsyn.survey_version", stamp.version),
        ("tilsyn.lang", stamp.lang),
    )
    if prefilled:
        items += ((PREFILLED, " ".join(sorted(prefilled))),)
    body = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{name}"><vt:lpwstr>{escape(value)}'
        f"</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(items, start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://'
        'schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://'
        f'schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{body}</Properties>'
    ).encode("utf-8")


def write_form(
    path: Path,
    survey_id: str = "nks-call",
    lang: str = "nb",
    values: dict[str, Any] | None = None,
    prefilled: Iterable[str] = (),
) -> None:
    """Write one .docx form, blank or with `values` prefilled, the fields named in `prefilled`
    recorded as filled in before the form was handed out."""
    write_bytes(path, form_bytes(survey_id, lang, values, prefilled=prefilled))


def fill_form(
    record: dict[str, Any], path: Path, lang: str = "nb", survey_id: str | None = None
) -> None:
    """Write a form filled with a record (typed, or as input files hold it), as Word stores the
    answers of a user.

    The document is dated at the record's observation time (when the inspector filled it in),
    so the same record always gives the same bytes.
    """
    from tilsyn.survey import all_surveys, get_survey
    from tilsyn.values import parse_datetime

    if survey_id is None:
        survey_id = next(s.id for s in all_surveys() if record.get(s.key) is not None)
    survey = get_survey(survey_id)
    dated = [
        record[f.name]
        for f in survey.fields
        if f.type in ("datetime", "date") and record.get(f.name)
    ]
    author = (survey.form.author and record.get(survey.form.author)) or "tilsyn"
    data = form_bytes(
        survey_id, lang, record, parse_datetime(dated[0]) if dated else None, str(author)
    )
    write_bytes(Path(path), data)
