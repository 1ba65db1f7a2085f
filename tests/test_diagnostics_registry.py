"""The registry of diagnostic codes is the one list: every code the code raises is in it, and
docs/diagnostics.md is the page generated from it (as sqlite-utils tests its docs)."""

from __future__ import annotations

import re
from pathlib import Path

from tilsyn.diagnostics import codes, groups, markdown

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r"[\"'](READ|COL|VAL|PRIV|CAT|PAR|FORM|RPT|SRV|RES|[A-Z]{3,5})(\d{3})[\"']")


def _used_codes() -> set[str]:
    found = set()
    for path in (ROOT / "tilsyn").rglob("*.py"):
        found |= {a + b for a, b in CODE.findall(path.read_text(encoding="utf-8"))}
    return found


def test_every_code_the_package_uses_is_registered():
    assert sorted(_used_codes() - set(codes())) == []


def test_each_code_is_in_the_group_of_its_prefix_with_a_known_severity():
    for group in groups():
        for code in group.codes:
            assert code.code.startswith(group.prefix) and code.severity in (
                "error",
                "warning",
                "note",
            )
            assert code.what["en"]


def test_docs_page_is_generated_from_the_registry():
    page = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert page == markdown("en"), "run: python -m tilsyn.diagnostics > docs/diagnostics.md"
