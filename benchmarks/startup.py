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
# What a report cannot do without: importing the libraries it writes Word with (issue #15).
REPORT_FLOOR = ["-c", "import docx, openpyxl, lxml.etree, jinja2"]
# Heavy libraries that only the commands needing them may import.
HEAVY = ("docx", "openpyxl", "matplotlib", "docxtpl", "lxml")


def parse_importtime(stderr: str) -> list[tuple[str, int]]:
    """(module, microseconds of its own) from `-X importtime` lines, in import order.

    The lines read `import time: self | cumulative | name`, the name indented by depth.
    """
    found = []
    for line in stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            own, _, name = line[len("import time:") :].split("|")
            if own.strip().isdigit():
                found.append((name.strip(), int(own)))
    return found


def imported_modules(args: list[str] = HELP) -> tuple[int, list[tuple[str, int]]]:
    """Exit code and (module, own µs) imported by `python ARGS` (default `tilsyn --help`)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *args], cwd=ROOT, capture_output=True, text=True
    )
    return proc.returncode, parse_importtime(proc.stderr)


def heavy(modules: list[str]) -> list[str]:
    """The modules of `HEAVY` packages among `modules`."""
    return [m for m in modules if m.split(".", 1)[0] in HEAVY]


def by_package(found: list[tuple[str, int]]) -> dict[str, float]:
    """Milliseconds of import per top-level package, slowest first: where start-up goes."""
    total: dict[str, float] = {}
    for name, own in found:
        top = name.split(".", 1)[0]
        total[top] = total.get(top, 0.0) + own / 1000
    return dict(sorted(total.items(), key=lambda item: -item[1]))
