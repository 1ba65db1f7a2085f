"""`tilsyn compare BASELINE CURRENT`: what changed between two survey rounds, per criterion."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import (
    ALLOW_OVERLAP_OPTION,
    ASSESSMENTS_OPTION,
    FORCE_OPTION,
    JSON_OPTION,
    LANG_OPTION,
    QUIET_OPTION,
    SKIP_INVALID_OPTION,
    SMALL_SAMPLE_OPTION,
    SURVEY_KIND_OPTION,
    by_option,
    output_option,
)
from tilsyn.cli.texts import help_text


@app.command(help=help_text("compare.help"))
def compare(
    baseline: Path = typer.Argument(
        ...,
        help=help_text("compare.baseline"),
        metavar=help_text("metavar.folder"),
        show_default=False,
    ),
    current: Path = typer.Argument(
        ...,
        help=help_text("compare.current"),
        metavar=help_text("metavar.folder"),
        show_default=False,
    ),
    by: List[str] = by_option("compare"),
    json_output: bool = JSON_OPTION,
    output: Optional[Path] = output_option("compare", required=False),
    lang: Optional[str] = LANG_OPTION,
    survey_id: Optional[str] = SURVEY_KIND_OPTION,
    skip_invalid: bool = SKIP_INVALID_OPTION,
    assessments: Optional[Path] = ASSESSMENTS_OPTION,
    baseline_assessments: Optional[Path] = typer.Option(
        None,
        "--baseline-assessments",
        help=help_text("compare.baseline_assessments"),
        metavar=help_text("metavar.path"),
        show_default=False,
    ),
    allow_overlap: bool = ALLOW_OVERLAP_OPTION,
    small_sample: int = SMALL_SAMPLE_OPTION,
    force: bool = FORCE_OPTION,
    quiet: bool = QUIET_OPTION,
) -> None:
    from tilsyn.cli.loading import open_round
    from tilsyn.cli.output import print_json
    from tilsyn.cli.texts import output_language, say
    from tilsyn.compare import compare as compare_runs
    from tilsyn.errors import UsageError
    from tilsyn.outputs import check_not_input, guarded, input_files, refuse_existing

    lang = output_language(lang)
    given = input_files(baseline, current, assessments, baseline_assessments, survey_id)
    if output is not None:
        if output.suffix.lower() != ".xlsx":
            raise UsageError(say("not_xlsx", path=output), hint=say("not_xlsx_hint"))
        check_not_input(output, given)
        refuse_existing([output], force, "comparison")
    options = {"lang": lang, "skip_invalid": skip_invalid, "quiet": quiet}
    before = open_round(
        [baseline], assessments=baseline_assessments, survey_id=survey_id, **options
    )
    # The new round is read as the survey kind of the earlier one, unless --survey says.
    after = open_round(
        [current], assessments=assessments, survey_id=survey_id or before.survey.id, **options
    )
    comparison = compare_runs(before, after, by, allow_overlap=allow_overlap, lang=lang)
    comparison.baseline["source"] = str(baseline)
    comparison.current["source"] = str(current)
    if output is not None:
        from tilsyn.export.comparison import write_comparison

        with guarded(force, given):
            write_comparison(output, comparison, lang)
    if json_output and output is None:  # with -o the workbook holds it: one status line
        print_json(comparison.to_json())
    if not quiet and not json_output:
        _print_table(comparison, lang, small_sample)
    if comparison.shared and not quiet:
        _print_shared(comparison, lang)
    if output is not None and not quiet:
        from tilsyn.cli.output import err_console

        err_console().print(say("wrote", path=output), markup=False)


def _print_shared(comparison, lang: str) -> None:
    """With --allow-overlap: how many records the rounds share, and what that means."""
    from tilsyn.cli.output import err_console
    from tilsyn.diagnostics import severity_word
    from tilsyn.narrative import shared_note

    err_console().print(
        f"[yellow]{severity_word('warning')}:[/] {shared_note(comparison.survey, comparison.shared, lang)}"
    )


def _print_table(comparison, lang: str, small_sample: int) -> None:
    """One table for the nation, then one per group; a legend explains ● and ≠. Below
    `small_sample` applicable records in a round, counts only: no share, change or interval."""
    from rich.markup import escape
    from rich.table import Table

    from tilsyn.analysis_texts import Texts
    from tilsyn.cli.output import err_console
    from tilsyn.cli.score import group_name
    from tilsyn.i18n import word
    from tilsyn.narrative import change_cells, change_note, too_small

    texts = Texts(lang)
    survey = comparison.survey
    records = survey.record_noun_plural[lang]
    console = err_console()

    sections = [(f"{texts('compare.heading')} – {word('national', lang)}", comparison.criteria)]
    sections += [
        (
            f"{texts('compare.heading')} – {group_name(survey, level, group.group, lang)}",
            group.criteria,
        )
        for level, groups in comparison.groups.items()
        for group in groups
    ]
    for title, changes in sections:
        table = Table(
            title=escape(title),
            title_justify="left",
            caption=texts("compare.notes.legend"),
            caption_justify="left",
        )
        table.add_column(texts("compare.columns.criterion"), min_width=20)
        for key in ("baseline", "current", "difference", "ci95"):
            table.add_column(texts(f"compare.columns.{key}"), justify="right", no_wrap=True)
        table.add_column("", no_wrap=True)
        for change in changes:
            before, after, moved, interval, _ = change_cells(
                texts, change, small_sample, 1, compact=True
            )
            clear = change.changed and not too_small(change, small_sample)
            mark = "≠" if change.differs else "●" if clear else ""
            note = change_note(texts, change, records)
            table.add_row(
                escape(f"{change.id} {change.title}" + (f" ({note})" if note else "")),
                before,
                after,
                moved,
                interval,
                mark,
            )
        console.print(table)
