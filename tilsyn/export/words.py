"""Sheet and column names of the auditor workbook in bokmål, nynorsk and English.

Status words come from `tilsyn.i18n`, so the workbook says "✘ ikke oppfylt" exactly as the
terminal and the Word report do; terms come from the glossary; field labels from the survey.
"""

from __future__ import annotations

from tilsyn.glossary import term
from tilsyn.i18n import status_label, word

_WORDS: dict[str, dict[str, str]] = {
    "results": {"nb": "Resultater", "nn": "Resultat", "en": "Results"},
    "evidence_sheet": {"nb": "Vurderingsgrunnlag", "nn": "Vurderingsgrunnlag", "en": "Evidence"},
    "summary": {"nb": "Sammendrag", "nn": "Samandrag", "en": "Summary"},
    "criteria": {"nb": "Kriterier", "nn": "Kriterium", "en": "Criteria"},
    "provenance": {"nb": "Opphav", "nn": "Opphav", "en": "Provenance"},
    "status": {"nb": "Status", "nn": "Status", "en": "Status"},
    "evidence": {"nb": "Vurderingsgrunnlag", "nn": "Vurderingsgrunnlag", "en": "Evidence"},
    "automatic_status": {
        "nb": "Automatisk status",
        "nn": "Automatisk status",
        "en": "Automatic status",
    },
    "assessment": {
        "nb": "Inspektørens begrunnelse",
        "nn": "Grunngjevinga til inspektøren",
        "en": "Inspector's justification",
    },
    "area": {"nb": "Område", "nn": "Område", "en": "Area"},
    "title": {"nb": "Tittel", "nn": "Tittel", "en": "Title"},
    "text": {"nb": "Tekst", "nn": "Tekst", "en": "Text"},
    "source": {"nb": "Kilde", "nn": "Kjelde", "en": "Source"},
    "rationale": {
        "nb": "Hvorfor det er viktig",
        "nn": "Kvifor det er viktig",
        "en": "Why it matters",
    },
    "ci_low": {"nb": "95 % KI nedre", "nn": "95 % KI nedre", "en": "95% CI low"},
    "ci_high": {"nb": "95 % KI øvre", "nn": "95 % KI øvre", "en": "95% CI high"},
    "linked_criteria": {
        "nb": "Kriterier som støtter den",
        "nn": "Kriterium som støttar ho",
        "en": "Supporting criteria",
    },
    "failed_results": {
        "nb": "Ikke oppfylt (resultater)",
        "nn": "Ikkje oppfylt (resultat)",
        "en": "Results not met",
    },
    "records_failing": {
        "nb": "{noun} med minst ett kriterium ikke oppfylt",
        "nn": "{noun} med minst eitt kriterium ikkje oppfylt",
        "en": "{noun} with at least one criterion not met",
    },
    "item": {"nb": "Opplysning", "nn": "Opplysning", "en": "Item"},
    "value": {"nb": "Verdi", "nn": "Verdi", "en": "Value"},
    "sha256": {"nb": "SHA-256", "nn": "SHA-256", "en": "SHA-256"},
    "records_read": {"nb": "{noun} lest", "nn": "{noun} lesne", "en": "{noun} read"},
    "input_file": {"nb": "Inndatafil", "nn": "Inndatafil", "en": "Input file"},
    "tool": {"nb": "Verktøy", "nn": "Verktøy", "en": "Tool"},
    "survey": {"nb": "Undersøkelse", "nn": "Undersøking", "en": "Survey"},
    "parameter": {"nb": "Parameter", "nn": "Parameter", "en": "Parameter"},
    "language": {"nb": "Språk", "nn": "Språk", "en": "Language"},
    "values_as": {"nb": "Verdier som", "nn": "Verdiar som", "en": "Values as"},
    "codes": {"nb": "koder", "nn": "kodar", "en": "codes"},
    "labels": {"nb": "tekster", "nn": "tekstar", "en": "labels"},
    "personal_data": {
        "nb": "Inneholder personopplysninger",
        "nn": "Inneheld personopplysningar",
        "en": "Holds personal data",
    },
    "exported_at": {"nb": "Eksportert (UTC)", "nn": "Eksportert (UTC)", "en": "Exported (UTC)"},
    "records_exported": {
        "nb": "{noun} eksportert",
        "nn": "{noun} eksporterte",
        "en": "{noun} exported",
    },
    "records_excluded": {
        "nb": "{noun} utelatt på grunn av feil",
        "nn": "{noun} utelatne på grunn av feil",
        "en": "{noun} excluded because of errors",
    },
    "default_value": {"nb": "standardverdi", "nn": "standardverdi", "en": "default"},
    "doc_title": {
        "nb": "Tilsyn: data og resultater",
        "nn": "Tilsyn: data og resultat",
        "en": "Supervision: data and results",
    },
    "personal_yes": {
        "nb": "Inneholder personopplysninger (fritekst er ikke sladdet).",
        "nn": "Inneheld personopplysningar (fritekst er ikkje sladda).",
        "en": "Holds personal data (free text is not redacted).",
    },
    "personal_no": {
        "nb": "Personopplysninger i fritekst er sladdet.",
        "nn": "Personopplysningar i fritekst er sladda.",
        "en": "Personal data in free text is redacted.",
    },
}


# Workbook words that are glossary terms: the per-record evidence is «Vurderingsgrunnlag», so
# that «Begrunnelse» keeps its one meaning (why a criterion matters).
_TERMS = {"evidence": "evidence", "catalogue": "catalogue"}


def w(key: str, lang: str, **values: str) -> str:
    """A workbook word in `lang`, with `{noun}` and the like filled in."""
    if key in _TERMS:
        text = term(_TERMS[key], lang)
    else:
        text = _WORDS[key][lang] if key in _WORDS else word(key, lang)
    return text.format(**values) if values else text


def status_heading(status: str, lang: str) -> str:
    """ "Ikke oppfylt": a status as a column heading."""
    label = status_label(status, lang)
    return label[:1].upper() + label[1:]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
