"""The command-line interface: `tilsyn COMMAND ...`. Each command module registers itself."""

from tilsyn.cli.app import app, main
from tilsyn.cli import validate  # noqa: F401  (registers validate, fields)
from tilsyn.cli import form  # noqa: F401  (registers form new)
from tilsyn.cli import criteria  # noqa: F401  (registers criteria list, criteria show)
from tilsyn.cli import score  # noqa: F401  (registers score)
from tilsyn.cli import export  # noqa: F401  (registers export)
from tilsyn.cli import report  # noqa: F401  (registers report)
from tilsyn.cli import compare  # noqa: F401  (registers compare)
from tilsyn.cli import plan  # noqa: F401  (registers plan)

__all__ = ["app", "main"]
