"""`tilsyn form new` as a library call: blank forms with what is known in advance filled in.

A Word form holds one record, so `count` forms are numbered files; a spreadsheet holds many, so
`count` is its number of prefilled rows. Existing files are never replaced unless asked: a filled
form overwritten by a blank one would be lost.
"""

from __future__ import annotations

import re
from pathlib import Path

from tilsyn.errors import OutputError, UsageError

SUFFIXES = (".docx", ".xlsx")
# option -> field: the office survey calls its observer an inspector; the round is `survey`
_SAME_FIELD = {"observer": "inspector", "survey_round": "survey"}


def make_forms(output: Path, survey_id: str = "nks-call", lang: str = "nb",
               prefill: dict[str, str] | None = None, count: int | None = None,
               key_prefix: str = "", force: bool = False) -> list[Path]:
    """Write the blank form(s); returns the files written."""
    from tilsyn.survey import get_survey

    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"cannot make a form as {output.name!r}",
                         hint="Name the output .docx (a Word form) or .xlsx (a spreadsheet for many).")
    survey = get_survey(survey_id)
    values = _checked_prefill(survey, prefill or {})
    keys = [f"{key_prefix}{n:03d}" if key_prefix else None for n in range(1, (count or 1) + 1)]
    if suffix == ".xlsx":
        from tilsyn.forms.xlsx_writer import write_sheet

        if count and not key_prefix:
            raise UsageError(f"--count {count} numbers a spreadsheet's rows by their "
                             f"{survey.label(survey.key, 'en')}s, so it needs --call-id-prefix",
                             hint="Add --call-id-prefix, e.g. --call-id-prefix VL- for the rows "
                             "VL-001, VL-002 ...; or leave out --count: the sheet has room for "
                             "1,000 rows.")

        rows = [{**values, survey.key: key} for key in keys] if count or values else []
        _refuse_existing([output], force)
        write_sheet(output, survey_id, lang, rows)
        return [output]
    from tilsyn.forms.docx_writer import write_form

    if count is None:
        paths = [output]
    else:
        paths = [output.with_name(f"{output.stem}-{_file_part(key) or f'{n:03d}'}{output.suffix}")
                 for n, key in enumerate(keys, start=1)]
    _refuse_existing(paths, force)
    for path, key in zip(paths, keys):
        write_form(path, survey_id, lang, {**values, survey.key: key})
    return paths


def _checked_prefill(survey, prefill: dict[str, str]) -> dict[str, object]:
    from tilsyn.values import BadValue, parser_for

    values: dict[str, object] = {}
    for option, raw in prefill.items():
        if raw is None:
            continue
        name = survey.field_for_header(option) or _SAME_FIELD.get(option)
        if name not in survey.by_name:
            raise UsageError(f"the {survey.id} survey has no field {option!r}",
                             hint="`tilsyn fields` lists the fields by code and label.")
        try:
            values[name] = parser_for(survey, survey.by_name[name])(raw)
        except BadValue as bad:
            raise UsageError(f"--{option.replace('_', '-')} {raw!r}: {bad.message}", hint=bad.hint) from None
    return values


def _refuse_existing(paths: list[Path], force: bool) -> None:
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        names = ", ".join(str(p) for p in existing[:3]) + (" ..." if len(existing) > 3 else "")
        raise OutputError(f"{names} already exists; a filled form would be lost",
                          hint="Choose another name, or add --force to replace it.")


_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _file_part(key: str | None) -> str:
    """A record key as part of a file name: characters no file system takes (the / in
    VL/2021-001) become a hyphen; the key inside the form stays as given."""
    return _NOT_IN_FILE_NAMES.sub("-", key).strip(". ") if key else ""
