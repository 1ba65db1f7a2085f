"""A round saved in one language, read in another: `plan` and `compare` title the criteria in
the language the user asked for, not the one the round was scored in (review N4)."""

from __future__ import annotations

import pytest

from tests.rounds import calls, round_file

TITLES = {
    "nb": "K06 Svar på spørreanropet",
    "nn": "K06 Svar på spørjeanropet",
    "en": "K06 Consultation call answered",
}


def _saved(cli, tmp_path, name: str, prefix: str, lang: str = "nb"):
    data = round_file(tmp_path / f"{name}.jsonl", calls(prefix, 10, answered=3))
    saved = tmp_path / f"{name}.json"
    result = cli("score", data, "-o", saved, "--lang", lang, "-q")
    assert result.exit_code == 0, result.stderr
    return saved


def _one_line(text: str) -> str:
    """The table's cells joined, so a title wrapped over two lines reads as one."""
    cells = [line.strip("│┃ ").split("│")[0].strip() for line in text.splitlines()]
    return " ".join(cell for cell in cells if cell)


@pytest.mark.parametrize("lang", ["nn", "en"])
def test_plan_titles_a_bokmal_round_in_the_users_language(cli, tmp_path, lang):
    saved = _saved(cli, tmp_path, "round", "VL")
    result = cli("plan", saved, "--margin", "0.10", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    shown = _one_line(result.stderr)
    assert TITLES[lang] in shown
    assert TITLES["nb"] not in shown


@pytest.mark.parametrize("lang", ["nn", "en"])
def test_compare_titles_two_bokmal_rounds_in_the_users_language(cli, tmp_path, lang):
    before = _saved(cli, tmp_path, "before", "A")
    after = _saved(cli, tmp_path, "after", "B")
    result = cli("compare", before, after, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    shown = _one_line(result.stderr)
    assert TITLES[lang] in shown
    assert TITLES["nb"] not in shown


def test_plan_names_an_english_round_in_bokmal(cli, tmp_path):
    saved = _saved(cli, tmp_path, "round", "VL", lang="en")
    result = cli("plan", saved, "--margin", "0.10", "--lang", "nb")
    assert TITLES["nb"] in _one_line(result.stderr)
