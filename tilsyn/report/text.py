"""The words of a report: the per-language text files in `templates/`, and how numbers and dates
read in each language.

The sentences live in readable TOML files that translators and inspectors can edit
(`templates/<lang>/report.toml` for every report, `templates/<lang>/<survey>.toml` for one
survey kind), never in Python. They are jinja2 fragments, rendered in a sandbox with undefined
names as errors, so a typo in a translation is a clear message rather than a blank in the report.
Counts meet nouns through the glossary: `{{ n | count }}` (the survey's record noun),
`{{ n | count('message') }}`, `{{ n | count(verb='excluded') }}` and `{{ n | agree('was') }}`;
`{{ term('office', 'the_many') }}` gives any glossary term.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from tilsyn import glossary
from tilsyn.errors import TilsynError
from tilsyn.i18n import format_interval, format_number, format_percent
from tilsyn.usercache import load_toml

# «6 av 44», «6 of 44», «§ 4»: a line break there would part a number from what it counts.
_UNBREAKABLE = re.compile(r"(?<=\d) (av|of) (?=\d)|(?<=§) (?=\d)")


class ReportError(TilsynError):
    """A report that cannot be made, with its stable code (docs/diagnostics.md, RPT)."""

    def __init__(self, code: str, message: str, hint: str = ""):
        super().__init__(f"{code} {message}", hint=hint)
        self.code = code


def templates_root() -> Path:
    """The templates folder: inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


def default_template(lang: str) -> Path:
    return templates_root() / f"report-{lang}.docx"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return load_toml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ReportError(
            "RPT002",
            f"the text file {path} cannot be read: {exc}",
            "Check the TOML syntax near the place named.",
        ) from None


@cache
def load_texts(lang: str, name: str) -> dict[str, Any]:
    path = templates_root() / lang / name
    return _read_toml(path) if path.is_file() else {}


@cache
def environment(lang: str, record: glossary.Term | str = "record"):
    """A sandbox whose `{{ n }}` prints numbers the language's way, while `n == 1` still works;
    with the glossary's `count`, `agree` and `term` (`record` is the noun a bare `count` uses)."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from tilsyn.report.compiled import Cached

    class TextEnvironment(Cached, SandboxedEnvironment):
        """The report texts' sandbox, compiled once per machine (compiled.py)."""

    def finalize(value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return format_number(value, lang)
        return value

    def count(n: int, noun: str | None = None, verb: str | None = None) -> str:
        return glossary.count_phrase(n, noun or record, lang, verb)

    def agree(n: int, verb: str, noun: str | None = None) -> str:
        return glossary.agree(n, verb, lang, noun or record)

    env = TextEnvironment(undefined=StrictUndefined, autoescape=False, finalize=finalize)
    env.filters.update(count=count, agree=agree)
    env.globals["term"] = lambda term_id, form="one": glossary.term(term_id, lang, form)
    return env


def source_name(source: str, lang: str) -> str:
    """A recommendation's source as readers of `lang` know it (report and workbook alike)."""
    return load_texts(lang, "report.toml").get("sources", {}).get(source, source)


def _no_break(match: re.Match) -> str:
    return f"\u00a0{match[1]}\u00a0" if match[1] else "\u00a0"


class Strings:
    """The report texts of one language and survey kind, rendered with the survey's nouns."""

    def __init__(self, lang: str, survey_id: str, record: str, records: str):
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
        definite = self.survey.get("records_definite", records)
        self.nouns = {"record": record, "records": records, "records_definite": definite}
        # The glossary's term when the survey counts one (gender for nynorsk), else its own nouns.
        self.record = glossary.find(lang, record) or glossary.Term(
            record, records, the_many=definite
        )
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
