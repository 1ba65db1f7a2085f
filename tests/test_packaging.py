"""The wheel holds every package, the report templates and the example data, so a plain
`pip install` (or `pipx install`) works without the repository; the version is one a user can
name. .ci/run builds the wheel and runs the whole workflow on it (.ci/installed-workflow)."""

import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

from tilsyn import __version__
from tilsyn.cli.example import example_files

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
SHIPPED_FOLDERS = {"tilsyn.templates", "tilsyn.sample_data"}  # packages kept outside tilsyn/


def test_every_package_is_listed_in_pyproject():
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "tilsyn").rglob("__init__.py")
    }
    assert found | SHIPPED_FOLDERS == set(CONFIG["packages"])
    assert (ROOT / CONFIG["package-dir"]["tilsyn.templates"] / "report-nb.docx").is_file()
    assert CONFIG["package-dir"]["tilsyn.sample_data"] == "sample_data"


def test_every_file_the_example_writes_is_package_data():
    patterns = CONFIG["package-data"]["tilsyn.sample_data"]
    files = [f.as_posix() for f in example_files()]
    assert files and [f for f in files if not any(fnmatch(f, p) for p in patterns)] == []


def test_the_version_is_semantic_and_the_changelog_names_it():
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Keep a Changelog" in changelog and "Semantic Versioning" in changelog
    assert re.search(rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d\d-\d\d$", changelog, re.M)
