"""What differs on Windows, simulated where the code only looks at paths or at what os.stat and
the environment say: the cache folder, and files on a file system that gives no file id."""

import os
import sys
from pathlib import Path

import pytest

from tilsyn import outputs, usercache
from tilsyn.errors import OutputError


def test_the_cache_is_under_localappdata_on_windows(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert usercache.location() == tmp_path / "Local" / "tilsyn" / "Cache"


def test_without_localappdata_the_cache_is_under_the_profile(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    assert usercache.location() == tmp_path / "AppData" / "Local" / "tilsyn" / "Cache"


@pytest.fixture
def no_file_ids(monkeypatch):
    """os.stat as on a Windows network share that reports no file id (st_ino 0)."""
    real = os.stat

    def stat(path, *args, **kwargs):
        info = real(path, *args, **kwargs)
        fields = list(info[:10])
        fields[1] = 0  # st_ino
        return os.stat_result(fields)

    monkeypatch.setattr(outputs.os, "stat", stat)


def test_without_file_ids_another_existing_file_may_still_be_replaced(tmp_path, no_file_ids):
    data = tmp_path / "samtaler.jsonl"
    data.write_text("{}\n", encoding="utf-8")
    report = tmp_path / "rapport.docx"
    report.write_bytes(b"old")
    outputs.check_not_input(report, [data])  # not the same file, though both say st_ino 0


def test_without_file_ids_an_input_is_still_never_written_over(tmp_path, no_file_ids):
    data = tmp_path / "samtaler.jsonl"
    data.write_text("{}\n", encoding="utf-8")
    with pytest.raises(OutputError):
        outputs.check_not_input(tmp_path / "." / "samtaler.jsonl", [data])
    with pytest.raises(OutputError):
        outputs.check_not_input(tmp_path / "samtaler.jsonl", [tmp_path])
