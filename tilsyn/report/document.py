"""The report as a document: a format-neutral tree that every writer renders the same way.

Modelled on pandoc's AST and docutils' doctree: a `Document` holds its metadata and sections;
a `Section` has a title, blocks and subsections (its depth is its heading level); blocks are
paragraphs, bullet lists, tables, figures and placeholders; a paragraph holds inlines: text,
emphasis, strong text and cross-references to a table, figure or section by its id. The
content modules (`tilsyn.report.content`) decide every word and number once; a writer
(`tilsyn.report.docx`, `tilsyn.report.html`, `tilsyn.report.text`) only lays the tree out, so
a new format is a new writer and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union

from tilsyn.report.chart import BarChart


@dataclass(frozen=True)
class Emph:
    """Emphasised text (italics in print)."""

    content: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    """Strong text (bold in print), such as the label before a value."""

    content: tuple[Inline, ...]


@dataclass(frozen=True)
class Foreign:
    """A passage in another language than the document's («spørreanrop» quoted in an English
    report): its BCP 47 tag, so a screen reader pronounces it in that language."""

    lang: str
    content: tuple[Inline, ...]


@dataclass(frozen=True)
class Ref:
    """A cross-reference («Tabell 3», «Vedlegg 2»): `text` as read, `target` the id it names."""

    target: str
    text: str


Inline = Union[str, Emph, Strong, Foreign, Ref]


@dataclass
class Paragraph:
    """A paragraph of running text; `role` "note" for the small print under a table,
    "caption" for the caption of a picture."""

    content: list[Inline]
    role: str = "body"


@dataclass
class BulletList:
    """A list, each item a line of inlines; `ordered` when the order carries meaning."""

    items: list[list[Inline]]
    ordered: bool = False


@dataclass
class Placeholder:
    """Text the author must replace before the report goes out («[Skriv vurderingen …]»)."""

    text: str


@dataclass
class Table:
    """A numbered table with a caption, one header row and body rows of text cells.

    `widths` are relative column widths (a writer scales them to its page); `total` is a last
    row that sums the others; `dense` asks for small type (a scorecard of many columns);
    `row_headers` says the first column names each row (a criterion, a county).
    """

    id: str
    number: int
    caption: str
    header: list[str]
    rows: list[list[str]]
    widths: list[float]
    total: list[str] | None = None
    dense: bool = False
    row_headers: bool = True


@dataclass
class Figure:
    """A numbered chart with its caption and a text alternative that states its numbers."""

    id: str
    number: int
    caption: str
    alt: str
    chart: BarChart


@dataclass
class Picture:
    """A picture the author put in the document (a photo, a map): its bytes, their media type
    (image/png) and its text alternative; `width` in centimetres as it was laid out."""

    data: bytes
    media_type: str
    alt: str
    width: float = 0.0


Block = Union[Paragraph, BulletList, Placeholder, Table, Figure, Picture]


@dataclass
class Section:
    """A titled part of the document; `numbered` False for the summary and the appendices."""

    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    numbered: bool = True


@dataclass
class Meta:
    """What a document says about itself: on its cover, in its properties and page headers.

    `draft` is the marking of a draft («UTKAST»), "" when the document is final; `cover` the
    labelled lines under the title (survey, scope, period, date); `language_tag` the BCP 47
    tag (nb-NO, nn-NO, en-GB); `series` the line under the subtitle that names the report's
    series and number, "" when the report has no number yet.
    """

    title: str
    subtitle: str
    lang: str
    language_tag: str
    draft: str = ""
    letterhead: str = ""
    cover: list[tuple[str, str]] = field(default_factory=list)
    contents: str = ""  # the heading of the table of contents
    subject: str = ""
    captions: dict[str, str] = field(default_factory=dict)  # "table" -> «Tabell», "figure" -> …
    author: str = ""  # the institution that writes the report (Statens helsetilsyn)
    series: str = ""  # the series and number («Rapport fra Helsetilsynet 5/2027»), if given


@dataclass
class Document:
    """The whole report: metadata, the numbered body and the appendices after it."""

    meta: Meta
    sections: list[Section]
    appendices: list[Section] = field(default_factory=list)

    def walk(self) -> Iterator[tuple[int, Section]]:
        """Every section with its depth (1 for a chapter), in reading order."""

        def down(sections: list[Section], depth: int) -> Iterator[tuple[int, Section]]:
            for section in sections:
                yield depth, section
                yield from down(section.sections, depth + 1)

        yield from down(self.sections, 1)
        yield from down(self.appendices, 1)

    def section(self, section_id: str) -> Section | None:
        return next((s for _, s in self.walk() if s.id == section_id), None)

    def blocks(self, kind: type | None = None) -> Iterator[Block]:
        """Every block in reading order, or only those of `kind`."""
        for _, section in self.walk():
            for block in section.blocks:
                if kind is None or isinstance(block, kind):
                    yield block

    def runs(self) -> Iterator[list[Inline]]:
        """Every line of running text (a paragraph, a list item), to read or to rewrite."""
        for block in self.blocks():
            if isinstance(block, Paragraph):
                yield block.content
            elif isinstance(block, BulletList):
                yield from block.items

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.blocks(Table) if t.id == table_id), None)

    @property
    def figures(self) -> list[Figure]:
        return list(self.blocks(Figure))


def plain(content: list[Inline] | tuple[Inline, ...]) -> str:
    """The text of inlines as read, without their markup."""
    out = []
    for item in content:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, Ref):
            out.append(item.text)
        else:
            out.append(plain(item.content))
    return "".join(out)


def labelled(label: str, value: str) -> Paragraph:
    """«Rettslig grunnlag: sosialtjenesteloven § 4»: the label strong, then the value."""
    return Paragraph([Strong((f"{label}: ",)), value])
