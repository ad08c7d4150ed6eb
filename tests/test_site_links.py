"""The whole site crawled from its front door: no broken internal link, no missing anchor, no orphan page."""
from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest


class Links(HTMLParser):
    """Every link, asset and form target of a page, and every id it defines."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.ids: set[str] = set()
        self.base: str | None = None
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "base":
            self.base = attrs.get("href")
            return
        for name in ("href", "src", "action"):
            if attrs.get(name) is not None:
                self.refs.append(attrs[name])


def _file(site: Path, rel: str) -> Path:
    path = site / rel
    return path / "index.html" if rel.endswith("/") or rel == "" or path.is_dir() else path


def crawl(site: Path, start: str = "index.html") -> tuple[set[str], list[str]]:
    """(pages reached, broken references) — references are site-relative POSIX paths."""
    seen, broken, queue, ids = set(), [], [start], {}
    data_landed = (site / "data" / "datapackage.json").is_file()
    while queue:
        rel = queue.pop()
        if rel in seen:
            continue
        seen.add(rel)
        page = Links(_file(site, rel).read_text(encoding="utf-8"))
        ids[rel] = page.ids
        here = posixpath.dirname(rel) if not rel.endswith("/") else rel.rstrip("/")
        if page.base is not None:
            here = ""
        for ref in page.refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith("//"):
                continue  # another site: a link a reader may follow, not part of this one
            target = posixpath.normpath(posixpath.join(here, unquote(parts.path))) if parts.path else rel
            target = "" if target == "." else target
            if parts.path.endswith("/") and target:
                target += "/"
            if target.startswith(".."):
                broken.append(f"{rel}: {ref} leaves the site")
                continue
            if target.startswith("handbook") and not (site / "handbook").is_dir():
                continue  # the handbook stage has not landed yet
            if target.startswith("data/") and not data_landed:
                continue  # the data stage has not landed yet
            file = _file(site, target)
            if not file.is_file():
                broken.append(f"{rel}: {ref} → {target} does not exist")
            elif file.suffix == ".html" and not target.startswith("handbook"):
                queue.append(target)
                if parts.fragment:
                    ids.setdefault(("#", target), set()).add((rel, parts.fragment))
    for key, wanted in list(ids.items()):
        if isinstance(key, tuple):
            target = key[1]
            if target not in seen:
                continue
            broken += [f"{src}: #{frag} is not an id of {target}" for src, frag in wanted if frag not in ids[target]]
    return seen, broken


@pytest.fixture(scope="module")
def crawled(built_site):
    return built_site, *crawl(built_site)


def test_no_internal_link_is_broken(crawled):
    site, seen, broken = crawled
    assert broken == []
    assert len(seen) > 40


def test_every_page_is_reachable_from_the_front_door(crawled):
    site, seen, broken = crawled
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")
             if p.relative_to(site).parts[0] not in ("handbook", "pagefind")}
    reached = {_file(site, rel).relative_to(site).as_posix() for rel in seen}
    assert sorted(pages - reached - {"404.html"}) == []


def test_links_from_the_404_page_start_at_the_site_root(built_site):
    seen, broken = crawl(built_site, "404.html")
    assert broken == []
    assert {"kk/", "ru/"} <= seen


def test_the_crawler_reports_a_broken_link(tmp_path):
    (tmp_path / "index.html").write_text('<a href="kk/">kk</a> <a href="missing/">x</a> <a href="kk/#nowhere">y</a>')
    (tmp_path / "kk").mkdir()
    (tmp_path / "kk" / "index.html").write_text('<p id="here">kk</p><a href="../../outside.html">z</a>')
    seen, broken = crawl(tmp_path)
    assert sorted(broken) == ["index.html: #nowhere is not an id of kk/",
                              "index.html: missing/ → missing/ does not exist",
                              "kk/: ../../outside.html leaves the site"]
