"""`tilsyn form new` as a library call: blank forms with what is known in advance filled in.

A Word form holds one record, so `count` forms are numbered files; a spreadsheet holds many, so
`count` is its number of prefilled rows. Existing files are never replaced unless asked: a filled
form overwritten by a blank one would be lost.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

from tilsyn.diagnostics import language, phrase
from tilsyn.errors import UsageError
from tilsyn.outputs import guarded, refuse_existing

SUFFIXES = (".docx", ".xlsx")


def make_forms(
    output: Path,
    survey_id: str = "nks-call",
    lang: str = "nb",
    prefill: dict[str, str] | None = None,
    count: int | None = None,
    key_prefix: str = "",
    force: bool = False,
    options: dict[str, str | None] | None = None,
    inputs: Sequence[Path] = (),
) -> list[Path]:
    """Write the blank form(s); returns the files written. `prefill` is by field (code or
    label); `options` by the names the survey's `[form] prefill` gives its fields (`county`,
    `observer`, `survey_round` for the built-in surveys). None is replaced unless `force`, not
    even one saved while they are made, and none is ever one of `inputs` (the survey
    definition file)."""
    from tilsyn.survey import get_survey

    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(phrase("form_name", name=output.name), hint=phrase("form_name_hint"))
    survey = get_survey(survey_id)
    values = _checked_prefill(survey, prefill or {}, options or {})
    keys = [f"{key_prefix}{n:03d}" if key_prefix else None for n in range(1, (count or 1) + 1)]
    if suffix == ".xlsx":
        from tilsyn.forms.xlsx_writer import write_sheet

        if count and not key_prefix:
            raise UsageError(
                phrase("form_count", count=count, key=survey.label(survey.key, language())),
                hint=phrase("form_count_hint"),
            )

        rows = [{**values, survey.key: key} for key in keys] if count or values else []
        refuse_existing([output], force, "form")
        with guarded(force, inputs):
            write_sheet(output, survey_id, lang, rows, _filled_in(survey, values, key_prefix))
        return [output]
    from tilsyn.forms.docx_writer import write_form

    if count is None:
        paths = [output]
    else:
        paths = [
            output.with_name(f"{output.stem}-{_file_part(key) or f'{n:03d}'}{output.suffix}")
            for n, key in enumerate(keys, start=1)
        ]
    refuse_existing(paths, force, "form")
    with guarded(force, inputs):
        for path, key in zip(paths, keys, strict=False):
            write_form(
                path, survey_id, lang, {**values, survey.key: key}, _filled_in(survey, values, key)
            )
    return paths


def _filled_in(survey, values: dict[str, object], key: str | None) -> list[str]:
    """The fields a form is handed out with: a form holding nothing else is not filled in."""
    return [*values, *([survey.key] if key else [])]


def _checked_prefill(
    survey, prefill: dict[str, str | None], options: dict[str, str | None]
) -> dict[str, object]:
    """Typed values by field: `options` by the name the survey's `[form] prefill` gives a field
    (`survey_round` -> `survey`), `prefill` by field code or label."""
    from tilsyn.values import BadValue, parser_for

    wanted: list[tuple[str, str | None, str]] = []  # (as the user named it, field, value)
    for option, raw in options.items():
        if raw is not None:
            if option not in survey.form.prefill:
                raise UsageError(
                    phrase("no_prefill_field", survey=survey.id, option=_flag(option)),
                    hint=phrase("no_prefill_field_hint"),
                )
            wanted.append((option, survey.form.prefill[option], raw))
    wanted += [
        (h, survey.field_for_header(h), raw) for h, raw in prefill.items() if raw is not None
    ]
    values: dict[str, object] = {}
    for given, name, raw in wanted:
        if name not in survey.by_name:
            raise UsageError(
                phrase("no_field", survey=survey.id, name=given), hint=phrase("no_field_hint")
            )
        try:
            values[name] = parser_for(survey, survey.by_name[name])(raw)
        except BadValue as bad:
            from tilsyn.diagnostics import render
            from tilsyn.validate import value_params

            message, hint = render(
                bad.code,
                bad.variant,
                {**value_params(survey, name, bad.params), "question": _flag(given)},
            )
            raise UsageError(message, hint=hint) from None
    return values


def _flag(option: str) -> str:
    return f"--{option.replace('_', '-')}"


_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _file_part(key: str | None) -> str:
    """A record key as part of a file name: characters no file system takes (the / in
    VL/2021-001) become a hyphen; the key inside the form stays as given."""
    return _NOT_IN_FILE_NAMES.sub("-", key).strip(". ") if key else ""
