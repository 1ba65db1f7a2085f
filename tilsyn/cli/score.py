"""`tilsyn score`: validate the input, score every record, print a table or save the dataset."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import (CRITERIA_OPTION, JSON_OPTION, LANG_OPTION, PARAMS_OPTION,
                                PATHS_ARGUMENT, QUIET_OPTION, SET_OPTION, SKIP_INVALID_OPTION,
                                SURVEY_KIND_OPTION, ASSESSMENTS_OPTION, scoring_options)


@app.command()
def score(
    paths: List[Path] = PATHS_ARGUMENT,
    by: List[str] = typer.Option(
        [], "--by", help="Also count per group of a level of the survey: county, municipality "
        "or office for the built-in surveys (repeat for several).", show_default=False),
    json_output: bool = JSON_OPTION,
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Save the scored dataset to this JSON file (what "
        "`report` and `export` read, without scoring again).", show_default=False),
    lang: str = LANG_OPTION,
    include_personal_data: bool = typer.Option(
        False, "--include-personal-data", help="Keep personal data in the saved free text; by "
        "default it is redacted, as in exports."),
    criteria_file: Optional[Path] = CRITERIA_OPTION,
    params_file: Optional[Path] = PARAMS_OPTION,
    assignments: List[str] = SET_OPTION,
    survey_id: Optional[str] = SURVEY_KIND_OPTION,
    skip_invalid: bool = SKIP_INVALID_OPTION,
    assessments: Optional[Path] = ASSESSMENTS_OPTION,
    quiet: bool = QUIET_OPTION,
) -> None:
    """Score every record against the criteria: pass, fail, not applicable or not answered.

    Prints per criterion "6 av 44", the share and its Wilson 95 % interval; --json (stdout) or
    -o FILE gives the scored dataset with every record's results and evidence. Invalid input
    stops scoring (exit 1) unless --skip-invalid is given.
    """
    import json

    from tilsyn.cli.loading import check_lang, open_input
    from tilsyn.cli.output import err_console, print_json

    check_lang(lang)
    if output is not None:
        from tilsyn.outputs import check_not_input

        check_not_input(output, paths)
    dataset = open_input(paths, quiet, lang=lang, by=by,
                         include_personal_data=include_personal_data,
                         **scoring_options(criteria_file, params_file, assignments, survey_id,
                                           skip_invalid, assessments))
    data = dataset.to_json() if output is not None or json_output else None
    if output is not None:
        from tilsyn.outputs import write_text

        write_text(output, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if json_output:
        print_json(data)
    if quiet:
        return
    console = err_console()
    if not json_output:
        _print_run(console, dataset.run, dataset.survey, lang)
    _print_provenance(console, dataset.run, dataset.survey, lang)


def _print_run(console, run, survey, lang: str) -> None:
    """The national table, then one per group asked for with --by."""
    from tilsyn.i18n import word

    noun = survey.record_noun_plural[lang]
    _print_table(console, f"{word('national', lang)} – {len(run.records)} {noun}",
                 [(c.id, c.title, c.counts) for c in run.criteria], lang)
    titles = {c.id: c.title for c in run.criteria}
    for level_id, groups in run.groups.items():
        for group in groups:
            name = group_name(survey, level_id, group, lang)
            _print_table(console, f"{name} – {group.records} {noun}",
                         [(c.id, titles[c.id], c.counts) for c in group.criteria], lang)


def _print_table(console, title: str, rows, lang: str) -> None:
    """Criterion, "6 av 44", share, interval, a count per status; a legend gives the words."""
    from rich.markup import escape
    from rich.table import Table

    from tilsyn.i18n import (STATUSES, format_interval, format_percent, status_symbol,
                             status_text, word)

    legend = " · ".join(status_text(status, lang) for status in STATUSES)
    table = Table(title=escape(title), title_justify="left", caption=legend,
                  caption_justify="left")
    table.add_column(word("criterion", lang), ratio=1, min_width=20)
    for key in ("result", "share", "ci95"):
        table.add_column(word(key, lang), justify="right", no_wrap=True)
    for status in STATUSES:
        table.add_column(status_symbol(status), justify="right", no_wrap=True)
    for cid, criterion_title, counts in rows:
        table.add_row(escape(f"{cid} {criterion_title}"),
                      f"{counts.passed} {word('of', lang)} {counts.assessed}",
                      format_percent(counts.share, lang), format_interval(counts.ci95, lang),
                      *[str(counts.count(status)) for status in STATUSES])
    console.print(table)


def group_name(survey, level_id: str, group, lang: str) -> str:
    """A group as a reader knows it: a choice's label (Vestland), with the broader level's
    value beside it where names repeat (Nav Bergen nord (4601))."""
    level = survey.level(level_id)
    field = survey.by_name[level.field]
    name = field.choice_label(group.group, lang) if field.is_choice else group.group
    broader = [str(group.info[f]) for f in level.fields[1:2] if group.info.get(f)]
    return f"{name} ({broader[0]})" if broader and len(level.fields) > 2 else name


def _print_provenance(console, run, survey, lang: str) -> None:
    """The catalogue and parameter values used, and what was left out (always named)."""
    from rich.markup import escape

    from tilsyn.cli.output import plural
    from tilsyn.i18n import format_value, word

    catalogue = run.catalogue
    source = "" if catalogue["source"] == "built-in" else f" ({catalogue['source']})"
    console.print(f"{word('catalogue', lang)}: "
                  + escape(f"{catalogue['id']} {catalogue['version']}{source}"))
    parts = []
    for name, value in catalogue["parameters"].items():
        source = catalogue["parameter_sources"][name]
        note = word("default", lang) if source == "default" else (
            f"{source}; {word('default', lang)} {format_value(catalogue['defaults'][name], lang)}")
        parts.append(f"{name} = {format_value(value, lang)} ({note})")
    if parts:
        console.print(f"{word('parameters', lang)}: " + escape(", ".join(parts)))
    if run.excluded:
        key = run.survey["key"]
        names = [f"{e[key] or e['file']} ({', '.join(e['codes'])})" for e in run.excluded]
        count = plural(len(run.excluded), survey.record_noun[lang],
                       survey.record_noun_plural[lang])
        console.print(f"{word('not_scored', lang)}: {count} {word('with_errors', lang)}: "
                      + escape(", ".join(names)))
