"""The frame of the help in the help language: the usage line, the section headings, the help
option, and arguments shown by their metavar alone (typer would add `<list[Path]>` and braces).

click and typer take their few words through gettext (`_`); typer's core is given a lookup in
tilsyn/cli/help.toml instead of a message catalogue, and each command is shown its own words
for the rest. Done once, when the root group is built.
"""

from __future__ import annotations

from typing import Any

from tilsyn.cli.texts import help_text


def chrome(text: str) -> str:
    """click's or typer's own word in the help language (the word itself when not listed)."""
    from tilsyn.cli.texts import HELP_LANG
    from tilsyn.texts import texts

    return texts("help", HELP_LANG).lookup("chrome", text, default=text)


def localise(command: Any) -> None:
    """Give `command` and every command under it the help frame in the help language."""
    import typer.core

    typer.core._ = chrome  # typer's headings: Arguments, Options, Commands, required, default
    _localise(command)


def _localise(command: Any) -> None:
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = chrome("[OPTIONS]")
    if getattr(command, "subcommand_metavar", None) == "COMMAND [ARGS]...":
        command.subcommand_metavar = chrome("COMMAND [ARGS]...")

    def format_usage(ctx, formatter):
        formatter.write_usage(
            ctx.command_path, " ".join(command.collect_usage_pieces(ctx)), prefix=chrome("Usage: ")
        )

    get_help_option = command.get_help_option

    def help_option(ctx):
        option = get_help_option(ctx)
        if option is not None:
            option.help = help_text("options.help")
        return option

    command.format_usage = format_usage
    command.get_help_option = help_option
    for param in command.params:
        if param.param_type_name == "argument" and param.metavar:
            param.display_type_rich = lambda ctx: None
            param._usage_display_name = lambda param=param: param.metavar
    for sub in getattr(command, "commands", {}).values():
        _localise(sub)


# click's usage errors as it words them, and the chrome entry that says the same
_USAGE_ERRORS = (
    (r"Missing option (.+)\.", "Missing option {name}."),
    (r"Missing argument (.+)\.", "Missing argument {name}."),
    (r"No such option: (\S+).*", "No such option: {name}"),
    (r"Invalid value for (.+?): .*", "Invalid value for {name}."),
)


def show_usage_error(exc: Any) -> None:
    """A usage error (exit 2) as click shows it, in the help language: the usage line, where
    to find help, and the error, its option or argument named as typed."""
    import re
    import sys

    from tilsyn.cli.texts import say

    ctx = exc.ctx
    message = exc.format_message()
    for pattern, entry in _USAGE_ERRORS:
        found = re.fullmatch(pattern, message, re.S)
        if found:
            message = chrome(entry).format(name=found.group(1))
            break
    command = f"{ctx.command_path} {ctx.help_option_names[0]}"
    where_help = chrome("Try '{command}' for help.").format(command=command)
    sys.stderr.write(f"{ctx.get_usage()}\n{where_help}\n\n{say('error')} {message}\n")
