"""The words of the analyses (compare, assessments, plan) in nb, nn and en.

They live in `templates/<lang>/analyses.toml`, beside the report texts and read the same way
(`tilsyn.texts.sentences`: jinja2 fragments in a sandbox, numbers in the language's format), so
translators edit TOML, never Python.
"""

from __future__ import annotations

from tilsyn.numbers import format_number, format_percent
from tilsyn.texts.sentences import Sentences


class Texts(Sentences):
    """The analysis texts of one language: `texts("compare.sentences.increased", id=...)`."""

    def __init__(self, lang: str):
        super().__init__("analyses", lang)

    def percent(self, share: float | None) -> str:
        """A share as the report shows it: whole percent («14 %»)."""
        return format_percent(share, self.lang, 0)

    def exact_percent(self, share: float) -> str:
        """A share as typed for planning, no more decimals than needed («15 %», «2,5 %»)."""
        number = format_number(round(share * 100, 2), self.lang)
        return f"{number}%" if self.lang == "en" else f"{number}\u00a0%"

    def points(self, difference: float, decimals: int = 0) -> str:
        """A difference of shares in percentage points, with a true minus sign («−5»)."""
        text = format_number(
            round(difference * 100, decimals), self.lang, decimals, fixed=bool(decimals)
        )
        return text.replace("-", "\u2212")
