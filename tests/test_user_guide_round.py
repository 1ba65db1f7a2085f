"""The user guide walks one round, from blank forms to the follow-up the next year, and its
commands work as written: each is one line, and run in the guide's order (with the sample
calls as the forms filled in, and a second round for the next year) every one succeeds."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "brukerveiledning.md"
SAMPLE_CALLS = ROOT / "sample_data" / "calls"


def _commands() -> list[str]:
    """The guide's commands: the indented lines that start with a program name."""
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.startswith(("    tilsyn ", "    mkdir "))]


def _next_year(folder: Path) -> None:
    """The next year's forms: the sample calls under keys of their own."""
    folder.mkdir()
    for path in SAMPLE_CALLS.glob("*.jsonl"):
        calls = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        lines = [
            json.dumps({**c, "call_id": f"23-{c['call_id']}"}, ensure_ascii=False) for c in calls
        ]
        (folder / path.name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_no_command_is_continued_over_lines():
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[:-1]):
        if line.startswith("    tilsyn "):
            assert not line.endswith("\\"), number + 1  # PowerShell and cmd know no \\
            assert not lines[number + 1].startswith("        "), number + 2


def test_every_command_of_the_round_runs_as_written(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    commands = _commands()
    assert commands[0] == "mkdir skjemaer" and "--baseline runde-2022.json" in commands[-1]
    for command in commands:
        words = shlex.split(command)
        if words[0] == "mkdir":
            Path(words[1]).mkdir()
            continue
        if "vurderinger.csv" in words or words[1] == "publish":
            continue  # the assessments the guide shows as a table; a finished report
        if words[1] == "validate":  # the forms are filled in: the sample calls
            for path in SAMPLE_CALLS.glob("*.jsonl"):
                shutil.copy(path, Path("skjemaer") / path.name)
        if words[1] == "compare":
            _next_year(Path("skjemaer-2023"))
        result = cli(*words[1:])
        assert result.exit_code == 0, (command, result.stderr)
    assert Path("rapport-2023.docx").is_file() and Path("runde-2022.json").is_file()
