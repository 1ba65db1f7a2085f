"""Inputs and readers for the report tests: datasets built from small dicts, text out of .docx.

No tests here; the test_report_* modules import it. The expected figures of a dataset are
counted from the same dicts the dataset is written from, never typed in by hand.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from tests.factories import acute_call, valid_call, write_jsonl

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {
    "w": W[1:-1],
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
MESSAGE_FIELDS = (
    "message_sent",
    "message_text",
    "message_states_need",
    "message_has_callback_details",
    "callback_explained",
    "message_states_urgency",
)

# (county, office, municipality number, query calls answered: one flag per call)
OFFICES = [
    ("vestland", "Nav Bergen nord", "4601", [True, False, False, False]),
    ("vestland", "Nav Voss", "4621", [False, False, True]),
    ("rogaland", "Nav Stavanger", "1103", [False, False, False, False, False]),
]
PREFIX = {"vestland": "VL", "rogaland": "RO"}


def query_call(
    call_id: str,
    county: str,
    office: str,
    number: str,
    answered: bool,
    day: int,
    acute: bool = False,
    **overrides,
) -> dict:
    """A call with a query call to the office; when it was not answered, a message was sent."""
    make = acute_call if acute else valid_call
    fields = {
        "call_id": call_id,
        "county": county,
        "nav_office": office,
        "municipality_number": number,
        "observed_at": f"2020-11-{day:02d}T10:15",
    }
    if answered:
        fields.update({"query_call_answered": "yes", **dict.fromkeys(MESSAGE_FIELDS)})
    fields.update(overrides)
    return make(**fields)


def dataset(offices=OFFICES, repeat: int = 1, **overrides) -> list[dict]:
    """Calls per office as in `offices`, `repeat` times over, plus one call that needed no office."""
    calls = []
    for round_ in range(repeat):
        for county, office, number, answered in offices:
            for flag in answered:
                serial = len(calls) + 1
                calls.append(
                    query_call(
                        f"{PREFIX[county]}-{serial:03d}",
                        county,
                        office,
                        number,
                        flag,
                        day=1 + serial % 28,
                        **overrides,
                    )
                )
    calls.append(
        valid_call(
            call_id="VL-900",
            observed_at="2020-11-30T09:00",
            office_contact_needed="no",
            query_call_made=None,
            query_call_answered=None,
            vakttelefon_used=None,
            **dict.fromkeys(MESSAGE_FIELDS),
        )
    )
    return calls


def later(calls: list[dict]) -> list[dict]:
    """The same calls as a later round's: new keys, since a record belongs to one round."""
    return [{**call, "call_id": f"{call['call_id']}-B"} for call in calls]


def expected_k06(
    offices=OFFICES, repeat: int = 1, county: str | None = None, office: str | None = None
) -> tuple[int, int]:
    """(answered, query calls made) counted from the dataset's own definition."""
    flags = [
        flag
        for c, o, _, answered in offices
        for flag in answered
        if (county is None or c == county) and (office is None or o == office)
    ] * repeat
    return sum(flags), len(flags)


def write_dataset(folder: Path, calls: list[dict], name: str = "calls.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_jsonl(folder / name, calls)


def docx_part(path: Path, part: str = "word/document.xml"):
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(part))


def plain(text: str) -> str:
    """Text as a reader sees it: the report's no-break spaces («6 av 44», «95 %») as spaces."""
    return text.replace("\u00a0", " ")


def lines(section) -> list[str]:
    """The text of a document section's own blocks (not its subsections), `plain`: a line per
    paragraph, placeholder and list item; a table as its caption."""
    from tilsyn.report import document as d

    out = []
    for block in section.blocks:
        if isinstance(block, d.Paragraph):
            out.append(d.plain(block.content))
        elif isinstance(block, d.BulletList):
            out += [d.plain(item) for item in block.items]
        elif isinstance(block, d.Placeholder):
            out.append(block.text)
        elif isinstance(block, (d.Table, d.Figure)):
            out.append(block.caption)
    return [plain(line) for line in out]


def docx_paragraphs(path: Path) -> list[str]:
    """The text of every paragraph of the body, in order (table cells included), `plain`."""
    root = docx_part(path)
    return [plain("".join(t.text or "" for t in p.iter(f"{W}t"))) for p in root.iter(f"{W}p")]


def docx_section(path: Path, heading: str, level: int = 1) -> list[str]:
    """The paragraphs under the heading (style Heading1 to Heading3) up to the next of its level
    or higher; the table of contents, which repeats the headings, is skipped."""
    levels = {f"Heading{n}": n for n in (1, 2, 3)}
    inside, found = False, []
    for p in docx_part(path).iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        rank = levels.get(style.get(f"{W}val")) if style is not None else None
        text = plain("".join(t.text or "" for t in p.iter(f"{W}t")))
        if rank is not None and rank <= level and inside:
            break
        if rank == level and text == heading:
            inside = True
        elif inside:
            found.append(text)
    return found


def docx_text(path: Path) -> str:
    return "\n".join(docx_paragraphs(path))


def docx_text_of(path: Path, part: str) -> str:
    """The text of another part of the package (a header: word/header1.xml), `plain`."""
    return plain("".join(t.text or "" for t in docx_part(path, part).iter(f"{W}t")))


def words(text: str) -> set[str]:
    """Lower-case words of letters only (jinja names in {{ }} left out)."""
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", text)
    return {w.casefold() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text)}
