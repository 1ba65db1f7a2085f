"""The words of a report: the per-language text files in `templates/`, and how numbers and dates
read in each language.

The sentences live in readable TOML files that translators and inspectors can edit
(`templates/<lang>/report.toml` for every report, `templates/<lang>/<survey>.toml` for one
survey kind), never in Python, and are filled by the sentence engine every text shares
(tilsyn/texts/sentences.py: jinja2 in a sandbox, counts that agree with their nouns).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

from tilsyn import glossary
from tilsyn.numbers import format_interval, format_number, format_percent
from tilsyn.texts import TextError, load_texts, templates_root
from tilsyn.texts.sentences import environment

# «6 av 44», «6 of 44», «§ 4»: a line break there would part a number from what it counts.
_UNBREAKABLE = re.compile(r"(?<=\d) (av|of) (?=\d)|(?<=§) (?=\d)")


class ReportError(TextError):
    """A report that cannot be made, with its stable code (docs/diagnostics.md, RPT)."""


def default_template(lang: str) -> Path:
    return templates_root() / f"report-{lang}.docx"


def _no_break(match: re.Match) -> str:
    return f"\u00a0{match[1]}\u00a0" if match[1] else "\u00a0"


class Strings:
    """The report texts of one language and survey kind, rendered with the survey's nouns."""

    def __init__(
        self,
        lang: str,
        survey_id: str,
        record: str,
        records: str,
        term: glossary.Term | None = None,
    ):
        self.lang = lang
        self.report = load_texts(lang, "report.toml")
        if not self.report:
            raise ReportError(
                "RPT002",
                f"no report texts for language {lang!r} in {templates_root() / lang}",
                "Use nb, nn or en.",
            )
        self.survey = load_texts(lang, f"{survey_id}.toml")
        self.settings = load_texts("data", f"{survey_id}.toml")
        # The survey's declared noun (every form, gender for nynorsk), else the glossary's term
        # of its noun, else its own singular and plural with the definite plural of its texts.
        self.record = term or glossary.find(lang, record) or glossary.Term(record, records)
        definite = self.survey.get("records_definite") or self.record.form("the_many")
        if not self.record.the_many:
            self.record = dataclasses.replace(self.record, the_many=definite)
        self.nouns = {
            "record": record,
            "records": records,
            "records_definite": definite,
            "record_definite": self.record.form("the_one"),
        }
        self._environment = environment(lang, self.record)
        self._compiled: dict[str, Any] = {}

    def raw(self, key: str, *, survey: bool = False, default: Any = None) -> Any:
        """The text stored under a dotted key ("text.data"), not rendered."""
        node: Any = self.survey if survey else self.report
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                if default is not None:
                    return default
                file = f"{self.lang}/{'survey' if survey else 'report'}.toml"
                raise ReportError(
                    "RPT002",
                    f"the text {key!r} is missing in {file}",
                    "Add it, copying the key from templates/nb/.",
                )
            node = node[part]
        return node

    def fill(self, source: str, where: str = "", **values: Any) -> str:
        """Render one jinja2 fragment; numbers read the language's way (10 000; 14,5)."""
        from jinja2 import TemplateError

        if "{" not in source:  # plain text: nothing to fill, and compiling costs 2 ms a text
            return _UNBREAKABLE.sub(_no_break, source)
        context = {**self.nouns, **values}
        try:
            template = self._compiled.get(source)
            if template is None:
                template = self._compiled[source] = self._environment.from_string(source)
            return _UNBREAKABLE.sub(_no_break, template.render(context))
        except TemplateError as exc:
            raise ReportError(
                "RPT002",
                f"the text {where or source!r} cannot be filled in: {exc}",
                f"Check the names in {{{{ }}}} in templates/{self.lang}/.",
            ) from None

    def __call__(self, key: str, **values: Any) -> str:
        return self.fill(self.raw(key), key, **values)

    def paragraphs(self, key: str, *, survey: bool = False, **values: Any) -> list[str]:
        texts = self.raw(key, survey=survey, default=[])
        return [self.fill(t, key, **values) for t in texts]

    def survey_text(self, key: str, **values: Any) -> str:
        return self.fill(self.raw(key, survey=True), key, **values)

    def sentence(self, criterion_id: str) -> str | None:
        return self.survey.get("sentences", {}).get(criterion_id)

    # -- numbers and dates

    def count(self, n: int, verb: str | None = None) -> str:
        """«59 samtaler», «1 samtale», «10 000 calls»; with `verb`, agreeing: «1 call was»."""
        return glossary.count_phrase(n, self.record, self.lang, verb)

    def percent(self, share: float | None, decimals: int = 0) -> str:
        return format_percent(share, self.lang, decimals)

    def interval(self, ci: tuple[float, float] | None, decimals: int = 0) -> str:
        return format_interval(ci, self.lang, decimals)

    def number(self, value: float | int) -> str:
        return format_number(value, self.lang)

    def date(self, day: dt.date, year: bool = True) -> str:
        """«9. oktober 2020»; without the year («9. oktober») inside a period of one year."""
        return self(
            "date" if year else "date_no_year",
            day=day.day,
            month=self.raw("months")[day.month - 1],
            year=str(day.year),
        )

    def join(self, items: list[str]) -> str:
        """«a, b og c»."""
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + self.raw("list_and") + items[-1]
