"""A spreadsheet for entering many records, one row each, generated from the survey definition.

The header holds the field labels in the chosen language (tilsyn maps them back to codes when
it reads the sheet), every choice column has a drop-down fed from a hidden sheet of code lists,
and every column shows its help text as an input message. The existing spreadsheet reader
reads a filled template as it is: hidden sheets are skipped.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from tilsyn.forms.layout import CHECKBOX, DOC_LANG, DROPDOWN, layout_for, answers_for
from tilsyn.forms.package import document_time, repack
from tilsyn.outputs import write_bytes

ROWS = 1000  # rows that get drop-downs; more can be added by copying a row
CODE_SHEET = {"nb": "Kodelister", "nn": "Kodelister", "en": "Code lists"}
CHOOSE = {"nb": "Velg fra listen.", "nn": "Vel frå lista.", "en": "Choose from the list."}
SEVERAL = {"nb": "Flere valg skilles med semikolon (;).", "nn": "Fleire val skil du med semikolon (;).",
           "en": "Separate several choices with a semicolon (;)."}
REQUIRED = {"nb": "Må fylles ut når spørsmålet gjelder.", "nn": "Må fyllast ut når spørsmålet gjeld.",
            "en": "Required whenever the question applies."}
NUMBER_FORMAT = {"datetime": "dd.mm.yyyy hh:mm", "date": "dd.mm.yyyy", "text": "@"}


def write_sheet(path: Path, survey_id: str = "nks-call", lang: str = "nb",
                rows: list[dict[str, Any]] | None = None) -> None:
    """Write the entry spreadsheet, with `rows` (values by field) already entered."""
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    layout = layout_for(survey_id, lang)
    survey = layout.survey
    book = Workbook()
    sheet = book.active
    sheet.title = survey.record_noun_plural[lang].capitalize()
    codes = book.create_sheet(CODE_SHEET[lang])
    codes.sheet_state = "hidden"
    code_column = 1
    for column, f in enumerate(survey.fields, start=1):
        letter = get_column_letter(column)
        header = sheet.cell(row=1, column=column, value=f.label[lang])
        header.font = Font(bold=True)
        header.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = 50 if f.multiline else min(max(len(f.label[lang]) + 2, 14), 40)
        if f.type in NUMBER_FORMAT:  # a column style: Excel and Calc give it to every cell typed
            sheet.column_dimensions[letter].number_format = NUMBER_FORMAT[f.type]
        choices = None
        if f.is_choice:
            choices = _code_list(codes, code_column, f, lang)
            code_column += 2
        sheet.add_data_validation(_validation(f, lang, choices, f"{letter}2:{letter}{ROWS + 1}"))
    sheet.freeze_panes = "B2"
    for number, values in enumerate(rows or [], start=2):
        _enter(sheet, layout, values, number)

    props = book.properties
    props.title = survey.title[lang]
    props.subject = f"{survey.id} {survey.version}"
    props.creator = props.lastModifiedBy = "tilsyn"
    props.language = DOC_LANG[lang]
    props.created = props.modified = when = document_time()
    for name, value in (("tilsyn.survey", survey.id), ("tilsyn.survey_version", survey.version),
                        ("tilsyn.lang", lang)):
        book.custom_doc_props.append(StringProperty(name=name, value=value))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not book.save(): that stamps "modified" with now
    write_bytes(path, repack(buffer.getvalue(), when))


def _code_list(codes: Any, column: int, f: Any, lang: str) -> str:
    """Write a choice field's labels and codes on the hidden sheet; the range of the labels."""
    from openpyxl.utils import get_column_letter

    codes.cell(row=1, column=column, value=f.name)
    codes.cell(row=1, column=column + 1, value="code")
    for row, choice in enumerate(f.choices, start=2):
        codes.cell(row=row, column=column, value=f.choice_label(choice.code, lang))
        codes.cell(row=row, column=column + 1, value=choice.code)
    letter = get_column_letter(column)
    return f"'{codes.title}'!${letter}$2:${letter}${len(f.choices) + 1}"


def _validation(f: Any, lang: str, choices: str | None, cells: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    notes = [f.help[lang], f.relevant_hint.get(lang, ""), REQUIRED[lang] if f.required else ""]
    if f.type == "many":
        notes.append(SEVERAL[lang])
    prompt = " ".join(n for n in notes if n)
    options: dict[str, Any] = {}
    if choices:
        options = {"type": "list", "formula1": choices, "showErrorMessage": f.type != "many",
                   "error": CHOOSE[lang]}
    elif f.type in ("int", "decimal") and f.min is not None and f.max is not None:
        options = {"type": "whole" if f.type == "int" else "decimal", "operator": "between",
                   "formula1": str(f.min), "formula2": str(f.max), "showErrorMessage": True,
                   "error": f"{f.min:g}–{f.max:g}"}
    validation = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=f.label[lang][:32],
                                prompt=prompt[:255], **options)
    validation.add(cells)
    return validation


def _enter(sheet: Any, layout: Any, values: dict[str, Any], row: int) -> None:
    """Enter a record as an inspector types it: labels for choices, several joined with "; "."""
    cells: dict[str, list[Any]] = {}
    for key, answer in answers_for(layout, values).items():
        control = layout.by_key[key]
        if control.kind == CHECKBOX:
            answer = layout.survey.by_name[control.field].choice_label(control.code, layout.lang)
        elif control.kind == DROPDOWN:
            answer = control.display(answer)
        cells.setdefault(control.field, []).append(answer)
    for column, f in enumerate(layout.survey.fields, start=1):
        if f.name in cells:
            parts = cells[f.name]
            cell = sheet.cell(row=row, column=column, value=parts[0] if len(parts) == 1 else "; ".join(parts))
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # typed text, never a formula
            if f.type in NUMBER_FORMAT:
                cell.number_format = NUMBER_FORMAT[f.type]
