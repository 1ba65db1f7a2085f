"""Columns an export writes beside the fields that hold what tilsyn computed, not what the
inspector answered: results (`result:K01`, `resultat:K01:vurderingsgrunnlag`) and derived values
(`derived:processing_days`, `beregnet:Saksbehandlingstid`). The readers of every format skip
them, so an export loads straight back (docs/CONTRACTS.md, "Exports"). The words are in
tilsyn/texts/export.toml, `[computed]`."""

from __future__ import annotations

from functools import cache

from tilsyn.texts import LANGS, Texts


def computed_word(kind: str, lang: str) -> str:
    """The word that starts a computed column: `result`, `evidence` or `derived` in `lang`
    («resultat», «vurderingsgrunnlag», «beregnet»), or the two beside an assessed result."""
    return Texts("export", lang)(f"computed.{kind}")


@cache
def _prefixes() -> tuple[str, ...]:
    return tuple(
        sorted(
            {f"{computed_word(kind, lang)}:" for kind in ("result", "derived") for lang in LANGS}
        )
    )


def is_computed_column(header: str) -> bool:
    """Whether a column or JSON key holds computed results or values rather than a field."""
    return str(header).strip().casefold().startswith(_prefixes())
