"""Options shared by several commands, defined once so they read the same everywhere."""

from __future__ import annotations

import typer

PATHS_ARGUMENT = typer.Argument(
    ..., help="Input files or folders (.json .jsonl .csv .xlsx .docx); folders are searched "
    "recursively.", show_default=False,
)
JSON_OPTION = typer.Option(False, "--json", help="Print machine-readable JSON on stdout.")
QUIET_OPTION = typer.Option(False, "--quiet", "-q", help="No progress bar or summary on stderr.")
LANG_OPTION = typer.Option("nb", "--lang", "-l", help="Language: nb (bokmål), nn (nynorsk) or en.")
SURVEY_OPTION = typer.Option(
    "nks-call", "--survey", help="Survey kind: nks-call, office, or the path of your own "
    "survey definition file (see tilsyn/surveys/SCHEMA.md).")
NAMES_OPTION = typer.Option(
    None, "--names", help="A text file of people's names (one per line) to treat as personal "
    "data, besides numbers and e-mail addresses that are found anyway.", show_default=False,
)

# The options that decide how records are scored, shared by score, report and export; passed
# on to `tilsyn.api.score_inputs` as one `scoring_options(...)` mapping.
CRITERIA_OPTION = typer.Option(
    None, "--criteria", help="A criteria catalogue file (TOML) to use instead of the built-in "
    "one, e.g. a copy of nks-call.criteria.toml with a criterion added.", show_default=False,
)
PARAMS_OPTION = typer.Option(
    None, "--params", help="Parameter values from a TOML or JSON file, e.g. "
    "max_queue_wait_minutes = 15.", show_default=False)
SET_OPTION = typer.Option(
    [], "--set", help="Set one parameter, name=value (repeat for several); wins over --params.",
    show_default=False)
SURVEY_KIND_OPTION = typer.Option(
    None, "--survey", help="Use the records of this survey kind (nks-call, office, or the path "
    "of your own survey definition file); by default the kind in the input, nks-call when it "
    "holds both.", show_default=False)
SKIP_INVALID_OPTION = typer.Option(
    False, "--skip-invalid", help="Go on with the valid records and list the invalid ones as "
    "excluded, instead of stopping when the input has errors.")


ASSESSMENTS_OPTION = typer.Option(
    None, "--assessments", help="Apply the inspector's assessments from this file (.csv, "
    ".xlsx or .toml): one row per result assessed differently, with key, criterion, status, "
    "justification, by and on. Every figure then counts the final status.", show_default=False)

FORCE_OPTION = typer.Option(
    False, "--force", help="Replace the output file if it exists (by default tilsyn refuses, "
    "so that a draft you have been editing is never lost).")


def scoring_options(criteria, params, assignments, survey, skip_invalid,
                    assessments=None) -> dict:
    """The scoring options as `tilsyn.api.score_inputs` takes them."""
    return {"criteria": criteria, "params": params, "set": list(assignments), "survey": survey,
            "skip_invalid": skip_invalid, "assessments": assessments}
