"""Kazakh and Russian text: amounts as the official documents write them, numeric targets in prose."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

SPACES = "\u0020\u00a0\u202f\u2009\u2007"  # the thousands separators met in official documents
_AMOUNT = re.compile(rf"^\d{{1,3}}(?:[{SPACES}]\d{{3}})*(?:,\d+)?$|^\d+(?:[.,]\d+)?$")
# The funding column is in thousand tenge; a cell that says so again («5 000,0 мың теңге») means the same.
_IN_THOUSAND_TENGE = re.compile(rf"[{SPACES}]+(мың[{SPACES}]+теңге|тыс\.?[{SPACES}]*тенге)\.?$", re.IGNORECASE)


def parse_amount(published: str) -> float | None:
    """'5 000,0' → 5000.0, '4 400 000' → 4400000.0; None when the text is not a plain amount."""
    text = _IN_THOUSAND_TENGE.sub("", str(published).strip())
    if not _AMOUNT.match(text):
        return None
    digits = re.sub(f"[{SPACES}]", "", text).replace(",", ".")
    try:
        return float(Decimal(digits))
    except InvalidOperation:
        return None


def format_amount(amount: float, lang: str = "kk", decimals: int = 1) -> str:
    """5000.0 → '5 000,0' (a no-break space between thousands, a comma before decimals: kk and ru alike)."""
    whole, _, frac = f"{amount:,.{decimals}f}".partition(".")
    whole = whole.replace(",", "\u00a0")
    return f"{whole},{frac}" if frac else whole


@dataclass(frozen=True)
class Target:
    """A number a text commits to, e.g. «кемінде 1 000 адам» → 1000 persons, at least."""

    value: float
    unit: str
    qualifier: str  # at-least | exact | at-most


_NUMBER = re.compile(rf"(?<![\d.,])(\d{{1,3}}(?:[{SPACES}]\d{{3}})+|\d+(?:,\d+)?)(?![\d])")
_AT_LEAST = re.compile(r"(кемінде|не менее|не меньше|минимум|как минимум)\s*$", re.IGNORECASE)
_AT_MOST = re.compile(r"(не более|не больше|аспайтын|максимум)\s*$", re.IGNORECASE)
_THOUSAND = re.compile(rf"^[{SPACES}]*(мың|тыс\.?)\s+", re.IGNORECASE)


def parse_target(text: str, units) -> Target | None:
    """The first quantity followed by a known unit, or None."""
    return next(_quantities(text, units), None)


def _quantities(text: str, units):
    for match in _NUMBER.finditer(text):
        value = float(re.sub(f"[{SPACES}]", "", match.group(1)).replace(",", "."))
        after = text[match.end():]
        unit, thousand = _unit_after(after, units)
        if unit is None:
            continue
        before = text[max(0, match.start() - 20):match.start()]
        qualifier = "at-least" if _AT_LEAST.search(before) else "at-most" if _AT_MOST.search(before) else "exact"
        yield Target(value * 1000 if thousand else value, unit, qualifier)


def _unit_after(after: str, units) -> tuple[str | None, bool]:
    head = after.lstrip(SPACES).casefold()
    for unit in units.values():  # "700 мың теңге" is an amount before "мың" is a multiplier
        if any(head.startswith(w.casefold()) for w in unit.words if " " in w):
            return unit.code, False
    thousand = _THOUSAND.match(head)
    if thousand:
        head = head[thousand.end():]
    for unit in units.values():
        if any(head.startswith(w.casefold()) for w in unit.words):
            return unit.code, bool(thousand)
    return None, False
