"""Run one measured process and summarise repeated figures.

Every run is a fresh process pinned to one core, so cases cannot warm each other's caches or
inherit each other's memory, and `os.wait4` gives that one process's peak RSS.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ProcessRun:
    """What one process did: its wall time, peak memory, exit code and output."""

    wall_seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def _one_core() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def run_process(argv: list[str], *, pin: bool = True) -> ProcessRun:
    """Run `argv` from the repository root; wall time from start to exit, peak RSS by wait4."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=err, preexec_fn=_one_core if pin else None)
        stdout = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return ProcessRun(wall, usage.ru_maxrss / 1024, proc.returncode,
                      stdout.decode("utf-8", "replace"), stderr)


def summary(values: list[float]) -> dict[str, float]:
    """Median, min and max of repeated figures."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}
