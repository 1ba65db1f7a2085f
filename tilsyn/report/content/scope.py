"""What a report covers: the whole country, or one group of a level the survey lets a report
cover (a county, a Nav office), parsed from `--scope`."""

from __future__ import annotations

from dataclasses import dataclass

from tilsyn.survey import Level, Survey


@dataclass(frozen=True)
class Scope:
    """What a report covers: the whole country, or one group of a grouping level the survey
    lets a report cover (`scope = true` in its definition: a county, a Nav office).

    `role` is "area" for the survey's broadest such level and "unit" for any narrower
    one: the report's texts speak of the two roles, whatever the levels are called.
    """

    kind: str  # "national" or a level id
    value: str = ""
    role: str = "national"

    def __str__(self) -> str:
        return self.kind if self.kind == "national" else f"{self.kind}:{self.value}"


def scope_levels(survey: Survey) -> tuple[Level, ...]:
    """The levels a report can cover, broadest first."""
    return tuple(level for level in survey.levels if level.scope)


def parse_scope(text: str, survey: Survey) -> Scope:
    """`national` or `LEVEL:VALUE` (`county:vestland`, `office:Nav Bergen nord`); a value of a
    choice field may be its code or its label. ValueError if not, worded in the language in
    use (tilsyn/texts/errors.toml)."""
    from tilsyn.diagnostics import language, phrase
    from tilsyn.glossary import in_sentence

    kind, _, value = text.strip().partition(":")
    kind, value = kind.strip().casefold(), value.strip()
    levels = scope_levels(survey)
    if kind == "national" and not value:
        return Scope("national")
    level = next((level for level in levels if level.id == kind), None)
    if level is None or not value:
        forms = ", ".join(["national", *(f"{level.id}:…" for level in levels)])
        raise ValueError(phrase("not_a_scope", text=text, forms=forms))
    role = "area" if level == levels[0] else "unit"
    field = survey.by_name[level.field]
    if field.is_choice:
        code = survey.choice_code(field.name, value)
        if code is None:
            lang = language()
            raise ValueError(
                phrase(
                    "unknown_scope",
                    level=in_sentence(level.label[lang]),
                    value=value,
                    codes=", ".join(field.codes),
                )
            )
        value = code
    return Scope(level.id, value, role)


def scope_words(scope: Scope, survey: Survey, lang: str) -> str:
    """What a report covers, as a message names it: «hele landet», «Vestland», «Nav Bergen
    nord» (the group's name, never `county:vestland`)."""
    from tilsyn.i18n import word
    from tilsyn.survey import counties

    if scope.kind == "national":
        return word("national", lang).lower()
    short = {c["code"]: c["short"][lang] for c in counties() if "short" in c}
    if scope.role == "area" and scope.value in short:
        return short[scope.value]
    level = next(level for level in survey.levels if level.id == scope.kind)
    field = survey.by_name[level.field]
    return field.choice_label(scope.value, lang) if field.is_choice else scope.value
