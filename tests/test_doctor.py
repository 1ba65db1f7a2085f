"""`tilsyn doctor` says what this machine has for tilsyn and what to install for what is missing,
in the user's language, always with exit 0; `--json` for machines. Other systems are simulated
where the check is only a matter of paths (Program Files, the Windows font folder)."""

import json
import os
import platform
import sys
from pathlib import Path

import pytest

from tilsyn import __version__, doctor

SOFFICE_PLACES = doctor._soffice_places  # the real lookup, before a test empties it
FAKE_SOFFICE = "#!/bin/sh\necho 'LibreOffice 25.2.3.2 20(Build:2)'\n"


def _program(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


def _fc_list(folder: Path, *families: str) -> None:
    lines = "\\n".join(families)
    _program(folder, "fc-list", f"#!/bin/sh\nprintf '{lines}\\n'\n")


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """A machine with nothing on PATH but what a test puts in `bin`, no LibreOffice in the usual
    places, and its own cache folder."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TILSYN_CACHE", raising=False)
    monkeypatch.setattr(doctor, "_soffice_places", lambda: [])
    return bin_dir


def _json(cli):
    result = cli("doctor", "--json")
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_json_names_python_tilsyn_and_the_libraries(cli, machine):
    found = _json(cli)
    assert found["tilsyn"]["version"] == __version__
    assert Path(found["tilsyn"]["location"]) == Path(doctor.__file__).resolve().parent
    assert found["python"] == {"version": platform.python_version(), "executable": sys.executable}
    assert {"typer", "rich", "python-docx", "openpyxl"} <= set(found["libraries"])


def test_libreoffice_on_path_with_its_version(cli, machine):
    soffice = _program(machine, "soffice", FAKE_SOFFICE)
    _fc_list(machine, "Carlito", "Caladea")
    found = _json(cli)
    assert found["libreoffice"] == {"found": True, "path": str(soffice), "version": "25.2.3.2"}
    assert found["missing"] == []
    shown = cli("doctor")
    assert shown.exit_code == 0
    assert "25.2.3.2" in shown.stderr and "Everything tilsyn needs is in place." in shown.stderr


def test_no_libreoffice_says_how_to_install_it_and_still_exits_0(cli, machine):
    _fc_list(machine, "Carlito", "Caladea")
    found = _json(cli)
    assert found["libreoffice"] == {"found": False, "path": None, "version": None}
    assert [m["what"] for m in found["missing"]] == ["libreoffice"]
    assert "sudo apt-get install libreoffice-writer" in found["missing"][0]["install"]
    shown = cli("doctor")
    assert shown.exit_code == 0
    assert "not found; needed only for a PDF of the report" in shown.stderr
    assert "What is missing:" in shown.stderr


def test_the_report_templates_fonts_are_the_ones_checked():
    from templates.build_templates import FONT

    assert FONT in doctor.report_fonts()


def test_a_metric_twin_is_as_good_as_the_font_and_a_missing_one_names_its_package(machine):
    _fc_list(machine, "Carlito", "DejaVu Sans")
    calibri, cambria = doctor.fonts(["Calibri", "Cambria"])
    assert (calibri.found, calibri.substitute_found, calibri.usable) == (False, True, True)
    assert (cambria.found, cambria.substitute, cambria.usable) == (False, "Caladea", False)
    assert cambria.debian_package == "fonts-crosextra-caladea"


def test_missing_fonts_are_listed_with_what_to_install(cli, machine):
    _program(machine, "soffice", FAKE_SOFFICE)
    _fc_list(machine, "DejaVu Sans")
    found = _json(cli)
    assert {f["font"] for f in found["fonts"]} == set(doctor.report_fonts())
    assert all(f["usable"] is False for f in found["fonts"])
    (fonts,) = found["missing"]
    assert fonts["what"] == "fonts"
    packages = {f["debian_package"] for f in found["fonts"]}
    assert all(p in fonts["install"] for p in packages)
    assert "breaks lines and pages differently" in cli("doctor").stderr


def test_without_fc_list_or_font_folders_the_fonts_cannot_be_told(cli, machine, monkeypatch):
    monkeypatch.setattr(doctor, "_font_folders", lambda: [])
    found = _json(cli)
    assert all(f["found"] is None and f["usable"] is None for f in found["fonts"])
    assert "fonts" not in [m["what"] for m in found["missing"]]
    assert "cannot be checked on this machine" in cli("doctor").stderr


def test_a_cache_folder_that_cannot_be_written_is_named(cli, machine, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    found = _json(cli)
    assert found["cache"] == {
        "path": str(blocker / "tilsyn"),
        "enabled": True,
        "writable": False,
    }
    assert "cache" in [m["what"] for m in found["missing"]]
    assert "is not writable" in cli("doctor").stderr


def test_a_cache_turned_off_is_said_and_not_missing(cli, machine, monkeypatch):
    monkeypatch.setenv("TILSYN_CACHE", "0")
    found = _json(cli)
    assert found["cache"]["enabled"] is False
    assert "cache" not in [m["what"] for m in found["missing"]]
    assert "turned off (TILSYN_CACHE=0)" in cli("doctor").stderr


@pytest.mark.parametrize(
    "lang, words",
    [
        ("nb", ("Mellomlager", "kan skrives til", "Dette mangler:", "ikke funnet")),
        ("nn", ("Mellomlager", "kan skrivast til", "Dette manglar:", "ikkje funne")),
        ("en", ("Cache", "writable", "What is missing:", "not found")),
    ],
)
def test_doctor_speaks_the_users_language(cli, machine, lang, words):
    result = cli("doctor", "--lang", lang)
    assert result.exit_code == 0
    assert all(w in result.stderr for w in words), result.stderr


# Windows and macOS, simulated: where the installers put LibreOffice and the fonts.


@pytest.fixture
def windows(tmp_path, monkeypatch, machine):
    """sys.platform says win32; Program Files, WINDIR and LOCALAPPDATA are folders of the test.
    rich is imported first, so that it has looked at the real platform."""
    import rich.console  # noqa: F401

    monkeypatch.setattr(sys, "platform", "win32")
    program_files = tmp_path / "Program Files"
    monkeypatch.setenv("ProgramFiles", str(program_files))
    monkeypatch.delenv("ProgramW6432", raising=False)
    monkeypatch.delenv("ProgramFiles(x86)", raising=False)
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    monkeypatch.setattr(doctor, "_soffice_places", SOFFICE_PLACES)
    return program_files


def _no_subprocess(*args, **kwargs):
    raise AssertionError("soffice.exe is never started to ask its version")


def test_windows_finds_libreoffice_in_program_files_and_reads_its_version(windows, monkeypatch):
    program = windows / "LibreOffice" / "program"
    _program(program, "soffice.exe", "")
    (program / "version.ini").write_text(
        "[Version]\nAllLanguages=en-US\nMsiProductVersion=24.8.4.2\nbuildid=abc\n", encoding="utf-8"
    )
    monkeypatch.setattr(doctor.subprocess, "run", _no_subprocess)
    office = doctor.libreoffice()
    assert office.found and Path(office.path) == program / "soffice.exe"
    assert office.version == "24.8.4.2"


def test_windows_without_libreoffice_points_to_the_download(cli, windows):
    found = _json(cli)
    assert found["libreoffice"]["found"] is False
    advice = {m["what"]: m["install"] for m in found["missing"]}
    assert "https://www.libreoffice.org/download/" in advice["libreoffice"]
    assert "apt-get" not in advice["libreoffice"]


def test_windows_fonts_are_found_in_the_fonts_folder(windows, tmp_path):
    fonts = tmp_path / "Windows" / "Fonts"
    fonts.mkdir(parents=True)
    (fonts / "calibri.ttf").write_bytes(b"")
    (fonts / "CAMBRIA.TTC").write_bytes(b"")
    calibri, cambria, arial = doctor.fonts(["Calibri", "Cambria", "Arial"])
    assert calibri.found and cambria.found and arial.found is False


def test_windows_fonts_installed_for_the_user_count_too(windows, tmp_path):
    user_fonts = tmp_path / "AppData" / "Local" / "Microsoft" / "Windows" / "Fonts"
    user_fonts.mkdir(parents=True)
    (user_fonts / "Carlito-Regular.ttf").write_bytes(b"")
    (calibri,) = doctor.fonts(["Calibri"])
    assert (calibri.found, calibri.substitute_found, calibri.usable) == (False, True, True)


def test_windows_cache_is_under_localappdata(cli, windows, tmp_path):
    found = _json(cli)
    assert found["cache"]["path"] == os.path.join(tmp_path / "AppData" / "Local", "tilsyn", "Cache")
    assert found["cache"]["writable"] is True


def test_macos_looks_in_applications_and_suggests_brew(cli, machine, monkeypatch):
    import rich.console  # noqa: F401

    monkeypatch.setattr(sys, "platform", "darwin")
    assert SOFFICE_PLACES() == [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    advice = {m["what"]: m["install"] for m in _json(cli)["missing"]}
    assert "brew install --cask libreoffice" in advice["libreoffice"]
