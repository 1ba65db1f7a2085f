"""Sentences compiled once per machine (tilsyn/texts/compiled.py): a second run starts
from the cached code, a damaged or unwritable cache is never a reason to fail, and
TILSYN_CACHE=0 turns the cache off."""

from __future__ import annotations

import pytest

from tilsyn.texts import compiled
from tilsyn.texts.sentences import environment


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("TILSYN_CACHE", raising=False)
    compiled._bytecode_cache.cache_clear()
    yield tmp_path
    compiled._bytecode_cache.cache_clear()


SOURCE = "{{ n | count }} i {{ place }}"


def test_a_second_environment_uses_the_compiled_code_without_compiling(cache_home, monkeypatch):
    assert (
        environment("nb").from_string(SOURCE).render(n=2, place="Voss") == "2 registreringer i Voss"
    )
    assert list((cache_home / "tilsyn").rglob("*.cache"))
    again = environment("nb")
    monkeypatch.setattr(again, "compile", lambda *a, **k: pytest.fail("compiled again"))
    assert again.from_string(SOURCE).render(n=1, place="Voss") == "1 registrering i Voss"


def test_settings_are_part_of_the_key(cache_home):
    """The same text in an environment that escapes gets code of its own."""
    from jinja2.sandbox import SandboxedEnvironment

    class Escaping(compiled.Cached, SandboxedEnvironment):
        pass

    assert environment("nb").from_string("{{ x }}").render(x="<b>") == "<b>"
    assert Escaping(autoescape=True).from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_a_damaged_cache_file_is_compiled_again(cache_home):
    environment("nb").from_string(SOURCE)
    for path in (cache_home / "tilsyn").rglob("*.cache"):
        path.write_bytes(b"not marshal data")
    assert environment("nb").from_string(SOURCE).render(n=2, place="Bø") == "2 registreringer i Bø"


def test_off_or_unwritable_means_no_cache(cache_home, monkeypatch):
    monkeypatch.setenv("TILSYN_CACHE", "0")
    assert compiled._bytecode_cache() is None
    compiled._bytecode_cache.cache_clear()
    monkeypatch.delenv("TILSYN_CACHE")
    (cache_home / "tilsyn").write_text("a file where the folder should be")
    assert compiled._bytecode_cache() is None
    assert environment("nb").from_string(SOURCE).render(n=0, place="Os") == "0 registreringer i Os"


def test_a_report_made_from_the_cache_is_the_one_made_without(
    cache_home, cli, tmp_path, monkeypatch
):
    """Compiled texts come from the cache from the second report on: the document is the
    same, byte for byte."""
    from pathlib import Path

    from tilsyn import usercache

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764460800")
    usercache._folder.cache_clear()
    sample = Path(__file__).resolve().parent.parent / "sample_data"
    made = []
    for run, setting in enumerate(("1", "1", "0")):  # fills the cache, reads it, goes without
        monkeypatch.setenv("TILSYN_CACHE", setting)
        usercache._folder.cache_clear()
        compiled._bytecode_cache.cache_clear()
        output = tmp_path / f"r{run}.docx"
        assert cli("report", sample, "-o", output, "-q").exit_code == 0
        made.append(output.read_bytes())
    assert list((cache_home / "tilsyn").rglob("*.cache"))
    assert made[0] == made[1] == made[2]
    usercache._folder.cache_clear()
