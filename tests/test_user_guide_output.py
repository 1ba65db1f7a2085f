"""What the user guide and the README show a command printing is what it prints. Every fenced
block without a language in docs/brukerveiledning.md and README.md is terminal output, and
the command that prints it is the indented command line before it, or an `<!-- tilsyn … -->`
comment where prose stands between (a command run again, say). The guide's commands run in its
order, in bokmål, as the guide's round goes: three forms filled in by hand while the round goes
on (one with a phone number, one with an answer missing), then the sample calls as the forms
filled in, the `csv` block as the assessments file, and the next year's calls before the
comparison. Each block must appear in what its command printed, line by line («…» alone on a
line stands for lines left out; table borders and runs of spaces do not count)."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from tests.test_user_guide_round import _next_year

ROOT = Path(__file__).resolve().parent.parent
GUIDE, README = ROOT / "docs" / "brukerveiledning.md", ROOT / "README.md"
SAMPLE_CALLS = ROOT / "sample_data" / "calls"
BORDERS = re.compile(r"[┃│┏┓┗┛━─┡┩╇╈┼┬┴┳┻╋┣┫┯┷└┘┌┐├┤]")
COMMENT = re.compile(r"^<!--\s*(tilsyn .+?)\s*-->$")


def events(path: Path) -> list[tuple[int, str, object]]:
    """(line, kind, what) in document order: "run" a command, "expect" an output block's
    lines, "file" a `csv` block's lines (the file the next commands read)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found, number = [], 0
    while number < len(lines):
        line, fence = lines[number], lines[number].strip()
        if fence.startswith("```"):
            end = next(i for i in range(number + 1, len(lines)) if lines[i].strip() == "```")
            body = lines[number + 1 : end]
            if fence == "```":
                found.append((number + 1, "expect", body))
            elif fence == "```csv":
                found.append((number + 1, "file", body))
            number = end
        elif line.startswith(("    tilsyn ", "    mkdir ")):
            found.append((number + 1, "run", line.strip()))
        elif COMMENT.match(line.strip()):
            found.append((number + 1, "run", COMMENT.match(line.strip())[1]))
        number += 1
    return found


def _normal(line: str) -> str:
    return " ".join(BORDERS.sub(" ", line).split())


def appears(expected: list[str], printed: str) -> bool:
    """Whether `expected` appears in `printed`, line after line; «…» skips lines."""
    actual = [n for n in (_normal(line) for line in printed.splitlines()) if n]
    parts: list[list[str]] = [[]]
    for line in expected:
        if line.strip() in ("…", "..."):
            parts.append([])
        elif _normal(line):
            parts[-1].append(_normal(line))
    start = 0
    for part in (p for p in parts if p):
        width = len(part)
        at = next(
            (i for i in range(start, len(actual) - width + 1) if actual[i : i + width] == part),
            None,
        )
        if at is None:
            return False
        start = at + width
    return True


def _fill_forms_by_hand(folder: Path) -> None:
    """Three of the round's forms answered while it goes on: VL-001 in full, VL-002 with a
    phone number in the message text, VL-003 with the question on confidentiality left out."""
    from tests.factories import valid_call
    from tilsyn.forms.docx_writer import form_bytes

    for key, change in (
        ("VL-001", {}),
        ("VL-002", {"message_text": "Ring brukeren på 912 34 567."}),
        ("VL-003", {"confidentiality_kept": None}),
    ):
        values = {k: v for k, v in valid_call(call_id=key, **change).items() if v is not None}
        data = form_bytes("nks-call", "nb", values, prefilled=["call_id", "county", "observer"])
        (folder / f"skjema-{key}.docx").write_bytes(data)


def _filled_in(folder: Path) -> None:
    """The round done: the sample's 59 calls (as JSON Lines, Word forms and spreadsheets) are
    the forms filled in; the blank ones stay blank."""
    for key in ("VL-001", "VL-002", "VL-003"):
        (folder / f"skjema-{key}.docx").unlink()
    for part in ("calls", "forms", "spreadsheet"):
        shutil.copytree(SAMPLE_CALLS.parent / part, folder / part)


def test_every_output_block_follows_the_command_that_prints_it():
    for path in (GUIDE, README):
        ran = False
        for number, kind, _ in events(path):
            if kind == "expect":
                assert ran, f"{path.name}:{number}: no command before this output"
            ran = kind == "run" or (ran and kind != "expect")


def test_guide_commands_are_one_line_each():
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[:-1], 1):
        if line.startswith("    tilsyn "):
            assert not line.rstrip().endswith("\\"), number  # PowerShell and cmd know no \
            assert not lines[number].startswith("      "), number + 1


def test_what_the_guide_shows_is_what_the_tool_prints(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TILSYN_LANG", "nb")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("COLUMNS", "160")
    printed, validated, checked = "", False, 0
    for number, kind, what in events(GUIDE):
        if kind == "file":
            Path("vurderinger.csv").write_text("\n".join(what) + "\n", encoding="utf-8")
        elif kind == "expect":
            assert appears(what, printed), f"brukerveiledning.md:{number} printed:\n{printed}"
            checked += 1
        else:
            words = shlex.split(what)
            if words[0] == "mkdir":
                Path(words[1]).mkdir()
                continue
            if words[1] == "validate" and not validated:
                _fill_forms_by_hand(Path(words[2]))
            elif validated is True:
                _filled_in(Path("skjemaer"))
                validated = "done"
            if words[1] == "compare":
                _next_year(Path(words[3]))
            result = cli(*words[1:])
            printed = result.stderr + result.stdout
            validated = validated or words[1] == "validate"
    assert checked >= 8


def test_a_block_that_is_not_printed_is_caught():
    printed = "feil: a\n  tips: b\n3 filer, 0 feil\n"
    assert appears(["feil: a", "…", "3 filer, 0 feil"], printed)
    assert appears(["feil: a", "  tips: b"], printed)
    assert not appears(["feil: a", "3 filer, 0 feil"], printed)  # a line left out needs «…»
    assert not appears(["error: a"], printed)
