"""`tilsyn survey export` and `tilsyn survey check`: a survey written as an XLSForm for ODK and
Kobo, and a definition (TOML or XLSForm) checked and shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import (
    CRITERIA_OPTION,
    FORCE_OPTION,
    JSON_OPTION,
    LANG_OPTION,
    output_option,
)
from tilsyn.cli.texts import help_text

survey_app = typer.Typer(help=help_text("survey.help"), no_args_is_help=True)
app.add_typer(survey_app, name="survey")


@survey_app.command("export", help=help_text("survey.export"))
def export_survey(
    survey: str = typer.Argument(
        ..., help=help_text("survey.export_survey"), metavar=help_text("metavar.survey")
    ),
    output: Path = output_option("survey"),
    force: bool = FORCE_OPTION,
) -> None:
    from tilsyn.api import resolve_survey
    from tilsyn.cli.output import err_console
    from tilsyn.cli.texts import say
    from tilsyn.errors import UsageError
    from tilsyn.outputs import check_not_input, refuse_existing
    from tilsyn.xlsform.write import write_xlsform

    if output.suffix.casefold() != ".xlsx":
        raise UsageError(say("xlsform_name", path=output), hint=say("xlsform_name_hint"))
    definition = resolve_survey(survey)
    if Path(survey).is_file():
        check_not_input(output, [survey])
    refuse_existing([output], force, "survey")
    write_xlsform(definition, output)
    err_console().print(
        say(
            "wrote_xlsform",
            path=output,
            survey=definition.id,
            version=definition.version,
            fields=len(definition.fields),
        )
    )


@survey_app.command("check", help=help_text("survey.check"))
def check_survey(
    definition: Path = typer.Argument(
        ..., help=help_text("survey.definition"), metavar=help_text("metavar.path")
    ),
    criteria_file: Optional[Path] = CRITERIA_OPTION,
    as_json: bool = JSON_OPTION,
    lang: Optional[str] = LANG_OPTION,
) -> None:
    from tilsyn.api import catalogue_for, resolve_survey
    from tilsyn.cli.output import print_json
    from tilsyn.cli.texts import output_language

    lang = output_language(lang)
    survey = resolve_survey(definition)
    beside = definition.with_name(f"{definition.stem}.criteria.toml")
    catalogue = None
    if not definition.is_file():  # a built-in survey, by its id
        catalogue = catalogue_for(str(definition), criteria_file)
    elif criteria_file is not None or beside.is_file():
        catalogue = catalogue_for(definition, criteria_file)
    summary = _summary(survey, str(definition), catalogue, criteria_file or beside, lang)
    if as_json:
        print_json(summary)
    else:
        _show(summary, beside.name, lang)


def _summary(
    survey: Any, source: str, catalogue: Any, catalogue_path: Path, lang: str
) -> dict[str, Any]:
    """What a definition defines, JSON-ready."""
    return {
        "survey": {
            "id": survey.id,
            "version": survey.version,
            "key": survey.key,
            "records_key": survey.records_key,
            "file": source,
            "title": survey.title.get(lang, ""),
        },
        "fields": [
            {
                "name": f.name,
                "type": f.type,
                "section": f.section,
                "required": f.required,
                "label": f.label.get(lang, f.name),
                "relevant": f.relevant.source if f.relevant is not None else None,
                "choices": list(f.codes),
                "personal_data": f.personal_data,
            }
            for f in sorted(survey.fields, key=lambda f: survey.question_numbers[f.name])
        ],
        "levels": [
            {"id": level.id, "field": level.field, "scope": level.scope} for level in survey.levels
        ],
        "derived": [
            {"name": name, "type": survey.derived_type.get(name, "bool"), "expr": rule.source}
            for name, rule in survey.derived.items()
        ],
        "constraints": [
            {"id": c.id, "rule": c.rule.source, "fields": list(c.fields)}
            for c in survey.constraints
        ],
        "criteria": None
        if catalogue is None
        else {
            "file": str(catalogue_path),
            "id": catalogue.id,
            "version": catalogue.version,
            "criteria": [
                {"id": c.id, "title": c.title.get(lang, c.id), "passes": c.passes.source}
                for c in catalogue.criteria
            ],
        },
    }


def _show(summary: dict[str, Any], beside: str, lang: str) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from tilsyn.cli.texts import say
    from tilsyn.i18n import word

    console = Console(width=max(Console().width, 100), highlight=False)
    head = summary["survey"]
    console.print(
        escape(
            say(
                "survey_head",
                survey=head["id"],
                version=head["version"],
                source=head["file"],
                fields=len(summary["fields"]),
                key=head["key"],
            )
        )
    )
    table = Table(show_lines=False)
    for column in ("question_no", "field", "type", "required", "asked_when", "label_choices"):
        table.add_column(say(column))
    for number, f in enumerate(summary["fields"], start=1):
        label = f["label"] + (f" ({', '.join(f['choices'])})" if f["choices"] else "")
        table.add_row(
            str(number),
            f["name"],
            say(f"field_types.{f['type']}"),
            word("yes" if f["required"] else "no", lang),
            escape(f["relevant"] or ""),
            escape(label),
        )
    console.print(table)
    levels = ", ".join(
        level["id"] if level["id"] == level["field"] else f"{level['id']} ({level['field']})"
        for level in summary["levels"]
    )
    console.print(escape(say("survey_levels", levels=levels or say("none"))))
    for key, items, text in (
        (
            "survey_derived",
            summary["derived"],
            lambda d: f"{d['name']} ({d['type']}) = {d['expr']}",
        ),
        ("survey_constraints", summary["constraints"], lambda c: f"{c['id']}: {c['rule']}"),
    ):
        if items:
            console.print(say(key))
            for item in items:
                console.print("  " + escape(text(item)))
    criteria = summary["criteria"]
    if criteria is None:
        console.print(escape(say("survey_no_criteria", name=beside)))
    else:
        console.print(
            escape(
                say(
                    "survey_criteria",
                    path=criteria["file"],
                    catalogue=criteria["id"],
                    version=criteria["version"],
                )
            )
        )
        for c in criteria["criteria"]:
            console.print("  " + escape(f"{c['id']} {c['title']}: {c['passes']}"))
    console.print(say("survey_ok"))
