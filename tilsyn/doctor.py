"""What this machine has for tilsyn (`tilsyn doctor`): Python, tilsyn, LibreOffice for PDF, the
report's fonts, the user cache folder and the console, as plain data the CLI prints.

Nothing here changes the machine, except that the cache folder is made if missing (as any run
of tilsyn does) to see whether it can be written. Every check answers on Windows, macOS and
Linux: programs and fonts are looked for where each system keeps them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

# Fonts with the same metrics as the Office fonts a template may name (a report laid out in
# either breaks its lines and pages alike), and the Debian package of each.
METRIC_TWINS = {
    "Calibri": ("Carlito", "fonts-crosextra-carlito"),
    "Cambria": ("Caladea", "fonts-crosextra-caladea"),
    "Arial": ("Liberation Sans", "fonts-liberation2"),
    "Times New Roman": ("Liberation Serif", "fonts-liberation2"),
    "Courier New": ("Liberation Mono", "fonts-liberation2"),
}


@dataclass(frozen=True)
class LibreOffice:
    found: bool
    path: str | None = None
    version: str | None = None


@dataclass(frozen=True)
class Font:
    font: str
    found: bool | None  # None: this machine gives no way to tell
    substitute: str | None = None
    substitute_found: bool | None = None
    debian_package: str | None = None  # the substitute's

    @property
    def usable(self) -> bool | None:
        """The report is laid out as meant: the font or its metric twin is installed."""
        if self.found is None:
            return None
        return self.found or bool(self.substitute_found)


@dataclass(frozen=True)
class Cache:
    path: str
    enabled: bool
    writable: bool


def platform_name() -> str:
    """«Windows 11», «macOS 14.5», «Debian GNU/Linux 12 (bookworm)»."""
    import platform

    if sys.platform == "darwin":
        return f"macOS {platform.mac_ver()[0]}".strip()
    if sys.platform.startswith("linux"):
        try:
            return platform.freedesktop_os_release()["PRETTY_NAME"]
        except (OSError, KeyError):
            return "Linux"
    return f"{platform.system()} {platform.release()}".strip()


def libraries() -> dict[str, str]:
    """The versions of the libraries tilsyn runs on (from its own installed requirements)."""
    from importlib import metadata

    try:
        required = metadata.requires("tilsyn") or []
    except metadata.PackageNotFoundError:
        return {}
    found = {}
    for requirement in required:
        if "extra ==" in requirement:
            continue
        name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = ""
    return found


def find_soffice() -> Path | None:
    """LibreOffice's `soffice`: on PATH, else where the installers put it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for candidate in _soffice_places():
        if candidate.is_file():
            return candidate
    return None


def _soffice_places() -> list[Path]:
    if sys.platform == "win32":
        folders = {os.environ.get(v) for v in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")}
        folders |= {r"C:\Program Files", r"C:\Program Files (x86)"}
        return [
            Path(f) / "LibreOffice" / "program" / "soffice.exe" for f in sorted(folders - {None})
        ]
    if sys.platform == "darwin":
        return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    return sorted(Path("/opt").glob("libreoffice*/program/soffice"))


def libreoffice() -> LibreOffice:
    path = find_soffice()
    if path is None:
        return LibreOffice(found=False)
    return LibreOffice(found=True, path=str(path), version=soffice_version(path))


def soffice_version(path: Path) -> str | None:
    """From `version.ini` beside the program (Windows and macOS installs have one), else from
    `soffice --version`; never started on Windows, where soffice.exe opens no console."""
    try:
        program = path.resolve().parent
    except OSError:
        program = path.parent
    for name in ("version.ini", "versionrc", "../Resources/versionrc"):
        version = _ini_version(program / name)
        if version:
            return version
    if sys.platform == "win32":
        return None
    try:
        done = subprocess.run(
            [str(path), "--version"],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"(\d+\.\d+(?:\.\d+)*)", done.stdout)
    return found.group(1) if found else None


def _ini_version(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = re.search(r"^\s*(?:MsiProductVersion|ProductVersion)\s*=\s*(\d[\d.]*)", text, re.M)
    return found.group(1) if found else None


def report_fonts() -> list[str]:
    """The fonts the default report template names: its body style's and its theme's."""
    import zipfile

    from tilsyn.report import default_template

    try:
        with zipfile.ZipFile(default_template("nb")) as docx:
            styles = docx.read("word/styles.xml").decode("utf-8")
            theme = docx.read("word/theme/theme1.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return []
    normal = re.search(r'<w:style [^>]*w:styleId="Normal".*?</w:style>', styles, re.S)
    named = re.findall(r'w:ascii="([^"]+)"', normal.group(0)) if normal else []
    named += re.findall(r'<a:(?:major|minor)Font>\s*<a:latin typeface="([^"]+)"', theme)
    return list(dict.fromkeys(named))


def fonts(names: list[str] | None = None) -> list[Font]:
    """Whether each font (default: the report's), or its metric twin, is installed."""
    installed = _installed_fonts()
    found = []
    for name in report_fonts() if names is None else names:
        twin, package = METRIC_TWINS.get(name, (None, None))
        found.append(
            Font(
                font=name,
                found=None if installed is None else _has(installed, name),
                substitute=twin,
                substitute_found=None
                if installed is None or twin is None
                else _has(installed, twin),
                debian_package=package,
            )
        )
    return found


def _has(installed: set[str], font: str) -> bool:
    """A font family by name (fc-list), or a font file named after it (calibri.ttf)."""
    key = font.lower()
    squeezed = key.replace(" ", "")
    return key in installed or any(name.startswith(squeezed) for name in installed)


def _installed_fonts() -> set[str] | None:
    """Font family names from fc-list where it exists, else the file names in the system's
    and the user's font folders (lower case); None when neither can be read."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            done = subprocess.run(
                [fc_list, ":", "family"], capture_output=True, text=True, timeout=60
            )
            if done.returncode == 0:
                return {
                    family.strip().lower()
                    for line in done.stdout.splitlines()
                    for family in line.split(",")
                }
        except (OSError, subprocess.SubprocessError):
            pass
    folders = [f for f in _font_folders() if f.is_dir()]
    if not folders:
        return None
    return {name.lower() for f in folders for _, _, names in os.walk(f) for name in names}


def _font_folders() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windows = os.environ.get("WINDIR") or r"C:\Windows"
        local = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return [Path(windows) / "Fonts", Path(local) / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [
            Path("/System/Library/Fonts"),
            Path("/Library/Fonts"),
            home / "Library" / "Fonts",
            Path("/Applications/Microsoft Word.app/Contents/Resources/DFonts"),
        ]
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local" / "share" / "fonts",
        home / ".fonts",
    ]


def cache() -> Cache:
    """The user cache folder, and whether tilsyn can keep what it has parsed there."""
    from tilsyn import usercache

    path = usercache.location()
    enabled = os.environ.get("TILSYN_CACHE", "").strip() != "0"
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            writable = True
    except OSError:
        writable = False
    return Cache(path=str(path), enabled=enabled, writable=writable)


def console() -> dict[str, str]:
    """The encodings of stdout and stderr (cp1252 on a redirected Windows console)."""
    return {
        name: str(getattr(stream, "encoding", None) or "")
        for name, stream in (("stdout", sys.stdout), ("stderr", sys.stderr))
    }


def examine() -> dict:
    """Everything `tilsyn doctor` reports, as JSON-ready data."""
    from tilsyn import __version__

    return {
        "tilsyn": {"version": __version__, "location": str(Path(__file__).resolve().parent)},
        "python": {"version": sys.version.split()[0], "executable": sys.executable},
        "system": platform_name(),
        "libreoffice": asdict(libreoffice()),
        "fonts": [asdict(f) | {"usable": f.usable} for f in fonts()],
        "cache": asdict(cache()),
        "console": console(),
        "libraries": libraries(),
    }
