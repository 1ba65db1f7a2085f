"""The import graph keeps the layers the architecture names: readers and writers apart, writers
that never score, and a command line that holds no pipeline of its own (it calls tilsyn.api).
Imports inside functions count too: a lazy import is still a dependency."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tilsyn"
READERS = ("tilsyn.readers",)
WRITERS = ("tilsyn.report", "tilsyn.export", "tilsyn.forms")
PIPELINE = ("tilsyn.scoring", "tilsyn.validate", "tilsyn.readers", "tilsyn.aggregate")


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("tilsyn")}


GRAPH = {_module(p): _imports(p) for p in PACKAGE.rglob("*.py")}


def _in(name: str, layers: tuple[str, ...]) -> bool:
    return any(name == layer or name.startswith(layer + ".") for layer in layers)


def _breaks(importers: tuple[str, ...], imported: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        if _in(module, importers)
        for target in targets
        if _in(target, imported)
    )


def test_the_graph_is_read():
    assert (
        "tilsyn.readers.docx" in GRAPH
        and "tilsyn.formats.form_layout" in GRAPH["tilsyn.readers.docx"]
    )


@pytest.mark.parametrize("importers, imported", [(READERS, WRITERS), (WRITERS, READERS)])
def test_readers_and_writers_do_not_import_each_other(importers, imported):
    assert _breaks(importers, imported) == []


def test_writers_never_score():
    assert _breaks(WRITERS, ("tilsyn.scoring.score", "tilsyn.api")) == []


def test_the_command_line_holds_no_pipeline():
    assert _breaks(("tilsyn.cli",), PIPELINE) == []


ENGINE_FREE_OF = ("nav_office", "municipality_number", "call_id")
# The spec fixes `call_id` as the key's name in JSON diagnostics when no survey is known.
ALLOWED = {"errors.py: call_id"}


def test_no_engine_module_names_a_survey_field():
    """Survey fields live in the survey definitions: the engine reads them from there."""
    named = sorted(
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in PACKAGE.rglob("*.py")
        for name in ENGINE_FREE_OF
        if f'"{name}"' in path.read_text(encoding="utf-8")
    )
    assert sorted(set(named) - ALLOWED) == []
