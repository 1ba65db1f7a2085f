"""`tilsyn score`: validate the input, score every record, print a table or write JSON results.

`load_and_score` and the option objects below are shared with the commands that score on the
way to their own output (export, report), so every command reads input, catalogue and
parameters the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Sequence

import typer

from tilsyn.cli.app import app
from tilsyn.cli.criteria import CRITERIA_OPTION
from tilsyn.cli.options import JSON_OPTION, LANG_OPTION, PATHS_ARGUMENT, QUIET_OPTION
from tilsyn.cli.runs import ASSESSMENTS_OPTION, apply_assessments

PARAMS_OPTION = typer.Option(
    None, "--params", help="Parameter values from a TOML or JSON file, e.g. "
    "max_queue_wait_minutes = 15.", show_default=False)
SET_OPTION = typer.Option(
    [], "--set", help="Set one parameter, name=value (repeat for several); wins over --params.",
    show_default=False)
SURVEY_KIND_OPTION = typer.Option(
    None, "--survey", help="Use the records of this survey kind (nks-call or office); by "
    "default the kind in the input, nks-call when it holds both.", show_default=False)
SKIP_INVALID_OPTION = typer.Option(
    False, "--skip-invalid", help="Go on with the valid records and list the invalid ones as "
    "excluded, instead of stopping when the input has errors.")


@app.command()
def score(
    paths: List[Path] = PATHS_ARGUMENT,
    by: List[str] = typer.Option(
        [], "--by", help="Also count per county, municipality or office (repeat for several).",
        show_default=False),
    json_output: bool = JSON_OPTION,
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write the JSON results to this file (what `report` and "
        "`export` read).", show_default=False),
    lang: str = LANG_OPTION,
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
    -o FILE gives the machine output with every record's results and evidence. Invalid input
    stops scoring (exit 1) unless --skip-invalid is given.
    """
    import json

    from tilsyn.cli.loading import check_groupings, check_lang
    from tilsyn.cli.output import err_console, print_json

    check_lang(lang)
    check_groupings(by)
    if output is not None:
        from tilsyn.outputs import check_not_input

        check_not_input(output, paths)
    _, catalogue, run = load_and_score(
        paths, lang=lang, criteria_file=criteria_file, params_file=params_file,
        assignments=assignments, survey_id=survey_id, skip_invalid=skip_invalid, quiet=quiet,
        by=by)
    run = apply_assessments(run, assessments, quiet)
    data = run.to_json() if output is not None or json_output else None
    if output is not None:
        from tilsyn.outputs import write_text

        write_text(output, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if json_output:
        print_json(data)
    if quiet:
        return
    console = err_console()
    if not json_output:
        _print_run(console, run, catalogue.survey, lang)
    _print_provenance(console, run, catalogue.survey, lang)


def load_and_score(paths: Sequence[Path], *, lang: str, criteria_file: Optional[Path],
                   params_file: Optional[Path], assignments: Sequence[str],
                   survey_id: Optional[str], skip_invalid: bool, quiet: bool,
                   by: Sequence[str] = ("county",), action: str = "scored"):
    """Load, validate and score as `tilsyn score` does; returns (loaded, catalogue, run).

    Catalogue and parameter mistakes are found before the input is read. Stops with exit 1
    when the input has errors, unless `skip_invalid`; `action` says what did not happen
    ("nothing was exported").
    """
    from tilsyn.cli.loading import checked, load_with_progress, survey_or_usage_error
    from tilsyn.cli.output import err_console, print_diagnostics
    from tilsyn.criteria import choose_catalogue, parse_assignments, read_parameter_file
    from tilsyn.errors import TilsynError, UsageError
    from tilsyn.scoring import excluded_entries, score as score_records

    try:
        set_values = parse_assignments(assignments)
    except ValueError as exc:
        raise UsageError(str(exc), hint="Write --set max_queue_wait_minutes=15.") from None
    if survey_id is not None:
        survey_or_usage_error(survey_id)
    catalogue = checked(lambda: choose_catalogue([], criteria_file, survey_id)) \
        if criteria_file else None
    params_values = checked(lambda: read_parameter_file(params_file)) if params_file else {}

    loaded = load_with_progress(list(paths), quiet)
    if catalogue is None:
        catalogue = choose_catalogue(loaded.read_counts.keys(), survey=survey_id)
    survey = catalogue.survey
    params = checked(lambda: catalogue.default_parameters().override(
        params_values, str(params_file)))
    params = checked(lambda: params.override(set_values, "--set"), usage=True)

    if loaded.errors and not skip_invalid:
        print_diagnostics(loaded.diagnostics)
        raise TilsynError(f"the input has {len(loaded.errors)} error(s); nothing was {action}",
                          hint="Fix them (`tilsyn validate` lists them), or give --skip-invalid "
                          "to go on with the valid records and list the others as excluded.")
    if not quiet:
        print_diagnostics(loaded.errors)  # left out with --skip-invalid: say why
        if loaded.warnings:
            err_console().print(f"{len(loaded.warnings)} warning(s): `tilsyn validate` lists them.")
    records = [r for r in loaded.records if r.survey == survey.id]
    others = {kind: n for kind, n in sorted(loaded.read_counts.items()) if kind != survey.id}
    if others and not quiet:
        err_console().print(f"Not {action} here: " + ", ".join(
            f"{n} {kind} record(s) (use --survey {kind})" for kind, n in others.items()))
    if not records:
        raise TilsynError(f"no valid {survey.record_noun_plural['en']} to score",
                          hint="Check the input paths, or `tilsyn validate` them.")
    run = score_records(records, catalogue, params, lang=lang, by=by,
                        excluded=excluded_entries(loaded, survey.key))
    return loaded, catalogue, run


def _print_run(console, run, survey, lang: str) -> None:
    """The national table, then one per group asked for with --by."""
    from tilsyn.i18n import word

    noun = survey.record_noun_plural[lang]
    _print_table(console, f"{word('national', lang)} – {len(run.records)} {noun}",
                 [(c.id, c.title, c.counts) for c in run.criteria], lang)
    titles = {c.id: c.title for c in run.criteria}
    for grouping, groups in run.groups.items():
        for group in groups:
            name = _group_name(survey, grouping, group, lang)
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


def _group_name(survey, grouping: str, group, lang: str) -> str:
    if grouping == "county" and "county" in survey.by_name:
        return survey.by_name["county"].choice_label(group.group, lang)
    if grouping == "office" and group.info.get("municipality_number"):
        return f"{group.group} ({group.info['municipality_number']})"
    return group.group


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
