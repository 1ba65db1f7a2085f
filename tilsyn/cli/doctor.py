"""`tilsyn doctor`: what this machine has for tilsyn, and what to install for what is missing,
in the user's language; `--json` for machines. Always exit 0: it reports, it does not judge."""

from __future__ import annotations

import sys
from typing import Optional

from tilsyn.cli.app import app
from tilsyn.cli.options import JSON_OPTION, LANG_OPTION
from tilsyn.cli.texts import help_text

OK, MISSING, OFF, UNKNOWN = "✔", "✘", "–", "?"


@app.command(help=help_text("doctor.help"))
def doctor(json_output: bool = JSON_OPTION, lang: Optional[str] = LANG_OPTION) -> None:
    from tilsyn.cli.output import print_json
    from tilsyn.cli.texts import output_language
    from tilsyn.doctor import examine

    output_language(lang)
    found = examine()
    missing = to_install(found)
    if json_output:
        print_json(found | {"missing": missing})
        return
    _print(found, missing)


def system_kind() -> str:
    """Which install instructions apply here: windows, macos or linux."""
    return {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")


def to_install(found: dict) -> list[dict[str, str]]:
    """What to install (or change) for each thing that is missing, in the output language."""
    from tilsyn.cli.texts import say

    kind = system_kind()
    missing = []
    if not found["libreoffice"]["found"]:
        missing.append(
            {"what": "libreoffice", "install": say(f"doctor.install.libreoffice.{kind}")}
        )
    lacking = [f for f in found["fonts"] if f["usable"] is False]
    if lacking:
        twins = [f["substitute"] for f in lacking if f["substitute"]]
        packages = [f["debian_package"] for f in lacking if f["debian_package"]]
        missing.append(
            {
                "what": "fonts",
                "install": say(
                    f"doctor.install.fonts.{kind}",
                    fonts=", ".join(f["font"] for f in lacking),
                    twins=", ".join(twins) or "–",
                    packages=" ".join(dict.fromkeys(packages)),
                ),
            }
        )
    cache = found["cache"]
    if cache["enabled"] and not cache["writable"]:
        missing.append(
            {"what": "cache", "install": say("doctor.install.cache", path=cache["path"])}
        )
    return missing


def rows(found: dict) -> list[tuple[str, str, str]]:
    """(symbol, what, detail) per line of the human report."""
    from tilsyn.cli.console import is_unicode
    from tilsyn.cli.texts import say

    python, tilsyn, office = found["python"], found["tilsyn"], found["libreoffice"]
    lines = [
        (OK, "Python", f"{python['version']} ({python['executable']})"),
        (OK, "tilsyn", f"{tilsyn['version']} ({tilsyn['location']})"),
    ]
    if office["found"]:
        version = office["version"] or say("doctor.version_unknown")
        lines.append((OK, say("doctor.libreoffice"), f"{version} ({office['path']})"))
    else:
        lines.append((MISSING, say("doctor.libreoffice"), say("doctor.libreoffice_missing")))
    lines += [_font_row(font) for font in found["fonts"]]
    lines.append(_cache_row(found["cache"]))
    encoding = found["console"]["stderr"]
    legacy = not is_unicode(encoding)
    lines.append(
        (
            OK,
            say("doctor.console"),
            say("doctor.console_legacy", encoding=encoding) if legacy else encoding,
        )
    )
    libraries = ", ".join(f"{name} {version}" for name, version in found["libraries"].items())
    lines.append((OK, say("doctor.libraries"), libraries or "–"))
    return lines


def _font_row(font: dict) -> tuple[str, str, str]:
    from tilsyn.cli.texts import say

    what = say("doctor.font", font=font["font"])
    twin = font["substitute"]
    if font["usable"] is None:
        return UNKNOWN, what, say("doctor.font_unknown")
    if font["found"]:
        return OK, what, say("doctor.font_installed")
    if font["usable"]:
        return OK, what, say("doctor.font_twin", twin=twin)
    if twin:
        return MISSING, what, say("doctor.font_missing_twin", twin=twin)
    return MISSING, what, say("doctor.font_missing")


def _cache_row(cache: dict) -> tuple[str, str, str]:
    from tilsyn.cli.texts import say

    what = say("doctor.cache")
    if not cache["enabled"]:
        return OFF, what, say("doctor.cache_off")
    if cache["writable"]:
        return OK, what, say("doctor.cache_writable", path=cache["path"])
    return MISSING, what, say("doctor.cache_readonly", path=cache["path"])


def _print(found: dict, missing: list[dict[str, str]]) -> None:
    from rich.table import Table
    from rich.text import Text

    from tilsyn.cli.output import err_console
    from tilsyn.cli.texts import say

    console = err_console()
    version, system = found["tilsyn"]["version"], found["system"]
    console.print(say("doctor.title", version=version, system=system), markup=False)
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for symbol, what, detail in rows(found):
        table.add_row(symbol, Text(what), Text(detail))
    console.print(table)
    if not missing:
        console.print(say("doctor.all_ok"), markup=False)
        return
    console.print(say("doctor.missing"), markup=False)
    for item in missing:
        console.print(Text(f"  - {item['install']}"))
