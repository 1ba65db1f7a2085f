"""WordprocessingML names and a parser that is safe for documents from strangers.

Imported only by the form writer, filler and reader (never at `tilsyn --help`): it loads lxml.
"""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(name: str) -> str:
    """Clark name of a `w:` element or attribute."""
    return f"{{{W_NS}}}{name}"


def w14(name: str) -> str:
    return f"{{{W14_NS}}}{name}"


SDT, SDT_PR, SDT_CONTENT = w("sdt"), w("sdtPr"), w("sdtContent")
P, R, T, TAB, BR, CR = w("p"), w("r"), w("t"), w("tab"), w("br"), w("cr")
TAG, ALIAS, VAL = w("tag"), w("alias"), w("val")
SHOWING_PLACEHOLDER = w("showingPlcHdr")
DROPDOWN_LIST, COMBO_BOX, LIST_ITEM = w("dropDownList"), w("comboBox"), w("listItem")
DATE, FULL_DATE, TEXT = w("date"), w("fullDate"), w("text")
CHECKBOX, CHECKED = w14("checkbox"), w14("checked")
CHECKED_STATE, UNCHECKED_STATE = w14("checkedState"), w14("uncheckedState")
W14_VAL = w14("val")

CHECKED_GLYPH, UNCHECKED_GLYPH = "\u2612", "\u2610"  # ☒ ☐, what Word writes by default


def safe_parser() -> etree.XMLParser:
    """No entities resolved, no DTD loaded, no network, no huge trees (see notes/office-files)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        dtd_validation=False,
        load_dtd=False,
        huge_tree=False,
        remove_blank_text=False,
    )


# Tracked changes whose text is no longer shown: a deletion, and the old place of a moved text
# (shown again at its `w:moveTo`).
_NOT_SHOWN = (w("del"), w("moveFrom"))


def run_text(element: etree._Element) -> str:
    """The text a run range shows: `w:t`, with tabs and breaks; never deleted or moved-away
    text."""
    hidden: set = set()  # inside a change met before (document order): not shown
    parts = []
    for node in element.iter(T, TAB, BR, CR, P, *_NOT_SHOWN):
        tag = node.tag
        if tag in _NOT_SHOWN:
            hidden.update(node.iter())
            continue
        if hidden and node in hidden:
            continue
        if tag == T:
            parts.append(node.text or "")
        elif tag == TAB:
            parts.append("\t")
        elif tag == P:
            if parts:
                parts.append("\n")
        else:
            parts.append("\n")
    return "".join(parts)
