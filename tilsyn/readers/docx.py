"""Read a filled Word form (.docx, .docm) back into one raw row of answers.

zipfile + lxml on `word/document.xml` only: python-docx does not see content controls, and
this is about ten times faster. A control is found by what identifies it, never by position:
its tag, else its alias, else the hidden key beside it (LibreOffice 7.4 drops tags and some
aliases on save). A placeholder is an empty answer, whether or not `w:showingPlcHdr` survived.
The survey the form's stamp names comes from the caller (`survey_for`); a date control's
answer is both its text and Word's stored date (`DateAnswer`), for validation to choose.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from lxml import etree

from tilsyn.diagnostics import read_error
from tilsyn.formats import ooxml as x
from tilsyn.formats.form_layout import (
    CHECKBOX,
    LANGS,
    Control,
    Layout,
    Stamp,
    layout_of,
    markers_in,
)
from tilsyn.formats.properties import DOCUMENT, OWN_OUTPUTS, prefilled_names
from tilsyn.readers.base import DateAnswer, RawRow, ReadError, Table, is_too_long
from tilsyn.readers.ziputil import open_office_zip, read_member

if TYPE_CHECKING:
    from tilsyn.survey import Survey

_TRUE, _FALSE = frozenset({"1", "true", "on"}), frozenset({"0", "false", "off"})
_CHECKED_GLYPHS = frozenset("\u2612\u2611\u2714\u2713xX")  # ☒ ☑ ✔ ✓ x
_UNCHECKED_GLYPHS = frozenset("\u2610")  # ☐
_CUSTOM_PROPS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"


def read_docx_form(path: Path, survey_for: Callable[[str], "Survey | None"]) -> Iterator[Table]:
    """The form as a Table of one row (field code -> answer), stamped with its survey;
    `survey_for(id)` is the survey of that id, None when there is none."""
    with open_office_zip(path) as archive:
        if "word/document.xml" not in archive.NameToInfo:
            raise read_error("FORM001", "not_word")
        root = _parse(read_member(archive, "word/document.xml"), "word/document.xml")
        properties = _custom_properties(archive)
        stamp = _body_stamp(root) or _property_stamp(archive, properties)
    layout = _layout(stamp, survey_for(stamp.survey))
    warnings = []
    if path.suffix.lower() == ".docm":
        warnings.append(read_error("READ013", "document"))
    answers, problems = read_controls(root, layout)
    warnings += [p for p in problems if p.code == "FORM006"]
    errors = [p for p in problems if p.code != "FORM006"]
    rows = iter(errors) if errors else iter([RawRow(answers)])
    yield Table(
        file=str(path),
        rows=rows,
        headers=None,
        survey_id=stamp.survey,
        survey_version=stamp.version,
        warnings=warnings,
        prefilled=prefilled_names(properties),
    )


def _parse(data: bytes, part: str) -> etree._Element:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        if is_too_long(exc):
            raise read_error("READ027") from None
        raise read_error("READ009", "xml", {"part": part, "detail": exc}) from None
    if root.getroottree().docinfo.doctype:
        raise read_error("FORM008", params={"part": part})
    return root


_PARSER = x.safe_parser()


def _body_stamp(root: etree._Element) -> Stamp | None:
    """The stamp hidden in the text near the top of the form."""
    for node in root.iter(x.T):
        if node.text and "[[" in node.text:  # Word may split the stamp into several runs
            paragraph = next(node.iterancestors(x.P), None)
            for key in markers_in(x.run_text(paragraph) if paragraph is not None else node.text):
                stamp = Stamp.parse(key)
                if stamp is not None:
                    return stamp
    return None


def _custom_properties(archive) -> dict[str, str]:
    """The custom document properties (name -> text), {} when the document has none."""
    if "docProps/custom.xml" not in archive.NameToInfo:
        return {}
    root = _parse(read_member(archive, "docProps/custom.xml"), "docProps/custom.xml")
    return {p.get("name"): "".join(p.itertext()).strip() for p in root.iter(_CUSTOM_PROPS)}


def _property_stamp(archive, found: dict[str, str]) -> Stamp:
    """The stamp in the custom document properties, for a form whose hidden text was lost.
    A document tilsyn wrote itself (a report) is skipped (READ021), any other is FORM001."""
    if found.get("tilsyn.survey") and found.get("tilsyn.survey_version"):
        return Stamp(
            found["tilsyn.survey"],
            found["tilsyn.survey_version"],
            found.get("tilsyn.lang", "nb"),
        )
    if found.get(DOCUMENT) in OWN_OUTPUTS or _made_by_tilsyn(archive):
        raise read_error("READ021", found.get(DOCUMENT) or "report")
    raise read_error("FORM001")


def _made_by_tilsyn(archive) -> bool:
    """A report of an earlier tilsyn, before it named its kind: written by tilsyn (the core
    properties' creator and comments), and not a form (whose keywords name its survey)."""
    if "docProps/core.xml" not in archive.NameToInfo:
        return False
    root = _parse(read_member(archive, "docProps/core.xml"), "docProps/core.xml")

    def core(name: str) -> str:
        return root.findtext(name, default="", namespaces=_CORE) or ""

    return (
        core("dc:creator") == "tilsyn"
        and core("dc:description").startswith("tilsyn ")
        and not core("cp:keywords").startswith("tilsyn;")
    )


_CORE = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}


def _layout(stamp: Stamp, survey: "Survey | None") -> Layout:
    if survey is None:
        raise read_error("FORM002", params={"survey": stamp.survey})
    if stamp.version != survey.version:
        raise read_error(
            "FORM003",
            params={"survey": stamp.survey, "version": stamp.version, "current": survey.version},
        )
    return layout_of(survey, stamp.lang if stamp.lang in LANGS else "nb")


def read_controls(
    root: etree._Element, layout: Layout
) -> tuple[dict[str, object], list[ReadError]]:
    """Answers by field code (text, codes, lists of codes), and the problems of the form."""
    found: dict[str, _Sdt] = {}
    problems: list[ReadError] = []
    wrappers = set(_WRAPPERS(root))
    answers_holding_controls = set()
    for element in root.iter(x.SDT):
        if answers_holding_controls and any(
            a in answers_holding_controls for a in element.iterancestors(x.SDT)
        ):
            continue  # part of the answer around it
        sdt = _Sdt(element)
        control = _identify(sdt, layout)
        if element in wrappers:
            # LibreOffice wraps a cell of check boxes in one control (named like its first
            # box): read the boxes. Any other control holding controls is one answer.
            if control is None or control.kind == CHECKBOX:
                continue
            answers_holding_controls.add(element)
        if control is None:
            problems.append(read_error("FORM006", params={"control": sdt.describe()}))
        elif control.key in found:
            problems.append(
                read_error(
                    "FORM005", params={"question": _name(control, layout)}, field=control.field
                )
            )
        else:
            found[control.key] = sdt
    answers: dict[str, object] = {}
    for control in layout.controls:
        sdt = found.get(control.key)
        if sdt is None:
            problems.append(
                read_error(
                    "FORM004", params={"question": _name(control, layout)}, field=control.field
                )
            )
        elif control.kind == CHECKBOX:
            checked = _checked(sdt)
            if checked is None:
                problems.append(
                    read_error(
                        "FORM007", params={"question": _name(control, layout)}, field=control.field
                    )
                )
            elif checked:
                answers.setdefault(control.field, []).append(control.code)
        else:
            value = _value(sdt, layout)
            if value is not None:
                answers[control.field] = value
    key = answers.get(layout.survey.key)
    for problem in problems:
        problem.key = key if isinstance(key, str) else None
    return answers, problems


_WRAPPERS = etree.XPath("//w:sdt[w:sdtContent//w:sdt]", namespaces={"w": x.W_NS})
_KINDS = frozenset({x.CHECKBOX, x.DROPDOWN_LIST, x.COMBO_BOX, x.DATE, x.TEXT})


class _Sdt:
    """One content control's properties, read in a single pass over `w:sdtPr`."""

    __slots__ = ("element", "tag", "alias", "showing_placeholder", "kind")

    def __init__(self, element: etree._Element):
        self.element = element
        self.tag = self.alias = self.kind = None
        self.showing_placeholder = False
        props = element.find(x.SDT_PR)
        for child in props if props is not None else ():
            name = child.tag
            if name == x.TAG:
                self.tag = child.get(x.VAL)
            elif name == x.ALIAS:
                self.alias = child.get(x.VAL)
            elif name == x.SHOWING_PLACEHOLDER:
                self.showing_placeholder = True
            elif name in _KINDS:
                self.kind = child

    def text(self) -> str:
        content = self.element.find(x.SDT_CONTENT)
        return x.run_text(content).strip() if content is not None else ""

    def describe(self) -> str:
        if self.tag or self.alias:
            return f"tag {self.tag!r}" if self.tag else f"title {self.alias!r}"
        text = self.text()
        return f"text {text[:40]!r}" if text else "empty"


def _identify(sdt: _Sdt, layout: Layout) -> Control | None:
    """Its tag, else its alias, else the hidden key beside it in its paragraph.

    Never a wrapper's alias: LibreOffice 7.4 wraps a cell of check boxes in one block-level
    control that carries the alias of the first box.
    """
    control = layout.by_key.get(sdt.tag) or layout.by_alias.get(sdt.alias)
    if control is not None:
        return control
    paragraph = next(sdt.element.iterancestors(x.P), None)
    if paragraph is None:
        return None
    beside = "".join(x.run_text(run) for run in paragraph.iterchildren(x.R))  # runs may be split
    for key in markers_in(beside):
        if key in layout.by_key:
            return layout.by_key[key]
    return None


def _value(sdt: _Sdt, layout: Layout) -> str | DateAnswer | None:
    """A text or drop-down answer as text (drop-downs as their value), a date as its text and
    Word's stored date; None when empty."""
    if sdt.showing_placeholder:
        return None
    text = sdt.text()
    if not text or text in layout.placeholders:
        return None
    kind = sdt.kind
    if kind is None or kind.tag == x.TEXT:
        return text
    if kind.tag in (x.DROPDOWN_LIST, x.COMBO_BOX):
        for item in kind.iterchildren(x.LIST_ITEM):
            if item.get(x.w("displayText")) == text:
                return item.get(x.w("value")) or text
        return text
    if kind.tag == x.DATE and kind.get(x.FULL_DATE):
        return DateAnswer(text, kind.get(x.FULL_DATE))
    return text


def _checked(sdt: _Sdt) -> bool | None:
    """A check box's state: `w14:checked` (1/0, true/false, on/off), else its glyph."""
    box = sdt.kind if sdt.kind is not None and sdt.kind.tag == x.CHECKBOX else None
    state = box.find(x.CHECKED) if box is not None else None
    if state is not None:
        value = (state.get(x.W14_VAL) or "1").strip().lower()  # no value means on (ST_OnOff)
        if value in _TRUE or value in _FALSE:
            return value in _TRUE
    glyph = sdt.text()
    if box is not None:
        for tag, result in ((x.CHECKED_STATE, True), (x.UNCHECKED_STATE, False)):
            node = box.find(tag)
            if node is not None and glyph == _glyph(node.get(x.W14_VAL)):
                return result
    if glyph in _CHECKED_GLYPHS:
        return True
    if glyph in _UNCHECKED_GLYPHS:
        return False
    return None


def _glyph(code: str | None) -> str | None:
    try:
        return chr(int(code or "", 16))
    except ValueError:
        return None


def _name(control: Control, layout: Layout) -> str:
    """The question by its number and label in the user's language, and the choice of a box."""
    from tilsyn.diagnostics import question

    named = question(layout.survey, control.field)
    return named if control.code is None else f"{named}, {control.code}"
