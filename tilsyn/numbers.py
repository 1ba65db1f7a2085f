"""Numbers, shares and intervals as each language writes them, the same in every output.

14.5 minutes is "14,5" in Norwegian and "14.5" in English wherever tilsyn writes it: on the
terminal, in the report, in the workbook. Only the standard library, so the glossary and the
terminal's words can count with it.
"""

from __future__ import annotations

_NBSP = "\u00a0"


def format_number(value: float | int, lang: str, decimals: int = 2, fixed: bool = False) -> str:
    """14.5 -> "14,5" (nb, nn) or "14.5" (en); at most `decimals` decimals, no trailing zeros
    (exactly `decimals` when `fixed`, for columns of figures).

    Norwegian groups thousands with a no-break space from five digits on; English with a comma.
    """
    if isinstance(value, float) or fixed:
        text = f"{value:,.{decimals}f}"
        if "." in text and not fixed:
            text = text.rstrip("0").rstrip(".")
    else:
        text = f"{value:,}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # -0,00 after rounding is 0,00
    if lang == "en":
        return text
    if abs(value) < 10_000:
        text = text.replace(",", "")
    return text.replace(",", _NBSP).replace(".", ",")


def format_value(value: object, lang: str) -> str:
    """A parameter value for people: numbers as `format_number`, anything else as text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value, lang)
    return str(value)


def format_percent(share: float | None, lang: str, decimals: int = 1) -> str:
    """0.136 -> "13,6 %" (nb, nn) or "13.6%" (en); "–" when there is no share."""
    if share is None:
        return "–"
    number = format_number(share * 100, lang, decimals, fixed=True)
    return f"{number}%" if lang == "en" else f"{number}{_NBSP}%"


def format_interval(ci: tuple[float, float] | None, lang: str, decimals: int = 1) -> str:
    """(0.064, 0.267) -> "6,4–26,7 %" (nb, nn) or "6.4–26.7%" (en); "–" when there is none."""
    if ci is None:
        return "–"
    low = format_number(ci[0] * 100, lang, decimals, fixed=True)
    high = format_percent(ci[1], lang, decimals)
    return f"{low}–{high}"
