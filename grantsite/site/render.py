"""Stage 4, render: the bilingual HTML site, its feeds and sitemap, written through the staging folder."""
from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from jinja2 import Environment

from ..check import published_warnings, read_defects
from ..model import build_now
from . import calls as calls_feeds, feeds, views, writing
from .i18n import LANGS, Strings, load_strings
from .pages import Page, SiteData, site_pages
from .parts import Parts
from .paths import Href, source_path
from .templates import environment


def render_site(checked, vocab, site, config, manifest, outputs=None) -> None:
    """Write every page of both languages into the staging folder (taking unchanged ones from the last build)."""
    data = site_data(checked, vocab, site, config, manifest)
    env = environment(Path(config.templates), reload=False)
    strings = load_strings(Path(config.templates) / "i18n")
    pages = site_pages(data)
    parts = Parts(env, strings, data)
    parts.prepare(env.list_templates(filter_func=lambda name: name.endswith(".html")))
    # the views ("download what you see") are written by a worker while the others render pages
    shown = views.planned(site, pages)
    site.reserve(views.view_files(shown))
    writing.write_pages(pages, lambda page: render_page(env, page, strings, data, parts), site, data, env, config,
                        checked, outputs, beside=[lambda: views.write_planned(site, shown)])
    for lst in data.catalogue.lists:
        if data.sources.get(lst.id) == source_path(lst):  # the data stage did not publish it: we do
            site.copy(source_path(lst), _source_file(config.content, lst))
    _write_static(site, Path(config.templates) / "static")
    root = {"data": data, "strings": {lang: Strings(lang, strings[lang]) for lang in LANGS}}
    site.write("index.html", env.get_template("root.html").render(href=Href("", "kk"), **root))
    base = urlsplit(data.base_url).path or "/"
    site.write("404.html", env.get_template("404.html").render(href=Href("", "kk"), base=base, **root))
    site.write("sitemap.xml", env.get_template("sitemap.xml").render(urls=feeds.sitemap(pages, data.base_url)))
    site.write("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {data.base_url}sitemap.xml\n")
    for lang in LANGS:
        feed = feeds.atom(data, lang, Strings(lang, strings[lang]))
        site.write(f"{lang}/feed.xml", env.get_template("feed.xml").render(feed=feed))
        changes = feeds.changes_atom(data, lang, Strings(lang, strings[lang]))
        site.write(f"{lang}/changes/feed.xml", env.get_template("feed.xml").render(feed=changes))
    calls_feeds.write_calls(site, env, data, strings)


def site_data(checked, vocab, site, config, manifest) -> SiteData:
    """Gather everything the pages show before anything is rendered."""
    catalogue = checked.catalogue
    published = {f.path for f in manifest or ()}
    sources = {}
    for lst in catalogue.lists:
        in_package = f"data/sources/{lst.id}/{PurePosixPath(lst.source.file).name}"
        if in_package in published:
            sources[lst.id] = in_package
        elif _source_file(config.content, lst).is_file():
            sources[lst.id] = source_path(lst)
    base_url = config.base_url if config.base_url.endswith("/") else config.base_url + "/"
    # the checker read warnings and defects list by list (cached); read them here only when it did not
    warnings = getattr(checked, "warnings", None)
    warnings = published_warnings(checked.problems) if warnings is None else warnings
    defects = getattr(checked, "defects", None)
    defects = read_defects(config.content) if defects is None else defects
    return SiteData(catalogue, vocab, tuple(manifest or ()), tuple(warnings), defects, _licenses(site), sources,
                    base_url, build_now(), getattr(checked, "editions", None) or {})


def _source_file(content, lst) -> Path:
    # only the file's own name: a source document always sits beside its list.yaml
    return Path(content) / str(lst.year) / lst.issuer.code / PurePosixPath(lst.source.file).name


def _licenses(site) -> tuple:
    path = site.path("data/datapackage.json")
    if not path.is_file():
        return ()
    return tuple(json.loads(path.read_text(encoding="utf-8")).get("licenses") or ())


def _write_static(site, folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            site.copy("static/" + path.relative_to(folder).as_posix(), path)


def render_page(env: Environment, page: Page, strings: dict, data: SiteData, parts: Parts | None = None) -> str:
    """One page in its language, with links relative to where it is written (parts: what the build's pages share)."""
    templates = (parts or _parts(env, strings, data)).language(page.lang)
    return templates.get_template(page.template).render(
        page=page, href=Href(page.path, page.lang), jsonld=feeds.jsonld(page, data, templates.globals["t"]),
        **page.context)


_LAST: list = []  # [(env, strings, data, parts)]: the parts of the last caller that gave none (changed.py)


def _parts(env: Environment, strings: dict, data: SiteData) -> Parts:
    """The same Parts for every page rendered with the same environment, strings and data."""
    if not (_LAST and _LAST[0][0] is env and _LAST[0][1] is strings and _LAST[0][2] is data):
        _LAST[:] = [(env, strings, data, Parts(env, strings, data))]
    return _LAST[0][3]


__all__ = ["render_site", "site_data", "render_page"]
