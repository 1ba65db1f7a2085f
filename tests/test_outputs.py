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
