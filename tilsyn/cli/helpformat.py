"""The frame of the help in the help language: the usage line, the section headings, the help
option, and arguments shown by their metavar alone (typer would add `<list[Path]>` and braces).

click and typer take their few words through gettext (`_`); typer's core is given a lookup in
tilsyn/cli/help.toml instead of a message catalogue, and each command is shown its own words
for the rest. Done once, when the root group is built.
"""

from __future__ import annotations

import re
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
            param.get_usage_pieces = lambda ctx, param=param: [_usage_piece(param)]
    for sub in getattr(command, "commands", {}).values():
        _localise(sub)


def usage_message(exc: Any) -> str:
    """click's or typer's usage error in the help language, from what the exception knows (its
    option, argument, value and the choices it offers), never from click's English words."""
    kind = type(exc).__name__
    param = getattr(exc, "param", None)
    if kind == "NoSuchOption":
        message = chrome("No such option: {name}").format(name=exc.option_name)
        possible = sorted(getattr(exc, "possibilities", None) or ())
        if possible:
            message += " " + chrome("Did you mean {options}?").format(options=", ".join(possible))
        return message
    if kind == "MissingParameter" and param is not None:
        entry = (
            "Missing argument {name}."
            if param.param_type_name == "argument"
            else ("Missing option {name}.")
        )
        return chrome(entry).format(name=_shown(param))
    if kind == "BadParameter" and param is not None:
        return _invalid(param, exc.message)
    return _worded(exc.format_message())


def _shown(param: Any) -> str:
    """An option by its names (--output / -o), an argument by its metavar."""
    if param.param_type_name == "argument":
        return param.metavar or param.name.upper()
    return " / ".join(param.opts)


def _usage_piece(param: Any) -> str:
    """An argument in the usage line as click has always shown it: FIL, or [FIL] if optional
    (typer 0.2x writes {FIL} for a required one)."""
    return param.metavar if param.required else f"[{param.metavar}]"


# click's words for a value it cannot take or an option it cannot use, and the chrome entry that
# says the same ({value} and {name} as found, {rest} as click wrote it).
_REASONS = (
    (r"'(?P<value>.*)' is not a valid int(?:eger)?(?: range)?\.", "{value} is not a whole number."),
    (r"'(?P<value>.*)' is not a valid float(?: range)?\.", "{value} is not a number."),
    (r"'(?P<value>.*)' is not one of (?P<rest>.*)\.", "{value} is not one of {rest}."),
    (r"'(?P<value>.*)' is not a valid boolean.*", "{value} is not yes or no."),
)
_USAGE = (
    (r"Option '(?P<name>.*)' requires an argument\.", "Option {name} requires a value."),
    (
        r"Option '(?P<name>.*)' requires (?P<rest>\d+) arguments\.",
        "Option {name} requires a value.",
    ),
    (r"Option '(?P<name>.*)' does not take a value\.", "Option {name} does not take a value."),
    (
        r"Got unexpected extra argument(?:\(s\)|s)? \((?P<rest>.*)\)",
        "Got unexpected extra arguments: {rest}",
    ),
    (r"Missing command\.", "Missing command."),
)


def _invalid(param: Any, reason: str) -> str:
    name = _shown(param)
    least, most = getattr(param.type, "min", None), getattr(param.type, "max", None)
    if " is not in the range " in reason and (least is not None or most is not None):
        number = reason.split(" is not in the range ")[0]
        value = chrome("«{value}»").format(value=number.removesuffix(".0"))
        entry = (
            "{value} is less than {min}." if least is not None else "{value} is more than {max}."
        )
        if least is not None and most is not None:
            entry = "{value} is not between {min} and {max}."
        why = chrome(entry).format(value=value, min=least, max=most)
        return chrome("Invalid value for {name}: {reason}").format(name=name, reason=why)
    for pattern, entry in _REASONS:
        found = re.fullmatch(pattern, reason, re.S)
        if found:
            values = found.groupdict()
            values["value"] = chrome("«{value}»").format(value=values["value"])
            why = chrome(entry).format(**{"rest": "", **values})
            return chrome("Invalid value for {name}: {reason}").format(name=name, reason=why)
    return chrome("Invalid value for {name}.").format(name=name)


def _worded(message: str) -> str:
    found = re.fullmatch(r"(?P<message>.*?)\.? Did you mean (?P<options>.+)\?", message, re.S)
    if found:  # typer's suggestion for a mistyped command, after the (translated) error
        options = found["options"].replace("'", "")
        suggestion = chrome("Did you mean {options}?").format(options=options)
        return f"{_worded(found['message'] + '.')} {suggestion}"
    for pattern, entry in _USAGE:
        found = re.fullmatch(pattern, message, re.S)
        if found:
            return chrome(entry).format(**{"name": "", "rest": "", **found.groupdict()})
    return message  # a usage error of our own (tilsyn's callbacks word theirs in the language)


def show_usage_error(exc: Any, parent: Any = None) -> None:
    """A usage error (exit 2) in the help language: the usage line, where to find help, and
    the error, its option or argument named as typed, in tilsyn's own form («feil: …»). An
    error click raised without its command (an option missing its value) names `parent`'s
    help and no usage line."""
    import sys

    ctx = exc.ctx or parent
    path = ctx.command_path
    if exc.ctx is None and ctx.invoked_subcommand:
        path = f"{path} {ctx.invoked_subcommand}"
    command = f"{path} {ctx.help_option_names[0]}"
    where_help = chrome("Try '{command}' for help.").format(command=command)
    usage = f"{ctx.get_usage()}\n" if exc.ctx else ""
    sys.stderr.write(f"{usage}{where_help}\n\n{chrome('error:')} {usage_message(exc)}\n")
