"""Build the Word report templates report-nb.docx, report-nn.docx and report-en.docx.

    python templates/build_templates.py            # writes templates/report-<lang>.docx
    python templates/build_templates.py --check    # exit 1 if a committed template is stale

Each template is an ordinary Word document that gives a report its look (pandoc calls it a
reference document): styles (Normal, Heading 1-3, Caption, Table Text, Letterhead ...), an A4
page with a letterhead area on the first page, a header marked as a draft, page numbers, and a
landscape section for the appendices. Its body is a specimen of every style; the report
replaces it. An organisation can restyle a copy in Word (fonts, colours, logo in the
letterhead) and pass it with `tilsyn report --template`. The output is byte-for-byte
reproducible: same text files, same templates.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tomllib
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from tilsyn.report.docx.xml import set_language, set_properties, set_update_fields, stable_zip

HERE = Path(__file__).resolve().parent
LANGS = ("nb", "nn", "en")
BUILT = dt.datetime(2024, 1, 1)  # fixed document dates: the template changes only with its text
FONT = "Calibri"


def _style(
    doc,
    name: str,
    base: str = "Normal",
    size: float | None = None,
    bold: bool = False,
    kind=WD_STYLE_TYPE.PARAGRAPH,
):
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, kind)
        style.base_style = doc.styles[base]
    style.quick_style = True
    if size:
        style.font.size = Pt(size)
    if bold:
        style.font.bold = True
    return style


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.widow_control = True  # no page starts or ends with a stray line
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
        heading = doc.styles[name]
        heading.font.name = FONT
        heading.font.size = Pt(size)
        heading.font.color.rgb = RGBColor(0x1F, 0x2A, 0x44)
        heading.paragraph_format.keep_with_next = True
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(18)
    caption = doc.styles["Caption"]
    caption.font.size = Pt(9)
    caption.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    caption.paragraph_format.keep_with_next = True
    _style(doc, "TOC 1").paragraph_format.space_after = Pt(2)
    toc2 = _style(doc, "TOC 2")
    toc2.paragraph_format.left_indent = Cm(0.6)
    toc2.paragraph_format.space_after = Pt(2)
    _style(doc, "Letterhead", size=14, bold=True)
    draft = _style(doc, "Draft Mark", size=24, bold=True)
    draft.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    draft.paragraph_format.space_after = Pt(24)
    for name, size in (
        ("Table Text", 9),
        ("Table Heading", 9),
        ("Scorecard Text", 7),
        ("Scorecard Heading", 7),
    ):
        style = _style(doc, name, size=size, bold=name.endswith("Heading"))
        style.paragraph_format.space_after = Pt(0)
    figure = _style(doc, "Figure")
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.keep_with_next = True
    _style(doc, "Note", size=9)
    # The text the inspector replaces: red on yellow, found at a glance and seen on paper.
    placeholder = _style(doc, "Placeholder", bold=True)
    placeholder.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    shading = OxmlElement("w:shd")
    for name, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "FFF200")):
        shading.set(qn(name), value)
    placeholder.element.get_or_add_pPr().append(shading)


def _one_font(doc) -> None:
    """Every text in the body font: the theme's fonts (which charts and Word's defaults take,
    `+mn-lt`) and the document defaults name it too, so no text falls back to the theme's
    Cambria (a serif) where Calibri is missing; LibreOffice then uses Carlito, and without it
    one sans-serif for all text."""
    theme = doc.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
    )
    xml = theme.blob.decode("utf-8")
    for kind in ("majorFont", "minorFont"):
        start = xml.index(f"<a:{kind}>")
        latin = xml.index("<a:latin ", start)
        end = xml.index("/>", latin)
        xml = xml[:latin] + f'<a:latin typeface="{FONT}"' + xml[end:]
    theme._blob = xml.encode("utf-8")
    _font_table_says_sans(doc)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    for side in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{side}"), FONT)


def _font_table_says_sans(doc) -> None:
    """The font table names the body font's kind (swiss: a sans-serif) and its metric twin
    (Carlito), so LibreOffice without either picks a sans-serif, not DejaVu Serif."""
    from lxml import etree

    part = doc.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    )
    root = etree.fromstring(part.blob)
    for font in root.iter(qn("w:font")):
        if font.get(qn("w:name")) == FONT:
            family = font.find(qn("w:family"))
            if family is not None:
                family.set(qn("w:val"), "swiss")
            if font.find(qn("w:altName")) is None:
                alternative = etree.Element(qn("w:altName"))
                alternative.set(qn("w:val"), "Carlito")
                font.insert(0, alternative)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _field(paragraph, instruction: str, result: str) -> None:
    """A simple field (PAGE, NUMPAGES, SEQ) showing `result` until Word updates it."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = result
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


HEADING_LIST = 90  # the numId of the headings' list (1, 1.1), clear of python-docx's own


def _heading_numbering(doc) -> None:
    """Number Heading 1 and 2 (1, 1.1) through their styles, so Word's navigation pane, the
    TOC and LibreOffice all show the numbers; a heading sets numId 0 to stay unnumbered."""
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(HEADING_LIST))
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "multilevel")
    abstract.append(multi)
    for level, text in ((0, "%1"), (1, "%1.%2")):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (
            ("w:start", "1"),
            ("w:numFmt", "decimal"),
            ("w:pStyle", f"Heading{level + 1}"),
            ("w:lvlText", text),
            ("w:lvlJc", "left"),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        ppr = OxmlElement("w:pPr")
        indent = OxmlElement("w:ind")
        indent.set(qn("w:left"), "680" if level == 0 else "851")
        indent.set(qn("w:hanging"), "680" if level == 0 else "851")
        ppr.append(indent)
        lvl.append(ppr)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(HEADING_LIST))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(HEADING_LIST))
    num.append(ref)
    numbering.append(num)
    for level in (1, 2):
        _number(doc.styles[f"Heading {level}"], HEADING_LIST, level - 1)
    _number(doc.styles["TOC Heading"], 0)  # based on Heading 1, but not a chapter


def _number(item, num_id: int, level: int | None = None) -> None:
    """Give a style or paragraph the list `num_id` (0: none) at `level`."""
    ppr = item.element.get_or_add_pPr() if hasattr(item, "style_id") else item._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    if level is not None:
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), str(level))
        numpr.append(ilvl)
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    numpr.append(num)
    ppr.insert_element_before(numpr, *_AFTER_NUMPR)


# The elements of w:pPr that follow w:numPr in the schema's order.
_AFTER_NUMPR = (
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


class _Builder:
    def __init__(self, lang: str):
        self.lang = lang
        self.text = tomllib.loads((HERE / lang / "report.toml").read_text(encoding="utf-8"))
        self.doc = Document()

    def p(self, text: str = "", style: str = "Normal"):
        return self.doc.add_paragraph(text, style)

    def build(self) -> bytes:
        doc = self.doc
        _styles(doc)
        _one_font(doc)
        _heading_numbering(doc)
        self.styles_table()
        section = doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
        section.different_first_page_header_footer = True
        section.first_page_header.paragraphs[0].text = "{{ doc.letterhead }}"
        section.first_page_header.paragraphs[0].style = doc.styles["Letterhead"]
        header = section.header.paragraphs[0]
        header.text = "{{ doc.draft }} – {{ doc.title }}"
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        before, middle_after = self.text["page"]["footer"].split("{page}")
        middle, after = middle_after.split("{pages}")
        footer.add_run(before)
        _field(footer, "PAGE", "1")
        footer.add_run(middle)
        _field(footer, "NUMPAGES", "1")
        footer.add_run(after)
        self.specimen()
        self.appendix_section()
        set_language(doc, self.text["language_tag"])
        set_update_fields(doc)
        set_properties(
            doc,
            title="{{ doc.title }}",
            subject="{{ doc.subtitle }}",
            language=self.text["language_tag"],
            when=BUILT,
        )
        out = io.BytesIO()
        doc.save(out)
        return stable_zip(out.getvalue(), BUILT)

    def styles_table(self) -> None:
        style = _style(self.doc, "Tilsyn Table", base="Table Grid", kind=WD_STYLE_TYPE.TABLE)
        first_row = OxmlElement("w:tblStylePr")
        first_row.set(qn("w:type"), "firstRow")
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        first_row.append(rpr)
        tcpr = OxmlElement("w:tcPr")
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), "E7E6E6")
        tcpr.append(shading)
        first_row.append(tcpr)
        style.element.append(first_row)

    def specimen(self) -> None:
        """A paragraph in each style the report uses, named by the style, for whoever restyles
        the template in Word; the report replaces the body and keeps the styles and pages."""
        words = self.text["template"]
        self.p(self.text["draft"], "Draft Mark")
        self.p(words["title"], "Title")
        self.p(words["about"])
        for style in SPECIMEN_STYLES:
            self.p(style, style)
        table = self.doc.add_table(rows=2, cols=2)
        table.style = self.doc.styles["Tilsyn Table"]
        for row, style in zip(table.rows, ("Table Heading", "Table Text"), strict=True):
            for cell in row.cells:
                cell.paragraphs[0].text = style
                cell.paragraphs[0].style = self.doc.styles[style]
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))

    def appendix_section(self) -> None:
        """The appendices' section: landscape, for the wide tables."""
        section = self.doc.add_section()
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(1.5))
        section.different_first_page_header_footer = False
        self.p(self.text["template"]["appendices"], "Heading 1")


# Every paragraph style the report's writer uses (tilsyn/report/docx/blocks.py and writer.py).
SPECIMEN_STYLES = (
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Normal",
    "List Bullet",
    "Caption",
    "Figure",
    "Note",
    "Placeholder",
    "Scorecard Text",
    "Scorecard Heading",
    "TOC Heading",
    "TOC 1",
    "TOC 2",
)


def build(lang: str) -> bytes:
    return _Builder(lang).build()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare with the committed templates instead of writing them",
    )
    args = parser.parse_args(argv)
    stale = []
    for lang in LANGS:
        path = HERE / f"report-{lang}.docx"
        data = build(lang)
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(path.name)
        else:
            path.write_bytes(data)
            print(f"wrote {path}")
    if stale:
        print(
            f"out of date: {', '.join(stale)}; run python templates/build_templates.py",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
