"""`python -m tilsyn` runs the command-line interface."""

from tilsyn.cli import main

main()
