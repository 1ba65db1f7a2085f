"""The user cache is the user's (tilsyn/usercache.py, tilsyn/texts/compiled.py): made private,
used only when no one else can change it, every entry checked for its owner and signature
before a byte of it is unmarshalled or unpickled, and odd TILSYN_CACHE values handled. A
poisoned cache neither changes a result nor runs code."""

from __future__ import annotations

import marshal
import os
import pickle
import stat
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import examples
from tilsyn import usercache
from tilsyn.texts import compiled
from tilsyn.texts.sentences import environment

TEXT = 'id = "k"\nterskel = 15\n[[fields]]\nname = "Ærlig"\n'
POSIX = os.name == "posix"
posix_only = pytest.mark.skipif(not POSIX, reason="POSIX owners and modes")


def _clear():
    usercache._folder.cache_clear()
    usercache._key.cache_clear()
    compiled._bytecode_cache.cache_clear()


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("TILSYN_CACHE", raising=False)
    _clear()
    yield tmp_path / "xdg" / "tilsyn"
    _clear()


def _entries(home: Path, pattern: str = "*.marshal") -> list[Path]:
    return sorted(home.rglob(pattern))


def _counting_parser(monkeypatch) -> list[str]:
    parsed: list[str] = []
    real = tomllib.loads

    def loads(text, *args, **kwargs):
        parsed.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(tomllib, "loads", loads)
    return parsed


# --- private folders -------------------------------------------------------------------------


@posix_only
def test_the_cache_is_made_private(home):
    usercache.load_toml(TEXT)
    for folder in (home, *{p.parent for p in _entries(home)}):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for path in [home / ".key", *_entries(home)]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


@posix_only
def test_a_cache_folder_left_open_is_closed(home):
    home.mkdir(parents=True, mode=0o777)
    os.chmod(home, 0o777)
    usercache.load_toml(TEXT)
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


@posix_only
@pytest.mark.skipif(POSIX and os.geteuid() != 0, reason="needs root to give a folder away")
def test_a_folder_another_user_owns_is_never_used(home, monkeypatch):
    home.mkdir(parents=True)
    os.chown(home, 65534, 65534)
    parsed = _counting_parser(monkeypatch)
    for _ in range(3):
        assert usercache.load_toml(TEXT)["terskel"] == 15
    assert len(parsed) == 3 and not _entries(home)


@posix_only
def test_a_chosen_folder_others_can_write_is_never_used(tmp_path, monkeypatch):
    shared = tmp_path / "delt"
    shared.mkdir()
    os.chmod(shared, 0o777)
    monkeypatch.setenv("TILSYN_CACHE", str(shared))
    _clear()
    assert usercache.folder("toml") is None
    assert stat.S_IMODE(shared.stat().st_mode) == 0o777  # the user's folder is left as it is
    assert list(shared.iterdir()) == []


# --- poisoned entries ------------------------------------------------------------------------


def test_an_entry_rewritten_by_someone_else_is_not_used(home):
    usercache.load_toml(TEXT)
    (entry,) = _entries(home)
    poisoned = marshal.dumps({"id": "k", "terskel": 9999, "fields": []})
    raw = entry.read_bytes()
    # A valid marshal of another table, with and without the header and old signature.
    for forged in (poisoned, raw[: len(usercache._MAGIC) + 32] + poisoned):
        entry.write_bytes(forged)
        _clear()
        assert usercache.load_toml(TEXT)["terskel"] == 15


def test_an_entry_moved_to_another_name_is_not_used(home):
    usercache.load_toml(TEXT)
    other = TEXT.replace("15", "9999")
    usercache.load_toml(other)
    first, second = _entries(home)
    first_bytes = first.read_bytes()
    first.write_bytes(second.read_bytes())
    second.write_bytes(first_bytes)
    _clear()
    assert usercache.load_toml(TEXT)["terskel"] == 15
    assert usercache.load_toml(other)["terskel"] == 9999


@settings(
    max_examples=examples(200),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_any_change_to_an_entry_is_caught(home, data):
    usercache.load_toml(TEXT)
    (entry,) = _entries(home)
    raw = bytearray(entry.read_bytes())
    change = data.draw(st.sampled_from(["flip", "cut", "append", "replace"]))
    if change == "flip":
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] ^= data.draw(st.integers(1, 255))
    elif change == "cut":
        raw = raw[: data.draw(st.integers(0, len(raw) - 1))]
    elif change == "append":
        raw += data.draw(st.binary(min_size=1, max_size=20))
    else:
        raw = bytearray(data.draw(st.binary(max_size=200)))
    entry.write_bytes(bytes(raw))
    assert usercache.load_toml(TEXT) == tomllib.loads(TEXT)
    entry.unlink()


@posix_only
def test_a_link_in_the_cache_is_not_followed(home, tmp_path):
    usercache.load_toml(TEXT)
    (entry,) = _entries(home)
    elsewhere = tmp_path / "elsewhere.marshal"
    elsewhere.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(elsewhere)
    assert usercache.read_entry(entry.parent, entry.name) is None
    assert usercache.load_toml(TEXT) == tomllib.loads(TEXT)


@posix_only
@pytest.mark.skipif(POSIX and os.geteuid() != 0, reason="needs root to give a file away")
def test_an_entry_another_user_owns_is_not_used(home):
    usercache.load_toml(TEXT)
    (entry,) = _entries(home)
    os.chown(entry, 65534, 65534)
    assert usercache.read_entry(entry.parent, entry.name) is None


class _Marker:
    """Unpickling this writes a file: what a poisoned jinja2 cache entry would do."""

    path = ""

    def __reduce__(self):
        return (Path(self.path).write_text, ("ran",))


def test_a_poisoned_template_cache_runs_no_code(home, tmp_path):
    source = "{{ n | count }} i {{ place }}"
    assert environment("nb").from_string(source).render(n=2, place="Voss")
    entries = _entries(home, "*.cache")
    assert entries
    marker = tmp_path / "ran.txt"
    _Marker.path = str(marker)
    from jinja2.bccache import bc_magic

    for entry in entries:
        # What jinja2's own file cache would read: its magic, a pickled "checksum", code.
        entry.write_bytes(
            bc_magic + pickle.dumps(_Marker()) + marshal.dumps(compile("1", "", "eval"))
        )
    _clear()
    assert environment("nb").from_string(source).render(n=2, place="Voss") == (
        "2 registreringer i Voss"
    )
    assert not marker.exists()


def test_a_poisoned_cache_changes_no_score(home, tmp_path):
    """Every entry of a warm cache replaced by a forged one: the scores are those made
    without a cache (fresh processes, so every definition is read through the cache)."""
    import subprocess
    import sys

    from tests.factories import valid_call, write_jsonl

    data = write_jsonl(tmp_path / "calls.jsonl", [valid_call(call_id=f"VL-{i}") for i in range(3)])
    env = {**os.environ, "XDG_CACHE_HOME": str(home.parent), "SOURCE_DATE_EPOCH": "1764460800"}

    def scores() -> str:
        command = [sys.executable, "-m", "tilsyn", "score", str(data), "--json", "-q"]
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    clean = scores()
    entries = {e: e.read_bytes()[len(usercache._MAGIC) + 32 :] for e in _entries(home)}
    assert entries
    for signed in (False, True):  # plain marshal, or in the entry's form with a forged signature
        for entry, payload in entries.items():
            table = marshal.loads(payload)
            if isinstance(table, dict):
                table = {k: ("forged" if isinstance(v, str) else v) for k, v in table.items()}
            forged = marshal.dumps(table)
            entry.write_bytes(usercache._MAGIC + bytes(32) + forged if signed else forged)
        assert scores() == clean


# --- TILSYN_CACHE ----------------------------------------------------------------------------


@pytest.mark.parametrize("setting", ["0", "off", "No", " false "])
def test_off(home, monkeypatch, setting):
    monkeypatch.setenv("TILSYN_CACHE", setting)
    assert usercache.folder("toml") is None


@pytest.mark.parametrize("setting", ["", "1", " ", "on"])
def test_the_platform_folder(home, monkeypatch, setting):
    monkeypatch.setenv("TILSYN_CACHE", setting)
    assert usercache.folder("toml") == home / "toml"


def test_an_absolute_folder_of_the_users_choice(tmp_path, monkeypatch):
    monkeypatch.setenv("TILSYN_CACHE", str(tmp_path / "min cache"))
    _clear()
    usercache.load_toml(TEXT)
    assert _entries(tmp_path / "min cache")


@settings(
    max_examples=examples(200),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.one_of(
        st.text(max_size=30).filter(lambda t: "\x00" not in t),
        st.sampled_from(["cache", "./cache", "../cache", "~", "\udcff\udcfe", "a/\udce6"]),
    )
)
def test_any_value_is_safe(tmp_path, monkeypatch, setting):
    """Whatever TILSYN_CACHE holds (relative, odd characters, bytes that are not UTF-8):
    the value is right, nothing is written in the working folder, nothing raises."""
    work = tmp_path / "arbeid"
    work.mkdir(exist_ok=True)
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    try:
        monkeypatch.setenv("TILSYN_CACHE", setting)
    except (UnicodeEncodeError, ValueError):
        return  # not a value an environment can hold
    _clear()
    assert usercache.load_toml(TEXT) == tomllib.loads(TEXT)
    assert list(work.iterdir()) == []


def test_a_file_or_an_unwritable_place_means_no_cache(tmp_path, monkeypatch):
    a_file = tmp_path / "fil"
    a_file.write_text("ikke en mappe")
    for setting in (a_file, a_file / "under"):
        monkeypatch.setenv("TILSYN_CACHE", str(setting))
        _clear()
        assert usercache.folder("toml") is None
        assert usercache.load_toml(TEXT) == tomllib.loads(TEXT)
    assert a_file.read_text() == "ikke en mappe"
