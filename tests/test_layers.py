"""The import graph keeps the layers the architecture names: readers and writers apart, writers
apart from each other and never scoring, a command line that holds no pipeline of its own (it
calls tilsyn.api), a diagnostics registry below the readers, and no import cycle anywhere.
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


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = {f"{node.module}.{alias.name}" for alias in node.names}
            found |= names
            if not all(_is_module(name) for name in names):  # `from pkg import mod` is mod's
                found.add(node.module)
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
    scoring = ("tilsyn.scoring.score", "tilsyn.api", "tilsyn.pipeline", "tilsyn.loader")
    assert _breaks(WRITERS, scoring) == []


# What is made from a scored dataset reaches the survey and its recommendations through it
# (dataset.survey, dataset.catalogue.recommendation_set), never by the survey's id in the
# process's registries (a user's survey read back from a saved file is not in them).
FROM_THE_DATASET = (
    "tilsyn.report",
    "tilsyn.export",
    "tilsyn.dataset",
    "tilsyn.scoring",
    "tilsyn.aggregate",
    "tilsyn.assessments",
    "tilsyn.compare",
    "tilsyn.narrative",
    "tilsyn.plan",
)
REGISTRY = tuple(
    f"tilsyn.survey.{name}"
    for name in ("get_survey", "survey_ids", "all_surveys", "register_survey", "read_survey")
) + tuple(
    f"tilsyn.recommendations.{name}" for name in ("recommendation_set", "register", "read_beside")
)


def test_what_is_made_from_a_dataset_never_looks_a_survey_up_by_id():
    assert _breaks(FROM_THE_DATASET, REGISTRY) == []


def test_the_command_line_holds_no_pipeline():
    assert _breaks(("tilsyn.cli",), PIPELINE) == []


def test_diagnostics_import_no_reader():
    """The registry sits below the readers: a reader's ReadError lives in tilsyn.errors."""
    assert _breaks(("tilsyn.diagnostics",), READERS) == []


@pytest.mark.parametrize(
    "importer, imported",
    [(importer, imported) for importer in WRITERS for imported in WRITERS if importer != imported],
)
def test_no_writer_imports_another(importer, imported):
    """Writers share a file format through tilsyn.formats, never through each other."""
    assert _breaks((importer,), (imported,)) == []


def _module_of(name: str) -> str:
    """The module an imported name belongs to: `tilsyn.texts.Texts` -> `tilsyn.texts`."""
    while name not in GRAPH:
        name = name.rpartition(".")[0]
    return name


# The package's face (`tilsyn/__init__.py`) imports tilsyn.api lazily, only to re-export it:
# no module depends on the face for more than `__version__`, so it is left out.
FACE = "tilsyn"


def _arrows() -> dict[str, set[str]]:
    """module -> the modules it imports, the face left out."""
    return {
        module: {_module_of(t) for t in targets} - {module, FACE}
        for module, targets in GRAPH.items()
        if module != FACE
    }


def _cycles(arrows: dict[str, set[str]]) -> list[list[str]]:
    """The cycles of a graph: its strongly connected components of more than one node
    (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in arrows.get(module, ()):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = [stack.pop()]
            while component[-1] != module:
                component.append(stack.pop())
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(arrows):
        if module not in index:
            visit(module)
    return cycles


def test_the_cycle_check_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycle_between_modules():
    assert _cycles(_arrows()) == []


def _survey_fields() -> set[str]:
    import tomllib

    names = set()
    for path in sorted((PACKAGE / "surveys").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        names |= {f["name"] for f in data.get("fields", []) if isinstance(f, dict)}
    return names


# Every field of the built-in surveys, and the roles the engine once named. `survey` is left
# out: it is also the engine's own word for a survey kind (the `survey` key of every saved
# dataset and JSON output), and the guard cannot tell the two apart.
ENGINE_FREE_OF = sorted((_survey_fields() | {"county", "observer", "inspector"}) - {"survey"})
ALLOWED = {
    # The spec fixes `call_id` as the key's name in JSON diagnostics when no survey is known.
    "errors.py: call_id",
    # The options of `form new` (--county, --observer) keep the names users know; what each
    # fills in is the survey's to say (`[form] prefill` in its definition).
    "cli/form.py: county",
    "cli/form.py: observer",
    # ... and the schema of `[form] prefill` names those options as its keys.
    "surveys/schema.py: county",
    "surveys/schema.py: observer",
}


def test_no_engine_module_names_a_survey_field():
    """Survey fields live in the survey definitions: the engine reads them from there."""
    named = sorted(
        f"{path.relative_to(PACKAGE).as_posix()}: {name}"
        for path in PACKAGE.rglob("*.py")
        for text in [path.read_text(encoding="utf-8")]
        for name in ENGINE_FREE_OF
        if f'"{name}"' in text or f"'{name}'" in text
    )
    assert sorted(set(named) - ALLOWED) == []


def test_the_field_guard_knows_the_survey_fields():
    assert {"nav_office", "queue_wait_minutes", "inspector", "county"} <= set(ENGINE_FREE_OF)
