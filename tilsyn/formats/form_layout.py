"""The controls of a Word form, derived from the survey definition: what the writer builds, the
filler fills and the reader expects.

Everything here is deterministic from (survey, version, language), so a reader can rebuild the
manifest of a form from its stamp alone: which keys must be present, what each alias means, and
which texts are placeholders (LibreOffice 7.4 drops `w:showingPlcHdr`, so a placeholder must be
recognised by its text). Pure Python: no docx or lxml import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from tilsyn.survey import LANGS, Field, Survey, get_survey
from tilsyn.texts import Texts

TEXT, DATE, DROPDOWN, CHECKBOX = "text", "date", "dropdown", "checkbox"

DATE_FORMAT = {
    "datetime": ("dd.MM.yyyy HH:mm", "%d.%m.%Y %H:%M"),
    "date": ("dd.MM.yyyy", "%d.%m.%Y"),
}

# Hidden text in the form: the stamp, and one key beside each control. Both survive
# LibreOffice 7.4, which drops every content-control tag on save.
_MARKER = re.compile(r"\[\[([^\[\]]+)\]\]")
_STAMP = re.compile(r"^tilsyn-form survey=(\S+) version=(\S+) lang=(\S+)$")


def marker(key: str) -> str:
    return f"[[{key}]]"


def markers_in(text: str) -> list[str]:
    """The keys of the hidden markers in a piece of text."""
    return _MARKER.findall(text)


@dataclass(frozen=True)
class Stamp:
    """Which survey, version and language a form was made for."""

    survey: str
    version: str
    lang: str

    @property
    def text(self) -> str:
        return f"tilsyn-form survey={self.survey} version={self.version} lang={self.lang}"

    @classmethod
    def parse(cls, key: str) -> "Stamp | None":
        match = _STAMP.match(key)
        return cls(*match.groups()) if match else None


@dataclass(frozen=True)
class Control:
    """One content control: a whole field, or one check box of a many-choice field."""

    key: str  # the tag: `field`, or `field=code` for a check box
    field: str
    kind: str
    alias: str
    placeholder: str = ""
    items: tuple[tuple[str, str], ...] = ()  # (display text, value) of a drop-down
    code: str | None = None  # the choice a check box stands for
    with_time: bool = False  # a date control for a date and time

    def display(self, value: str) -> str:
        """The display text of a drop-down value (a choice code)."""
        return next(text for text, code in self.items if code == value)

    @property
    def date_format(self) -> tuple[str, str]:
        """(Word's format, strftime's format) of a date control's text."""
        return DATE_FORMAT["datetime" if self.with_time else "date"]


@dataclass(frozen=True)
class Layout:
    """Every control of a survey's form in one language, and lookups for reading it back."""

    survey: Survey
    lang: str
    controls: tuple[Control, ...]
    by_key: dict[str, Control] = field(repr=False)
    by_alias: dict[str, Control] = field(repr=False)
    placeholders: frozenset[str] = field(repr=False)

    @property
    def stamp(self) -> Stamp:
        return Stamp(self.survey.id, self.survey.version, self.lang)

    def for_field(self, name: str) -> list[Control]:
        return [c for c in self.controls if c.field == name]


def placeholder(kind: str, lang: str) -> str:
    """The text a control shows until it is answered (`text`, `dropdown`, `date`, `date_only`);
    the words are in tilsyn/texts/forms.toml."""
    return Texts("forms", lang)(f"placeholder.{kind}")


_PLACEHOLDER_KINDS = (TEXT, DROPDOWN, DATE, "date_only")


def _controls(f: Field, lang: str) -> list[Control]:
    label = f.label.get(lang) or f.label["en"]
    if f.type == "many":
        return [
            Control(
                f"{f.name}={c.code}",
                f.name,
                CHECKBOX,
                f"{label}: {f.choice_label(c.code, lang)}",
                code=c.code,
            )
            for c in f.choices
        ]
    if f.is_choice:
        items = tuple((f.choice_label(c.code, lang), c.code) for c in f.choices)
        return [Control(f.name, f.name, DROPDOWN, label, placeholder(DROPDOWN, lang), items)]
    if f.type in DATE_FORMAT:
        with_time = f.type == "datetime"
        shown = placeholder(DATE if with_time else "date_only", lang)
        return [Control(f.name, f.name, DATE, label, shown, with_time=with_time)]
    return [Control(f.name, f.name, TEXT, label, placeholder(TEXT, lang))]


@cache
def layout_for(survey_id: str, lang: str) -> Layout:
    """The form layout of a known survey in one language (KeyError for an unknown survey)."""
    return layout_of(get_survey(survey_id), lang)


def layout_of(survey: Survey, lang: str) -> Layout:
    """The form layout of `survey` in one language."""
    if lang not in LANGS:
        raise ValueError(f"unknown form language {lang!r}: use one of {', '.join(LANGS)}")
    controls = tuple(c for f in survey.fields for c in _controls(f, lang))
    # Every language's: a placeholder is never taken for an answer, whatever the form's language.
    placeholders = frozenset(placeholder(k, other) for k in _PLACEHOLDER_KINDS for other in LANGS)
    return Layout(
        survey,
        lang,
        controls,
        {c.key: c for c in controls},
        {c.alias: c for c in controls},
        placeholders,
    )


def answers_for(layout: Layout, values: dict[str, object]) -> dict[str, object]:
    """Record values (typed, or as an input file holds them) as the answers the form's controls
    hold: text as an inspector types it (decimal comma in Norwegian), codes for drop-downs,
    dates, and True for each ticked check box. A value that is not valid raises BadValue."""
    from tilsyn.values import is_empty, parser_for

    survey = layout.survey
    typed = {
        name: parser_for(survey, survey.by_name[name])(value)
        for name, value in values.items()
        if name in survey.by_name and not is_empty(value)
    }
    answers: dict[str, object] = {}
    for control in layout.controls:
        value = typed.get(control.field)
        if value is None:
            continue
        if control.kind == CHECKBOX:
            if control.code in value:
                answers[control.key] = True
        elif control.kind == TEXT and isinstance(value, float):
            text = str(int(value)) if value.is_integer() else repr(value)
            answers[control.key] = text if layout.lang == "en" else text.replace(".", ",")
        else:
            answers[control.key] = value
    return answers
