"""Numbers as people write them in tables: "$1,234", "1.2 bn", "−3.5%", "(1.2)" for a
negative, "12,5 %" where a comma is the decimal sign, "—" or "n/a" for nothing.

Written here rather than with Babel's parser: Babel reads a number in one locale's format, and
table cells mix currency signs, scale words, percent signs and accounting brackets that it
does not take. The decimal sign follows the brief's language (CLDR, through Babel) when a cell
could be read either way ("1,234": a thousand and more in English, one and a bit in German).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from brief.core.locales import parse_locale

# Scale words and suffixes, with the factor they stand for.
_SCALES = {
    "k": 1e3, "thousand": 1e3, "thousands": 1e3, "tsd": 1e3, "тыс": 1e3, "mil": 1e3,
    "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "millions": 1e6, "mio": 1e6, "млн": 1e6,
    "bn": 1e9, "b": 1e9, "billion": 1e9, "billions": 1e9, "mrd": 1e9, "md": 1e9, "млрд": 1e9,
    "tn": 1e12, "trillion": 1e12, "трлн": 1e12,
}  # fmt: skip
_MISSING = {"", "—", "–", "-", "n/a", "na", "n.a.", "..", "…", "x", "nd", "n.d.", "–/–"}
_NUMBER = re.compile(
    r"""^(?P<sign>[-+−–]?)\s*
        (?P<currency>[$€£¥₽₴₹₩₺₪]|[A-Z]{3}\s)?\s*
        (?P<digits>\d[\d\s\u00a0\u202f,.']*\d|\d)
        \s*(?P<percent>%|per\s?cent|pp|p\.p\.)?
        \s*(?P<scale>[^\W\d_]{1,9}\.?)?
        \s*(?P<currency2>[$€£¥₽₴₹₩₺₪]|[A-Z]{3})?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class Reading:
    """A cell read as a number: its value, or why it could not be read."""

    value: float | None
    missing: bool = False  # written as a dash or "n/a": nothing, deliberately
    percent: bool = False
    problem: str | None = None


def read_number(text: str, decimal_comma: bool = False) -> Reading:
    """*text* as a number; *decimal_comma* when the language writes "12,5" for twelve and
    a half (a cell such as "1,234,567" or "1.234,5" says its own convention)."""
    raw = " ".join(text.replace("\u2212", "-").split())
    if raw.lower().strip("*") in _MISSING:
        return Reading(None, missing=True)
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        raw, negative = raw[1:-1].strip(), True
    match = _NUMBER.match(raw)
    if not match:
        return Reading(None, problem=f"'{text.strip()}' is not a number")
    value = _digits(match.group("digits"), decimal_comma)
    if value is None:
        return Reading(None, problem=f"'{text.strip()}' is not a number")
    scale = (match.group("scale") or "").rstrip(".").lower()
    if scale:
        if scale not in _SCALES:
            return Reading(None, problem=f"'{text.strip()}': unknown unit '{scale}'")
        value *= _SCALES[scale]
    if match.group("sign") in ("-", "−", "–"):
        negative = not negative
    if not abs(value) <= LARGEST:
        return Reading(None, problem=f"'{text.strip()[:40]}' is too large to chart")
    if 0 < abs(value) < SMALLEST:
        return Reading(None, problem=f"'{text.strip()[:40]}' is too small to chart")
    return Reading(-value if negative else value, percent=bool(match.group("percent")))


# Beyond this a value is not a quantity anyone charts, and drawing it overflows.
LARGEST = 1e18
SMALLEST = 1e-18  # nor this: an axis's steps between such values are no numbers a PDF holds


def _digits(digits: str, decimal_comma: bool) -> float | None:
    digits = re.sub(r"[\s\u00a0\u202f']", "", digits)
    commas, stops = digits.count(","), digits.count(".")
    if commas and stops:  # the last one is the decimal sign
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
    elif commas > 1 or stops > 1:  # repeated: thousands separators
        decimal = "." if commas > 1 else ","
    elif commas == 1:
        decimal = "," if decimal_comma or not re.search(r",\d{3}$", digits) else "."
    elif stops == 1:
        decimal = "." if not decimal_comma or not re.search(r"\.\d{3}$", digits) else ","
    else:
        decimal = "."
    thousands = "," if decimal == "." else "."
    parts = digits.replace(thousands, "")
    if parts.count(decimal) > 1:
        return None
    try:
        return float(parts.replace(decimal, "."))
    except ValueError:
        return None


def uses_decimal_comma(language: str) -> bool:
    """Does *language* write a decimal comma (CLDR)?"""
    locale = parse_locale(language)
    return locale is not None and locale.number_symbols.get("latn", {}).get("decimal") == ","


def format_value(value: float, language: str = "en", percent: bool = False) -> str:
    """*value* as the language writes it: "1.2", "12,5 %", "1 234", and "1.2B" / "1,2 Mrd."
    for a million and more (CLDR's short forms)."""
    from babel.numbers import format_compact_decimal, format_decimal, format_percent

    tag = str(parse_locale(language) or "en")
    try:
        if percent:  # the language's own pattern ("50 %" in German), decimals kept
            exact = Decimal(repr(round(value, 2))) / 100  # no binary noise ("2.8999…")
            text = format_percent(exact, locale=tag, decimal_quantization=False)
        elif abs(value) >= 1e6:
            text = format_compact_decimal(value, format_type="short", locale=tag, fraction_digits=1)
        else:  # the decimals tables are written with: "241.2", "7.05"
            pattern = "#,##0.#" if abs(value) >= 10 else "#,##0.##"
            text = format_decimal(value, format=pattern, locale=tag)
        return text.replace("-", "\u2212", 1) if value < 0 else text  # a minus, not a hyphen
    except (ValueError, LookupError, ArithmeticError):  # decimal.InvalidOperation
        return f"{value:g}"
