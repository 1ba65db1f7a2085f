"""The columns of a table of records against a survey's fields: which field a header names
(its code or its label in any language), the «x» columns of a many-choice field, and what is
wrong with a header row (COL001 unknown, COL002 twice, COL004 a likely typo).

Kept apart from validation proper (tilsyn/validate.py), which asks here once per table and
then reads every row through `sheet_values`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from tilsyn.diagnostics import diagnostic, language, question
from tilsyn.errors import Diagnostic
from tilsyn.formats.computed_columns import is_computed_column
from tilsyn.readers.base import DateAnswer, Table
from tilsyn.survey import Survey
from tilsyn.values import chosen_date, is_empty

_UNMARKED = frozenset({"0", "nei", "no", "false"})  # what also leaves an «x» column unticked


@dataclass
class CheckedHeaders:
    """A header row checked: whether every header names a field once, what is wrong, and the
    fields whose column has a misspelt header (their answers are not also missing)."""

    ok: bool = True
    diagnostics: list[Diagnostic] = field(default_factory=list)
    misnamed: set[str] = field(default_factory=set)


def sheet_column(survey: Survey, header: str) -> tuple[str | None, str | None]:
    """(field, choice) of a spreadsheet column that is not named by a field alone: a required
    column marked `Label *`, or one «x» column per choice of a many-choice field, named
    `Label: choice` as `tilsyn form new` writes them (XLSForm's `select_multiple` columns)."""
    text = str(header).strip().removesuffix("*").rstrip()
    name = survey.field_for_header(text)
    if name is not None:
        return name, None
    head, colon, choice = text.rpartition(":")
    name = survey.field_for_header(head.removesuffix("*").rstrip()) if colon else None
    if name is None or survey.by_name[name].type != "many":
        return None, None
    code = survey.choice_code(name, choice.strip())
    return (name, code) if code is not None else (None, None)


def sheet_values(survey: Survey, values: dict[str, Any]) -> Iterable[tuple[str, str | None, Any]]:
    """(header, field, value) per column, with the «x» columns of a many-choice field folded
    into one value under the first of them: the codes of the columns that hold a mark."""
    folded: dict[str, tuple[str, list[str]]] = {}
    for header, value in values.items():
        name = survey.field_for_header(header)
        code = None
        if name is None:
            name, code = sheet_column(survey, header)
        if code is None:
            if value.__class__ is DateAnswer:  # a Word date control: its text or Word's date
                value = chosen_date(value.text, value.stored)
            yield header, name, value
        else:
            codes = folded.setdefault(name, (header, []))[1]
            if not is_empty(value) and str(value).strip().casefold() not in _UNMARKED:
                codes.append(code)
    for name, (header, codes) in folded.items():
        yield header, name, codes or None


def near_field(survey: Survey, header: str) -> str | None:
    """The field whose code or label a header is close to (a typo), if one is."""
    import difflib

    from tilsyn.survey import fold

    names = {}
    for f in survey.fields:
        for text in (f.name, *f.label.values()):
            names.setdefault(fold(text), f.name)
    found = difflib.get_close_matches(fold(header), list(names), n=1, cutoff=0.8)
    return names[found[0]] if found else None


def check_headers(
    survey: Survey, table: Table, headers: Iterable[str], where: dict[str, Any]
) -> CheckedHeaders:
    """Whether every header of `table` names a field once. A header close to a field's code or
    label is named as a likely typo (COL004); `where` is the diagnostics' location."""
    checked = CheckedHeaders()
    where = {**where, "key_field": survey.key}
    seen: dict[str, str] = {}
    for header in headers:
        if _skipped(survey, table, header):
            continue
        name = survey.field_for_header(header) or sheet_column(survey, header)[0]
        column = table.columns.get(header)
        if name in seen and sheet_column(survey, header)[1] and sheet_column(survey, seen[name])[1]:
            continue  # another «x» column of the same many-choice field
        if name is None:
            checked.ok = False
            checked.diagnostics.append(_unknown(survey, header, column, where, checked.misnamed))
        elif name in seen:
            checked.ok = False
            params = {"first": seen[name], "second": header, "question": question(survey, name)}
            checked.diagnostics.append(
                diagnostic("COL002", params=params, column=column, field=name, **where)
            )
        else:
            seen[name] = header
    return checked


def _skipped(survey: Survey, table: Table, header: str) -> bool:
    """A column tilsyn writes itself (an export's results), or a calculate, note or metadata
    column of an ODK or Kobo export: computed or read past, never a field."""
    return is_computed_column(header) or bool(
        table.dialect and (header in survey.derived or header in survey.other_columns)
    )


def _unknown(
    survey: Survey, header: str, column: Any, where: dict[str, Any], misnamed: set[str]
) -> Diagnostic:
    """COL001 for a header that names no field; COL004 (and the field misnamed) for one close
    to a field's code or label."""
    near = near_field(survey, header)
    if near is None:
        params = {"header": header, "survey": survey.id}
        return diagnostic("COL001", params=params, column=column, field=header, **where)
    misnamed.add(near)
    lang = language()
    params = {
        "header": header,
        "field": near,
        "name": survey.label(near, lang),
        "suggestion": question(survey, near, lang),
    }
    return diagnostic("COL004", params=params, column=column, field=header, **where)
