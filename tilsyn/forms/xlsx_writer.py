"""A spreadsheet for entering many records, one row each, generated from the survey definition.

The columns follow the question numbers of the Word form. The header holds the field labels in
the chosen language, required ones marked `*` (tilsyn maps them back to codes when it reads the
sheet); every choice column has a drop-down fed from a hidden sheet of code lists; a many-choice
field has one column per choice to mark with «x», as XLSForm exports `select_multiple`
(`tilsyn.headers.sheet_column` reads them back into one field); every column shows its help as
an input message; questions that are not asked grey out. It prints one page wide, landscape,
with the header row on every page. Hidden sheets are skipped by the spreadsheet reader.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any, Iterable

from tilsyn.formats.form_layout import CHECKBOX, DROPDOWN, answers_for, layout_for
from tilsyn.formats.properties import PREFILLED
from tilsyn.forms.package import repack
from tilsyn.forms.xlsx_rules import not_asked_formula
from tilsyn.i18n import DOC_LANG
from tilsyn.outputs import write_bytes
from tilsyn.reproducible import now
from tilsyn.texts import Texts

ROWS = 1000  # rows that get drop-downs; more can be added by copying a row
MARK = "x"  # what marks a choice in a many-choice field's column
NUMBER_FORMAT = {"datetime": "dd.mm.yyyy hh:mm", "date": "dd.mm.yyyy", "text": "@"}
TITLE_MAX, PROMPT_MAX = 32, 255  # Excel's limits for an input message
HEADER_FILL, REQUIRED_FILL, NOT_ASKED_FILL = "DDE4EE", "F8E0B0", "D9D9D9"


def columns(survey: Any) -> list[tuple[Any, str | None]]:
    """(field, choice code) per column, in question order: a many-choice field gets a column
    per choice, every other field one column (code None)."""
    fields = sorted(survey.fields, key=lambda f: survey.question_number(f.name))
    return [(f, c) for f in fields for c in (f.codes if f.type == "many" else (None,))]


def header(f: Any, code: str | None, lang: str) -> str:
    label = f.label[lang] + (f": {f.choice_label(code, lang)}" if code else "")
    return label + (" *" if f.required and not code else "")


def write_sheet(
    path: Path,
    survey_id: str = "nks-call",
    lang: str = "nb",
    rows: list[dict[str, Any]] | None = None,
    prefilled: Iterable[str] = (),
) -> None:
    """Write the entry spreadsheet, with `rows` (values by field) already entered; the fields
    named in `prefilled` are recorded as filled in before the sheet was handed out, so that a
    row holding nothing else is read as not filled in yet."""
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    layout = layout_for(survey_id, lang)
    survey = layout.survey
    book = Workbook()
    sheet = book.active
    sheet.title = survey.record_noun_plural[lang].capitalize()
    codes = book.create_sheet(Texts("forms", lang)("sheet.code_lists"))
    codes.sheet_state = "hidden"
    code_column = 1
    letters: dict[tuple[str, str | None], str] = {}
    layout_columns = columns(survey)
    for column, (f, code) in enumerate(layout_columns, start=1):
        letter = letters[f.name, code] = get_column_letter(column)
        cell = sheet.cell(row=1, column=column, value=header(f, code, lang))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=REQUIRED_FILL if f.required else HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="bottom", textRotation=90)
        sheet.column_dimensions[letter].width = _width(f, code)
        if f.type in NUMBER_FORMAT:  # a column style: Excel and Calc give it to every cell typed
            sheet.column_dimensions[letter].number_format = NUMBER_FORMAT[f.type]
        choices = None
        if code:
            choices = f'"{MARK}"'
        elif f.is_choice:
            choices = _code_list(codes, code_column, f, lang)
            code_column += 2
        title = short_title(f"{survey.question_number(f.name)}. {f.label[lang]}")
        sheet.add_data_validation(
            _validation(f, code, lang, choices, f"{letter}2:{letter}{ROWS + 1}", title)
        )
    sheet.row_dimensions[1].height = 150  # the headers run upwards, so narrow columns fit on a page
    _grey_when_not_asked(sheet, survey, lang, letters)
    _print_setup(sheet)
    for number, values in enumerate(rows or [], start=2):
        _enter(sheet, layout, values, number, letters)

    props = book.properties
    props.title = survey.title[lang]
    props.subject = f"{survey.id} {survey.version}"
    props.creator = props.lastModifiedBy = "tilsyn"
    props.language = DOC_LANG[lang]
    props.created = props.modified = when = now()
    for name, value in (
        ("tilsyn.survey", survey.id),
        ("tilsyn.survey_version", survey.version),
        ("tilsyn.lang", lang),
        *([(PREFILLED, " ".join(sorted(prefilled)))] if prefilled else []),
    ):
        book.custom_doc_props.append(StringProperty(name=name, value=value))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not book.save(): that stamps "modified" with now
    write_bytes(path, repack(buffer.getvalue(), when))


def _width(f: Any, code: str | None) -> float:
    """Narrow columns, so that a printed page holds every column readably: an «x», a Ja/Nei, a
    number or a short code needs little room; free text gets most."""
    if code:
        return 4
    if f.multiline:
        return 30
    return {"yesno": 6, "int": 8, "decimal": 8, "datetime": 15, "date": 11, "one": 14}.get(
        f.type, 12
    )


def _print_setup(sheet: Any) -> None:
    """A4 landscape, one page wide, the header row on every page; first column and header frozen."""
    sheet.freeze_panes = "B2"
    setup = sheet.page_setup
    setup.orientation, setup.paperSize = "landscape", sheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def _grey_when_not_asked(sheet: Any, survey: Any, lang: str, letters: dict) -> None:
    """Conditional formatting: a question's cells turn grey while its "asked if" rule is false
    for what the row holds."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    fill = PatternFill("solid", bgColor=NOT_ASKED_FILL)
    for f in survey.fields:
        formula = not_asked_formula(survey, f, lang, letters)
        if formula is None:
            continue
        cells = " ".join(
            f"{letter}2:{letter}{ROWS + 1}"
            for (name, _), letter in letters.items()
            if name == f.name
        )
        sheet.conditional_formatting.add(
            cells, FormulaRule(formula=[formula], fill=fill, font=Font(color="808080"))
        )


def _code_list(codes: Any, column: int, f: Any, lang: str) -> str:
    """Write a choice field's labels and codes on the hidden sheet; the range of the labels."""
    from openpyxl.utils import get_column_letter

    codes.cell(row=1, column=column, value=f.label[lang])
    codes.cell(row=1, column=column + 1, value=Texts("forms", lang)("sheet.code"))
    for row, choice in enumerate(f.choices, start=2):
        codes.cell(row=row, column=column, value=f.choice_label(choice.code, lang))
        codes.cell(row=row, column=column + 1, value=choice.code)
    letter = get_column_letter(column)
    return f"'{codes.title}'!${letter}$2:${letter}${len(f.choices) + 1}"


def _validation(
    f: Any, code: str | None, lang: str, choices: str | None, cells: str, title: str
) -> Any:
    """The column's input message (titled with the question's number and label, as the Word form
    numbers it) and, for a choice or a bounded number, what it accepts."""
    from openpyxl.worksheet.datavalidation import DataValidation

    label = f.label[lang]
    words = Texts("forms", lang)
    notes = [
        label if title.endswith("…") else "",
        f.help[lang],
        f.relevant_hint.get(lang, ""),
        words("sheet.mark_help") if code else "",
        words("sheet.required") if f.required and not code else "",
    ]
    options: dict[str, Any] = {}
    if choices:
        options = {
            "type": "list",
            "formula1": choices,
            "showErrorMessage": True,
            "error": words("sheet.choose"),
        }
    elif f.type in ("int", "decimal") and f.min is not None and f.max is not None:
        options = {
            "type": "whole" if f.type == "int" else "decimal",
            "operator": "between",
            "formula1": str(f.min),
            "formula2": str(f.max),
            "showErrorMessage": True,
            "error": f"{f.min:g}–{f.max:g}",
        }
    validation = DataValidation(
        allow_blank=True,
        showInputMessage=True,
        promptTitle=title,
        prompt=_words(" ".join(n for n in notes if n), PROMPT_MAX),
        **options,
    )
    validation.add(cells)
    return validation


def short_title(text: str) -> str:
    """An input-message title within Excel's 32 characters, shortened at a word, never inside one."""
    return _words(text, TITLE_MAX)


def _words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _enter(sheet: Any, layout: Any, values: dict[str, Any], row: int, letters: dict) -> None:
    """Enter a record as an inspector types it: labels for choices, «x» for each choice made."""
    survey = layout.survey
    for key, answer in answers_for(layout, values).items():
        control = layout.by_key[key]
        f = survey.by_name[control.field]
        if control.kind == CHECKBOX:
            answer = MARK
        elif control.kind == DROPDOWN:
            answer = control.display(answer)
        cell = sheet[f"{letters[f.name, control.code]}{row}"]
        cell.value = answer
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # typed text, never a formula
        if f.type in NUMBER_FORMAT:
            cell.number_format = NUMBER_FORMAT[f.type]
