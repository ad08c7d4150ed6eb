"""Which pages the site has, and what each one shows (where they live: paths.py)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from ..check import SourceDefect, Warning
from ..content import Vocabularies
from ..model import (
    LANGS,
    Amendment,
    Call,
    Catalogue,
    Change,
    Edition,
    Headline,
    Priority,
    PriorityList,
    Step,
    amendments,
    build_now,
    editions,
    headline,
    history,
    successors,
)
from .changelog import IssuerView, issuer_view
from .paths import (
    FACETS,
    bilingual_path,
    calls_path,
    changes_path,
    edition_path,
    facet_path,
    home_path,
    issuer_path,
    list_path,
    priority_path,
)

# ---- what the site knows -----------------------------------------------------------------------

@dataclass(frozen=True)
class SiteData:
    """Everything the pages show, gathered before anything is rendered."""

    catalogue: Catalogue
    vocab: Vocabularies
    manifest: tuple = ()
    warnings: tuple[Warning, ...] = ()
    defects: dict = field(default_factory=dict, hash=False)  # priority id → tuple[SourceDefect]
    licenses: tuple = ()  # from data/datapackage.json when the data stage wrote one
    sources: dict = field(default_factory=dict, hash=False)  # list id → where its official document is published
    base_url: str = "/"
    now: dt.datetime | None = None  # the build's moment: the statuses of calls in the HTML (model.build_now)
    earlier: dict = field(default_factory=dict, hash=False)  # list id → its earlier editions (date, PriorityList)

    @cached_property
    def table_files(self) -> tuple:
        """The data files of whole tables in the manifest, without the one-record files of every priority."""
        return tuple(f for f in self.manifest if f.table is not None and f.priority_id is None)

    @cached_property
    def priorities(self) -> tuple[Priority, ...]:
        return self.catalogue.priorities

    @cached_property
    def lists(self) -> dict[str, PriorityList]:
        return {lst.id: lst for lst in self.catalogue.lists}

    @cached_property
    def by_id(self) -> dict[str, Priority]:
        return {p.id: p for p in self.priorities}

    @cached_property
    def editions(self) -> dict[str, tuple[Edition, ...]]:
        """List id → every edition of the list, the first one first (the current one alone when never amended)."""
        return {lst.id: editions(lst, [e for _, e in self.earlier.get(lst.id, ())]) for lst in self.catalogue.lists}

    @cached_property
    def amendments(self) -> tuple[Amendment, ...]:
        """Every amendment of every list, the newest first (one whose order is undated goes by the date of the
        edition it amended: it came after that)."""
        found = sorted((a for chain in self.editions.values() for a in amendments(chain)), key=lambda a: a.after.list.id)
        return tuple(sorted(found, key=lambda a: (a.after.date or a.before.date or dt.date.min, a.after.date is None),
                            reverse=True))

    def history(self, p: Priority) -> tuple[Step, ...]:
        """A priority through the editions of its list; () when the list was never amended."""
        chain = self.editions.get(p.list_id, ())
        return history(chain, p.id) if len(chain) > 1 else ()

    def change_path(self, lang: str, amendment: Amendment, change: Change) -> str:
        """Where a change's priority is shown: its own page while the list still has it, else its row on the
        page of the last edition that had it."""
        list_id = amendment.after.list.id
        edition = amendment.before if change.kind == "withdrawn" else amendment.after
        now = self.followed[list_id, edition.number].get(change.priority_id)
        if now is not None:
            return priority_path(lang, now.id)
        return f"{edition_path(lang, list_id, edition)}#row-{self.change_priority(amendment, change).number}"

    def change_priority(self, amendment: Amendment, change: Change) -> Priority:
        """The priority a change is about: in the later edition, or in the earlier one when it was withdrawn."""
        edition = amendment.before if change.kind == "withdrawn" else amendment.after
        return next(p for p in edition.list.priorities if p.id == change.priority_id)

    @cached_property
    def change_numbers(self) -> dict[Change, int]:
        """A change → its place (from 1) among the changes of its amendment, as its id (model.change_id) counts."""
        return {c: n for a in self.amendments for n, c in enumerate(a.changes, 1)}

    @cached_property
    def followed(self) -> dict[tuple[str, int], dict[str, Priority]]:
        """(list id, edition number) → what each priority of that edition is in the current edition, for the
        lists that were amended (model.successors)."""
        return {(list_id, e.number): successors(chain, e) for list_id, chain in self.editions.items()
                if len(chain) > 1 for e in chain}

    @cached_property
    def issuers(self) -> dict[str, tuple[PriorityList, ...]]:
        """Issuer code → its lists, the newest year first."""
        found: dict[str, list[PriorityList]] = {}
        for lst in self.catalogue.lists:
            found.setdefault(lst.issuer.code, []).append(lst)
        return {code: tuple(lists) for code, lists in sorted(found.items())}

    def issuer_view(self, code: str) -> IssuerView:
        """An issuer's lists across the years, for its page (the same for both languages: made once)."""
        if code not in self._issuer_views:
            self._issuer_views[code] = issuer_view(self.issuers[code], tuple(self.vocab.areas))
        return self._issuer_views[code]

    @cached_property
    def _issuer_views(self) -> dict:
        return {}

    @property
    def latest_year(self) -> int | None:
        return self.catalogue.years[0] if self.catalogue.years else None

    def in_year(self, year: int | None) -> tuple[Priority, ...]:
        return tuple(p for p in self.priorities if p.year == year)

    def territory_chain(self, kato: str) -> tuple[str, ...]:
        """The territory and every territory it lies in, innermost first."""
        return self.vocab.territory_chain(kato)

    def facet(self, name: str) -> dict[object, tuple[Priority, ...]]:
        """Code → priorities, for one facet; a region also holds the priorities of its districts."""
        groups: dict[object, list[Priority]] = {}
        for p in self.priorities:
            for code in self._codes(name, p):
                groups.setdefault(code, []).append(p)
        return {code: tuple(ps) for code, ps in groups.items()}

    def _codes(self, name: str, p: Priority) -> tuple:
        if name == "area":
            return (p.area,)
        if name == "territory":
            return self.territory_chain(p.territory)
        if name == "year":
            return (p.year,)
        return (p.grant.type,)

    def counts(self, priorities, name: str) -> list[tuple[object, int]]:
        """(code, number of priorities) for one facet, in the vocabulary's order (years newest first)."""
        found: dict[object, int] = {}
        for p in priorities:
            for code in self._codes(name, p):
                found[code] = found.get(code, 0) + 1
        return [(code, found[code]) for code in self.ordered(name, found)]

    def ordered(self, name: str, codes) -> list:
        """Codes of a facet in a reader's order: the Law's order of areas, regions before districts."""
        if name == "year":
            return sorted(codes, reverse=True)
        vocab = {"area": self.vocab.areas, "territory": self.vocab.territories,
                 "grant-type": self.vocab.grant_types}[name]
        rank = {code: i for i, code in enumerate(vocab)}
        return sorted(codes, key=lambda c: (rank.get(c, len(rank)), str(c)))

    def call_headline(self, calls) -> Headline:
        """The status a badge shows for these calls at build time (the fallback when JavaScript is off)."""
        return headline(calls, self.now or build_now())

    def by_calls(self, priorities) -> tuple[Priority, ...]:
        """Priorities open for applications first (closing soonest), then planned ones, the rest as they were."""
        return tuple(sorted(priorities, key=lambda p: self.call_headline(p.calls).rank))

    def calls_in_order(self) -> tuple[Call, ...]:
        """Every call, the way the calls page lists them: open, then planned, then closed."""
        return tuple(sorted(self.catalogue.calls, key=lambda c: self.call_headline((c,)).rank))

    def warnings_for(self, pid: str) -> tuple[Warning, ...]:
        return tuple(w for w in self.warnings if w.priority_id == pid)

    def defects_for(self, pid: str) -> tuple[SourceDefect, ...]:
        return self.defects.get(pid, ())


def total(priorities) -> float:
    """Funding of several priorities, thousand tenge, as published (flagged figures included)."""
    return round(sum(p.funding.amount for p in priorities), 1)


def flagged(priorities, code: str = "funding-outlier") -> tuple[Priority, ...]:
    """The priorities carrying a warning, e.g. a funding figure that inflates a total."""
    return tuple(p for p in priorities if code in p.flags)


# ---- the pages ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    """One HTML page: where it is written, its template and what the template is given."""

    path: str
    template: str
    lang: str
    context: dict = field(default_factory=dict, hash=False)
    indexed: bool = True  # listed in sitemap.xml

    @property
    def file(self) -> str:
        return self.path + "index.html"


def site_pages(data: SiteData) -> list[Page]:
    """Every HTML page of both languages."""
    return [page for lang in LANGS for page in _pages(data, lang)]


def record_pages(data: SiteData) -> list[Page]:
    """The pages of each list (and earlier edition) and of each priority, both languages: what an edit of
    one priority changes first (the quick update), without gathering the facets' pages."""
    return [page for lang in LANGS for page in _pages(data, lang, facets=False)
            if page.template in ("list.html", "priority.html", "bilingual.html")]


def _pages(data: SiteData, lang: str, facets: bool = True) -> list[Page]:
    year = data.latest_year
    pages = [Page(home_path(lang), "home.html", lang, {"year": year, "priorities": data.in_year(year)})]
    pages += [Page(list_path(lang, lst.id), "list.html", lang, {"lst": lst}) for lst in data.catalogue.lists]
    pages += [Page(edition_path(lang, list_id, edition), "list.html", lang, {"lst": edition.list, "edition": edition,
                                                            "successors": data.followed[list_id, edition.number]})
              for list_id, chain in data.editions.items() for edition in chain if not edition.current]
    pages.append(Page(changes_path(lang), "changes.html", lang))
    pages += [Page(issuer_path(lang, code), "issuer.html", lang, {"issuer": code, "lists": lists})
              for code, lists in data.issuers.items()]
    lists = data.lists
    pages += [Page(priority_path(lang, p.id), "priority.html", lang, {"p": p, "lst": lists[p.list_id]})
              for p in data.priorities]
    # not in the sitemap: the priority's own page is the one to find; this one is for reading both texts
    pages += [Page(bilingual_path(lang, p.id), "bilingual.html", lang, {"p": p, "lst": lists[p.list_id]}, indexed=False)
              for p in data.priorities]
    for name in FACETS if facets else ():
        groups = data.facet(name)
        pages.append(Page(facet_path(lang, name), "facet_index.html", lang, {"facet": name, "groups": groups}))
        pages += [Page(facet_path(lang, name, code), "facet.html", lang,
                       {"facet": name, "code": code, "priorities": groups[code]}) for code in data.ordered(name, groups)]
    for name, template in (("downloads", "downloads.html"), ("quality", "quality.html"),
                           ("about", "about.html"), ("data/dictionary", "dictionary.html"), ("charts", "charts.html")):
        pages.append(Page(f"{lang}/{name}/", template, lang))
    pages.append(Page(calls_path(lang), "calls.html", lang))
    pages.append(Page(f"{lang}/search/", "search.html", lang, indexed=False))
    return pages
