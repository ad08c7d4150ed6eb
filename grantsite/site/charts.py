"""The figures the charts show: funding summed by area, region, grant type, year or issuer, with the part of
each sum that flagged amounts make (a figure 800× the others, shown but marked), and the charts of a page."""
from __future__ import annotations

from dataclasses import dataclass

from .svgchart import Bar

KINDS = ("area", "territory", "grant-type", "year")
PAGE_CHARTS = {"year": ("area", "territory", "grant-type"), "area": ("territory", "year"),
               "territory": ("area", "year"), "grant-type": ("area",), "list": ("area",)}


@dataclass(frozen=True)
class Figure:
    """One bar: a code of the kind (an area, a region's KATO, a year …), its funding and the flagged part."""

    code: object
    total: float  # thousand tenge, flagged amounts included
    flagged: float
    count: int


@dataclass(frozen=True)
class Chart:
    """Funding of some priorities summed by one kind, in the reader's order of its codes."""

    kind: str
    figures: tuple[Figure, ...]

    @property
    def flagged(self) -> bool:
        return any(f.flagged for f in self.figures)

    @property
    def total(self) -> float:
        return round(sum(f.total for f in self.figures), 1)

    @property
    def flagged_total(self) -> float:
        return round(sum(f.flagged for f in self.figures), 1)


def chart(data, kind: str, priorities) -> Chart:
    """Funding of priorities by kind: area, territory (each priority counted in its region once), grant-type,
    year."""
    sums: dict[object, list] = {}
    for p in priorities:
        found = sums.setdefault(_code(data, kind, p), [0.0, 0.0, 0])
        found[0] += p.funding.amount
        found[1] += p.funding.amount if "funding-outlier" in p.flags else 0.0
        found[2] += 1
    order = data.ordered(kind, sums)
    return Chart(kind, tuple(Figure(code, round(sums[code][0], 1), round(sums[code][1], 1), sums[code][2])
                             for code in order))


def page_charts(data, facet: str, priorities) -> tuple[Chart, ...]:
    """The charts a facet or list page shows (none of the kind the page itself is, nor one of a single bar)."""
    found = (chart(data, kind, priorities) for kind in PAGE_CHARTS.get(facet, ()))
    return tuple(c for c in found if len(c.figures) > 1)


def bars(c: Chart, lang: str, vocab, href=None, without_flagged: bool = False) -> list[Bar]:
    """The chart's bars with their labels in a language, linked to the code's page when href is given."""
    terms = {"area": vocab.areas, "territory": vocab.territories, "grant-type": vocab.grant_types}.get(c.kind, {})
    found = []
    for f in c.figures:
        term = terms.get(f.code)
        label = term.label(lang) if term is not None else str(f.code)
        link = href.facet(c.kind, f.code) if href is not None else None
        value, flagged = (round(f.total - f.flagged, 1), 0.0) if without_flagged else (f.total, f.flagged)
        found.append(Bar(label, value, flagged, link))
    return found


def _code(data, kind: str, p):
    if kind == "territory":
        return data.territory_chain(p.territory)[-1]  # the region (innermost first)
    if kind == "area":
        return p.area
    if kind == "grant-type":
        return p.grant.type
    return p.year
