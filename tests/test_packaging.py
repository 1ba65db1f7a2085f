"""The wheel holds every package and the report templates, so `pip install .` works too."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "tilsyn").rglob("__init__.py")
    }
    assert found | {"tilsyn.templates"} == set(config["packages"])
    assert (ROOT / config["package-dir"]["tilsyn.templates"] / "report-nb.docx").is_file()
