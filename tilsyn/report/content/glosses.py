"""A term a language explains at first use is explained once, where the report first says it:
the English report's «duty phone (vakttelefon)» and «consultation call (spørreanrop)» (the
glossary's `first` forms) land in the first sentence of the running text that names them and
has no bracket of its own right after («duty phone (17%)» would read as two asides), and a
text that explains the term again later says it plainly."""

from __future__ import annotations

import re

from tilsyn.report.document import Document


def gloss_first_uses(document: Document, lang: str) -> None:
    """The first use of each such term in the running text explained, every other one plain."""
    from tilsyn.glossary import first_uses

    for plain_form, explained in first_uses(lang).items():
        suffix = re.escape(explained[len(plain_form) :])
        pattern = re.compile(rf"\b{re.escape(plain_form)}\b(?:{suffix})?")
        free = re.compile(rf"\b{re.escape(plain_form)}\b(?!{suffix})(?! \()")
        seen = False
        for content in document.runs():
            for index, item in enumerate(content):
                if not isinstance(item, str) or not pattern.search(item):
                    continue
                item = pattern.sub(plain_form, item)
                found = None if seen else free.search(item)
                if found is not None:
                    item = item[: found.start()] + explained + item[found.end() :]
                    seen = True
                content[index] = item
