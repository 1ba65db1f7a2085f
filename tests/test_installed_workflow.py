""".ci/installed-workflow, the script CI runs on the wheel installed with pipx, passes on the
tilsyn of this environment too (so a broken step is found here, not only in CI)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_installed_workflow_passes_on_this_tilsyn():
    tilsyn = Path(sys.executable).parent / ("tilsyn.exe" if sys.platform == "win32" else "tilsyn")
    done = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "installed-workflow"), "--tilsyn", str(tilsyn)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    steps = [line for line in done.stdout.splitlines() if line.startswith("ok ")]
    commands = {line.split("tilsyn ", 1)[1].split()[0] for line in steps}
    assert {"example", "form", "validate", "score", "report", "export", "compare"} <= commands
    assert "the installed workflow passed" in done.stdout
