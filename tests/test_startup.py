"""A fast start: `tilsyn --help` must not import the heavy libraries (checked by module list).

The module list from `python -X importtime` is deterministic, unlike the start-up time, which
the benchmarks measure (benchmarks/README.md).
"""

from benchmarks.startup import HEAVY, by_package, heavy, imported_modules, parse_importtime


def _modules(*args):
    returncode, found = imported_modules(["-m", "tilsyn", *args])
    assert returncode == 0
    return [name for name, _ in found]


def test_help_imports_no_heavy_library():
    modules = _modules("--help")
    assert "tilsyn.cli" in modules  # the list was read, so an empty "heavy" below means something
    assert heavy(modules) == []


def test_version_imports_no_heavy_library():
    modules = _modules("--version")
    assert "tilsyn.cli.app" in modules
    assert heavy(modules) == []


def test_a_report_of_the_sample_data_imports_no_openpyxl(tmp_path):
    """openpyxl (about 50 ms to import) writes entry spreadsheets; a report reads the sample's
    workbooks and writes its charts' data without it."""
    returncode, found = imported_modules(
        ["-m", "tilsyn", "report", "sample_data", "-o", str(tmp_path / "r.docx")]
    )
    modules = [name for name, _ in found]
    assert returncode == 0 and "tilsyn.readers.xlsxparts" in modules
    assert [m for m in modules if m.split(".", 1)[0] == "openpyxl"] == []


def test_importtime_parsing_finds_a_heavy_submodule():
    stderr = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       120 |        120 |   lxml._elementpath\n"
        "import time:      5000 |       5120 | lxml.etree\n"
        "import time:        80 |         80 | tilsyn.errors\n"
    )
    found = parse_importtime(stderr)
    assert found == [("lxml._elementpath", 120), ("lxml.etree", 5000), ("tilsyn.errors", 80)]
    assert heavy([name for name, _ in found]) == ["lxml._elementpath", "lxml.etree"]
    assert by_package(found) == {"lxml": 5.12, "tilsyn": 0.08}
    assert heavy(["docxtpl", "docx.oxml", "openpyxl", "matplotlib.pyplot"]) == [
        "docxtpl",
        "docx.oxml",
        "openpyxl",
        "matplotlib.pyplot",
    ]
    assert set(HEAVY) >= {"docx", "openpyxl", "matplotlib", "docxtpl", "lxml"}
