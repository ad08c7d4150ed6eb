"""Stage 4, render: the bilingual HTML site, its feeds and sitemap, written through the staging folder."""
from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import calls, calls_feeds, feeds, jsontext, markdown, render_pages
from .defects import published_warnings, read_defects
from .i18n import LANGS, Strings, load_strings
from .model import Text
from .pages import Href, Page, SiteData, downloads, flagged, other, site_pages, source_path, total
from .tables import TABLES, table_schema


def render_site(checked, vocab, site, config, manifest, outputs=None) -> None:
    """Write every page of both languages into the staging folder (taking unchanged ones from the last build)."""
    data = site_data(checked, vocab, site, config, manifest)
    env = environment(Path(config.templates))
    strings = load_strings(Path(config.templates) / "i18n")
    pages = site_pages(data)
    render_pages.write_pages(pages, lambda page: render_page(env, page, strings, data), site, data, env, config,
                             checked, outputs)
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
                    base_url, calls.build_now())


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


def environment(templates: Path) -> Environment:
    """Jinja2 with autoescape on and undefined names as errors."""
    env = Environment(loader=FileSystemLoader(str(templates)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = markdown.block
    env.filters["mdi"] = markdown.inline
    env.filters["jsonld"] = json_script
    env.globals.update(total=total, flagged=flagged, downloads=downloads, table_names=TABLES, table_schema=table_schema,
                       call_windows=calls.windows, call_offset=calls_feeds.offset_label)
    return env


def render_page(env: Environment, page: Page, strings: dict, data: SiteData) -> str:
    """One page in its language, with links relative to where it is written."""
    t = Strings(page.lang, strings[page.lang])
    return env.get_template(page.template).render(
        page=page, lang=page.lang, other=other(page.lang), t=t, t_other=Strings(other(page.lang), strings[other(page.lang)]),
        href=Href(page.path, page.lang), data=data, vocab=data.vocab, tx=Texts(page.lang),
        jsonld=feeds.jsonld(page, data, t), **page.context)


class Texts:
    """A content text in the page's language, or in the other language (marked as such) when missing."""

    def __init__(self, lang: str):
        self.lang = lang

    def plain(self, text: Text) -> str:
        return text.get(self.lang) or text.get(other(self.lang)) or ""

    def missing(self, text: Text) -> bool:
        return bool(text) and not text.get(self.lang)

    def __call__(self, text: Text, block: bool = False) -> Markup:
        """Markdown of the text; a fallback in the other language carries its own lang attribute."""
        render = markdown.block if block else markdown.inline
        if text.get(self.lang) or not text:
            return render(text.get(self.lang))
        tag = "div" if block else "span"
        return Markup(f'<{tag} lang="{other(self.lang)}">') + render(text.get(other(self.lang))) + Markup(f"</{tag}>")


def json_script(value) -> Markup:
    """JSON for a <script type="application/ld+json">: '<', '>' and '&' escaped so no text can close it."""
    text = jsontext.dumps(value, indent=1, sort_keys=True)  # json.dumps(…, indent=1), faster
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


__all__ = ["render_site", "environment", "render_page", "escape"]
