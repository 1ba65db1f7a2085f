"""Outputs (issue #18): permissions kept, pipes and devices never replaced, inputs recognised by
identity whatever their name, no temporary file left by SIGTERM."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys

import pytest

from tilsyn.errors import OutputError
from tilsyn.outputs import check_not_input, write_bytes, write_text


def test_a_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "export.xlsx"
    target.write_text("old")
    target.chmod(0o600)
    write_text(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_text() == "new"


@pytest.mark.parametrize("umask, mode", [(0o077, 0o600), (0o022, 0o644), (0o027, 0o640)])
def test_a_new_file_honours_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        write_text(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == mode


def test_a_pipe_is_written_into_not_replaced(tmp_path):
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    # The reading end opens first (a non-blocking open never waits for a writer), so the write
    # finds its reader at once and a few bytes fit the pipe's buffer: no thread, no sleeping.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_bytes(fifo, b"results")
        received, after = os.read(reader, 1024), os.read(reader, 1024)
    finally:
        os.close(reader)
    assert (received, after) == (b"results", b"")  # all of it, then the writer closed
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert list(tmp_path.iterdir()) == [fifo]


def test_a_device_stays_a_device(tmp_path):
    device = tmp_path / "null"
    try:  # a private copy of /dev/null, so that no test can ever replace the real one
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("cannot make a device file here")
    write_bytes(device, b"x")
    assert stat.S_ISCHR(device.stat().st_mode)


def test_an_input_reached_by_another_name_is_refused(tmp_path):
    data = tmp_path / "calls.jsonl"
    data.write_text("{}\n")
    other = tmp_path / "Calls.JSONL"
    os.link(data, other)  # the same file, as a case-insensitive disk or a bind mount shows it
    with pytest.raises(OutputError):
        check_not_input(other, [data])
    folder_link = tmp_path / "alias"
    folder_link.symlink_to(tmp_path)
    with pytest.raises(OutputError):
        check_not_input(folder_link / "calls.jsonl", [tmp_path])
    check_not_input(tmp_path / "new.xlsx", [data, tmp_path])


def test_sigterm_leaves_no_temporary_file(tmp_path):
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from tilsyn.outputs import atomic_path\n"
        f"target = Path({str(tmp_path / 'report.docx')!r})\n"
        "with atomic_path(target) as temp:\n"
        "    temp.write_bytes(b'half')\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    import time; time.sleep(5)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert list(tmp_path.iterdir()) == []
