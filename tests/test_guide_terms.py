"""The user guide keeps «vurdering» for the user's own judgement (section 8, the assessments
file), as Helsetilsynet does, and calls the automatic step «resultatet etter kriteriene», from
its opening paragraph on (review N45)."""

from __future__ import annotations

import re
from pathlib import Path

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "brukerveiledning.md"


def _opening() -> str:
    """The guide's first paragraph, on one line."""
    text = GUIDE.read_text("utf-8").split("\n\n")[1]
    return " ".join(text.split())


def test_the_opening_names_the_automatic_step_a_result():
    opening = _opening()
    assert "få resultatet for hver samtale etter kriteriene" in opening
    assert not re.search(r"\bvurder\w*", opening)


def test_no_line_of_the_guide_says_the_tool_assesses():
    text = " ".join(GUIDE.read_text("utf-8").split())
    said = re.findall(r"(?i)[^.]*\bvurder\w* (?:\w+ )?(?:mot|etter) kriteriene[^.]*", text)
    assert said == []
