"""UI strings (templates/i18n/LANG.yaml) and Kazakh / Russian formatting of numbers, money, dates and sizes."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content import format_amount

LANGS = ("kk", "ru")
NBSP = "\u00a0"


class MissingString(KeyError):
    """A template asked for a UI string that the language file does not have: a bug, caught by the tests."""


def flatten(tree: dict, prefix: str = "") -> dict[str, object]:
    """Nested YAML mappings → dotted keys ('nav.home'); lists and strings are leaves."""
    out: dict[str, object] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


def load_strings(folder: Path) -> dict[str, dict[str, object]]:
    """Every language's UI strings, by dotted key."""
    return {lang: flatten(yaml.load((Path(folder) / f"{lang}.yaml").read_text(encoding="utf-8"),
                                    Loader=yaml.CSafeLoader) or {}) for lang in LANGS}


@dataclass(frozen=True)
class Strings:
    """The UI strings of one language, with the formatting rules of that language."""

    lang: str
    table: dict

    def __call__(self, key: str, **values) -> str:
        """The string for key, with {name} placeholders filled in."""
        if key not in self.table:
            raise MissingString(f"templates/i18n/{self.lang}.yaml has no key '{key}'")
        text = self.table[key]
        return text.format(**values) if values else text

    def thousand_tenge(self, amount: float) -> str:
        """5000.0 → '5 000,0 мың теңге' / '5 000,0 тыс. тенге'."""
        return f"{format_amount(amount)}{NBSP}{self('money.thousand_tenge')}"

    def short_tenge(self, thousands: float) -> str:
        """An amount in thousand tenge in a short form: 5000 → '5 млн ₸', 4416000 → '4,4 млрд ₸'."""
        number, unit = short_amount(thousands)
        return f"{number}{NBSP}{self(f'money.short.{unit}').replace(' ', NBSP)}"

    def number(self, value: float) -> str:
        """1000 → '1 000', 2.5 → '2,5' (no-break space between thousands, comma before decimals)."""
        return format_amount(value, decimals=0 if float(value).is_integer() else 1)

    def date(self, day: dt.date | None) -> str:
        """2026-01-15 → '2026 жылғы 15 қаңтар' / '15 января 2026 г.'."""
        if day is None:
            return ""
        month = self("date.months")[day.month - 1]
        return self("date.format").format(day=day.day, month=month, year=day.year)

    def years(self, start: int, end: int) -> str:
        """A grant period: '2026 жыл' / '2026–2027 гг.'."""
        if start == end:
            return self("date.one_year").format(year=start)
        return self("date.year_range").format(start=start, end=end)

    def size(self, n: int) -> str:
        """A file size: '812 Б', '12,3 КБ', '4,1 МБ'."""
        for limit, unit in ((1024 ** 2, "mb"), (1024, "kb")):
            if n >= limit:
                return f"{format_amount(n / limit)}{NBSP}{self(f'size.{unit}')}"
        return f"{n}{NBSP}{self('size.b')}"


def short_amount(thousands: float) -> tuple[str, str]:
    """Thousand tenge → (number text, unit key), one decimal at most; the same rule as site.js uses."""
    tenge = thousands * 1000
    for size, unit in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if abs(tenge) >= size:
            break
    else:
        size, unit = 1, "tenge"
    # floor(x*10 + 0.5) rounds half up exactly as Math.round does in the browser, so both agree
    rounded = math.floor(tenge / size * 10 + 0.5) / 10
    text = format_amount(rounded)
    return (text[:-2] if text.endswith(",0") else text), unit
