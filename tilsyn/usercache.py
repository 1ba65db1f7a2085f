"""What tilsyn keeps between runs in the user's cache folder, as Python keeps __pycache__.

tilsyn's own data is TOML (survey definitions, criteria, the diagnostics registry, report and
CLI texts: about 300 KB), and Python's TOML parser takes some 40 ms to read it on every run:
a tenth of a report's time on the sample data. `load_toml` keeps each text's parsed value,
keyed by the text itself, so a second run reads it back in well under a millisecond;
`remembered` does the same for any other pure function of a text (the report template's
preparation for jinja2). The cache only ever saves time: a folder that cannot be written, a
damaged file or `TILSYN_CACHE=0` means computing as before.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")


def _root() -> Path:
    """The platform's per-user cache folder for tilsyn."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
        return Path(base) / "tilsyn" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "tilsyn"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tilsyn"


def location() -> Path:
    """Where this user's cache is kept on this machine (`tilsyn doctor` shows it)."""
    return _root()


def folder(name: str) -> Path | None:
    """A folder of the cache made ready for use, or None when the cache is off or unwritable."""
    if os.environ.get("TILSYN_CACHE", "").strip() == "0":
        return None
    path = _root() / name
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return path


def remembered(kind: str, text: str, make: Callable[[str], T], made: type[T]) -> T:
    """`make(text)`, read from the cache folder `kind` when this text was seen before.

    `kind` names the maker and its version: one maker's results per folder; `made` is the type
    of what it makes, so a damaged entry that reads as something else is made again. Results
    marshal cannot hold are made every time, and so is anything that raises.
    """
    where = _folder(f"{kind}-py{sys.version_info.major}{sys.version_info.minor}")
    if where is None:  # marshal's format belongs to the Python version, hence the folder name
        return make(text)
    path = where / (hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() + ".marshal")
    try:
        value = marshal.loads(path.read_bytes())
        if isinstance(value, made):
            return value
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = make(text)
    try:
        data = marshal.dumps(value)
    except ValueError:
        return value
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
    return value


_folder = cache(folder)


def load_toml(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)`, parsed once per machine.

    Raises tomllib.TOMLDecodeError as tomllib does; only texts that parse are kept. Values
    marshal cannot hold (TOML dates) are parsed every time.
    """
    return remembered("toml", text, _parse_toml, dict)


def _parse_toml(text: str) -> dict[str, Any]:
    import tomllib  # only when the cache cannot answer: `tilsyn --help` usually does without

    return tomllib.loads(text)
