"""The command-line interface: `tilsyn COMMAND ...`. Each command module registers itself."""

from tilsyn.cli import (
    compare,  # noqa: F401  (registers compare)
    criteria,  # noqa: F401  (registers criteria list, criteria show)
    doctor,  # noqa: F401  (registers doctor)
    example,  # noqa: F401  (registers example)
    export,  # noqa: F401  (registers export)
    form,  # noqa: F401  (registers form new)
    plan,  # noqa: F401  (registers plan)
    publish,  # noqa: F401  (registers publish)
    report,  # noqa: F401  (registers report)
    score,  # noqa: F401  (registers score)
    survey,  # noqa: F401  (registers survey export, survey check)
    validate,  # noqa: F401  (registers validate, fields)
    verify,  # noqa: F401  (registers verify)
)
from tilsyn.cli.app import app, main

__all__ = ["app", "main"]
