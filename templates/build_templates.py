"""Build the Word report templates report-nb.docx, report-nn.docx and report-en.docx.

    python templates/build_templates.py            # writes templates/report-<lang>.docx
    python templates/build_templates.py --check    # exit 1 if a committed template is stale

Each template is an ordinary Word document: styles (Normal, Heading 1-2, Caption, Table Text,
Letterhead ...), an A4 page with a letterhead area on the first page, a header marked as a draft,
page numbers, a table of contents field, and the report's layout with jinja2 tags (docxtpl)
where the data go. Headings and column labels come from <lang>/report.toml. An organisation can
restyle a copy in Word (fonts, colours, logo in the letterhead) and pass it with
`tilsyn report --template`, as long as the {{ }} and {% %} tags stay. The output is byte-for-byte
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
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from tilsyn.i18n import STATUSES, status_label
from tilsyn.report.docx_xml import set_language, set_properties, set_update_fields, stable_zip

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
    for name, size in (("Heading 1", 16), ("Heading 2", 13)):
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
    for name, size in (("Table Text", 9), ("Table Heading", 9), ("Scorecard Text", 7)):
        style = _style(doc, name, size=size, bold=name == "Table Heading")
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


def _complex_field(paragraph, instruction: str, placeholder: str) -> None:
    """A field that spans runs (the table of contents): begin, code, separate, result, end."""

    def run_with(child):
        run = OxmlElement("w:r")
        run.append(child)
        paragraph._p.append(run)

    for kind, extra in (
        ("begin", None),
        (None, instruction),
        ("separate", None),
        (None, None),
        ("end", None),
    ):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run_with(char)
        elif extra:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {extra} "
            run_with(code)
        else:
            text = OxmlElement("w:t")
            text.text = placeholder
            run_with(text)


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
        self.h = self.text["headings"]
        self.label = self.text["labels"]

    def p(self, text: str = "", style: str = "Normal"):
        return self.doc.add_paragraph(text, style)

    def ctrl(self, tag: str) -> None:
        self.doc.add_paragraph(f"{{%p {tag} %}}")

    def labelled(self, label: str, value: str) -> None:
        paragraph = self.p()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)

    def caption(self, kind: str, item: str) -> None:
        paragraph = self.p(f"{self.label[kind]} ", "Caption")
        _field(paragraph, f"SEQ {self.label[kind]} \\* ARABIC", f"{{{{ {item}.number }}}}")
        paragraph.add_run(f": {{{{ {item}.caption }}}}")

    def figure(self, item: str) -> None:
        self.ctrl(f"if {item}")
        self.p(f"{{{{ {item}.image }}}}", "Figure")
        self.caption("figure", item)
        self.ctrl("endif")

    def table(
        self,
        headers: list[str],
        cells: list[str],
        widths: list[float],
        loop: str,
        total: list[str] | None = None,
        cell_style: str = "Table Text",
        column_loop: tuple[str, str, str, str] | None = None,
    ) -> None:
        """A table with a repeating header row, one row per item of `loop`, an optional total.

        `column_loop` (header loop, header cell, body loop, body cell) adds a column per item
        after the fixed ones; its cells are as wide as the last of `widths`.
        """
        count = len(headers) + (3 if column_loop else 0)
        table = self.doc.add_table(rows=4 + (1 if total else 0), cols=count)
        table.style = self.doc.styles["Tilsyn Table"]
        header_texts = list(headers)
        body_texts = list(cells)
        cell_widths = list(widths)
        if column_loop:
            header_texts += [f"{{%tc for {column_loop[0]} %}}", column_loop[1], "{%tc endfor %}"]
            body_texts += [f"{{%tc for {column_loop[2]} %}}", column_loop[3], "{%tc endfor %}"]
            cell_widths += [widths[-1]] * 3
        row_texts = [
            header_texts,
            [f"{{%tr for {loop} %}}"] + [""] * (count - 1),
            body_texts,
            ["{%tr endfor %}"] + [""] * (count - 1),
        ]
        if total:
            row_texts.append(total)
        for row, texts in zip(table.rows, row_texts, strict=False):
            for cell, text, width in zip(row.cells, texts, cell_widths, strict=False):
                cell.width = Cm(width)
                paragraph = cell.paragraphs[0]
                paragraph.text = text
                paragraph.style = self.doc.styles[
                    "Table Heading"
                    if row is table.rows[0] or (total and texts is total)
                    else cell_style
                ]
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for row in table.rows[1:]:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))

    # -- the document

    def build(self) -> bytes:
        doc = self.doc
        _styles(doc)
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
        self.title_page()
        self.body()
        self.appendices()
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

    def title_page(self) -> None:
        self.p("{{ doc.draft }}", "Draft Mark")
        self.p("{{ doc.title }}", "Title")
        self.p("{{ doc.subtitle }}", "Subtitle")
        # No internal ids on the cover: the criteria catalogue is named under Method.
        for key, value in (
            ("survey", "doc.survey_name"),
            ("scope", "doc.scope_label"),
            ("period", "doc.period"),
            ("date", "doc.date"),
        ):
            self.labelled(self.label[key], f"{{{{ {value} }}}}")
        self.p().add_run().add_break(WD_BREAK.PAGE)
        self.p(self.h["toc"], "TOC Heading")
        _complex_field(
            self.p(style="TOC 1"), 'TOC \\o "1-2" \\h \\z \\u', self.text["page"]["toc_placeholder"]
        )
        self.p().add_run().add_break(WD_BREAK.PAGE)

    def each(self, items: str, style: str = "Normal") -> None:
        """A paragraph per text in `items`."""
        self.ctrl(f"for s in {items}")
        self.p("{{ s }}", style)
        self.ctrl("endfor")

    def listed(
        self,
        item: str,
        headers: list[str],
        cells: list[str],
        widths: list[float],
        *,
        when: str | None = None,
        **options,
    ) -> None:
        """`item`'s caption and table, a row per `item.rows`; only if `when` holds, if given."""
        if when:
            self.ctrl(f"if {when}")
        self.caption("table", item)
        self.table(headers, cells, widths, f"r in {item}.rows", **options)
        if when:
            self.ctrl("endif")

    def counted(self, item: str, first_header: str) -> None:
        """`item`'s caption and a table of counts per status, share and interval per row."""
        statuses = [status_label(s, self.lang).capitalize() for s in STATUSES]
        self.listed(
            item,
            [first_header, *statuses, self.label["share"], self.label["ci"]],
            [
                "{{ r.label }}",
                "{{ r.passed }}",
                "{{ r.failed }}",
                "{{ r.not_applicable }}",
                "{{ r.not_answered }}",
                "{{ r.share }}",
                "{{ r.ci }}",
            ],
            [5.0, 1.6, 1.8, 1.8, 1.8, 2.0, 2.0],
        )

    def heading(self, text: str, level: int = 1, numbered: bool = True):
        """A heading in Word's heading style (navigation, TOC); numbered 1, 1.1 ... unless not."""
        paragraph = self.p(text, f"Heading {level}")
        if not numbered:
            _number(paragraph, 0)
        return paragraph

    def body(self) -> None:
        h, label = self.h, self.label
        self.heading(h["summary"], numbered=False)
        self.p("{{ summary.overall }}")
        self.ctrl("if summary.intro")
        self.p("{{ summary.intro }}")
        self.ctrl("endif")
        self.each("summary.points", "List Bullet")

        self.heading(h["introduction"])
        self.each("introduction.paragraphs")
        self.heading(h["legal"])
        self.p("{{ legal.intro }}")
        self.each("legal.lines", "List Bullet")

        self.heading(h["method_data"])
        self.heading(h["data"], 2)
        self.p("{{ about.data }}")
        self.listed(
            "about.groups",
            ["{{ about.groups.header }}", label["count"]],
            ["{{ r.label }}", "{{ r.count }}"],
            [8.0, 3.0],
            total=["{{ about.groups.total_label }}", "{{ about.groups.total }}"],
        )
        self.heading(h["catalogue"], 2)
        self.p("{{ about.catalogue }}")
        self.listed(
            "about.parameters",
            [label["parameter"], label["value"], label["default"]],
            ["{{ r.label }}", "{{ r.value }}", "{{ r.default }}"],
            [9.0, 3.0, 3.0],
            when="about.parameters",
        )
        self.heading(h["excluded"], 2)
        self.p("{{ about.excluded_text }}")
        self.listed(
            "about.excluded",
            [label["id"], label["file"], label["reason"]],
            ["{{ r.id }}", "{{ r.file }}", "{{ r.reason }}"],
            [2.5, 5.5, 8.0],
            when="about.excluded",
        )
        self.heading(h["method"], 2)
        self.each("about.method")

        self.heading(h["findings"])
        self.p("{{ findings.intro }}")
        self.figure("findings.figure")
        self.counted("findings.table", label["criterion"])
        self.p("{{ findings.small_note }}", "Note")
        self.distributions()
        self.ctrl("if findings.compact")  # a handful of records: a line per criterion
        self.ctrl("for c in findings.criteria")
        self.p(
            "{{ c.heading }}: {{ c.result }}{% if c.beside_areas %} {{ c.beside_areas }}"
            "{% endif %}",
            "List Bullet",
        )
        self.ctrl("endfor")
        self.ctrl("else")
        self.ctrl("for c in findings.criteria")
        self.heading("{{ c.heading }}", 2)
        self.p("{{ c.rationale }}")
        self.labelled(label["legal_basis"], "{{ c.legal_basis }}")
        self.labelled(label["recommendations"], "{{ c.recommendations }}")
        self.p("{{ c.result }}")
        self.ctrl("if c.beside_areas")
        self.p("{{ c.beside_areas }}")
        self.ctrl("endif")
        self.ctrl("if c.comparison")
        self.p("{{ c.comparison }}")
        self.ctrl("endif")
        self.figure("c.figure")
        self.beside()
        self.ctrl("endfor")
        self.ctrl("endif")

        self.ctrl("if developments")
        self.heading("{{ developments.heading }}")
        self.each("developments.sentences")
        self.ctrl("endif")

        self.heading(h["assessment"])
        self.p("{{ assessment.intro }}")
        self.ctrl("for s in assessment.sections")
        self.heading("{{ s.heading }}", 2)
        self.ctrl("if s.basis")
        self.p("{{ s.basis }}")
        self.ctrl("endif")
        self.p("{{ assessment.placeholder }}", "Placeholder")
        self.ctrl("endfor")

        self.heading(h["conclusion"])
        self.p("{{ conclusion.placeholder }}", "Placeholder")
        self.p("{{ conclusion.intro }}")
        self.ctrl("for r in conclusion.entries")
        self.heading("{{ r.heading }}", 2)
        self.p("{{ r.text }}")
        self.ctrl("if r.source")
        self.labelled(label["source"], "{{ r.source }}")
        self.ctrl("endif")
        self.labelled(label["basis"], "{{ r.status }}")
        self.ctrl("for e in r.evidence")
        self.p("{{ e }}", "List Bullet")
        self.ctrl("endfor")
        self.ctrl("endfor")

    def distributions(self) -> None:
        """A number field by bands (office opening hours), when the survey's report has one."""
        self.ctrl("for d in findings.distributions")
        self.p("{{ d.heading }}", "Heading 2")
        self.p("{{ d.intro }}")
        self.each("d.sentences", "List Bullet")
        self.figure("d.figure")
        self.listed(
            "d.table",
            [f"{{{{ d.table.headers[{i}] }}}}" for i in range(4)],
            ["{{ r.label }}", "{{ r.count }}", "{{ r.share }}", "{{ r.ci }}"],
            [6.0, 3.0, 2.5, 3.0],
            total=["{{ d.table.total_label }}", "{{ d.table.total }}", "", ""],
        )
        self.ctrl("endfor")

    def beside(self) -> None:
        """Another survey's result beside this criterion, record by record (K06 beside O04)."""
        self.ctrl("if c.beside")
        self.p("{{ c.beside.intro }}")
        self.listed(
            "c.beside",
            [f"{{{{ c.beside.headers[{i}] }}}}" for i in range(4)],
            [f"{{{{ r.cells[{i}] }}}}" for i in range(4)],
            [4.5, 2.5, 4.0, 4.5],
        )
        self.ctrl("endif")

    def appendices(self) -> None:
        label = self.label
        section = self.doc.add_section()
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(1.5))
        section.different_first_page_header_footer = False
        self.heading("{{ appendix.headings.catalogue }}", numbered=False)
        self.listed(
            "appendix.catalogue",
            [
                label["id"],
                label["criterion"],
                label["rationale"],
                label["legal_basis"],
                label["recommendations"],
                label["severity"],
            ],
            [
                "{{ r.id }}",
                "{{ r.title }}",
                "{{ r.rationale }}",
                "{{ r.legal_basis }}",
                "{{ r.recommendations }}",
                "{{ r.severity }}",
            ],
            [1.3, 5.0, 9.2, 5.4, 2.6, 3.2],
        )
        self.ctrl("if appendix.matrix")
        self.heading("{{ appendix.headings.matrix }}", numbered=False)
        self.p("{{ appendix.matrix.intro }}")
        self.listed(
            "appendix.matrix",
            ["{{ appendix.matrix.header }}"],
            ["{{ r.id }}"],
            [2.1, 2.1],
            column_loop=(
                "c in appendix.matrix.columns",
                "{{ c }}",
                "cell in r.cells",
                "{{ cell }}",
            ),
        )
        self.ctrl("endif")
        self.heading("{{ appendix.headings.scorecard }}", numbered=False)
        self.p("{{ appendix.scorecard.intro }}")
        self.listed(
            "appendix.scorecard",
            [label["id"], label["office"]],
            ["{{ r.id }}", "{{ r.office }}"],
            [1.8, 3.3, 1.44],
            cell_style="Scorecard Text",
            column_loop=(
                "c in appendix.scorecard.criteria",
                "{{ c }}",
                "cell in r.cells",
                "{{ cell }}",
            ),
        )
        self.ctrl("if appendix.assessed")
        self.heading("{{ appendix.headings.assessed }}", numbered=False)
        self.listed(
            "appendix.assessed",
            [f"{{{{ appendix.assessed.headers[{i}] }}}}" for i in range(7)],
            [f"{{{{ r.cells[{i}] }}}}" for i in range(7)],
            [2.5, 2.0, 3.2, 3.2, 10.0, 2.5, 2.5],
        )
        self.ctrl("endif")
        self.ctrl("if appendix.free_text")
        self.heading("{{ appendix.headings.free_text }}", numbered=False)
        self.p("{{ appendix.free_text.intro }}")
        self.listed(
            "appendix.free_text",
            [label["id"], label["field"], label["text"]],
            ["{{ r.id }}", "{{ r.field }}", "{{ r.text }}"],
            [2.5, 4.5, 19.7],
            when="appendix.free_text.rows",
        )
        self.ctrl("endif")


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
