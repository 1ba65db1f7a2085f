"""No report or export made from sample_data/ carries the personal data planted there.

Run without `--names` and without `--include-personal-data`, as a user would by default; the
extracted text of every output is scanned for every planted string.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def _planted() -> list[str]:
    lines = (SAMPLE / "planted_personal_data.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _text(path: Path) -> str:
    """All text of an output: every XML part of an Office file, or the file itself."""
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            parts = [
                archive.read(n).decode("utf-8", "replace")
                for n in archive.namelist()
                if n.endswith((".xml", ".rels"))
            ]
        return re.sub(r"<[^>]+>", "", "".join(parts))
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    "command, name, extra",
    [
        ("report", "rapport.docx", []),
        ("report", "rapport-en.docx", ["--lang", "en", "--scope", "county:vestland"]),
        ("export", "revisjon.xlsx", []),
        ("export", "revisjon.csv", []),
        ("export", "revisjon.jsonl", ["--lang", "nn"]),
        ("score", "resultat.json", []),
    ],
)
def test_outputs_hold_no_planted_personal_data(cli, tmp_path, command, name, extra):
    planted = _planted()
    assert len(planted) > 10
    out = tmp_path / name
    result = cli(command, SAMPLE, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    text = _text(out)
    assert [p for p in planted if p in text] == []
    digits = re.sub(r"\D", "", text)
    fnr = [p for p in planted if re.fullmatch(r"\d{6} ?\d{5}", p)]
    assert fnr and all(re.sub(r"\D", "", p) not in digits for p in fnr)
