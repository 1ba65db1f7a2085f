"""`tilsyn plan`: how many records a survey round needs, for a margin or to detect a change."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import (
    ASSESSMENTS_OPTION,
    JSON_OPTION,
    LANG_OPTION,
    QUIET_OPTION,
    SKIP_INVALID_OPTION,
    SURVEY_KIND_OPTION,
)
from tilsyn.cli.texts import help_text, say


def _share_option(name: str):
    """`--NAME SHARE` (read by `_share`), its help under plan.NAME."""
    return typer.Option(
        None,
        f"--{name}",
        help=help_text(f"plan.{name}"),
        metavar=help_text("metavar.share"),
        show_default=False,
    )


@app.command(help=help_text("plan.help"))
def plan(
    paths: List[Path] = typer.Argument(
        None, help=help_text("plan.paths"), metavar=help_text("metavar.paths"), show_default=False
    ),
    share: Optional[str] = _share_option("share"),
    margin: Optional[str] = _share_option("margin"),
    share_from: Optional[str] = _share_option("from"),
    share_to: Optional[str] = _share_option("to"),
    power: float = typer.Option(
        0.8, "--power", help=help_text("plan.power"), metavar=help_text("metavar.share")
    ),
    json_output: bool = JSON_OPTION,
    lang: Optional[str] = LANG_OPTION,
    survey_id: Optional[str] = SURVEY_KIND_OPTION,
    skip_invalid: bool = SKIP_INVALID_OPTION,
    assessments: Optional[Path] = ASSESSMENTS_OPTION,
    quiet: bool = QUIET_OPTION,
) -> None:
    from tilsyn.analysis_texts import Texts
    from tilsyn.cli.output import err_console, print_json
    from tilsyn.cli.texts import output_language
    from tilsyn.errors import UsageError
    from tilsyn.numbers import format_number
    from tilsyn.stats import n_for_difference, n_for_margin

    lang = output_language(lang)
    texts = Texts(lang)
    if share_from is not None or share_to is not None:
        if share_from is None or share_to is None or share or margin or paths:
            raise UsageError(say("plan_from_to"), hint=say("plan_from_to_hint"))
        before, after = _share(share_from, "--from"), _share(share_to, "--to")
        if before == after:
            raise UsageError(say("plan_equal"), hint=say("plan_from_to_hint"))
        if not 0 < power < 1:
            raise UsageError(say("plan_power", value=power), hint=say("plan_power_hint"))
        n = _checked(lambda: n_for_difference(before, after, power))
        data = {"n": n, "from": before, "to": after, "power": power, "alpha": 0.05}
        sentence = texts(
            "plan.difference",
            n=n,
            share_from=texts.exact_percent(before),
            share_to=texts.exact_percent(after),
            power=power,
        )
    elif margin is not None and paths:
        if share is not None:
            raise UsageError(say("plan_share_from_data"), hint=say("plan_share_from_data_hint"))
        data, sentence = _per_criterion(
            paths,
            _margin(margin),
            texts,
            lang=lang,
            survey_id=survey_id,
            skip_invalid=skip_invalid,
            quiet=quiet,
            assessments=assessments,
        )
    elif share is not None and margin is not None:
        p, m = _share(share, "--share"), _margin(margin)
        n = _checked(lambda: n_for_margin(p, m))
        data = {"n": n, "share": p, "margin": m}
        sentence = texts(
            "plan.margin",
            n=n,
            share=texts.exact_percent(p),
            margin=format_number(round(m * 100, 2), lang),
        )
    else:
        raise UsageError(say("plan_what"), hint=say("plan_what_hint"))
    if json_output:
        print_json(data)
    elif not quiet and sentence:
        err_console().print(sentence)


def _per_criterion(paths, margin: float, texts, **options):
    """The table of records needed per criterion (printed here) and its JSON: per criterion
    the applicable records and the records to observe, and for the round the largest."""
    from tilsyn.cli.loading import open_round
    from tilsyn.plan import criterion_needs, round_need

    dataset = open_round(paths, **options)
    needs = _checked(lambda: criterion_needs(dataset, margin, texts.lang))
    largest = round_need(needs)
    if not options["quiet"]:
        _print_needs(needs, largest, margin, texts, dataset.survey)
    data = {"margin": margin, "criteria": [n.to_json() for n in needs]}
    data["records"] = len(dataset.records)
    data["records_to_observe"] = None if largest is None else largest.records_to_observe
    data["driven_by"] = None if largest is None else largest.id
    return data, ""


def _print_needs(needs, largest, margin: float, texts, survey) -> None:
    """Criterion, applicable now («12 av 59»), share, ± now, applicable needed and records to
    observe, each unit in its header; then a line naming the round's figure and its criterion."""
    from rich.markup import escape
    from rich.table import Table

    from tilsyn.cli.output import err_console
    from tilsyn.numbers import format_number, format_percent

    lang = texts.lang
    records = survey.record_noun_plural[lang]
    points = format_number(round(margin * 100, 2), lang)
    table = Table(title=escape(texts("plan.heading", margin=points)), title_justify="left")
    table.add_column(texts("plan.columns.criterion"), ratio=1, min_width=20)
    for key in ("assessed", "share", "half_width", "needed", "to_observe"):
        header = texts(f"plan.columns.{key}", records=records)
        table.add_column(escape(header), justify="right")
    for need in needs:
        observe = need.records_to_observe
        table.add_row(
            escape(f"{need.id} {need.title}"),
            texts("plan.of", assessed=need.assessed, records=need.records),
            format_percent(need.share, lang, 0),
            "–" if need.half_width is None else texts.points(need.half_width, 1),
            format_number(need.needed, lang),
            texts("plan.none", records=records)
            if observe is None
            else format_number(observe, lang),
        )
    console = err_console()
    console.print(table)
    if largest is None:
        console.print(texts("plan.round_none", records=records))
    else:
        console.print(
            escape(
                texts(
                    "plan.round",
                    n=format_number(largest.records_to_observe, lang),
                    records=records,
                    id=largest.id,
                    title=largest.title,
                )
            )
        )


def _share(text: str, option: str) -> float:
    """0.15, 0,15, 15% or 15 % -> 0.15; a usage error for anything else."""
    from tilsyn.errors import UsageError

    raw = text.strip().replace(",", ".").replace("\u00a0", "")
    percent = raw.endswith("%")
    try:
        value = float(raw.rstrip("%").strip())
    except ValueError:
        raise UsageError(
            say("not_a_share", option=option, value=text),
            hint=say("not_a_share_hint", option=option),
        ) from None
    value = value / 100 if percent else value
    if not 0 <= value <= 1:
        raise UsageError(
            say("not_a_share", option=option, value=text),
            hint=say("not_a_share_hint", option=option),
        )
    return value


# No survey calls more records than this: a plan that needs more asks the impossible.
_MOST_RECORDS = 10_000_000
# A margin below a tenth of a percentage point is not one any survey could meet.
_LEAST_MARGIN = 0.001


def _margin(text: str) -> float:
    """--margin as a share: more than a tenth of a percentage point and less than 1."""
    from tilsyn.errors import UsageError

    value = _share(text, "--margin")
    if not _LEAST_MARGIN <= value < 1:
        raise UsageError(say("plan_margin", value=text), hint=say("plan_margin_hint"))
    return value


def _checked(compute):
    """A number of records from `tilsyn.stats`, or a usage error when the plan asks for more
    records than any survey could have (a change too small to detect, say)."""
    from tilsyn.errors import UsageError

    try:
        result = compute()
    except (ValueError, OverflowError, ZeroDivisionError):
        raise UsageError(say("plan_too_many"), hint=say("plan_too_many_hint")) from None
    numbers = [result] if isinstance(result, int) else [need.needed for need in result]
    if any(n > _MOST_RECORDS for n in numbers):
        raise UsageError(say("plan_too_many"), hint=say("plan_too_many_hint"))
    return result
