"""Every kind of Word and Excel file tilsyn writes passes `ooxml-check`, the Office schema model
Word and Excel read with (../shared/tools/ooxml-check): an element out of order or a malformed
formula makes them "repair" the file and drop the feature, although LibreOffice says nothing.

The files are made through the CLI from small records, then checked in one run of the checker
with this test's own Python (it needs only lxml). Outside CI the test skips when ../shared is
absent; with TILSYN_REQUIRE_CLIENTS=1 it fails instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import acute_call, valid_call, valid_office, write_jsonl

pytestmark = pytest.mark.slow  # whole processes and real files: left out of the inner loop

CHECKER = (
    Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "ooxml-check" / "ooxml-check"
)
LANGS = ("nb", "nn", "en")


def _calls() -> list[dict]:
    return [
        valid_call(call_id="VL-001"),
        acute_call(call_id="VL-002", caller_role="proxy", proxy_authority_checked="yes"),
        valid_call(
            call_id="AG-001",
            county="agder",
            municipality_number="4204",
            nav_office="Nav Kristiansand",
            notes="Ring Ola Nordmann på 912 34 567.",
        ),
    ]


def _offices() -> list[dict]:
    return [
        valid_office(),
        valid_office(
            office_id="AG-4204",
            county="agder",
            municipality_number="4204",
            nav_office="Nav Kristiansand",
        ),
    ]


# name -> the `tilsyn` arguments that write it ({out} the file, {calls}/{offices} the inputs)
FILES: dict[str, list[str]] = {
    **{f"form-{lang}.docx": ["form", "new", "--lang", lang] for lang in LANGS},
    **{
        f"form-office-{lang}.docx": ["form", "new", "--survey", "office", "--lang", lang]
        for lang in LANGS
    },
    "form-prefilled.docx": [
        "form",
        "new",
        "--county",
        "vestland",
        "--observer",
        "KH",
        "--prefill",
        "nav_office=Nav Bergen nord",
        "--prefill",
        "municipality_number=4601",
        "--survey-round",
        "nks-2020-2021",
    ],
    "form-count.docx": ["form", "new", "--count", "2", "--call-id-prefix", "VL-"],
    **{f"sheet-{lang}.xlsx": ["form", "new", "--lang", lang] for lang in LANGS},
    "sheet-office.xlsx": ["form", "new", "--survey", "office", "--lang", "nn"],
    "sheet-count.xlsx": [
        "form",
        "new",
        "--count",
        "3",
        "--call-id-prefix",
        "VL-",
        "--county",
        "vestland",
    ],
    **{f"report-{lang}.docx": ["report", "{calls}", "--lang", lang] for lang in LANGS},
    "report-county.docx": ["report", "{calls}", "--scope", "county:vestland"],
    "report-office.docx": ["report", "{calls}", "--scope", "office:Nav Bergen nord"],
    "report-personal.docx": ["report", "{calls}", "--include-personal-data"],
    **{f"report-offices-{lang}.docx": ["report", "{offices}", "--lang", lang] for lang in LANGS},
    **{f"export-{lang}.xlsx": ["export", "{calls}", "--lang", lang] for lang in LANGS},
    "export-codes.xlsx": ["export", "{calls}", "--codes", "--include-personal-data"],
    "export-offices.xlsx": ["export", "{offices}"],
}


FILLED = "form-filled-nn.docx"


@pytest.fixture(scope="module")
def violations(tmp_path_factory) -> dict[str, list[dict]]:
    """Every file of FILES written, then checked in one run: file name -> its violations."""
    from typer.testing import CliRunner

    from tilsyn.cli import app

    if not CHECKER.is_file():
        if os.environ.get("TILSYN_REQUIRE_CLIENTS"):
            pytest.fail(f"required checker missing in CI: {CHECKER}")
        pytest.skip(f"needs {CHECKER}")
    folder = tmp_path_factory.mktemp("ooxml")
    inputs = {
        "calls": str(write_jsonl(folder / "calls.jsonl", _calls())),
        "offices": str(write_jsonl(folder / "offices.jsonl", _offices())),
    }
    written = []
    for name, args in FILES.items():
        out = folder / name
        result = CliRunner().invoke(app, [a.format(**inputs) for a in args] + ["-o", str(out)])
        assert result.exit_code == 0, (name, result.output)
        written += sorted(folder.glob(f"{out.stem}*{out.suffix}")) if "--count" in args else [out]
    from tilsyn.forms import fill_form  # a form as Word stores a user's answers: boxes, a date

    fill_form(acute_call(topics=["other", "financial_assistance"]), folder / FILLED, lang="nn")
    written.append(folder / FILLED)
    done = subprocess.run(
        [sys.executable, str(CHECKER), "--json", *map(str, written)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr
    found = json.loads(done.stdout)
    assert len(found) == len(written)
    by_name: dict[str, list[dict]] = {}
    for path, items in found.items():
        by_name.setdefault(_kind(Path(path).name), []).extend(items)
    return by_name


def _kind(name: str) -> str:
    """The FILES entry a written file belongs to (`form-count-VL-001.docx` -> `form-count.docx`)."""
    return next(
        kind
        for kind in [*FILES, FILLED]
        if name == kind
        or name.startswith(Path(kind).stem + "-")
        and "--count" in FILES.get(kind, ())
    )


@pytest.mark.parametrize("name", [*FILES, FILLED])
def test_file_passes_ooxml_check(violations, name):
    assert violations[name] == []


def test_the_checker_finds_a_drop_down_formula_stored_with_an_equals_sign(tmp_path):
    """The check can fail: the blank sheet's old fault, put back, is found."""
    import zipfile

    from tilsyn.forms import write_sheet

    if not CHECKER.is_file():
        pytest.skip(f"needs {CHECKER}")
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    write_sheet(good)
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<formula1>'", b"<formula1>='", 1)
            target.writestr(item, data)
    done = subprocess.run([sys.executable, str(CHECKER), str(bad)], capture_output=True, text=True)
    assert done.returncode == 1 and "X-dv-formula-eq" in done.stdout
