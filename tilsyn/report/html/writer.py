"""The document tree as one self-contained web page: no script, no network, one stylesheet inside.

Written for WCAG 2.1 AA and checked by axe-core in the tests: the page's language and that of
any quoted passage (`Foreign`), landmarks (banner, navigation, main), a heading outline with a
linked table of contents, tables with captions and header cells with scope, charts as inline
SVG named by their text alternative with their numbers in a table beside them, placeholders
marked in words as well as colour, and print CSS. The page's own words (the skip link, the
placeholder's flag) come from `[page]` in templates/<lang>/report.toml.
"""

from __future__ import annotations

import base64
import datetime as dt
from functools import cache
from html import escape
from importlib import resources

from tilsyn.i18n import LANGS
from tilsyn.numbers import format_interval, format_percent
from tilsyn.report.document import (
    BulletList,
    Document,
    Emph,
    Figure,
    Foreign,
    Inline,
    Paragraph,
    Picture,
    Placeholder,
    Ref,
    Section,
    Strong,
    Table,
)
from tilsyn.report.html.svg import bar_rows, chart_svg

WIDE = 6  # columns from which a table scrolls sideways on its own, not the page


@cache
def stylesheet() -> str:
    return resources.files("tilsyn.report.html").joinpath("report.css").read_text(encoding="utf-8")


def page_words(lang: str) -> dict[str, str]:
    """The page's own words in `lang` (bokmål for a language tilsyn does not speak)."""
    from tilsyn.texts import load_texts

    return load_texts(lang if lang in LANGS else "nb", "report.toml").get("page", {})


def inlines(content: list[Inline] | tuple[Inline, ...]) -> str:
    out = []
    for item in content:
        if isinstance(item, str):
            out.append(escape(item).replace("\n", "<br>").replace("\t", " "))
        elif isinstance(item, Strong):
            out.append(f"<strong>{inlines(item.content)}</strong>")
        elif isinstance(item, Emph):
            out.append(f"<em>{inlines(item.content)}</em>")
        elif isinstance(item, Foreign):
            out.append(f'<span lang="{escape(item.lang)}">{inlines(item.content)}</span>')
        elif isinstance(item, Ref):
            out.append(f'<a href="#{escape(item.target)}">{escape(item.text)}</a>')
    return "".join(out)


class _Page:
    """Writes one document: `numbers` holds each numbered section's «2.1», for its heading
    and the table of contents alike."""

    def __init__(self, document: Document):
        self.document = document
        self.meta = document.meta
        self.words = page_words(document.meta.lang)
        self.numbers = _numbers(document)

    def label(self, kind: str, number: int, caption: str) -> str:
        word = self.meta.captions.get(kind, "")
        return escape(f"{word} {number}: {caption}" if word else caption)

    def title(self, section: Section) -> str:
        number = self.numbers.get(id(section))
        prefix = f'<span class="number">{number}</span>' if number else ""
        return prefix + escape(section.title)

    # -- blocks

    def block(self, block: object) -> str:
        if isinstance(block, Paragraph):
            role = f' class="{block.role}"' if block.role != "body" else ""
            return f"<p{role}>{inlines(block.content)}</p>"
        if isinstance(block, BulletList):
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{inlines(item)}</li>" for item in block.items)
            return f"<{tag}>{items}</{tag}>"
        if isinstance(block, Placeholder):
            flag = escape(self.words.get("placeholder", ""))
            return (
                f'<p class="placeholder"><span class="flag">{flag}:</span>{escape(block.text)}</p>'
            )
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Figure):
            return self.figure(block)
        if isinstance(block, Picture):
            data = base64.b64encode(block.data).decode("ascii")
            width = f' style="width: {block.width:.1f}cm"' if block.width else ""
            return (
                f'<figure class="picture"><img src="data:{escape(block.media_type)};base64,'
                f'{data}" alt="{escape(block.alt)}"{width}></figure>'
            )
        raise TypeError(f"not a block: {block!r}")

    def table(self, table: Table) -> str:
        caption_id = f"{table.id}-caption"
        rows = "".join(_row(cells, table.row_headers) for cells in table.rows)
        head = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in table.header)
        foot = f"<tfoot>{_row(table.total, True)}</tfoot>" if table.total else ""
        dense = ' class="dense"' if table.dense else ""
        html = (
            f'<table id="{escape(table.id)}"{dense}><caption id="{escape(caption_id)}">'
            f"{self.label('table', table.number, table.caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody>{foot}</table>"
        )
        if len(table.header) < WIDE:
            return html
        return (
            f'<div class="table-wrap" role="region" tabindex="0" '
            f'aria-labelledby="{escape(caption_id)}">{html}</div>'
        )

    def figure(self, figure: Figure) -> str:
        """The chart, its caption and its numbers as a table (the same rows, in words)."""
        chart, lang = figure.chart, self.meta.lang
        rows = [
            [label, format_percent(share, lang, 0) if value is None else value]
            + [format_interval(interval, lang, 0)]
            for label, share, interval, value in bar_rows(chart)
        ]
        head = [chart.columns[0], chart.axis, chart.interval_label]
        if chart.more:  # a share and an interval per series, named by the series
            rows = [
                [label]
                + [
                    cell
                    for one in chart.series
                    for cell in (one.values[i], format_interval(one.intervals[i], lang, 0))
                ]
                for i, label in enumerate(chart.labels)
            ]
            head = [chart.columns[0]] + [
                f"{one.name}: {word}"
                for one in chart.series
                for word in (chart.axis, chart.interval_label)
            ]
        caption = self.words.get("chart_numbers", "{number}").format(number=figure.number)
        body = "".join(_row(cells, True) for cells in rows)
        head_cells = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in head)
        return (
            f'<figure id="{escape(figure.id)}"><figcaption>'
            f"{self.label('figure', figure.number, figure.caption)}</figcaption>"
            f"{chart_svg(chart, f'{figure.id}-alt', figure.alt, lang)}"
            f'<table class="chart-data"><caption>{escape(caption)}</caption>'
            f"<thead><tr>{head_cells}</tr></thead><tbody>{body}</tbody></table></figure>"
        )

    # -- the page

    def section(self, section: Section, depth: int, appendix: bool = False) -> str:
        level = min(depth + 1, 6)
        kind = ' class="appendix"' if appendix else ""
        parts = [
            f'<section{kind}><h{level} id="{escape(section.id)}">{self.title(section)}</h{level}>'
        ]
        parts += [self.block(block) for block in section.blocks]
        parts += [self.section(child, depth + 1) for child in section.sections]
        parts.append("</section>")
        return "".join(parts)

    def contents(self) -> str:
        def items(sections: list[Section], depth: int) -> str:
            out = []
            for section in sections:
                below = items(section.sections, depth + 1) if depth < 2 else ""
                link = f'<a href="#{escape(section.id)}">{self.title(section)}</a>'
                out.append(f"<li>{link}{below}</li>")
            return f"<ol>{''.join(out)}</ol>" if out else ""

        document = self.document
        return (
            f'<nav class="contents" aria-labelledby="contents-heading">'
            f'<h2 id="contents-heading">{escape(self.meta.contents)}</h2>'
            f"{items([*document.sections, *document.appendices], 1)}</nav>"
        )

    def cover(self) -> str:
        meta = self.meta
        parts = ['<header class="cover">']
        if meta.letterhead:
            parts.append(f'<p class="letterhead">{escape(meta.letterhead)}</p>')
        if meta.draft:
            parts.append(f'<p class="draft">{escape(meta.draft)}</p>')
        parts.append(f"<h1>{escape(meta.title)}</h1>")
        if meta.subtitle:
            parts.append(f'<p class="subtitle">{escape(meta.subtitle)}</p>')
        if meta.series:
            parts.append(f'<p class="subtitle">{escape(meta.series)}</p>')
        labelled = [(label, value) for label, value in meta.cover if label]
        if labelled:
            lines = "".join(
                f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in labelled
            )
            parts.append(f'<dl class="cover-lines">{lines}</dl>')
        parts += [f"<p>{escape(value)}</p>" for label, value in meta.cover if not label]
        parts.append("</header>")
        return "".join(parts)

    def page(self, when: dt.datetime | None) -> str:
        meta, document = self.meta, self.document
        title = f"{meta.title} ({meta.draft})" if meta.draft else meta.title
        head = [
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
        ]
        if meta.subject:
            head.append(f'<meta name="description" content="{escape(meta.subject)}">')
        if when is not None:
            head.append(f'<meta name="dcterms.modified" content="{when.date().isoformat()}">')
        body = [self.section(s, 1) for s in document.sections]
        body += [self.section(s, 1, appendix=True) for s in document.appendices]
        skip = escape(self.words.get("skip", ""))
        return (
            f'<!DOCTYPE html>\n<html lang="{escape(meta.lang)}">\n<head>{"".join(head)}'
            f"<style>{stylesheet()}</style></head>\n<body>"
            f'<a class="skip" href="#main">{skip}</a>{self.cover()}{self.contents()}'
            f'<main id="main">{"".join(body)}</main></body>\n</html>\n'
        )


def _row(cells: list[str], row_header: bool) -> str:
    out = []
    for index, cell in enumerate(cells):
        if index == 0 and row_header:
            out.append(f'<th scope="row">{escape(cell)}</th>')
        else:
            out.append(f"<td>{escape(cell)}</td>")
    return f"<tr>{''.join(out)}</tr>"


def _numbers(document: Document) -> dict[int, str]:
    """«1», «1.1» for the numbered chapters and their sections, as Word numbers them."""
    numbers: dict[int, str] = {}
    chapter = 0
    for section in document.sections:
        if not section.numbered:
            continue
        chapter += 1
        numbers[id(section)] = str(chapter)
        sub = 0
        for child in section.sections:
            if child.numbered:
                sub += 1
                numbers[id(child)] = f"{chapter}.{sub}"
    return numbers


def render_html(document: Document, when: dt.datetime | None = None) -> bytes:
    """The page's bytes (UTF-8)."""
    return _Page(document).page(when).encode("utf-8")
