"""One small-sample rule for every output, from one function (`tilsyn.api.shows_share`): below
`--small-sample` records where a criterion applied there is no share, interval, chart or
change, only counts: in `score`'s table, in `compare`'s, in the report's sentences and tables,
and in the rule for when findings support a recommendation. Columns that would hold nothing
but dashes are left out."""

from __future__ import annotations

from pathlib import Path

import pytest

import tilsyn
from tilsyn.aggregate import Counts
from tilsyn.api import SMALL_SAMPLE, shows_share

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def test_the_rule_itself():
    assert SMALL_SAMPLE == 10
    assert not shows_share(Counts(3, 3)) and shows_share(Counts(5, 5))
    assert shows_share(Counts(1, 0), small_sample=1) and not shows_share(Counts(), small_sample=1)


@pytest.mark.parametrize("lang, of", [("nb", "av"), ("nn", "av"), ("en", "of")])
def test_score_shows_k14_as_counts_without_a_share(cli, lang, of):
    result = cli("score", SAMPLE, "--lang", lang, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    rows = result.stderr.splitlines()
    k14 = next(line for line in rows if "K14" in line)
    assert f"3 {of} 6" in k14 and "%" not in k14
    k06 = next(line for line in rows if "K06" in line)
    assert "%" in k06  # a criterion with records enough keeps its share


def test_score_leaves_out_share_columns_no_row_fills(cli, tmp_path):
    from tests.factories import valid_call, write_jsonl

    data = write_jsonl(tmp_path / "tre.jsonl", [valid_call(call_id=f"VL-{n}") for n in range(3)])
    table = cli("score", data, "--lang", "nb", env={"COLUMNS": "200"}).stderr
    assert "95 % KI" not in table.replace("\u00a0", " ") and "Andel" not in table
    assert "3 av 3" in table


def test_compare_gives_counts_and_no_change_below_the_limit(cli, tmp_path):
    from tests.report_helpers import OFFICES, dataset, write_dataset

    before = write_dataset(tmp_path / "for", dataset(offices=OFFICES[:1]))  # 4 query calls
    after = write_dataset(tmp_path / "etter", dataset(repeat=2))  # 24
    overlap = "--allow-overlap"  # the two datasets share their first calls' keys
    table = cli("compare", before, after, overlap, "--lang", "nb", env={"COLUMNS": "200"}).stderr
    k06 = next(line for line in table.splitlines() if line.startswith("│ K06"))
    assert "%" not in k06.split("│")[2] and "%" in k06.split("│")[3]  # 1 of 4: counts only
    assert "prosentpoeng" not in k06 and k06.count("–") >= 2
    loose = cli("compare", before, after, overlap, "--small-sample", "1", env={"COLUMNS": "200"})
    k06 = next(line for line in loose.stderr.splitlines() if line.startswith("│ K06"))
    assert "%" in k06


def test_a_criterion_below_the_limit_supports_no_recommendation():
    from tests.report_helpers import lines

    dataset = tilsyn.open_dataset([SAMPLE])
    assert dataset.summary("K14").counts.assessed < SMALL_SAMPLE
    from tilsyn.report import build_report

    document, _ = build_report(dataset)
    r1 = "\n".join(lines(document.section("recommendation-R1")))
    supported = r1.split("støttet av funnene for ", 1)[1].split(".")[0]
    assert "K14" not in supported and "K13" in supported  # K13: 5 of 10, at the limit
    loose, _ = build_report(dataset, small_sample=6)
    r1 = "\n".join(lines(loose.section("recommendation-R1")))
    assert "K14" in r1.split("støttet av funnene for ", 1)[1].split(".")[0]


def test_the_report_has_no_column_of_dashes_when_nothing_has_a_share():
    from tilsyn.criteria import builtin_catalogue
    from tilsyn.report.content.context import ReportContext
    from tilsyn.report.content.scope import Scope
    from tilsyn.report.text import Strings

    dataset = tilsyn.open_dataset([SAMPLE])
    survey = dataset.survey
    ctx = ReportContext.make(
        dataset,
        Scope("national"),
        Strings("nb", survey.id, "", "", survey.record_term("nb")),
        survey,
        catalogue=builtin_catalogue(survey.id),
    )
    rows = [("K14", Counts(3, 3)), ("K13", Counts(5, 4))]
    table = ctx.count_table("t", "", "Kriterium", rows, [5.0, 1.6, 1.8, 1.8, 1.8, 2.0, 2.0])
    assert len(table.header) == len(table.widths) == 5 and "Andel oppfylt" not in table.header
    mixed = ctx.count_table("u", "", "Kriterium", [*rows, ("K06", Counts(6, 38))], [1.0] * 7)
    assert mixed.header[-2] == "Andel oppfylt" and mixed.rows[0][-2:] == ["–", "–"]
