"""Safe outputs: atomic replace, never over an input, exit 3 when the target cannot be written."""

import os

import pytest

from tilsyn.errors import ExitCode, OutputError
from tilsyn.outputs import atomic_path, check_not_input, write_text


def test_failure_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "report.docx"
    target.write_text("good")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as temp:
            temp.write_text("half")
            raise RuntimeError("renderer crashed")
    assert target.read_text() == "good"
    assert list(tmp_path.iterdir()) == [target]


def test_success_replaces(tmp_path):
    target = tmp_path / "out.txt"
    write_text(target, "new")
    assert target.read_text() == "new"


def test_missing_folder_is_an_output_error(tmp_path):
    with pytest.raises(OutputError) as info:
        write_text(tmp_path / "nope" / "out.txt", "x")
    assert info.value.exit_code == ExitCode.OUTPUT


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_folder_is_an_output_error(tmp_path):
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(OutputError):
            write_text(tmp_path / "out.txt", "x")
    finally:
        tmp_path.chmod(0o700)


def test_refuses_to_write_over_an_input(tmp_path):
    data = tmp_path / "calls.jsonl"
    data.write_text("")
    with pytest.raises(OutputError):
        check_not_input(data, [data])
    with pytest.raises(OutputError):
        check_not_input(data, [tmp_path])
    check_not_input(tmp_path / "other.xlsx", [data])


def test_an_existing_output_is_kept_unless_forced(tmp_path):
    from tilsyn.outputs import refuse_existing

    draft = tmp_path / "rapport.docx"
    refuse_existing([draft], force=False)
    draft.write_text("edited")
    with pytest.raises(OutputError) as info:
        refuse_existing([draft], force=False, what="report")
    assert info.value.exit_code == ExitCode.OUTPUT
    assert "a report you have gone on editing would be lost" in str(info.value)
    assert "--force" in info.value.hint
    refuse_existing([draft], force=True)


def test_a_file_held_open_by_word_is_an_output_error_that_says_so(tmp_path, monkeypatch):
    target = tmp_path / "rapport.docx"
    target.write_text("open in Word")

    def locked(source, destination):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError) as info:
        write_text(target, "new")
    assert info.value.exit_code == ExitCode.OUTPUT and "open in Word" in info.value.hint
    assert target.read_text() == "open in Word"
    assert list(tmp_path.iterdir()) == [target]
