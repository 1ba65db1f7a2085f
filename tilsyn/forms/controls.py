"""Content controls (`w:sdt`) as lxml elements: build a blank one, and store an answer in it the
way Word does (python-docx has no API for content controls).

A text answer is a rich-text control (no `w:text`): LibreOffice 7.4 turns a plain-text control
into an input field and shows its placeholder black, like an answer; a rich-text one keeps the
grey placeholder style. Word stores a text answer as runs, a drop-down answer as its display
text, a date as `w:date/@w:fullDate` plus the formatted text, a check box as `w14:checked` plus
a glyph; while a control shows its placeholder, `w:showingPlcHdr` is set.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from tilsyn.formats import ooxml as x
from tilsyn.formats.form_layout import CHECKBOX, DATE, DROPDOWN, Control
from tilsyn.i18n import DOC_LANG

PLACEHOLDER_STYLE = "PlaceholderText"
CHECKBOX_FONT = "MS Gothic"


def _el(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    node = etree.Element(tag) if parent is None else etree.SubElement(parent, tag)
    for name, value in attrs.items():
        node.set(x.w(name), value)
    return node


def _run(text: str, style: str | None = None, font: str | None = None) -> etree._Element:
    """A run of text; line breaks become `w:br`, as Word writes them."""
    run = _el(x.R)
    if style or font:
        props = _el(x.w("rPr"), run)
        if style:
            _el(x.w("rStyle"), props, val=style)
        if font:
            _el(x.w("rFonts"), props, ascii=font, hAnsi=font, eastAsia=font, hint="eastAsia")
    for number, line in enumerate(text.split("\n")):
        if number:
            _el(x.BR, run)
        t = _el(x.T, run)
        t.text = line
        t.set(x.XML_SPACE, "preserve")
    return run


def build(control: Control, sdt_id: int, lang: str) -> etree._Element:
    """A blank content control for one form control, showing its placeholder."""
    sdt = _el(x.SDT)
    props = _el(x.SDT_PR, sdt)
    _el(x.ALIAS, props, val=control.alias)
    _el(x.TAG, props, val=control.key)
    _el(x.w("id"), props, val=str(sdt_id))
    _el(
        x.w("lock"), props, val="sdtLocked"
    )  # the control cannot be deleted, its content can change
    content = _el(x.SDT_CONTENT, sdt)
    if control.kind == CHECKBOX:
        box = etree.SubElement(props, x.CHECKBOX)
        etree.SubElement(box, x.CHECKED).set(x.W14_VAL, "0")
        for tag, glyph in (
            (x.CHECKED_STATE, x.CHECKED_GLYPH),
            (x.UNCHECKED_STATE, x.UNCHECKED_GLYPH),
        ):
            state = etree.SubElement(box, tag)
            state.set(x.W14_VAL, f"{ord(glyph):04X}")
            state.set(x.w14("font"), CHECKBOX_FONT)
        content.append(_run(x.UNCHECKED_GLYPH, font=CHECKBOX_FONT))
        return sdt
    _el(x.SHOWING_PLACEHOLDER, props)
    if control.kind == DROPDOWN:
        items = _el(x.DROPDOWN_LIST, props)
        for display, value in control.items:
            _el(x.LIST_ITEM, items, displayText=display, value=value)
    elif control.kind == DATE:
        date = _el(x.DATE, props)
        _el(x.w("dateFormat"), date, val=control.date_format[0])
        _el(x.w("lid"), date, val=DOC_LANG[lang])
        _el(x.w("storeMappedDataAs"), date, val="dateTime")
        _el(x.w("calendar"), date, val="gregorian")
    content.append(_run(control.placeholder, style=PLACEHOLDER_STYLE))
    return sdt


def _set_content(sdt: etree._Element, run: etree._Element) -> None:
    content = sdt.find(x.SDT_CONTENT)
    for child in list(content):
        content.remove(child)
    content.append(run)
    props = sdt.find(x.SDT_PR)
    for flag in props.findall(x.SHOWING_PLACEHOLDER):
        props.remove(flag)


def set_answer(sdt: etree._Element, control: Control, answer: object) -> None:
    """Store an answer as Word does: text (str), a drop-down value (its code), a date
    (datetime or date), or a check state (bool)."""
    props = sdt.find(x.SDT_PR)
    if control.kind == CHECKBOX:
        checked = bool(answer)
        props.find(x.CHECKBOX).find(x.CHECKED).set(x.W14_VAL, "1" if checked else "0")
        _set_content(
            sdt, _run(x.CHECKED_GLYPH if checked else x.UNCHECKED_GLYPH, font=CHECKBOX_FONT)
        )
    elif control.kind == DROPDOWN:
        _set_content(sdt, _run(control.display(str(answer))))
    elif control.kind == DATE:
        when = answer if isinstance(answer, dt.datetime) else dt.datetime.combine(answer, dt.time())
        props.find(x.DATE).set(x.FULL_DATE, when.strftime("%Y-%m-%dT%H:%M:%SZ"))
        _set_content(sdt, _run(when.strftime(control.date_format[1])))
    else:
        _set_content(sdt, _run(str(answer)))
