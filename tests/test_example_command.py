"""`tilsyn example FOLDER` writes the sample data the package ships, so an installed user can try
every command without the repository; it never writes over what is there without --force."""

import json
from pathlib import Path

import pytest

from tilsyn.cli import example as example_command

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_example_is_the_sample_data_byte_for_byte(cli, tmp_path):
    result = cli("example", tmp_path / "eksempel")
    assert result.exit_code == 0, result.stderr
    written = _files(tmp_path / "eksempel")
    assert {name: (SAMPLE / name).read_bytes() for name in written} == written
    kinds = {Path(name).suffix for name in written}
    assert {".docx", ".xlsx", ".csv", ".jsonl", ".toml"} <= kinds
    assert f"Wrote {len(written)} files" in result.stderr and "tilsyn validate" in result.stderr


def test_the_example_leaves_out_the_generators_and_their_notes(cli, tmp_path):
    cli("example", tmp_path / "e")
    names = set(_files(tmp_path / "e"))
    assert not {n for n in names if n.endswith(".py") or n.startswith("planted")}
    assert "README.md" not in names


def test_every_command_runs_on_the_example(cli, tmp_path):
    folder = tmp_path / "eksempel"
    cli("example", folder)
    validated = cli("validate", folder, "--json")
    assert validated.exit_code == 0
    scored = cli("score", folder, "--json", "--assessments", folder / "vurderinger.toml")
    assert scored.exit_code == 0 and len(json.loads(scored.stdout)["calls"]) == 59
    offices = cli("score", folder, "--survey", "office", "--json")
    assert len(json.loads(offices.stdout)["offices"]) == 70
    assert cli("report", folder, "-o", tmp_path / "rapport.docx").exit_code == 0
    assert cli("export", folder, "-o", tmp_path / "eksport.xlsx").exit_code == 0
    assert cli("score", folder / "calls", "-o", tmp_path / "forrige.json").exit_code == 0
    assert cli("compare", tmp_path / "forrige.json", folder, "--allow-overlap").exit_code == 0


def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(cli, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "vurderinger.toml").write_text("# mine egne\n", encoding="utf-8")
    result = cli("example", folder)
    assert result.exit_code == 3
    assert "not empty" in result.stderr and "--force" in result.stderr
    assert _files(folder) == {"vurderinger.toml": b"# mine egne\n"}


def test_force_replaces_the_examples_files_and_says_so_and_keeps_the_rest(cli, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "vurderinger.toml").write_text("# mine egne\n", encoding="utf-8")
    (folder / "notater.txt").write_text("behold meg\n", encoding="utf-8")
    result = cli("example", folder, "--force")
    assert result.exit_code == 0
    assert "Replaced 1 file that already existed (--force)." in result.stderr
    assert (folder / "vurderinger.toml").read_bytes() == (SAMPLE / "vurderinger.toml").read_bytes()
    assert (folder / "notater.txt").read_text(encoding="utf-8") == "behold meg\n"


def test_an_empty_folder_is_written_without_force(cli, tmp_path):
    assert cli("example", tmp_path).exit_code == 0
    assert (tmp_path / "forms").is_dir()


def test_a_file_in_place_of_the_folder_is_refused(cli, tmp_path):
    (tmp_path / "eksempel").write_text("", encoding="utf-8")
    result = cli("example", tmp_path / "eksempel")
    assert result.exit_code == 3 and "is a file, not a folder" in result.stderr


def test_a_write_that_fails_half_way_leaves_nothing_behind(cli, tmp_path, monkeypatch):
    """No half-written example: the files and folders this run made go again."""
    from tilsyn import outputs
    from tilsyn.errors import OutputError

    real = outputs.write_bytes
    written = []

    def fail_on_the_fifth(path, data):
        if len(written) == 4:
            raise OutputError("disk full")
        written.append(path)
        real(path, data)

    monkeypatch.setattr(outputs, "write_bytes", fail_on_the_fifth)
    result = cli("example", tmp_path / "ny" / "eksempel")
    assert result.exit_code == 3 and "disk full" in result.stderr
    assert len(written) == 4 and list(tmp_path.iterdir()) == []


def test_a_failure_with_force_keeps_the_files_that_were_there(cli, tmp_path, monkeypatch):
    from tilsyn import outputs
    from tilsyn.errors import OutputError

    (tmp_path / "notater.txt").write_text("behold meg\n", encoding="utf-8")

    def fail(path, data):
        raise OutputError("disk full")

    monkeypatch.setattr(outputs, "write_bytes", fail)
    assert cli("example", tmp_path, "--force").exit_code == 3
    assert _files(tmp_path) == {"notater.txt": b"behold meg\n"}


def test_a_folder_with_spaces_and_norwegian_letters_is_quoted_in_the_suggestions(cli, tmp_path):
    folder = tmp_path / "Tilsyn [runde 2] øving"
    result = cli("example", folder)
    assert result.exit_code == 0
    assert f'tilsyn validate "{folder}"' in result.stderr
    assert f'--assessments "{folder / "vurderinger.toml"}"' in result.stderr


@pytest.mark.parametrize(
    "lang, words",
    [
        ("nb", ("med eksempeldata i", "Prøv for eksempel:")),
        ("nn", ("med eksempeldata i", "Prøv til dømes:", "Skreiv")),
        ("en", ("of example data to", "Try for example:")),
    ],
)
def test_the_messages_speak_the_users_language(cli, tmp_path, monkeypatch, lang, words):
    monkeypatch.setenv("TILSYN_LANG", lang)
    result = cli("example", tmp_path / "e")
    assert all(w in result.stderr for w in words)
    refused = cli("example", tmp_path / "e")
    assert refused.exit_code == 3
    assert {"nb": "er ikke tom", "nn": "er ikkje tom", "en": "is not empty"}[lang] in refused.stderr


def test_the_example_lists_only_files_that_exist():
    files = example_command.example_files()
    assert len(files) == 38 and Path("xlsform/saksgjennomgang.xlsx") in files
    assert all((example_command.sample_data_root() / f).is_file() for f in files)
