"""The words of the analyses (compare, assessments, plan) in nb, nn and en.

They live in `templates/<lang>/analyses.toml`, beside the report texts and read the same way
(jinja2 fragments in a sandbox, numbers in the language's format), so translators edit TOML,
never Python.
"""

from __future__ import annotations

from typing import Any

from tilsyn.numbers import format_number, format_percent

FILE = "analyses.toml"


class Texts:
    """The analysis texts of one language: `texts("compare.sentences.increased", id=...)`."""

    def __init__(self, lang: str):
        from tilsyn.report.text import ReportError, load_texts, templates_root

        self.lang = lang
        self.data = load_texts(lang, FILE)
        if not self.data:
            raise ReportError(
                "RPT002",
                f"no analysis texts for language {lang!r} in {templates_root() / lang / FILE}",
                "Use nb, nn or en.",
            )

    def raw(self, key: str) -> Any:
        from tilsyn.report.text import ReportError

        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise ReportError(
                    "RPT002",
                    f"the text {key!r} is missing in {self.lang}/{FILE}",
                    "Add it, copying the key from templates/nb/.",
                )
            node = node[part]
        return node

    def __call__(self, key: str, **values: Any) -> str:
        from jinja2 import TemplateError

        from tilsyn.report.text import ReportError, environment

        try:
            return environment(self.lang).from_string(self.raw(key)).render(values)
        except TemplateError as exc:
            raise ReportError(
                "RPT002",
                f"the text {key!r} cannot be filled in: {exc}",
                f"Check the names in {{{{ }}}} in templates/{self.lang}/{FILE}.",
            ) from None

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
