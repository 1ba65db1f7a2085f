"""What tilsyn keeps between runs in the user's cache folder, as Python keeps __pycache__.

tilsyn's own data is TOML (survey definitions, criteria, the diagnostics registry, report and
CLI texts: about 300 KB), and Python's TOML parser takes some 40 ms to read it on every run:
a tenth of a report's time on the sample data. `load_toml` keeps each text's parsed value,
keyed by the text itself, so a second run reads it back in well under a millisecond;
`remembered` does the same for any other pure function of a text (the report template's
preparation for jinja2), and `read_entry` / `write_entry` keep bytes for another cache (the
compiled report texts, tilsyn/texts/compiled.py).

The cache is the user's, and what is read from it is run: the folder is made private (0700 on
POSIX) and used only when the user owns it and no one else can write it; every entry is
signed with a key only the user can read (HMAC-SHA256 over its name and content), and read
only from a regular file the user owns, its signature checked before anything is
unmarshalled. An entry that fails is made again, so a poisoned cache can neither change a
result nor run code. The cache only ever saves time: a folder that cannot be used, a
damaged entry or `TILSYN_CACHE=0` means computing as before.

`TILSYN_CACHE`: unset, empty or 1 for the platform's cache folder; 0 (or off, no, false) for
none; an absolute path for a folder of the user's choice. A relative path, a file, a folder
that cannot be written or one another user can write means no cache.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import stat
import sys
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")

_OFF = {"0", "off", "no", "false"}
_DEFAULT = {"", "1", "on", "yes", "true"}
_MAGIC = b"tilsyn-cache-1\n"
_KEY_FILE = ".key"
_POSIX = os.name == "posix"


def _platform_root() -> Path:
    """The platform's per-user cache folder for tilsyn."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
        return Path(base) / "tilsyn" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "tilsyn"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tilsyn"


def _root() -> tuple[Path, bool] | None:
    """The cache folder `TILSYN_CACHE` asks for, and whether it is tilsyn's own (then its
    permissions may be tightened); None for no cache."""
    setting = os.environ.get("TILSYN_CACHE", "")
    if setting.strip().lower() in _OFF:
        return None
    if setting.strip().lower() in _DEFAULT:
        return _platform_root(), True
    chosen = Path(setting)
    return (chosen, False) if chosen.is_absolute() else None  # never in the working folder


def location() -> Path:
    """Where this user's cache is kept on this machine (`tilsyn doctor` shows it): the folder
    TILSYN_CACHE names, else the platform's."""
    chosen = _root()
    return chosen[0] if chosen is not None else _platform_root()


def _private(path: Path, own: bool) -> bool:
    """Make `path` a folder no other user can change, or say it cannot be: a folder the user
    owns that no one else can write. tilsyn's `own` folders are made 0700 when they are not;
    a folder the user chose is used only as it is."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = os.stat(path)
        if not stat.S_ISDIR(info.st_mode):
            return False
        if not _POSIX:
            return True  # the folder is under the user's profile, guarded by its ACL
        if info.st_uid != os.geteuid():
            return False
        if own and stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(path, 0o700)
            info = os.stat(path)
        return not stat.S_IMODE(info.st_mode) & 0o022
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return False


def folder(name: str) -> Path | None:
    """A private folder of the cache, made ready for use, or None when the cache is off, the
    folder cannot be written, or another user owns or can write it."""
    chosen = _root()
    if chosen is None or not _private(*chosen) or _key(chosen[0]) is None:
        return None
    path = chosen[0] / name
    return path if _private(path, True) else None


_folder = cache(folder)


# --- signed entries ----------------------------------------------------------------------------


@cache
def _key(root: Path) -> bytes | None:
    """The user's signing key, kept in the cache folder (0600); made on first use."""
    path = root / _KEY_FILE
    key = _read_own(path)
    if key is not None:
        return key if len(key) == 32 else None
    temporary = root / f"{_KEY_FILE}.{os.getpid()}.tmp"
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(os.urandom(32))
        _put_once(temporary, path)  # of two runs making a key at once, one key wins
    except OSError:
        return None
    finally:
        with suppress(OSError):
            temporary.unlink()
    key = _read_own(path)
    return key if key is not None and len(key) == 32 else None


def _put_once(temporary: Path, path: Path) -> None:
    """Give `temporary` the name `path` unless a file has it (then it stays)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        return
    except OSError:
        if not path.exists():
            os.rename(temporary, path)  # a disk without hard links; Windows never replaces


def _read_own(path: Path) -> bytes | None:
    """The bytes of `path` if it is a regular file the user owns that no one else can write
    (on POSIX; a link is never followed), else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except (OSError, ValueError):
        return None
    with os.fdopen(handle, "rb") as source:
        info = os.fstat(source.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None
        if _POSIX and (info.st_uid != os.geteuid() or stat.S_IMODE(info.st_mode) & 0o022):
            return None
        try:
            return source.read()
        except OSError:
            return None


def _signature(where: Path, name: str, data: bytes) -> bytes | None:
    key = _key(where.parent)
    if key is None:
        return None
    return hmac.new(key, f"{where.name}/{name}\0".encode() + data, hashlib.sha256).digest()


def read_entry(where: Path, name: str) -> bytes | None:
    """The bytes kept under `name` in the cache folder `where` (from `folder`), or None when
    there are none or they fail any check: owner, permissions, signature."""
    raw = _read_own(where / name)
    if raw is None or not raw.startswith(_MAGIC):
        return None
    signed, data = raw[len(_MAGIC) : len(_MAGIC) + 32], raw[len(_MAGIC) + 32 :]
    expected = _signature(where, name, data)
    if expected is None or not hmac.compare_digest(signed, expected):
        return None
    return data


def write_entry(where: Path, name: str, data: bytes) -> None:
    """Keep `data` under `name` in `where`, signed; written whole or not at all, and never
    a reason to fail."""
    signature = _signature(where, name, data)
    if signature is None:
        return
    temporary = where / f".{name}.{os.getpid()}.tmp"
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(_MAGIC + signature + data)
        os.replace(temporary, where / name)
    except (OSError, ValueError):
        with suppress(OSError, ValueError):
            temporary.unlink()


def bytecode_cache(name: str) -> Any | None:
    """A jinja2 bytecode cache over signed entries in the folder `name`, or None when the
    cache cannot be used. jinja2 reads an entry with pickle and runs the code in it, so its
    entries never come from jinja2's own file cache: owner, permissions and signature are
    checked before jinja2 sees a byte, and a cache never makes a report fail."""
    where = folder(name)
    if where is None:
        return None
    from jinja2 import BytecodeCache

    class Signed(BytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            data = read_entry(where, f"{bucket.key}.cache")
            if data is not None:
                bucket.bytecode_from_string(data)

        def dump_bytecode(self, bucket: Any) -> None:
            write_entry(where, f"{bucket.key}.cache", bucket.bytecode_to_string())

    return Signed()


# --- values ------------------------------------------------------------------------------------


def remembered(kind: str, text: str, make: Callable[[str], T], made: type[T]) -> T:
    """`make(text)`, read from the cache folder `kind` when this text was seen before.

    `kind` names the maker and its version: one maker's results per folder; `made` is the type
    of what it makes, so an entry that reads as something else is made again. Results
    marshal cannot hold are made every time, and so is anything that raises.
    """
    where = _folder(f"{kind}-py{sys.version_info.major}{sys.version_info.minor}")
    if where is None:  # marshal's format belongs to the Python version, hence the folder name
        return make(text)
    name = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() + ".marshal"
    data = read_entry(where, name)
    if data is not None:
        try:
            value = marshal.loads(data)
            if isinstance(value, made):
                return value
        except (ValueError, EOFError, TypeError):
            pass
    value = make(text)
    try:
        write_entry(where, name, marshal.dumps(value))
    except ValueError:  # marshal cannot hold it
        pass
    return value


def load_toml(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)`, parsed once per machine.

    Raises tomllib.TOMLDecodeError as tomllib does; only texts that parse are kept. Values
    marshal cannot hold (TOML dates) are parsed every time.
    """
    return remembered("toml", text, _parse_toml, dict)


def _parse_toml(text: str) -> dict[str, Any]:
    import tomllib  # only when the cache cannot answer: `tilsyn --help` usually does without

    return tomllib.loads(text)
