"""Stage 3, model: frozen dataclasses that templates and writers receive (never raw YAML)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

LANGS = ("kk", "ru")


@dataclass(frozen=True)
class Text:
    """The same text in Kazakh and Russian; either may be missing."""

    kk: str | None = None
    ru: str | None = None

    def get(self, lang: str) -> str | None:
        return self.kk if lang == "kk" else self.ru

    def __bool__(self) -> bool:
        return bool(self.kk or self.ru)


@dataclass(frozen=True)
class Target:
    value: float
    unit: str
    qualifier: str


@dataclass(frozen=True)
class Indicator:
    """A numbered target indicator or expected result of a priority."""

    position: int
    text: Text
    target: Target | None = None


@dataclass(frozen=True)
class Funding:
    amount: float  # thousand tenge, as published
    published: str | None


@dataclass(frozen=True)
class Grant:
    type: str
    count: int
    start_year: int
    end_year: int


@dataclass(frozen=True)
class Issuer:
    code: str
    name: Text
    territory: str


@dataclass(frozen=True)
class Approval:
    order: str | None
    date: dt.date | None


@dataclass(frozen=True)
class SourceDocument:
    file: str
    language: str
    url: str | None


@dataclass(frozen=True)
class Call:
    """A call for applications: the window in which NGOs can apply, as the operator announced it."""

    id: str  # e.g. 2026-akmola-call-1
    list_id: str
    priority_id: str | None  # the priority file that records it; None: recorded for the whole list
    announced: dt.date | None
    opens: dt.datetime  # aware, in Astana time
    closes: dt.datetime
    url: str | None
    note: Text
    priority_ids: tuple[str, ...] = ()  # the priorities it is for


@dataclass(frozen=True)
class Priority:
    id: str
    list_id: str
    year: int
    issuer: str
    number: int
    area: str
    direction: Text
    problem: Text
    funding: Funding
    grant: Grant
    territory: str
    indicators: tuple[Indicator, ...]
    results: tuple[Indicator, ...]
    material_base: Text
    translation: dict = field(hash=False)  # lang → official | unofficial | missing
    source_defects: str | None = None
    flags: tuple[str, ...] = ()
    calls: tuple[Call, ...] = ()  # the calls it can be applied for in, earliest first; () when none is recorded


@dataclass(frozen=True)
class PriorityList:
    id: str
    year: int
    issuer: Issuer
    title: Text
    approval: Approval
    source: SourceDocument
    translation: dict = field(hash=False)
    priorities: tuple[Priority, ...] = ()
    calls: tuple[Call, ...] = ()  # every call of the list and of its priorities, earliest first

    @property
    def funding_total(self) -> float:
        return round(sum(p.funding.amount for p in self.priorities), 1)


@dataclass(frozen=True)
class Catalogue:
    """Everything published: the lists with their priorities, newest year first."""

    lists: tuple[PriorityList, ...]

    @property
    def priorities(self) -> tuple[Priority, ...]:
        return tuple(p for lst in self.lists for p in lst.priorities)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({lst.year for lst in self.lists}, reverse=True))

    @property
    def calls(self) -> tuple[Call, ...]:
        return tuple(c for lst in self.lists for c in lst.calls)


def _text(row: dict, name: str) -> Text:
    return Text(row.get(f"{name}_kk") or None, row.get(f"{name}_ru") or None)


def _entries(rows: list[dict]) -> tuple[Indicator, ...]:
    def target(r):
        return Target(r["target_value"], r["target_unit"], r.get("target_qualifier") or "exact") \
            if r.get("target_value") is not None else None
    return tuple(Indicator(r["position"], _text(r, "text"), target(r)) for r in sorted(rows, key=lambda r: r["position"]))


def _moment(value) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


def call_from_row(row: dict) -> Call:
    announced = row.get("announced")
    if isinstance(announced, str):
        announced = dt.date.fromisoformat(announced)
    return Call(id=row["id"], list_id=row["list_id"], priority_id=row.get("priority_id") or None,
                announced=announced, opens=_moment(row["opens"]), closes=_moment(row["closes"]),
                url=row.get("url") or None, note=_text(row, "note"),
                priority_ids=tuple(p for p in (row.get("priority_ids") or "").split("; ") if p))


def priority_from_row(row: dict, indicators: list[dict], results: list[dict], calls=()) -> Priority:
    return Priority(
        id=row["id"], list_id=row["list_id"], year=row["year"], issuer=row["issuer"], number=row["number"],
        area=row["area"], direction=_text(row, "direction"), problem=_text(row, "problem"),
        funding=Funding(float(row["funding_amount"]), row.get("funding_published")),
        grant=Grant(row["grant_type"], row["grant_count"], row["grant_start_year"], row["grant_end_year"]),
        territory=row["territory"], indicators=_entries(indicators), results=_entries(results),
        material_base=_text(row, "material_base"),
        translation={lang: row.get(f"translation_{lang}") for lang in LANGS},
        source_defects=row.get("source_defects") or None,
        flags=tuple(f for f in (row.get("flags") or "").split("; ") if f),
        calls=tuple(calls))


def list_from_row(row: dict, priorities: list[Priority], calls=()) -> PriorityList:
    date = row.get("approval_date")
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    return PriorityList(
        id=row["id"], year=row["year"],
        issuer=Issuer(row["issuer"], _text(row, "issuer_name"), row["issuer_territory"]),
        title=_text(row, "title"), approval=Approval(row.get("approval_order"), date),
        source=SourceDocument(row["source_document"], row["source_language"], row.get("source_url")),
        translation={lang: row.get(f"translation_{lang}") for lang in LANGS},
        priorities=tuple(sorted(priorities, key=lambda p: p.number)), calls=tuple(calls))


def catalogue_from_rows(tables: dict[str, list[dict]]) -> Catalogue:
    """Build the model from the rows of the published tables (the inverse of catalogue_rows)."""
    def by_priority(name):
        grouped: dict[str, list[dict]] = {}
        for r in tables.get(name, []):
            grouped.setdefault(r["priority_id"], []).append(r)
        return grouped
    indicators, results = by_priority("indicators"), by_priority("results")
    calls = sorted((call_from_row(r) for r in tables.get("calls", [])), key=lambda c: (c.opens, c.closes, c.id))
    calls_of: dict[str, list[Call]] = {}
    for c in calls:
        for pid in c.priority_ids:
            calls_of.setdefault(pid, []).append(c)
    per_list: dict[str, list[Priority]] = {}
    for r in tables["priorities"]:
        per_list.setdefault(r["list_id"], []).append(priority_from_row(
            r, indicators.get(r["id"], []), results.get(r["id"], []), calls_of.get(r["id"], ())))
    lists = [list_from_row(r, per_list.get(r["id"], []), [c for c in calls if c.list_id == r["id"]])
             for r in tables["lists"]]
    return Catalogue(tuple(sorted(lists, key=lambda lst: (-lst.year, lst.issuer.code))))
