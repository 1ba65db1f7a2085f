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
SURVEY_OPTION = typer.Option("nks-call", "--survey", help="Survey kind: nks-call or office.")
NAMES_OPTION = typer.Option(
    None, "--names", help="A text file of people's names (one per line) to treat as personal "
    "data, besides numbers and e-mail addresses that are found anyway.", show_default=False,
)
