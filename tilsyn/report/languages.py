"""Passages in another language than the report's, marked in the document tree: a Norwegian
term an English report quotes after defining it («duty phone (vakttelefon)») is read by a
screen reader in Norwegian when a writer tags it (`lang` on the web page, `w:lang` in Word).
"""

from __future__ import annotations

import re

from tilsyn.report.document import Document, Foreign, Inline

_TAGS = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


def mark_quoted_terms(document: Document) -> None:
    """Wrap each quoted term of the glossary (`quoted_terms`) in the running text in Foreign."""
    from tilsyn.glossary import quoted_terms

    terms = quoted_terms(document.meta.lang)
    if not terms:
        return
    pattern = re.compile(r"\((%s)\)" % "|".join(map(re.escape, sorted(terms, key=len)[::-1])))

    def marked(text: str) -> list[Inline]:
        out: list[Inline] = []
        last = 0
        for match in pattern.finditer(text):
            lang = _TAGS.get(terms[match[1]], terms[match[1]])
            out += [text[last : match.start(1)], Foreign(lang, (match[1],))]
            last = match.end(1)
        return [piece for piece in [*out, text[last:]] if piece]

    for content in document.runs():
        content[:] = [
            part for item in content for part in (marked(item) if isinstance(item, str) else [item])
        ]
