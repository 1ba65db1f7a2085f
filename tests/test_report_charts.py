"""The report's charts are native Word charts: chart parts whose cached numbers and embedded
workbook hold the bars, their «x av n» counts and 95 % intervals, with alt text, valid against
the Office schema and reproducible; no chart images."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

import tilsyn
from tests.report_helpers import NS, dataset, docx_part, write_dataset
from tilsyn.cli import app
from tilsyn.report import render_report
from tilsyn.report.chart import BarChart
from tilsyn.report.document import Figure
from tilsyn.report.docx.charts import chart

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
OOXML_CHECK = ROOT.parent / "shared" / "tools" / "ooxml-check" / "ooxml-check"
EPOCH = 1_620_000_000  # 2021-05-03 00:00 UTC
C = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    """`tilsyn report sample_data/` as the issue describes it: the national report in bokmål."""
    path = tmp_path_factory.mktemp("charts") / "r.docx"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        result = CliRunner().invoke(
            app, ["report", str(SAMPLE), "-o", str(path), "-q"], catch_exceptions=False
        )
    assert result.exit_code == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A report on the helpers' small dataset, with its run to count from."""
    folder = tmp_path_factory.mktemp("small")
    scored = tilsyn.score_inputs([write_dataset(folder, dataset())])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        # every group charted, however small, so that each kind of chart is there to check
        path = render_report(scored, folder / "r.docx", "national", "nb", small_sample=1).path
    return scored, path


def chart_parts(path: Path) -> list[str]:
    names = zipfile.ZipFile(path).namelist()
    return sorted(
        (n for n in names if re.fullmatch(r"word/charts/chart\d+\.xml", n)),
        key=lambda n: int(re.search(r"\d+", n).group()),
    )


def cached(series, what: str) -> dict[int, str]:
    return {
        int(p.get("idx")): p.findtext("c:v", namespaces=C)
        for p in series.findall(f"{what}//c:pt", C)
    }


def embedded_workbook(path: Path, chart_name: str) -> bytes:
    """The workbook the chart part's own relationship points to."""
    rels = docx_part(path, chart_name.replace("charts/", "charts/_rels/") + ".rels")
    (target,) = [r.get("Target") for r in rels]
    with zipfile.ZipFile(path) as archive:
        return archive.read(posixpath.normpath(posixpath.join("word/charts", target)))


def test_the_sample_report_holds_a_chart_part_per_figure_and_no_images(sample_report):
    names = zipfile.ZipFile(sample_report).namelist()
    assert not [n for n in names if n.startswith("word/media/")]
    drawings = docx_part(sample_report).findall(".//w:drawing", NS)
    charts = chart_parts(sample_report)
    assert len(charts) == len(drawings) >= 1
    assert len([n for n in names if n.startswith("word/embeddings/")]) == len(charts)
    types = docx_part(sample_report, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert all(overrides[f"/{name}"].endswith("drawingml.chart+xml") for name in charts)
    for drawing in drawings:
        doc_pr = drawing.find(".//wp:docPr", NS)
        assert doc_pr.get("title") and re.search(r"stolpediagram", doc_pr.get("descr"))
        graphic = drawing.find(".//{*}graphicData")
        assert graphic.get("uri").endswith("/chart")


def test_the_overview_chart_holds_each_criterion_with_its_count_share_and_interval(small):
    run, path = small
    (series,) = docx_part(path, chart_parts(path)[0]).findall(".//c:ser", C)
    labels, shares = cached(series, "c:cat"), cached(series, "c:val")
    plus, minus = cached(series, "c:errBars/c:plus"), cached(series, "c:errBars/c:minus")
    assessed = [c for c in run.criteria if c.counts.assessed]
    assert len(labels) == len(assessed) < len(run.criteria)  # a criterion without data: no bar
    for index, criterion in enumerate(assessed):
        counts = criterion.counts
        assert labels[index].startswith(f"{criterion.id} ")
        assert labels[index].endswith(f"({counts.passed}\u00a0av\u00a0{counts.assessed})")
        low, high = counts.ci95
        assert float(shares[index]) == pytest.approx(100 * counts.share, abs=1e-3)
        assert float(plus[index]) == pytest.approx(100 * (high - counts.share), abs=1e-3)
        assert float(minus[index]) == pytest.approx(100 * (counts.share - low), abs=1e-3)
    assert len(shares) == len(assessed)


def test_the_embedded_workbook_holds_the_numbers_the_chart_shows(small):
    from openpyxl import load_workbook

    _, path = small
    for name in chart_parts(path)[:3]:
        space = docx_part(path, name)
        (series,) = space.findall(".//c:ser", C)
        assert space.find("c:externalData", C).get(REL) == "rId1"
        book = load_workbook(io.BytesIO(embedded_workbook(path, name)))
        sheet = book[series.findtext("c:cat/c:strRef/c:f", namespaces=C).split("!")[0]]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        labels, shares = cached(series, "c:cat"), cached(series, "c:val")
        assert [row[0] for row in rows] == [labels[i] for i in range(len(labels))]
        for i, row in enumerate(rows):
            assert (row[1] is None) == (i not in shares)
            if row[1] is not None:
                assert row[1] == pytest.approx(float(shares[i]), abs=1e-3)


def test_a_comparison_chart_ends_with_the_total_as_its_own_bar(small):
    run, path = small
    k06 = next(c for c in run.criteria if c.id == "K06").counts
    for name in chart_parts(path)[1:]:
        (series,) = docx_part(path, name).findall(".//c:ser", C)
        labels = cached(series, "c:cat")
        if labels[max(labels)] == f"Totalt ({k06.passed}\u00a0av\u00a0{k06.assessed})":
            point = series.find("c:dPt", C)  # drawn apart from the groups' bars
            assert int(point.find("c:idx", C).get("val")) == max(labels)
            break
    else:
        pytest.fail("no comparison chart ends with K06's total")


def test_a_bar_without_a_share_is_left_out_and_the_chart_keeps_its_label():
    bars = BarChart(
        labels=["Agder", "Vestland"],
        shares=[0.5, None],
        intervals=[(0.3, 0.7), None],
        values=["50 %", "–"],
        axis="Andel oppfylt (%)",
        interval_label="95 % konfidensintervall",
        counts=["2 av 4", "0 av 0"],
        columns=("Stolpe", "Ned", "Opp"),
    )
    figure = Figure("figure-1", 1, "Figur", "alt", bars)
    made = chart(figure, dt.datetime(2021, 5, 3))
    space = etree.fromstring(made.xml)
    (series,) = space.findall(".//c:ser", C)
    assert cached(series, "c:cat") == {0: "Agder (2 av 4)", 1: "Vestland (0 av 0)"}
    assert cached(series, "c:val") == {0: "50"}
    assert series.find("c:dLbls/c:numFmt", C).get("formatCode") == '0" %"'
    with zipfile.ZipFile(io.BytesIO(made.workbook)) as book:
        assert {info.date_time for info in book.infolist()} == {(2021, 5, 3, 0, 0, 0)}


def test_settings_ask_to_update_fields_where_the_schema_puts_it(small):
    settings = docx_part(small[1], "word/settings.xml")
    tags = [etree.QName(child).localname for child in settings]
    assert tags.count("updateFields") == 1
    assert tags.index("updateFields") < tags.index("compat")


def test_every_chart_part_and_the_whole_report_pass_ooxml_check(sample_report, tmp_path):
    if not OOXML_CHECK.is_file():
        pytest.skip(f"needs {OOXML_CHECK}")
    books = []
    with zipfile.ZipFile(sample_report) as archive:
        for name in archive.namelist():
            if name.startswith("word/embeddings/"):
                books.append(tmp_path / Path(name).name)
                books[-1].write_bytes(archive.read(name))
    result = subprocess.run(
        [sys.executable, str(OOXML_CHECK), str(sample_report), *map(str, books)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
