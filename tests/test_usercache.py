"""Parsed TOML kept between runs (tilsyn/usercache.py): a second read does not parse, a damaged
or unwritable cache is never a reason to fail, a text that does not parse is an error every
time, and TILSYN_CACHE=0 turns the cache off."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from tilsyn import usercache

TEXT = 'id = "k"\n[[fields]]\nname = "Ærlig"\nchoices = [1, 2.5, true]\n'


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("TILSYN_CACHE", raising=False)
    usercache._folder.cache_clear()
    yield tmp_path / "tilsyn"
    usercache._folder.cache_clear()


def _files(home):
    return sorted(home.rglob("*.marshal"))


def _no_parsing(monkeypatch):
    monkeypatch.setattr(tomllib, "loads", lambda *a: pytest.fail("parsed again"))


def test_a_second_read_comes_from_the_cache(cache_home, monkeypatch):
    first = usercache.load_toml(TEXT)
    assert first == tomllib.loads(TEXT) and len(_files(cache_home)) == 1
    _no_parsing(monkeypatch)
    assert usercache.load_toml(TEXT) == first


def test_another_text_is_another_entry(cache_home):
    usercache.load_toml(TEXT)
    assert usercache.load_toml(TEXT.replace("Ærlig", "Ærleg"))["fields"][0]["name"] == "Ærleg"
    assert len(_files(cache_home)) == 2


def test_a_damaged_entry_is_parsed_again(cache_home):
    usercache.load_toml(TEXT)
    for path in _files(cache_home):
        path.write_bytes(b"\x00not marshal")
    assert usercache.load_toml(TEXT) == tomllib.loads(TEXT)


def test_an_entry_that_is_no_table_is_parsed_again(cache_home):
    import marshal

    usercache.load_toml(TEXT)
    for path in _files(cache_home):
        path.write_bytes(marshal.dumps(["a", "list"]))
    assert usercache.load_toml(TEXT) == tomllib.loads(TEXT)


def test_bad_toml_raises_every_time_and_is_not_kept(cache_home):
    for _ in range(2):
        with pytest.raises(tomllib.TOMLDecodeError):
            usercache.load_toml("id = ")
    assert not _files(cache_home)


def test_dates_are_parsed_every_time(cache_home):
    assert usercache.load_toml("day = 2026-11-30\n") == {"day": dt.date(2026, 11, 30)}
    assert not _files(cache_home)


def test_off_or_unwritable_means_parsing(cache_home, monkeypatch):
    monkeypatch.setenv("TILSYN_CACHE", "0")
    assert usercache.load_toml(TEXT) == tomllib.loads(TEXT)
    assert not cache_home.exists()
    usercache._folder.cache_clear()
    monkeypatch.delenv("TILSYN_CACHE")
    cache_home.parent.mkdir(parents=True, exist_ok=True)
    cache_home.write_text("a file where the folder should be")
    assert usercache.load_toml(TEXT) == tomllib.loads(TEXT)


def test_a_survey_definition_is_read_through_the_cache(cache_home, monkeypatch):
    """The built-in survey definitions are parsed once per machine, not once per run."""
    from tilsyn.survey import data_text, parse_survey

    parse_survey(data_text("nks-call.toml"), "nks-call.toml")
    _no_parsing(monkeypatch)
    assert parse_survey(data_text("nks-call.toml"), "nks-call.toml").id == "nks-call"
