"""Which modules a command imports, read from `python -X importtime`.

The module list is deterministic where start-up time is not, so the test of a fast start
(tests/test_startup.py) checks it, and the benchmark reports both.
"""

from __future__ import annotations

import subprocess
import sys

from benchmarks.measure import ROOT

HELP = ["-m", "tilsyn", "--help"]
BARE = ["-c", "pass"]
# Heavy libraries that only the commands needing them may import.
HEAVY = ("docx", "openpyxl", "matplotlib", "docxtpl", "lxml")


def parse_importtime(stderr: str) -> list[str]:
    """Module names from `-X importtime` lines (`import time: self | cumulative | name`)."""
    modules = []
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                modules.append(name)
    return modules


def imported_modules(args: list[str] = HELP) -> tuple[int, list[str]]:
    """Exit code and modules imported by `python ARGS` (default `python -m tilsyn --help`)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", *args], cwd=ROOT,
                          capture_output=True, text=True)
    return proc.returncode, parse_importtime(proc.stderr)


def heavy(modules: list[str]) -> list[str]:
    """The modules of `HEAVY` packages among `modules`."""
    return [m for m in modules if m.split(".", 1)[0] in HEAVY]
