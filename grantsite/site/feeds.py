"""What machines read: sitemap.xml, an Atom feed per language and schema.org JSON-LD.

Only the sitemap and the feeds carry absolute URLs (their formats demand them), made from Config.base_url.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import LANGS, Change, Priority, change_id
from .changelog import change_field
from .i18n import Strings
from .pages import Page, SiteData
from .paths import changes_path, other, priority_path, record_path, relative

FEED_SIZE = 100  # newest priorities in a feed; older ones stay on the site and in the data


@dataclass(frozen=True)
class SitemapUrl:
    loc: str
    alternates: tuple[tuple[str, str], ...]  # (lang, absolute URL)


def sitemap(pages: list[Page], base_url: str) -> list[SitemapUrl]:
    """Every indexed page with its twin in the other language."""
    urls = []
    for page in sorted((p for p in pages if p.indexed), key=lambda p: p.path):
        tail = page.path[len(page.lang):]
        urls.append(SitemapUrl(base_url + page.path, tuple((lang, base_url + lang + tail) for lang in LANGS)))
    return urls


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    summary: str
    author: str
    updated: str


@dataclass(frozen=True)
class Feed:
    lang: str
    title: str
    self_url: str
    site_url: str
    updated: str
    entries: tuple[Entry, ...]


def _updated(data: SiteData, p: Priority) -> str:
    # dates come from content (the approving order), never from the clock: the output stays reproducible
    lst = data.lists[p.list_id]
    day = lst.approval.date or dt.date(p.year, 1, 1)
    return f"{day.isoformat()}T00:00:00Z"


def atom(data: SiteData, lang: str, t: Strings) -> Feed:
    """The newest priorities, as an Atom feed in one language."""
    newest = sorted(data.priorities, key=lambda p: (-p.year, p.issuer, p.number))[:FEED_SIZE]
    entries = []
    for p in newest:
        lst = data.lists[p.list_id]
        summary = " · ".join((data.vocab.areas[p.area].label(lang), t.thousand_tenge(p.funding.amount),
                              data.vocab.territories[p.territory].label(lang) if p.territory in data.vocab.territories
                              else p.territory))
        entries.append(Entry(data.base_url + priority_path(lang, p.id), _text(p.direction, lang), summary,
                             _text(lst.issuer.name, lang), _updated(data, p)))
    updated = max((e.updated for e in entries), default="1970-01-01T00:00:00Z")
    return Feed(lang, t("site.name"), f"{data.base_url}{lang}/feed.xml", f"{data.base_url}{lang}/", updated,
                tuple(entries))


def changes_atom(data: SiteData, lang: str, t: Strings) -> Feed:
    """The newest changes to the lists, one entry per change, as an Atom feed in one language."""
    page = data.base_url + changes_path(lang)
    entries = []
    for amendment in data.amendments:
        lst = amendment.after.list
        day = amendment.after.date or amendment.before.date or dt.date(lst.year, 1, 1)
        for n, change in enumerate(amendment.changes, 1):
            p = data.change_priority(amendment, change)
            title = t("changes.feed_entry", issuer=_text(lst.issuer.name, lang), year=lst.year, number=p.number,
                      kind=t(f"changes.kind.{change.kind}"))
            entries.append(Entry(f"{page}#change-{change_id(change, n)}", title, _summary(data, lang, t, p, change),
                                 _text(lst.issuer.name, lang), f"{day.isoformat()}T00:00:00Z"))
    entries = entries[:FEED_SIZE]
    updated = max((e.updated for e in entries), default="1970-01-01T00:00:00Z")
    return Feed(lang, t("changes.feed_title"), f"{page}feed.xml", page, updated, tuple(entries))


def _summary(data: SiteData, lang: str, t: Strings, p: Priority, change: Change) -> str:
    """The priority, and for a changed field its name, old and new value, as plain text."""
    direction = _text(p.direction, lang)
    if change.kind in ("added", "withdrawn"):
        return direction
    key, values = change_field(change)
    field = t(key, **values) + (f" ({t('lang.in.' + change.lang)})" if change.lang else "")
    return f"{direction}. {field}: {_value(data, lang, t, change, change.old)} → {_value(data, lang, t, change, change.new)}"


def _value(data: SiteData, lang: str, t: Strings, change: Change, value: str | None) -> str:
    if not value:
        return "—"
    terms = {"area": data.vocab.areas, "territory": data.vocab.territories, "grant.type": data.vocab.grant_types}
    if change.field in terms:
        term = terms[change.field].get(value)
        return term.label(lang) if term is not None else value
    if change.field == "funding.amount":
        return t.thousand_tenge(float(value))
    return value


def _text(text, lang: str) -> str:
    return text.get(lang) or text.get(other(lang)) or ""


def jsonld(page: Page, data: SiteData, t: Strings) -> dict | None:
    """schema.org data for a list (Dataset) or a priority (MonetaryGrant); None for other pages."""
    if page.template == "list.html" and "edition" not in page.context:  # an earlier edition is no dataset of its own
        return _dataset(page, data, t)
    if page.template == "priority.html":
        return _grant(page, data)
    return None


def _org(lst, lang: str) -> dict:
    return {"@type": "GovernmentOrganization", "name": _text(lst.issuer.name, lang)}


def _dataset(page: Page, data: SiteData, t: Strings) -> dict:
    lst, lang = page.context["lst"], page.lang
    files = [f for f in data.table_files if f.year in (lst.year, None)]
    distribution = [{"@type": "DataDownload", "encodingFormat": _mime(f.format), "contentUrl": relative(page.path, f.path)}
                    for f in files]
    if lst.id in data.sources:
        distribution.append({"@type": "DataDownload", "name": lst.source.file,
                             "contentUrl": relative(page.path, data.sources[lst.id])})
    territory = data.vocab.territories.get(lst.issuer.territory)
    return {
        "@context": "https://schema.org", "@type": "Dataset", "name": _text(lst.title, lang),
        "description": t("list.dataset_description", issuer=_text(lst.issuer.name, lang), year=lst.year),
        "identifier": lst.id, "inLanguage": lang, "url": "./", "isAccessibleForFree": True,
        "creator": _org(lst, lang), "temporalCoverage": str(lst.year),
        "spatialCoverage": {"@type": "Place", "name": territory.label(lang) if territory else lst.issuer.territory},
        "distribution": distribution,
        **({"license": data.licenses[0].get("path") or data.licenses[0].get("name")} if data.licenses else {}),
    }


def _mime(fmt: str) -> str:
    return {"csv": "text/csv", "json": "application/json", "zip": "application/zip",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "sqlite": "application/vnd.sqlite3"}.get(fmt, "application/octet-stream")


def _grant(page: Page, data: SiteData) -> dict:
    p, lst, lang = page.context["p"], page.context["lst"], page.lang
    return {
        "@context": "https://schema.org", "@type": "MonetaryGrant", "identifier": p.id, "url": "./",
        "name": _text(p.direction, lang), "description": _text(p.problem, lang), "inLanguage": lang,
        "amount": {"@type": "MonetaryAmount", "currency": "KZT", "value": round(p.funding.amount * 1000, 2)},
        "funder": _org(lst, lang),
        "subjectOf": [{"@type": "DataDownload", "encodingFormat": _mime(fmt),
                       "contentUrl": relative(page.path, record_path(p.id, fmt))} for fmt in ("json", "csv")],
    }
