"""Render a report model into a Word template with docxtpl, charts and all.

Autoescaping is on, so `<` or `&` in an office name or a note cannot break the document's XML,
and the jinja2 environment is sandboxed with undefined names as errors, so a user's template
cannot run code and a typo in it is reported rather than left blank.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from tilsyn.report.docx_xml import (
    W_NS,
    fill_table_of_contents,
    regrid_tables,
    set_language,
    set_properties,
    set_update_fields,
    stable_zip,
)
from tilsyn.report.model import Figure, ReportModel
from tilsyn.report.table_layout import fit_tables
from tilsyn.report.text import ReportError

_TEXT_WITH_LISTING = re.compile("<w:t(?: [^>]*)?>[^<]*[\t\a\f\n]")
_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _template_class():
    """docxtpl's DocxTemplate, made fast enough for 10,000-row tables.

    docxtpl moves the rendered body into the old document tree (lxml then fixes namespaces node
    by node: about 4 s per 10,000 scorecard rows) and runs listing regexes over every paragraph
    (5 s) even when no text holds a tab or line break. Parsing the rendered document in one piece and
    skipping the regexes when there is nothing to resolve makes the same render take under 1 s.
    Its clean-up of the template's XML for jinja2 (a dozen regexes over each part) depends on
    the template alone, so it is kept in the user's cache (tilsyn/usercache.py).
    """
    import docxtpl
    from docx.oxml.parser import oxml_parser
    from docxtpl import DocxTemplate
    from lxml import etree

    from tilsyn.usercache import remembered

    class Template(DocxTemplate):
        def patch_xml(self, src_xml):
            return remembered(f"docxtpl-{docxtpl.__version__}", src_xml, super().patch_xml, str)

        def resolve_listing(self, xml):
            return super().resolve_listing(xml) if _TEXT_WITH_LISTING.search(xml) else xml

        def fix_tables(self, xml):
            shell = etree.tostring(self.docx._element, encoding="unicode")
            start = shell.index("<w:body")
            end = shell.rindex("</w:body>") + len("</w:body>")
            return etree.fromstring(shell[:start] + xml + shell[end:], parser=oxml_parser)

        def fix_docpr_ids(self, tree):
            for element in tree.iter(_DOCPR):
                self.docx_ids_index += 1
                element.set("id", str(self.docx_ids_index))

        def map_tree(self, tree):
            self.docx._part._element = tree
            self.docx._element = tree
            self.docx._Document__body = None

    return Template


class ChartDrawing:
    """A figure as a native chart where the template writes `{{ figure.image }}`.

    docxtpl turns the value into text inside a run, as with its InlineImage: the chart part and
    its workbook are added to the part being rendered when the template reaches the figure, and
    the run is split around the drawing.
    """

    def __init__(self, template: Any, figure: Figure, when: dt.datetime):
        self.template, self.figure, self.when = template, figure, when

    def _drawing(self) -> str:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.part import Part

        from tilsyn.report.charts import CHART_TYPE, XLSX_TYPE, chart, inline_xml

        made = chart(self.figure, self.when)
        host = self.template.current_rendering_part
        package = host.package
        chart_part = Part(
            package.next_partname("/word/charts/chart%d.xml"), CHART_TYPE, made.xml, package
        )
        host_rid = host.relate_to(chart_part, RT.CHART)
        workbook = Part(
            package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
            XLSX_TYPE,
            made.workbook,
            package,
        )
        chart_part.relate_to(workbook, RT.PACKAGE)  # rId1, as the chart's externalData says
        inline = inline_xml(
            host_rid, made, self.figure.number, self.figure.caption, self.figure.alt
        )
        return (
            "</w:t></w:r><w:r><w:drawing>%s</w:drawing></w:r><w:r>"
            '<w:t xml:space="preserve">' % inline
        )

    __str__ = __html__ = _drawing


_MAX_SIZE = 1_000_000  # the longest text or list a template expression may make


def _environment():
    from jinja2 import StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    from tilsyn.report.compiled import Cached

    class Bounded(Cached, SandboxedEnvironment):
        """The sandbox, with `*` and `**` unable to make huge texts or numbers (a template
        is a user's file: it may not make tilsyn run out of memory or time)."""

        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context, operator, left, right):
            sizes = [len(v) for v in (left, right) if isinstance(v, (str, list, tuple))]
            counts = [v for v in (left, right) if isinstance(v, int)]
            if operator == "*" and sizes and counts and sizes[0] * max(counts[0], 0) > _MAX_SIZE:
                raise SecurityError("a text or list repeated beyond the allowed size")
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > 100:
                raise SecurityError("a power beyond the allowed size")
            return super().call_binop(context, operator, left, right)

    return Bounded(autoescape=True, undefined=StrictUndefined)


def _open_template(path: Path):
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    Template = _template_class()
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                raise zipfile.BadZipFile("no word/document.xml")
        template = Template(str(path))
        template.init_docx()  # read it now, so a damaged file is reported as such
        return template
    except (
        OSError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        RuntimeError,
        NotImplementedError,
        KeyError,
        ValueError,
        PackageNotFoundError,
        XMLSyntaxError,
    ) as exc:
        raise ReportError(
            "RPT001",
            f"the template {path} is not a Word document: {exc}",
            "Give a .docx file, such as a copy of templates/report-nb.docx.",
        ) from None


def render_docx(
    model: ReportModel, template: Path, *, language_tag: str, when: dt.datetime
) -> bytes:
    """The finished .docx bytes: charts drawn, template filled in, accessibility set."""
    from jinja2 import TemplateError

    document = _open_template(template)
    for figure in model.figures:
        figure.image = ChartDrawing(document, figure, when)
    try:
        document.render(model.values, jinja_env=_environment(), autoescape=True)
    except (TemplateError, RecursionError, ValueError, OverflowError) as exc:
        line = f" (near line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise ReportError(
            "RPT002",
            f"the template {template.name} cannot be filled in{line}: "
            f"{str(getattr(exc, 'message', None) or exc)[:300]}",
            "Check its {{ }} and {% %} tags against templates/README.md.",
        ) from None
    docx = document.docx
    regrid_tables(docx.element.body)
    fit_tables(docx.element.body)
    heading = docx.styles.element.find(".//{%s}style[@{%s}styleId='Heading1']" % (W_NS, W_NS))
    fill_table_of_contents(
        docx.element.body,
        numbered=heading is not None
        and heading.find("{%s}pPr/{%s}numPr" % (W_NS, W_NS)) is not None,
    )
    doc = model.values["doc"]
    set_language(docx, language_tag)
    set_update_fields(docx)
    set_properties(
        docx,
        title=doc["title"],
        subject=f"{doc['subtitle']} – {doc['scope_label']}",
        language=language_tag,
        when=when,
    )
    buffer = io.BytesIO()
    docx.save(buffer)
    return stable_zip(buffer.getvalue(), when)
