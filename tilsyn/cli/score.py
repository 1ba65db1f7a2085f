"""`tilsyn score`: validate the input, score every record, print a table or save the dataset."""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import (
    ASSESSMENTS_OPTION,
    CRITERIA_OPTION,
    FORCE_OPTION,
    JSON_OPTION,
    LANG_OPTION,
    PARAMS_OPTION,
    PATHS_ARGUMENT,
    QUIET_OPTION,
    SET_OPTION,
    SKIP_INVALID_OPTION,
    SMALL_SAMPLE_OPTION,
    SURVEY_KIND_OPTION,
    by_option,
    output_option,
    scoring_options,
)
from tilsyn.cli.texts import help_text


@app.command(help=help_text("score.help"))
def score(
    paths: List[Path] = PATHS_ARGUMENT,
    by: List[str] = by_option("score"),
    json_output: bool = JSON_OPTION,
    output: Optional[Path] = output_option("score", required=False),
    lang: Optional[str] = LANG_OPTION,
    include_personal_data: bool = typer.Option(
        False, "--include-personal-data", help=help_text("score.include_personal_data")
    ),
    criteria_file: Optional[Path] = CRITERIA_OPTION,
    params_file: Optional[Path] = PARAMS_OPTION,
    assignments: List[str] = SET_OPTION,
    survey_id: Optional[str] = SURVEY_KIND_OPTION,
    skip_invalid: bool = SKIP_INVALID_OPTION,
    assessments: Optional[Path] = ASSESSMENTS_OPTION,
    small_sample: int = SMALL_SAMPLE_OPTION,
    force: bool = FORCE_OPTION,
    quiet: bool = QUIET_OPTION,
) -> None:
    from tilsyn.cli.loading import open_input
    from tilsyn.cli.output import err_console, print_json
    from tilsyn.cli.texts import output_language, say
    from tilsyn.errors import NOTE

    lang = output_language(lang)
    from tilsyn.outputs import check_not_input, guarded, input_files, refuse_existing

    given = input_files(paths, assessments, criteria_file, params_file, survey_id)
    if output is not None:
        check_not_input(output, given)
        refuse_existing([output], force, "dataset")  # next year's baseline is never lost
    options = scoring_options(locals())
    dataset = open_input(
        paths, quiet, options, lang=lang, by=by, include_personal_data=include_personal_data
    )
    if output is not None:
        from tilsyn.saved import save_dataset

        with guarded(force, given):
            save_dataset(dataset, output)
    if json_output and output is None:
        data = dataset.to_json()
        notes = [d.to_json() for d in dataset.diagnostics if d.severity == NOTE]
        # forms not filled in yet (VAL012) and our own files (READ021): skipped, each listed
        print_json({**data, "skipped": notes} if notes else data)
    if quiet:
        return
    console = err_console()
    if json_output and output is not None:  # the JSON went to the file: say where, once
        console.print(say("wrote", path=output), markup=False)
        return
    if not json_output:
        _print_run(console, dataset, lang, small_sample)
    _print_provenance(console, dataset, lang)
    if output is not None:
        console.print(say("wrote", path=output), markup=False)


def _print_run(console, dataset, lang: str, small_sample: int) -> None:
    """The national table, then per level asked for with --by one table with the criteria
    down and the groups across."""
    from tilsyn.cli.texts import count_records
    from tilsyn.i18n import word

    survey = dataset.survey
    _print_table(
        console,
        f"{word('national', lang)} – {count_records(len(dataset.records), survey, lang)}",
        [(c.id, c.title, c.counts) for c in dataset.criteria],
        lang,
        small_sample,
    )
    for level_id, groups in dataset.groups.items():
        _print_groups(console, dataset, level_id, groups, lang, small_sample)


def _print_groups(console, dataset, level_id: str, groups, lang: str, small_sample: int) -> None:
    """Criteria down (by id: the national table above has their titles), groups across: the
    share and «6/44» in each cell, «3/6» alone below --small-sample."""
    from rich.markup import escape
    from rich.table import Table

    from tilsyn.api import shows_share
    from tilsyn.i18n import word
    from tilsyn.numbers import format_percent

    survey = dataset.survey
    field = survey.by_name[survey.level(level_id).field]
    table = Table(title=escape(field.label.get(lang) or level_id), title_justify="left")
    table.add_column(word("criterion", lang), no_wrap=True)
    names = [group_name(survey, level_id, group.group, lang, group.info) for group in groups]
    common = os.path.commonprefix(names) if len(names) > 1 else ""
    common = common[: common.rfind(" ") + 1]  # «Statsforvalteren i »: said once, in the title
    if common:
        table.title = escape(f"{table.title} ({common.strip()} …)")
    for name, group in zip(names, groups, strict=False):
        table.add_column(escape(f"{name[len(common) :]} ({group.records})"), justify="right")
    cells = {group.group: {c.id: c.counts for c in group.criteria} for group in groups}
    for criterion in dataset.criteria:
        row = []
        for group in groups:
            counts = cells[group.group].get(criterion.id)
            if counts is None or not counts.assessed:
                row.append("–")
            elif shows_share(counts, small_sample):
                share = format_percent(counts.share, lang, 0)
                row.append(f"{share}\n{counts.passed}/{counts.assessed}")
            else:
                row.append(f"{counts.passed}/{counts.assessed}")
        table.add_row(criterion.id, *row)
    console.print(table)


def _print_table(console, title: str, rows, lang: str, small_sample: int) -> None:
    """Criterion, "6 av 44", share, interval, a count per status; a legend gives the words.
    Below --small-sample a row has no share and no interval, and a table where no row has
    them has no such columns."""
    from rich.markup import escape
    from rich.table import Table

    from tilsyn.api import shows_share
    from tilsyn.i18n import STATUSES, status_symbol, status_text, word
    from tilsyn.numbers import format_interval, format_percent

    legend = " · ".join(status_text(status, lang) for status in STATUSES)
    table = Table(title=escape(title), title_justify="left", caption=legend, caption_justify="left")
    shares = any(shows_share(counts, small_sample) for _, _, counts in rows)
    table.add_column(word("criterion", lang), ratio=1, min_width=20)
    for key in ("result", "share", "ci95") if shares else ("result",):
        table.add_column(word(key, lang), justify="right", no_wrap=True)
    for status in STATUSES:
        table.add_column(status_symbol(status), justify="right", no_wrap=True)
    for cid, criterion_title, counts in rows:
        shown = shows_share(counts, small_sample)
        share = [
            format_percent(counts.share, lang) if shown else "",
            format_interval(counts.ci95, lang) if shown else "",
        ]
        table.add_row(
            escape(f"{cid} {criterion_title}"),
            f"{counts.passed} {word('of', lang)} {counts.assessed}",
            *(share if shares else []),
            *[str(counts.count(status)) for status in STATUSES],
        )
    console.print(table)


def group_name(survey, level_id: str, value: str, lang: str, info: dict | None = None) -> str:
    """A group as a reader knows it: a choice's label (Vestland), with the broader level's
    value beside it where names repeat and `info` holds it (Nav Bergen nord (4601))."""
    level = survey.level(level_id)
    field = survey.by_name[level.field]
    name = field.choice_label(value, lang) if field.is_choice else value
    info = info or {}
    broader = [str(info[f]) for f in level.fields[1:2] if info.get(f)]
    return f"{name} ({broader[0]})" if broader and len(level.fields) > 2 else name


def _print_provenance(console, dataset, lang: str) -> None:
    """The catalogue and parameter values used, and what was left out (always named)."""
    from rich.markup import escape

    from tilsyn.cli.texts import say
    from tilsyn.glossary import count_phrase, find
    from tilsyn.i18n import catalogue_name, word
    from tilsyn.numbers import format_value

    catalogue, survey = dataset.catalogue_json(), dataset.survey
    named = catalogue_name(survey.title[lang], catalogue, lang, built_in=False)
    console.print(f"{word('catalogue', lang)}: " + escape(named))
    parts = []
    defaults = dataset.defaults
    for name, value in dataset.parameters.items():
        source = dataset.parameter_sources[name]
        note = (
            word("default", lang)
            if source == "default"
            else f"{source}; {word('default', lang)} {format_value(defaults[name], lang)}"
        )
        parts.append(f"{name} = {format_value(value, lang)} ({note})")
    if parts:
        console.print(f"{word('parameters', lang)}: " + escape(", ".join(parts)))
    if dataset.excluded:
        key = survey.key
        names = [f"{e[key] or e['file']} ({', '.join(e['codes'])})" for e in dataset.excluded]
        noun = find(lang, survey.record_noun[lang]) or "record"
        excluded = count_phrase(len(dataset.excluded), noun, lang, "excluded")
        console.print(say("excluded_line", lang, excluded=excluded, names=escape(", ".join(names))))
