"""Where pages live (DESIGN §7): site-relative paths (folders end with '/'), and the relative links between them."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..model import Edition, Priority, PriorityList

FACETS = ("area", "territory", "year", "grant-type")
SECTION = 2  # a language and its section ('kk/p/', 'kk/list/'): the folders a deep page's stand-ins keep


def other(lang: str) -> str:
    """The other language of the site."""
    return "ru" if lang == "kk" else "kk"


# ---- where pages live (site-relative; folders end with '/') ------------------------------------

def home_path(lang: str) -> str:
    return f"{lang}/"


def priority_path(lang: str, pid: str) -> str:
    return f"{lang}/p/{pid}/"


def bilingual_path(lang: str, pid: str) -> str:
    """A priority's official columns in Kazakh and Russian side by side."""
    return f"{lang}/p/{pid}/bilingual/"


def list_path(lang: str, list_id: str) -> str:
    """A list at /{lang}/list/{year}/{issuer}/ (its id is YEAR-ISSUER)."""
    year, _, issuer = list_id.partition("-")
    return f"{lang}/list/{year}/{issuer}/"


def edition_path(lang: str, list_id: str, edition: Edition) -> str:
    """An edition of a list as it was published; the current edition is the list's own page."""
    return list_path(lang, list_id) + (f"editions/{edition.slug}/" if edition.slug else "")


def changes_path(lang: str) -> str:
    """Every change of every list, newest first (its Atom feed is feed.xml beside it)."""
    return f"{lang}/changes/"


def issuer_path(lang: str, issuer: str) -> str:
    """An issuer's lists across the years."""
    return f"{lang}/issuer/{issuer}/"


def facet_path(lang: str, facet: str, code: object = None) -> str:
    """An area, territory, year or grant-type page; without a code, the index of that facet."""
    return f"{lang}/{facet}/" if code is None else f"{lang}/{facet}/{code}/"


def calls_path(lang: str) -> str:
    """The page of calls for applications; a call is the anchor #ID on it."""
    return f"{lang}/calls/"


def source_path(lst: PriorityList) -> str:
    """Where the official document of a list is published for download."""
    return f"sources/{lst.id}/{lst.source.file}"


def record_path(pid: str, fmt: str) -> str:
    """The data record of one priority (written by the data stage)."""
    return f"data/p/{pid}.{fmt}"


def relative(from_page: str, target: str) -> str:
    """A relative link from one site path to another, so the site works under any prefix."""
    base = _folder(from_page)
    if target in ("", "/"):
        up = base.count("/")
        return "../" * up or "./"
    link = _relpath(target, base or ".")
    if target.endswith("/"):
        link = "./" if link == "." else link + "/"
    return link


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for site paths, without its two getcwd() calls (a 10,000-priority site makes
    millions of links); paths that climb ('..') or are absolute still go to posixpath.relpath."""
    if ".." in path or ".." in start or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    to = [part for part in path.split("/") if part and part != "."]
    here = [part for part in start.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, here):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def _folder(path: str) -> str:
    """The folder a site path lies in (a folder's path is its own)."""
    return path if path.endswith("/") or not path else posixpath.dirname(path) + "/"


@lru_cache(maxsize=1 << 17)
def link_beside(parent: str, target: str, kept: str | None = None) -> str | None:
    """The link to a target from any folder in `parent`: pages side by side (every priority page, every
    area page) share one answer; None for a target the folder's own name may change (one inside it).

    `parent` may end in stand-in folders ('kk/p/_/' for every 'kk/p/ID/bilingual/'); then `kept` is the part
    of it that is real ('kk/p/'), and every target inside that has no shared answer."""
    inside = parent if kept is None else kept
    if (target.startswith(inside) and target != inside) or target.startswith("/") or "//" in target \
            or "/." in "/" + target:
        return None
    return relative(parent + "_/", target)


@dataclass(frozen=True)
class Href:
    """Links from one page, all relative; templates call these instead of writing paths."""

    at: str  # the page the links are written into
    lang: str

    def __call__(self, target: str) -> str:
        link = link_beside(self.beside, target, self.kept) if self.beside else None
        return relative(self.at, target) if link is None else link

    @cached_property
    def beside(self) -> str:
        """The folder holding this page's folder ('kk/p/' for 'kk/p/ID/'); '' when there is none.  Below a
        language's section, stand-in folders take the place of the real ones ('kk/p/_/' for
        'kk/p/ID/bilingual/'): such pages, each alone in its folder, then still share their links."""
        base = _folder(self.at)
        if base.startswith("/") or "//" in base or "/." in "/" + base:  # rare paths: the general rule
            return ""
        parts = base.rstrip("/").split("/")[:-1]
        return "/".join(parts[:SECTION] + ["_"] * (len(parts) - SECTION)) + "/" if parts else ""

    @cached_property
    def kept(self) -> str:
        """The real folders of `beside`: a link to a target inside them is the page's own."""
        parts = self.beside.split("/")
        return "/".join(parts[:SECTION]) + "/" if len(parts) > SECTION + 1 else self.beside

    @property
    def depth(self) -> int:
        """How many folders deep the page lies: 1 for 'kk/', 3 for 'kk/p/ID/'."""
        return _folder(self.at).count("/")

    def home(self) -> str:
        return self(home_path(self.lang))

    def priority(self, p: Priority) -> str:
        return self(priority_path(self.lang, p.id))

    def bilingual(self, p: Priority) -> str:
        return self(bilingual_path(self.lang, p.id))

    def list(self, list_id: str) -> str:
        return self(list_path(self.lang, list_id))

    def edition(self, list_id: str, edition: Edition) -> str:
        return self(edition_path(self.lang, list_id, edition))

    def changes(self) -> str:
        return self(changes_path(self.lang))

    def issuer(self, issuer: str) -> str:
        return self(issuer_path(self.lang, issuer))

    def facet(self, facet: str, code: object = None) -> str:
        return self(facet_path(self.lang, facet, code))

    def page(self, name: str) -> str:
        """downloads, quality, about, search, data/dictionary."""
        return self(f"{self.lang}/{name}/")

    def static(self, name: str) -> str:
        return self(f"static/{name}")

    def twin(self) -> str:
        """The same page in the other language."""
        return self(other(self.lang) + self.at[len(self.lang):])
