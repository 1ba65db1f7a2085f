"""The typer app, its global options, and the one error boundary every command runs inside.

Commands live in their own modules beside this one and stay thin: parse options, call the
library API, print. Known failures (`TilsynError`) become one clean line and their exit code;
anything unexpected becomes an "internal error" line, with the traceback only under `--debug`.
"""

from __future__ import annotations

import gc
import os
import sys

import typer
from typer.core import TyperGroup

from tilsyn import __version__
from tilsyn.cli.texts import help_text
from tilsyn.errors import ExitCode, TilsynError

# Usage errors and the like, which click turns into exit 2 itself (typer may vendor click).
_CLICK_EXCEPTION = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


class _Group(TyperGroup):
    """Runs every command inside the error boundary; its help speaks the help language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from tilsyn.cli.helpformat import localise

        localise(self)

    def make_context(self, info_name, args, parent=None, **extra):
        """The command line read; a usage error of `tilsyn` itself («tilsyn --lang en») is
        worded as a command's is."""
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except _CLICK_EXCEPTION as exc:
            _usage_error(exc)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except TilsynError as exc:
            from tilsyn.cli.output import print_diagnostics, print_failure

            print_diagnostics(exc.diagnostics)
            print_failure(exc.message, exc.hint)
            raise typer.Exit(int(exc.exit_code)) from None
        except _CLICK_EXCEPTION as exc:
            _usage_error(exc, ctx)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            _quiet_broken_pipe()
            raise typer.Exit(0) from None
        except Exception as exc:
            if (ctx.obj or {}).get("debug"):
                raise
            from tilsyn.cli.output import print_failure
            from tilsyn.cli.texts import say

            print_failure(
                say("internal_error", detail=f"{type(exc).__name__}: {exc}"),
                say("internal_error_hint"),
            )
            raise typer.Exit(int(ExitCode.INTERNAL)) from None


def _usage_error(exc, ctx=None) -> None:
    """click's usage error (exit 2) in the help language and tilsyn's form, `ctx` the command
    it belongs under when click did not say; anything else (the help shown for a command given
    no arguments) as click shows it."""
    if exc.exit_code != 2 or _is_help(exc) or (getattr(exc, "ctx", None) or ctx) is None:
        raise exc
    from tilsyn.cli.helpformat import show_usage_error

    show_usage_error(exc, ctx)
    raise typer.Exit(2) from None


def _is_help(exc) -> bool:
    """click's way of showing the help for a command given no arguments (exit 2)."""
    return type(exc).__name__ == "NoArgsIsHelpError"


app = typer.Typer(
    cls=_Group,
    name="tilsyn",
    help=help_text("tilsyn"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: paragraphs reflow, and no markdown or pygments imports
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tilsyn {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help=help_text("options.version")
    ),
    debug: bool = typer.Option(False, "--debug", help=help_text("options.debug")),
) -> None:
    """Global options."""
    from tilsyn.diagnostics import use_language

    use_language(None)  # each run starts in the user's language; `--lang` may change it
    ctx.obj = {"debug": debug}


def _quiet_broken_pipe() -> None:
    """The reader of our output went away (`tilsyn ... | head`): not an error, say nothing more."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main() -> None:
    """Console-script entry point.

    The cyclic garbage collector is tuned for a short process: it runs after 10,000 new
    objects rather than 700 (a report creates hundreds of thousands while importing and
    building documents, nearly all freed by reference counting), and everything is frozen
    at the end, so the interpreter does not walk every object once more on its way out.
    Together about 80 ms of a 0.45 s report (benchmarks/README.md). A console in a legacy
    encoding (cp1252 on Windows) shows a fallback for what it lacks (tilsyn/cli/console.py).
    """
    from tilsyn.cli.console import legible_streams

    legible_streams()
    gc.set_threshold(10_000, 20, 20)
    try:
        app()
    except KeyboardInterrupt:
        from tilsyn.cli.texts import say

        sys.stderr.write(say("interrupted") + "\n")
        sys.exit(int(ExitCode.INTERRUPTED))
    except BrokenPipeError:
        _quiet_broken_pipe()
        sys.exit(0)
    finally:
        gc.freeze()


__all__ = ["app", "main", "ExitCode"]
