"""A saved round is kept: `score -o` refuses to replace an existing file without --force
(exit 3, the message report and export give), and `compare --json -o` prints only its status
line, as `score` does; in nb, nn and en."""

from __future__ import annotations

import hashlib

import pytest

from tests.rounds import calls, round_file

REFUSED = {
    "nb": "finnes fra før; en lagret undersøkelsesrunde som neste sammenligning bygger på ville "
    "gått tapt",
    "nn": "finst frå før; ei lagra undersøkingsrunde som neste samanlikning byggjer på ville "
    "gått tapt",
    "en": "already exists; a saved survey round that the next comparison builds on would be lost",
}
WROTE = {"nb": "Skrev", "nn": "Skreiv", "en": "Wrote"}


def _md5(path):
    return hashlib.md5(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_score_output_is_not_replaced_without_force(cli, tmp_path, lang):
    data = round_file(tmp_path / "calls.jsonl", calls("VL", 4, answered=1))
    saved = tmp_path / "forrige.json"
    assert cli("score", data, "-o", saved, "-q").exit_code == 0
    before = _md5(saved)
    result = cli("score", data, "-o", saved, "--lang", lang)
    assert result.exit_code == 3
    assert REFUSED[lang] in " ".join(result.stderr.split())
    assert "--force" in result.stderr and _md5(saved) == before
    assert cli("score", data, "-o", saved, "--force", "-q").exit_code == 0


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_compare_json_to_a_workbook_prints_one_line(cli, tmp_path, lang):
    before = round_file(tmp_path / "a.jsonl", calls("AG", 10, answered=2))
    after = round_file(tmp_path / "b.jsonl", calls("VL", 10, answered=8))
    workbook = tmp_path / "utvikling.xlsx"
    result = cli("compare", before, after, "--json", "-o", workbook, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and workbook.is_file()
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"{WROTE[lang]} {workbook}."]
