"""A fast start: `tilsyn --help` must not import the heavy libraries (checked by module list).

The module list from `python -X importtime` is deterministic, unlike the start-up time, which
the benchmarks measure (benchmarks/README.md).
"""

from benchmarks.startup import HEAVY, heavy, imported_modules, parse_importtime


def test_help_imports_no_heavy_library():
    returncode, modules = imported_modules(["-m", "tilsyn", "--help"])
    assert returncode == 0
    assert "tilsyn.cli" in modules  # the list was read, so an empty "heavy" below means something
    assert heavy(modules) == []


def test_version_imports_no_heavy_library():
    returncode, modules = imported_modules(["-m", "tilsyn", "--version"])
    assert returncode == 0
    assert "tilsyn.cli.app" in modules
    assert heavy(modules) == []


def test_importtime_parsing_finds_a_heavy_submodule():
    stderr = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       120 |        120 |   lxml._elementpath\n"
        "import time:      5000 |       5120 | lxml.etree\n"
        "import time:        80 |         80 | tilsyn.errors\n"
    )
    modules = parse_importtime(stderr)
    assert modules == ["lxml._elementpath", "lxml.etree", "tilsyn.errors"]
    assert heavy(modules) == ["lxml._elementpath", "lxml.etree"]
    assert heavy(["docxtpl", "docx.oxml", "openpyxl", "matplotlib.pyplot"]) == [
        "docxtpl", "docx.oxml", "openpyxl", "matplotlib.pyplot"]
    assert set(HEAVY) >= {"docx", "openpyxl", "matplotlib", "docxtpl", "lxml"}
