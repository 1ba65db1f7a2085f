"""Every web page tilsyn writes passes axe-core (WCAG 2.0 and 2.1, A and AA) in headless
Chromium with no violation and loads nothing from the network: the report of each kind
(national, county, office, the office survey, a survey a user defined) in nb, nn and en, and
a published edited document. One browser for the module; axe-core from npm (tests/browser.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.browser import axe_violations, network_requests, start_browser
from tests.factories import write_jsonl
from tests.publish_helpers import add_picture, finish
from tests.user_survey import CASES, write_survey
from tilsyn.cli import app

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
KINDS = {  # name: (input, extra arguments)
    "national": (SAMPLE / "calls", []),
    "county": (SAMPLE / "calls", ["--scope", "county:vestland"]),
    "office": (SAMPLE / "calls", ["--scope", "office:Nav Tromsø"]),
    "office-survey": (SAMPLE / "offices", ["--survey", "office"]),
    "user-survey": (None, []),
}
LANGS = ("nb", "nn", "en")


def _run(*args) -> None:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    survey = write_survey(folder / "survey")
    cases = write_jsonl(folder / "cases.jsonl", CASES)
    made = {}
    for kind, (source, extra) in KINDS.items():
        if source is None:
            source, extra = cases, ["--survey", survey]
        for lang in LANGS:
            made[f"{kind}-{lang}"] = folder / f"{kind}-{lang}.html"
            _run("report", source, "-o", made[f"{kind}-{lang}"], "--lang", lang, "-q", *extra)
    for lang in ("nb", "en"):  # the Word report, finished by its author and published
        word = folder / f"utkast-{lang}.docx"
        _run("report", SAMPLE / "calls", "-o", word, "--lang", lang, "-q")
        edited = add_picture(
            finish(word, folder / f"ferdig-{lang}.docx"), folder / f"bilde-{lang}.docx", "Et kart."
        )
        made[f"published-{lang}"] = folder / f"published-{lang}.html"
        _run("publish", edited, "-o", made[f"published-{lang}"], "-q")
    made["published-draft"] = folder / "published-draft.html"
    _run("publish", folder / "utkast-nb.docx", "-o", made["published-draft"], "--draft", "-q")
    return made


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_browser(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


NAMES = [f"{kind}-{lang}" for kind in KINDS for lang in LANGS]
NAMES += ["published-nb", "published-en", "published-draft"]


@pytest.mark.parametrize("name", NAMES)
def test_the_page_has_no_wcag_violation_and_loads_nothing(browser, pages, name):
    assert axe_violations(browser, pages[name]) == []
    assert network_requests(browser) == []


def test_axe_finds_what_the_pages_avoid(browser, tmp_path):
    """The check can fail: a page without a language, with an image without alt text and
    grey text on white has exactly those violations."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><main>"
        '<p style="color:#aaa">lys grå</p><img src="data:image/png;base64,iVBORw0KGgo=">'
        "</main></body></html>",
        encoding="utf-8",
    )
    found = {v.split(":")[0] for v in axe_violations(browser, page)}
    assert found == {"html-has-lang", "image-alt", "color-contrast"}
