"""Run one measured process and summarise repeated figures.

Every run is a fresh process pinned to one core, so cases cannot warm each other's caches or
inherit each other's memory; meter.py starts it and reads its own peak RSS.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
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
    cpu_seconds: float = 0.0  # user + system: the time on a core of its own


METER = Path(__file__).resolve().parent / "meter.py"


def run_process(argv: list[str]) -> ProcessRun:
    """Run `argv` (a full program path first) from the repository root, through the meter."""
    proc = subprocess.run(
        [sys.executable, "-S", str(METER), *argv],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )
    lines = proc.stdout.decode("utf-8", "replace").splitlines()
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0 or not lines or not lines[-1].startswith("METER "):
        return ProcessRun(0.0, 0.0, proc.returncode or 1, "\n".join(lines), stderr)
    meter = json.loads(lines[-1][len("METER ") :])
    return ProcessRun(
        meter["wall"],
        meter["peak_kb"] / 1024,
        meter["returncode"],
        "\n".join(lines[:-1]),
        stderr,
        meter["cpu"],
    )


def summary(values: list[float]) -> dict[str, float]:
    """Median, min and max of repeated figures."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}
