"""A console in a legacy encoding (cp1252, cp850: Windows with output redirected, or under
PYTHONIOENCODING) never makes tilsyn raise, keeps the Norwegian letters it can show, shows a
fallback for what it cannot («✔» as «v»), and gets lossless JSON; paths are printed as given."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tilsyn.cli.console import json_for, legible

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
LETTERS = "æøåÆØÅ"


def test_cp1252_keeps_letters_and_guillemets_and_replaces_symbols():
    text = "✔ oppfylt, ✘ ikke oppfylt, – ikke aktuelt, ? «Nav» ≤ 10 min ≠ −4,1 │─┼ æøå ÆØÅ"
    assert legible(text, "cp1252") == (
        "v oppfylt, x ikke oppfylt, – ikke aktuelt, ? «Nav» <= 10 min != -4,1 |-+ æøå ÆØÅ"
    )


def test_cp850_has_guillemets_and_letters_but_not_dashes_or_ellipsis():
    assert legible("«Hele landet» – 59 samtaler … søkt", "cp850") == (
        "«Hele landet» - 59 samtaler ... søkt"
    )


def test_an_ascii_console_spells_the_norwegian_letters_out():
    assert legible("Tromsø, Ålesund, Bærum, café", "ascii") == "Tromsoe, AAlesund, Baerum, cafe"


def test_utf8_is_left_alone():
    assert legible("✔ ≤ │", "utf-8") == "✔ ≤ │"


def test_json_for_a_legacy_stream_escapes_only_what_it_lacks_and_loses_nothing():
    data = {"evidence": "ventetid 0,5 min ≤ 10 min", "office": "Nav Årstad", "emoji": "😀"}
    text = json.dumps(data, ensure_ascii=False)
    stream = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    safe = json_for(stream, text)
    assert "\\u2264" in safe and "Årstad" in safe and "\\ud83d\\ude00" in safe
    safe.encode("cp1252")  # the stream can carry it
    assert json.loads(safe) == data


def _run(args, encoding, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env |= {"PYTHONIOENCODING": encoding, "TILSYN_LANG": "nb", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "tilsyn", *args], cwd=cwd, env=env, capture_output=True, timeout=120
    )


@pytest.fixture(scope="module")
def saved_round(tmp_path_factory):
    folder = tmp_path_factory.mktemp("round")
    done = _run(["score", str(SAMPLE / "calls"), "-o", "forrige.json"], "utf-8", folder)
    assert done.returncode == 0
    return folder / "forrige.json"


COMMANDS = {
    "validate": ["validate", str(SAMPLE)],
    "score": ["score", str(SAMPLE), "--by", "county"],
    "compare": ["compare", "{saved}", str(SAMPLE), "--allow-overlap"],
    "fields": ["fields"],
    "criteria": ["criteria", "show", "K06"],
    "help": ["compare", "--help"],
    "doctor": ["doctor"],
    "plan": ["plan", str(SAMPLE), "--margin", "0.10"],
}
ENCODINGS = ["cp1252", pytest.param("cp850", marks=pytest.mark.slow)]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_legacy_console_shows_every_norwegian_letter_and_nothing_raises(
    command, encoding, saved_round, tmp_path
):
    args = [a.format(saved=saved_round) for a in COMMANDS[command]]
    unicode = _run(args, "utf-8", tmp_path)
    legacy = _run(args, encoding, tmp_path)
    assert legacy.returncode == unicode.returncode == 0, legacy.stderr.decode(encoding)
    shown = (legacy.stdout + legacy.stderr).decode(encoding)  # strict: real cp1252 bytes
    meant = (unicode.stdout + unicode.stderr).decode("utf-8")
    assert "Traceback" not in shown and "intern feil" not in shown
    assert "\\u" not in shown and "\\x" not in shown  # no escapes where a symbol was
    assert any(letter in meant for letter in LETTERS)
    for letter in (*LETTERS, "?"):  # every letter survives; no «?» stands in for one
        assert shown.count(letter) == meant.count(letter), letter


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_json_on_a_legacy_console_is_the_same_data(encoding, tmp_path):
    args = ["score", str(SAMPLE), "--json"]
    unicode = _run(args, "utf-8", tmp_path)
    legacy = _run(args, encoding, tmp_path)
    assert legacy.returncode == 0, legacy.stderr.decode(encoding)
    shown, meant = json.loads(legacy.stdout.decode(encoding)), json.loads(unicode.stdout)
    assert _untimed(shown) == _untimed(meant)


def _untimed(value):
    """The data without the time each run was made at."""
    if isinstance(value, dict):
        return {k: _untimed(v) for k, v in value.items() if k != "created"}
    if isinstance(value, list):
        return [_untimed(v) for v in value]
    return value


def test_the_example_command_on_a_legacy_console(tmp_path):
    done = _run(["example", "øving"], "cp1252", tmp_path)
    assert done.returncode == 0
    assert "Skrev 38 filer med eksempeldata i øving" in done.stderr.decode("cp1252")


@pytest.mark.parametrize(
    "name",
    ["Tilsyn [runde 2]", "C:\\Users\\Kari Nordmann\\[b]tilsyn", "rapport :memo: mappe"],
)
def test_paths_are_printed_as_given_not_as_markup(cli, tmp_path, name):
    """A Windows path with backslashes, brackets or spaces reaches the user unchanged (rich
    would take «[b]» as bold and «\\[» as an escaped bracket)."""
    folder = tmp_path / name
    folder.mkdir()
    outputs = {
        ("form", "new", "-o"): folder / "skjema.docx",
        ("report", str(SAMPLE / "calls"), "-o"): folder / "rapport.docx",
        ("export", str(SAMPLE / "calls"), "-o"): folder / "eksport.xlsx",
        ("score", str(SAMPLE / "calls"), "-o"): folder / "forrige.json",
    }
    for args, output in outputs.items():
        result = cli(*args, output)
        assert result.exit_code == 0 and str(output) in result.stderr, result.stderr
    compared = cli(
        "compare", folder / "forrige.json", SAMPLE, "-o", folder / "u.xlsx", "--allow-overlap"
    )
    assert str(folder / "u.xlsx") in compared.stderr
