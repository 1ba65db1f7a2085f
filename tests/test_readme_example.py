"""The library example in README.md runs as written (from the repository root)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_library_example_runs(tmp_path, monkeypatch, capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Library API") :]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    code = code.replace('"sample_data/', f'"{ROOT.as_posix()}/sample_data/')
    monkeypatch.chdir(tmp_path)  # what it writes goes here
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "passed=6, failed=38" in printed
    assert {p.name for p in tmp_path.iterdir()} == {
        "rapport.docx",
        "revisjon.xlsx",
        "resultat.json",
    }
