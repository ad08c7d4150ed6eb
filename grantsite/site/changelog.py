"""What the changes page, a priority's history and an issuer's page show, made from the model for the templates."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Change, Direction, PriorityList, YearOnYear, directions, year_on_year

ITEM = re.compile(r"^(indicators|results)\[(\d+)\]$")
FIELD_KEYS = {"funding.amount": "funding", "grant.type": "grant_type", "grant.count": "grant_count",
              "grant.years": "grant_years"}


def change_field(change: Change) -> tuple[str, dict]:
    """The UI string key (changes.field.…) of the field a change is about, and its values: indicator 2 → n=2."""
    item = ITEM.match(change.field or "")
    if item:
        return f"changes.field.{item[1]}", {"n": int(item[2])}
    return f"changes.field.{FIELD_KEYS.get(change.field, change.field)}", {}


@dataclass(frozen=True)
class IssuerView:
    """An issuer's lists side by side: funding by area and year, and its directions across the years."""

    years: tuple[int, ...]  # the earliest first, as the columns read
    areas: tuple[str, ...]  # the areas any of its lists funds, in the order of the vocabulary
    totals: dict  # (area, year) → thousand tenge; (None, year) → the year's total
    recurring: tuple[Direction, ...]  # directions found in two years or more
    year_on_year: tuple[YearOnYear, ...]  # the newest year first


def issuer_view(lists: tuple[PriorityList, ...], area_order) -> IssuerView:
    """The cross-year view of one issuer's lists (area_order: the area codes in the vocabulary's order)."""
    years = tuple(sorted({lst.year for lst in lists}))
    totals: dict = {}
    for lst in lists:
        for p in lst.priorities:
            for key in ((p.area, lst.year), (None, lst.year)):
                totals[key] = round(totals.get(key, 0.0) + p.funding.amount, 1)
    rank = {code: n for n, code in enumerate(area_order)}
    areas = tuple(sorted({area for area, _ in totals if area is not None}, key=lambda a: (rank.get(a, len(rank)), a)))
    found = directions(lists)
    return IssuerView(years, areas, totals, tuple(d for d in found if len(d.years) > 1), year_on_year(found, years))
