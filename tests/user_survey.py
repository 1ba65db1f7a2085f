"""A survey kind that is not in the package, written as a domain expert would: a review of case
files (key `case_id`), grouped by county and municipality name (no Nav office), a criterion on
the days from application to decision with a parameter, and a constraint across two dates."""

from __future__ import annotations

from pathlib import Path

SURVEY = """
id = "case-review"
version = "1"
key = "case_id"
records_key = "cases"
record_noun = { nb = "sak", nn = "sak", en = "case" }
record_noun_plural = { nb = "saker", nn = "saker", en = "cases" }
title = { nb = "Gjennomgang av saker", nn = "Gjennomgang av saker", en = "Review of case files" }

[derived.processing_days]
type = "int"
expr = "days(application_date, decision_date)"
label = { nb = "Saksbehandlingstid i dager", nn = "Sakshandsamingstid i dagar", en = "Processing time in days" }

[[levels]]
id = "county"
field = "county"
scope = true

[[levels]]
id = "municipality"
field = "municipality_name"
scope = true

[[constraints]]
id = "decision_after_application"
rule = "decision_date >= application_date"
fields = ["decision_date"]
message = { nb = "Vedtaksdatoen er før søknadsdatoen.", nn = "Vedtaksdatoen er før søknadsdatoen.", en = "The decision date is before the application date." }
hint = { nb = "Rett en av de to datoene.", nn = "Rett ein av dei to datoane.", en = "Correct one of the two dates." }

[[sections]]
id = "case"
title = { nb = "Saken", nn = "Saka", en = "The case" }

[[fields]]
name = "case_id"
type = "text"
section = "case"
required = true
label = { nb = "Saks-ID", nn = "Saks-ID", en = "Case ID" }

[[fields]]
name = "county"
type = "one"
choice_list = "counties"
section = "case"
required = true
label = { nb = "Statsforvalter", nn = "Statsforvaltar", en = "County governor" }

[[fields]]
name = "municipality_name"
type = "text"
section = "case"
required = true
label = { nb = "Kommune", nn = "Kommune", en = "Municipality" }

[[fields]]
name = "application_date"
type = "date"
section = "case"
required = true
label = { nb = "Søknadsdato", nn = "Søknadsdato", en = "Application date" }

[[fields]]
name = "decision_made"
type = "yesno"
section = "case"
required = true
label = { nb = "Er det fattet vedtak?", nn = "Er det gjort vedtak?", en = "Has a decision been made?" }

[[fields]]
name = "decision_date"
type = "date"
section = "case"
required = false
relevant = "decision_made == 'yes'"
label = { nb = "Vedtaksdato", nn = "Vedtaksdato", en = "Decision date" }
"""

CATALOGUE = """
id = "case-review"
version = "1"
survey = "case-review"

[[criteria]]
id = "S01"
title = { nb = "Vedtak innen fristen", nn = "Vedtak innan fristen", en = "Decision within the time limit" }
rationale = { nb = "Søkeren skal få svar uten ugrunnet opphold.", nn = "Søkjaren skal få svar utan ugrunna opphald.", en = "The applicant is to have an answer without undue delay." }
legal_basis = { nb = ["forvaltningsloven § 11 a"], nn = ["forvaltningslova § 11 a"], en = ["Public Administration Act section 11 a"] }
severity = "high"
recommendations = []
applies = "decision_made == 'yes'"
passes = "processing_days <= max_processing_days"

[criteria.parameters.max_processing_days]
default = 30
min = 0
max = 365
label = { nb = "Lengste saksbehandlingstid i dager", nn = "Lengste sakshandsamingstid i dagar", en = "Longest processing time in days" }

[criteria.evidence]
pass = { nb = "vedtak etter {processing_days} dager", nn = "vedtak etter {processing_days} dagar", en = "decision after {processing_days} days" }
fail = { nb = "vedtak etter {processing_days} dager, mer enn {max_processing_days}", nn = "vedtak etter {processing_days} dagar, meir enn {max_processing_days}", en = "decision after {processing_days} days, more than {max_processing_days}" }
not_applicable = { nb = "ikke fattet vedtak", nn = "ikkje gjort vedtak", en = "no decision made" }
not_answered = { nb = "mangler svar: {missing}", nn = "manglar svar: {missing}", en = "no answer: {missing}" }
"""


def case(
    case_id: str,
    municipality: str,
    application: str,
    decision: str | None,
    county: str = "vestland",
) -> dict:
    return {
        "case_id": case_id,
        "county": county,
        "municipality_name": municipality,
        "application_date": application,
        "decision_made": "no" if decision == "-" else "yes",
        "decision_date": None if decision in (None, "-") else decision,
    }


CASES = [
    case("S-1", "Voss", "2022-01-03", "2022-01-20"),  # 17 days: within 30
    case("S-2", "Voss", "2022-01-03", "2022-03-01"),  # 57 days: not within 30, within 60
    case("S-3", "Bergen", "2022-02-01", "-"),  # no decision: not applicable
    case("S-4", "Bergen", "2022-02-01", None),  # decided, date missing: not answered
    case("S-5", "Stavanger", "2022-03-01", "2022-03-11", county="rogaland"),  # 10 days
]


def write_survey(folder: Path) -> Path:
    """The survey definition and its catalogue beside it, as a user keeps them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case-review.criteria.toml").write_text(CATALOGUE, encoding="utf-8")
    path = folder / "case-review.toml"
    path.write_text(SURVEY, encoding="utf-8")
    return path
