"""`tilsyn compare BASELINE CURRENT`: what changed between two survey rounds, per criterion."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import (
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
    small_sample: int = SMALL_SAMPLE_OPTION,
    force: bool = FORCE_OPTION,
    quiet: bool = QUIET_OPTION,
) -> None:
    from tilsyn.cli.loading import obtain_run
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
    before = obtain_run(
        [baseline], assessments=baseline_assessments, survey_id=survey_id, **options
    )
    # The new round is read as the survey kind of the earlier one, unless --survey says.
    after = obtain_run(
        [current], assessments=assessments, survey_id=survey_id or before.survey["id"], **options
    )
    from tilsyn.api import check_levels
    from tilsyn.survey import get_survey

    check_levels(get_survey(before.survey["id"]), by)
    comparison = compare_runs(before, after, by)
    comparison.baseline["source"] = str(baseline)
    comparison.current["source"] = str(current)
    if output is not None:
        from tilsyn.export.comparison import write_comparison

        with guarded(force, given):
            write_comparison(output, comparison, lang)
    if json_output:
        print_json(comparison.to_json())
    if not quiet and not json_output:
        _print_table(comparison, lang, small_sample)
    if output is not None and not quiet:
        from tilsyn.cli.output import err_console

        err_console().print(say("wrote", path=output), markup=False)


def _print_table(comparison, lang: str, small_sample: int) -> None:
    """One table for the nation, then one per group; a legend explains ● and ≠. A side below
    --small-sample shows its counts only, and a change with such a side no difference."""
    from rich.markup import escape
    from rich.table import Table

    from tilsyn.analysis_texts import Texts
    from tilsyn.api import shows_share
    from tilsyn.cli.output import err_console
    from tilsyn.cli.score import group_name
    from tilsyn.i18n import word
    from tilsyn.narrative import change_note
    from tilsyn.survey import get_survey

    texts = Texts(lang)
    survey = get_survey(comparison.survey)
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
            sides = [_side(c, lang, small_sample) for c in (change.baseline, change.current)]
            large = all(
                c is not None and shows_share(c, small_sample)
                for c in (change.baseline, change.current)
            )
            difference = change.difference if large else None
            mark = "≠" if change.differs else "●" if change.changed and large else ""
            note = change_note(texts, change, records)
            table.add_row(
                escape(f"{change.id} {change.title}" + (f" ({note})" if note else "")),
                *sides,
                _signed(texts.points(difference.value, 1)) if difference else "–",
                f"{texts.points(difference.low, 1)}–{texts.points(difference.high, 1)}"
                if difference
                else "–",
                mark,
            )
        console.print(table)


def _side(counts, lang: str, small_sample: int) -> str:
    """«6 av 44 (14 %)», «0 av 1» below --small-sample, «–» for a round without the criterion."""
    from tilsyn.api import shows_share
    from tilsyn.i18n import word
    from tilsyn.numbers import format_percent

    if counts is None:
        return "–"
    text = f"{counts.passed} {word('of', lang)} {counts.assessed}"
    return (
        f"{text} ({format_percent(counts.share, lang, 0)})"
        if shows_share(counts, small_sample)
        else text
    )


def _signed(points: str) -> str:
    """+31,3 for a rise (a fall already has its minus sign)."""
    return points if points.startswith("\u2212") or points.strip("0,.") == "" else f"+{points}"
