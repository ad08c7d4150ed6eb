"""The HTML pages written over the machine's cores, each page only when its inputs changed.

A page's key is made of what it shows: the templates it is made from (the page's template and every one it
extends, imports or includes, or takes shared pieces from: parts.PIECES), the UI strings, the
vocabularies and schema, the code version, what every page may show (links to sources, licences, the data
files' paths, the calls' statuses), and what this page shows of the content — the key of each list folder
its priorities come from.  Pages whose template is not
in KEYED (home, downloads, quality, about, calls …: a few pages that sum up the whole site) are rendered
in every build.  Workers are forked with the model in memory; each renders a share of the pages and writes
them straight into the staging folder, whose paths the parent reserved first (so a duplicate is caught).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import meta

from .. import cache as caching, workers
from .pages import Page, SiteData
from .parts import PIECES

KEYED = ("priority.html", "bilingual.html", "list.html", "facet.html")
PARALLEL_FROM = 400  # pages: below this a fork costs more than it saves
CHUNK = 60  # pages per worker task


def write_pages(pages: list[Page], render, site, data: SiteData, env, config, checked,
                outputs: caching.Outputs | None = None, beside=()) -> None:
    """Render (or take from the last build) every page into the staging folder; `beside`: other work (functions
    of no argument) done by the same workers, first."""
    keys = {}
    if outputs is not None:
        keys = page_keys(pages, data, env, config, getattr(checked, "list_keys", {}), getattr(checked, "digests", {}))
    todo = [page for page in pages if not (keys.get(page.file) and outputs.take(site, page.file, keys[page.file]))]
    site.reserve(page.file for page in todo)

    chunks = _chunks(todo)
    tasks = list(beside) + [lambda shown=chunk: _render(shown, render, site) for chunk in chunks]

    def task(number: int) -> None:  # a task is a number: the work reaches the workers through the fork, unpickled
        tasks[number]()

    if len(todo) >= PARALLEL_FROM:
        try:
            workers.fork_map(task, range(len(tasks)), config.workers)
        except Exception:  # done again here, so the error carries its template's line (build.py shows it)
            for number in range(len(tasks)):
                task(number)
    else:
        for number in range(len(tasks)):
            task(number)
    for page in todo:
        if keys.get(page.file) and outputs is not None:
            outputs.made(page.file, keys[page.file])


def _render(pages: list[Page], render, site) -> None:
    for page in pages:
        site.put(page.file, render(page))


def _chunks(pages: list[Page]) -> list[list[Page]]:
    """Shares of work: a list's page with its priorities' pages (their texts are rendered once, together).

    The other pages (home, facets …) sum up many priorities each, so their shares are the longest: they
    come first, and the many short shares of lists even out the workers' loads at the end.
    """
    by_list: dict[tuple, list[Page]] = {}
    rest = []
    for page in pages:
        lst = page.context.get("lst") if page.template in ("list.html", "priority.html", "bilingual.html") else None
        if lst is not None:
            by_list.setdefault((page.lang, lst.id), []).append(page)
        else:
            rest.append(page)
    chunks = [rest[i:i + CHUNK] for i in range(0, len(rest), CHUNK)]
    return chunks + list(by_list.values())


def page_keys(pages: list[Page], data: SiteData, env, config, list_keys: dict, digests: dict) -> dict[str, str]:
    """page file → key, for the pages whose template is keyed and whose content has known keys."""
    site_key = _site_key(data, env, config)
    template_keys = {name: _template_key(env, name) for name in {p.template for p in pages if p.template in KEYED}}
    keys = {}
    for page in pages:
        if page.template not in KEYED:
            continue
        content = _content_key(page, list_keys, digests)
        if content is None:
            continue
        now = repr(data.now) if template_keys[page.template][1] else None  # equal times may differ in zone
        keys[page.file] = _page_key(site_key, template_keys[page.template][0], page.path, page.lang,
                                    page.template, page.indexed, now, content)
    return keys


@lru_cache(maxsize=1 << 17)
def _page_key(*parts) -> str:
    # remembered: the preview server asks for the keys of all 20,000 priority pages after every edit, and
    # only the edited ones have new parts (a digest is 15 µs, a lookup well under one)
    return caching.digest(*parts)


def _content_key(page: Page, list_keys: dict, digests: dict):
    """The digests of the list and the priorities a page shows; None when one is unknown (always rendered)."""
    ctx = page.context
    if page.template == "list.html":
        return list_keys.get(ctx["lst"].id)  # the whole list: every priority is on its page
    if page.template in ("priority.html", "bilingual.html"):
        return digests.get(ctx["p"].id)
    shown = [(digests.get(p.id), digests.get(p.list_id)) for p in ctx.get("priorities", ())]
    if any(None in pair for pair in shown):
        return None
    return (ctx.get("facet"), repr(ctx.get("code")), caching.digest(*shown))


def _site_key(data: SiteData, env, config) -> str:
    """What any page may show beyond its own content."""
    statuses = []
    headline = getattr(data, "call_headline", None)
    for call in getattr(data.catalogue, "calls", ()):
        statuses.append((call.id, headline((call,)).status if headline else None))
    files = sorted((f.path, f.table, f.format, f.year) for f in data.manifest if not f.path.startswith("data/p/"))
    return caching.digest(caching.code_version(), caching.folder_digest(Path(config.templates) / "i18n"),
                          caching.folder_digest(Path(config.schema)), data.base_url, sorted(data.sources.items()),
                          repr(data.licenses), files, statuses, [lst.id for lst in data.catalogue.lists])


def _template_key(env, name: str) -> tuple[str, bool]:
    """The bytes of a template and of every template it uses; and whether any of them reads the clock."""
    seen, todo, sources = set(), [name], []
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        source, filename, _ = env.loader.get_source(env, current)
        sources.append((current, source))
        for used in _referenced(env, current, source, filename):
            if used is None:  # a template chosen at run time: depend on all of them
                todo += env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml")))
            else:
                todo.append(used)
        todo += [PIECES[kind] for kind in re.findall(r"\bshared\.(\w+)\(", source) if kind in PIECES]
    sources.sort()
    return caching.digest(sources), any("data.now" in source for _, source in sources)


_REFERENCED: dict[tuple[str, str], tuple] = {}  # (template name, its source) → the templates it names


def _referenced(env, name: str, source: str, filename) -> tuple:
    """The templates a template's source names (None: one chosen at run time), parsed once per source: the
    preview server asks again after every edit, and parsing every template was a third of its quick update."""
    found = _REFERENCED.get((name, source))
    if found is None:
        # named, so a syntax error points at the template and line rather than at nothing
        found = _REFERENCED[(name, source)] = tuple(meta.find_referenced_templates(env.parse(source, name, filename)))
    return found
