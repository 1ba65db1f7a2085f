"""Modules of one job: no module of tilsyn over 600 lines, no function over 80 (the house
rule of docs/CONTRACTS.md; ruff's C901 holds the complexity of each)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tilsyn"
MODULE_LINES, FUNCTION_LINES = 600, 80


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_600_lines():
    long = [
        f"{path.relative_to(PACKAGE)}: {lines}"
        for path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    ]
    assert long == []


def test_no_function_is_over_80_lines():
    long = [
        f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}: {size}"
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and (size := node.end_lineno - node.lineno + 1) > FUNCTION_LINES
    ]
    assert long == []


def test_the_rule_reads_the_package():
    assert len(_modules()) > 100 and (PACKAGE / "cli" / "report.py") in _modules()
