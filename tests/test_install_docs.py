"""README and the user guide say how to install on Windows, macOS and Linux, with every
command on one line (PowerShell and cmd know no backslash continuation), and README's Debian line
names every package .ci/run installs for the tests and the report's layout."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "docs" / "brukerveiledning.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, text", [("README.md", README), ("brukerveiledning.md", GUIDE)])
def test_no_command_continues_over_lines(name, text):
    """Not in a code block, fenced or indented, nor anywhere else."""
    assert [line for line in text.splitlines() if line.rstrip().endswith("\\")] == []


@pytest.mark.parametrize("name, text", [("README.md", README), ("brukerveiledning.md", GUIDE)])
def test_installing_on_windows_is_described(name, text):
    assert "Installere på Windows" in text
    for command in (
        "py -m pip install --user pipx",
        "py -m pipx ensurepath",
        "pipx install",
        "py -m venv .venv",
        ".venv\\Scripts\\tilsyn",
    ):
        assert command in text, command


def test_the_debian_line_names_every_package_ci_installs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    packages = {p for group in re.findall(r"need\+=\(([^)]*)\)", ci) for p in group.split()}
    assert {"fonts-crosextra-carlito", "fonts-crosextra-caladea", "python3-venv"} <= packages
    (line,) = [line for line in README.splitlines() if line.startswith("sudo apt-get install")]
    assert sorted(p for p in packages if p not in line.split()) == []
