"""axe-core in headless Chromium, driven by selenium with Debian's chromedriver given by path
(Selenium Manager never runs, nothing is downloaded), for every web page tilsyn writes.

axe-core comes from npm (tests/axe/package.json, installed by .ci/run with `npm ci`); Chromium
and its driver from Debian (chromium, chromium-driver). Without them the tests skip locally
and fail in CI (TILSYN_REQUIRE_CLIENTS=1), as for LibreOffice.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",  # a page may reach nothing
)


def _missing() -> list[str]:
    found = [
        ("chromium", shutil.which("chromium") or shutil.which("chromium-browser")),
        ("chromium-driver", shutil.which("chromedriver")),
        ("axe-core (npm ci --prefix tests/axe)", AXE.is_file() or None),
    ]
    try:
        import selenium  # noqa: F401
    except ImportError:
        found.append(("selenium", None))
    return [name for name, where in found if not where]


def start_browser(profile: Path):
    """Headless Chromium with a profile of its own; skip (fail in CI) when it is missing."""
    missing = _missing()
    if missing:
        if os.environ.get("TILSYN_REQUIRE_CLIENTS"):
            pytest.fail(f"required for the accessibility checks in CI: {', '.join(missing)}")
        pytest.skip(f"needs {', '.join(missing)}")
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def axe_violations(driver, page: Path) -> list[str]:
    """The WCAG 2.1 A/AA violations axe-core finds on `page`: «rule-id: targets» each."""
    driver.get(page.resolve().as_uri())
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},"
        " resultTypes: ['violations']})"
        ".then(r => done({violations: r.violations})).catch(e => done({error: String(e)}));",
        WCAG,
    )
    if "error" in result:
        raise RuntimeError(result["error"])
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


def network_requests(driver) -> list[str]:
    """What the page loaded from the network: a self-contained page loads nothing."""
    names = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name);"
    )
    return [n for n in names if n.startswith(("http:", "https:", "ws:", "wss:"))]
