"""Columns an export writes beside the fields that hold what tilsyn computed, not what the
inspector answered: results (`result:K01`, `resultat:K01:begrunnelse`) and derived values
(`derived:processing_days`, `beregnet:Saksbehandlingstid`). The readers of every format skip
them, so an export loads straight back (docs/CONTRACTS.md, "Exports")."""

RESULT = {"nb": "resultat", "nn": "resultat", "en": "result"}
EVIDENCE = {"nb": "vurderingsgrunnlag", "nn": "vurderingsgrunnlag", "en": "evidence"}
DERIVED = {"nb": "beregnet", "nn": "berekna", "en": "derived"}

PREFIXES = tuple(f"{word}:" for word in {*RESULT.values(), *DERIVED.values()})


def is_computed_column(header: str) -> bool:
    """Whether a column or JSON key holds computed results or values rather than a field."""
    return str(header).strip().casefold().startswith(PREFIXES)
