"""Options shared by several commands, defined once so they read the same everywhere; their help
is in tilsyn/cli/help.toml, in the user's language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from tilsyn.cli.texts import help_text

if TYPE_CHECKING:
    from tilsyn.api import ScoringOptions

PATHS_ARGUMENT = typer.Argument(
    ...,
    help=help_text("options.paths"),
    metavar=help_text("metavar.paths"),
    show_default=False,
)
JSON_OPTION = typer.Option(False, "--json", help=help_text("options.json"))
QUIET_OPTION = typer.Option(False, "--quiet", "-q", help=help_text("options.quiet"))
# The language of what a command prints (None: TILSYN_LANG, the locale, bokmål)...
LANG_OPTION = typer.Option(
    None,
    "--lang",
    "-l",
    help=help_text("options.lang"),
    metavar=help_text("metavar.lang"),
    show_default=False,
)
# ...and of the document a command writes (report, form new, export): bokmål unless asked.
DOC_LANG_OPTION = typer.Option(
    "nb", "--lang", "-l", help=help_text("options.doc_lang"), metavar=help_text("metavar.lang")
)
SURVEY_OPTION = typer.Option(
    "nks-call", "--survey", help=help_text("options.survey"), metavar=help_text("metavar.survey")
)
NAMES_OPTION = typer.Option(
    None,
    "--names",
    help=help_text("options.names"),
    metavar=help_text("metavar.path"),
    show_default=False,
)
ERRORS_ONLY_OPTION = typer.Option(False, "--errors-only", help=help_text("options.errors_only"))
MAX_WARNINGS_OPTION = typer.Option(
    10,
    "--max-warnings",
    min=0,
    help=help_text("options.max_warnings"),
    metavar=help_text("metavar.number"),
)
SHOW_WARNINGS_OPTION = typer.Option(
    False, "--show-warnings", help=help_text("options.show_warnings")
)

# The options that decide how records are scored, shared by score, report and export; passed
# on to `tilsyn.api.open_dataset` as one `tilsyn.api.ScoringOptions` (`scoring_options`).
CRITERIA_OPTION = typer.Option(
    None,
    "--criteria",
    help=help_text("options.criteria"),
    metavar=help_text("metavar.path"),
    show_default=False,
)
PARAMS_OPTION = typer.Option(
    None,
    "--params",
    help=help_text("options.params"),
    metavar=help_text("metavar.path"),
    show_default=False,
)
SET_OPTION = typer.Option(
    [],
    "--set",
    help=help_text("options.set"),
    metavar=help_text("metavar.assignment"),
    show_default=False,
)
SURVEY_KIND_OPTION = typer.Option(
    None,
    "--survey",
    help=help_text("options.survey_kind"),
    metavar=help_text("metavar.survey"),
    show_default=False,
)
SKIP_INVALID_OPTION = typer.Option(False, "--skip-invalid", help=help_text("options.skip_invalid"))
ASSESSMENTS_OPTION = typer.Option(
    None,
    "--assessments",
    help=help_text("options.assessments"),
    metavar=help_text("metavar.path"),
    show_default=False,
)

FORCE_OPTION = typer.Option(False, "--force", help=help_text("options.force"))
SMALL_SAMPLE_OPTION = typer.Option(  # the default is tilsyn.aggregate.SMALL_SAMPLE
    10,
    "--small-sample",
    min=1,
    help=help_text("options.small_sample"),
    metavar=help_text("metavar.number"),
)
ALLOW_OVERLAP_OPTION = typer.Option(
    False, "--allow-overlap", help=help_text("options.allow_overlap")
)


def output_option(command: str, required: bool = True):
    """`--output/-o PATH`, with the help of `command` (what it writes differs)."""
    return typer.Option(
        ... if required else None,
        "--output",
        "-o",
        help=help_text(f"{command}.output"),
        metavar=help_text("metavar.path"),
        show_default=False,
    )


def by_option(command: str):
    """`--by LEVEL`, repeatable, with the help of `command`."""
    return typer.Option(
        [],
        "--by",
        help=help_text(f"{command}.by"),
        metavar=help_text("metavar.level"),
        show_default=False,
    )


def scoring_options(given: dict[str, Any]) -> ScoringOptions:
    """The scoring options of a command, from its parameters (`locals()`), which every command
    names alike: survey_id, criteria_file, params_file, assignments, skip_invalid, assessments."""
    from tilsyn.api import ScoringOptions

    return ScoringOptions(
        survey=given["survey_id"],
        criteria=given["criteria_file"],
        params=given["params_file"],
        set=given["assignments"],
        skip_invalid=given["skip_invalid"],
        assessments=given["assessments"],
    )
