"""Criteria catalogues: the data that says what counts as accessible, and its load-time checks.

A catalogue (`tilsyn/surveys/<survey>.criteria.toml`, or a user's file given with
`--criteria`) holds every criterion's titles, rationale, legal basis, severity, the
recommendations it supports, its parameters with defaults, its applies/passes rules and its
evidence templates. Everything is checked when the file is loaded, against the file kind's
description (`tilsyn/surveys/schema.py`), the survey definition and the recommendations, so a
typo is a diagnostic with a line number, never a criterion that is silently `not_answered` in
every call.

`model` holds the catalogue and a run's parameter values, `load` reads and checks a catalogue,
`params` reads parameter files and `--set`.
"""

from __future__ import annotations

from tilsyn.criteria.load import (
    builtin_catalogue,
    catalogue_file,
    choose_catalogue,
    has_catalogue,
    parse_catalogue,
    read_catalogue,
)
from tilsyn.criteria.model import (
    MISSING,
    Catalogue,
    CatalogueError,
    Criterion,
    Parameter,
    Parameters,
    Recommendation,
    Theme,
    placeholders,
    problem,
)
from tilsyn.criteria.params import parse_assignments, read_parameter_file
from tilsyn.surveys.schema import SEVERITIES

__all__ = [
    "MISSING",
    "SEVERITIES",
    "Catalogue",
    "CatalogueError",
    "Criterion",
    "Parameter",
    "Parameters",
    "Recommendation",
    "Theme",
    "builtin_catalogue",
    "catalogue_file",
    "choose_catalogue",
    "has_catalogue",
    "parse_assignments",
    "parse_catalogue",
    "placeholders",
    "problem",
    "read_catalogue",
    "read_parameter_file",
]
