"""What tilsyn keeps between runs in the user's cache folder, as Python keeps __pycache__.

tilsyn's own data is TOML (survey definitions, criteria, the diagnostics registry, report and
CLI texts: about 300 KB), and Python's TOML parser takes some 40 ms to read it on every run:
a tenth of a report's time on the sample data. `load_toml` keeps each text's parsed value,
keyed by the text itself, so a second run reads it back in well under a millisecond. The
cache only ever saves time: a folder that cannot be written, a damaged file or
`TILSYN_CACHE=0` means parsing as before.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tomllib
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any


def enabled() -> bool:
    return os.environ.get("TILSYN_CACHE", "").strip() != "0"


def cache_root() -> Path:
    """The platform's per-user cache folder for tilsyn."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
        return Path(base) / "tilsyn" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "tilsyn"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tilsyn"


def folder(name: str) -> Path | None:
    """A folder of the cache made ready for use, or None when the cache is off or unwritable."""
    if not enabled():
        return None
    path = cache_root() / name
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return path


@cache
def _toml_folder() -> Path | None:
    # marshal's format belongs to the Python version: one folder per version.
    return folder(f"toml-py{sys.version_info.major}{sys.version_info.minor}")


def load_toml(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)`, read from the cache when this text was parsed before.

    Raises tomllib.TOMLDecodeError as tomllib does; only texts that parse are kept. Values
    marshal cannot hold (TOML dates) are parsed every time.
    """
    where = _toml_folder()
    if where is None:
        return tomllib.loads(text)
    path = where / (hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() + ".marshal")
    try:
        value = marshal.loads(path.read_bytes())
        if isinstance(value, dict):
            return value
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = tomllib.loads(text)
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
