"""Stage 6, search: one Pagefind bundle per year and language, over the search copies of the priority pages.

Pagefind indexes only the HTML it reads, and it neither folds nor stems Kazakh; so each written priority
page gives a search copy (copy.py: its words once, folded, with the attributes a result shows) that
Pagefind reads in a scratch folder never published, and the page's original text, written beside it as
text.txt, which a result quotes from as published (search.js fetches it; as Pagefind metadata it would be
stored and compressed again in every fragment).

The index is split by year: site/pagefind/{lang}/{year}/ is a complete Pagefind bundle, and
site/pagefind/years.json lists the years of each language, newest first.  The browser
(templates/static/search.js) loads the newest year's bundle and merges the others into it with Pagefind's
mergeIndex, folds each query with the same table (static/fold.json, written here from fold.TABLE) and
cuts Kazakh words back to their stems.  So:

* a full build indexes the years side by side, one bundle per worker (a Pagefind run keeps about one core
  busy), and no Pagefind run holds more than a year in memory;
* an incremental build takes a bundle unchanged from the last build when the pages it was made from are
  unchanged (its key is the keys of those pages), so a content change re-indexes only its year.

Pagefind's own UI files are left out (the site has its own search page), and stable.py rewrites the few
files Pagefind writes in random order, so that two builds of the same content are byte-identical.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import cache as caching, output, workers
from . import fold, stable
from .copy import fold_html, indexed_region, prepared

__all__ = ["SearchIndexError", "index_site", "run_pagefind", "years_of", "prepared", "fold_html", "indexed_region",
           "quoted_path", "BUNDLE", "YEARS", "FOLD_TABLE", "QUOTED", "UNUSED"]

BUNDLE = "pagefind"
YEARS = "pagefind/years.json"
FOLD_TABLE = "static/fold.json"
QUOTED = "text.txt"
ENTRY = "pagefind-entry.json"
PRIORITY_PAGE = re.compile(r"^(kk|ru)/p/((\d{4})-[^/]+)/index\.html$")
# Word locations per index chunk.  A first search fetches the chunk of each query word from every year's
# bundle; Pagefind's default (20,000) made each such chunk about 16 KB at 1,000 priorities a year, this
# about 4 KB, for a few hundred bytes more of each bundle's metadata.  (An "unstable" setting of Pagefind
# 1.5: a Pagefind without it only fetches more bytes.)
INDEX_CHUNK = 4000
# Pagefind starts as many threads as the machine has cores, and the build runs one Pagefind per core: with one
# thread each (tokio's setting) the runs spend 5–10 % less time than with threads contending for the cores.
PAGEFIND_ENV = {"PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK), "TOKIO_WORKER_THREADS": "1"}
# A year's search copies are about 8 MB at 1,000 priorities a year; each worker holds one year's at a time.
SHARED_MEMORY, SCRATCH_ROOM = "/dev/shm", 256 << 20
# Files Pagefind writes for its ready-made interfaces, which this site does not load.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(RuntimeError):
    """Pagefind failed: a problem of the machine or the tool, never of the content."""


@dataclass(frozen=True)
class Bundle:
    """The priority pages of one language and year, and the folder of their Pagefind bundle."""

    lang: str
    year: str
    pages: tuple[str, ...]

    @property
    def folder(self) -> str:
        return f"{BUNDLE}/{self.lang}/{self.year}"


def index_site(site, config, outputs: caching.Outputs | None = None) -> None:
    """Index the written priority pages into one bundle per year and language, each page's quoted text beside it."""
    site.write(FOLD_TABLE, fold.table_json())
    bundles = bundles_of(site.written)
    if not bundles:  # Pagefind refuses to build an empty index; the search page then says search is unavailable
        return
    keys = {b: bundle_key(b, outputs.keys) if outputs is not None else None for b in bundles}
    todo = [b for b in bundles if not _taken(b, keys[b], site, outputs)]
    for bundle in todo:
        site.reserve(quoted_path(page) for page in bundle.pages)
        site.claim(bundle.folder)
    todo.sort(key=lambda b: -len(b.pages))  # the longest first: the workers finish together
    with tempfile.TemporaryDirectory(prefix="grantsite-search-", dir=scratch_folder()) as scratch:

        def index(number: int) -> None:  # in a forked worker: the bundles reach it through the fork
            bundle = todo[number]
            pages = Path(scratch) / bundle.lang / bundle.year
            for rel in bundle.pages:
                copy, text = prepared(site.path(rel).read_text(encoding="utf-8"))
                output.write_file(f"{pages}/{rel}", copy)
                site.put(quoted_path(rel), text + "\n")
            run_pagefind(pages, site.path(bundle.folder), bundle.lang)
            shutil.rmtree(pages)  # a year's copies at a time: the scratch folder never holds more

        workers.fork_map(index, range(len(todo)), config.workers)
    if outputs is not None:
        for bundle in todo:
            if keys[bundle]:
                outputs.made_under(site, bundle.folder, keys[bundle])
                for page in bundle.pages:
                    outputs.made(quoted_path(page), keys[bundle])
    site.write(YEARS, years_json(bundles))


def refresh_years(out: Path, changed: list[str], cache: caching.Cache, processes: int | None = None) -> list[str]:
    """In a published site, index again the bundles whose priority pages changed (the preview's step after
    its quick update), each swapped in whole; return their folders.  The bundles are recorded under the
    key a full build gives them, so the full build that follows takes them as they are."""
    out = Path(out)
    published = cache.published_keys(out)
    touched = set(changed)
    todo = [b for b in bundles_of(published) if touched & set(b.pages)]
    with tempfile.TemporaryDirectory(prefix="grantsite-search-", dir=scratch_folder()) as scratch:

        def index(number: int) -> None:  # in a forked worker
            bundle = todo[number]
            pages = Path(scratch) / bundle.lang / bundle.year
            for rel in bundle.pages:
                copy, text = prepared((out / rel).read_text(encoding="utf-8"))
                output.write_file(f"{pages}/{rel}", copy)
                if rel in touched:
                    output.replace_file(out, quoted_path(rel), text + "\n")
            fresh = out / f"{bundle.folder}.new"
            shutil.rmtree(fresh, ignore_errors=True)
            run_pagefind(pages, fresh, bundle.lang)
            output.put_in_place(out, bundle.folder, fresh)
            shutil.rmtree(pages)

        workers.fork_map(index, range(len(todo)), processes)
    made = {}
    for bundle in todo:
        key = bundle_key(bundle, published)
        if key:
            made.update({path.relative_to(out).as_posix(): key
                         for path in (out / bundle.folder).rglob("*") if path.is_file()})
            made.update({quoted_path(page): key for page in bundle.pages})
    cache.save_outputs(out, made, keep=True, replaced=tuple(bundle.folder + "/" for bundle in todo))
    return [bundle.folder for bundle in todo]


def scratch_folder() -> str | None:
    """Where the search copies are written for Pagefind to read: the machine's shared memory (/dev/shm) when it
    has room, else the usual temporary folder.  The copies live for one Pagefind run; on a disk, writing, reading
    and removing 20,000 small files took a third of the stage at 10,000 priorities."""
    try:
        found = os.statvfs(SHARED_MEMORY)
    except OSError:
        return None
    room = found.f_bavail * found.f_frsize
    return SHARED_MEMORY if room >= SCRATCH_ROOM and os.access(SHARED_MEMORY, os.W_OK) else None


def bundles_of(written) -> list[Bundle]:
    """The written priority pages grouped by language and year."""
    groups: dict[tuple[str, str], list[str]] = {}
    for rel in sorted(written):
        found = PRIORITY_PAGE.match(rel)
        if found:
            groups.setdefault((found.group(1), found.group(3)), []).append(rel)
    return [Bundle(lang, year, tuple(pages)) for (lang, year), pages in sorted(groups.items())]


def years_of(pages) -> set[int]:
    """The years of the priority pages among these site paths."""
    return {int(found.group(3)) for found in map(PRIORITY_PAGE.match, pages) if found}


def years_json(bundles: list[Bundle]) -> str:
    """Each language's years with a bundle, newest first: the first is the one search.js loads, the rest it merges."""
    years: dict[str, list[str]] = {}
    for bundle in bundles:
        years.setdefault(bundle.lang, []).append(bundle.year)
    return json.dumps({lang: sorted(found, reverse=True) for lang, found in sorted(years.items())},
                      separators=(",", ":")) + "\n"


def quoted_path(page: str) -> str:
    """Beside a priority page: its original text, which a search result quotes from (search.js fetches it)."""
    return page[: -len("index.html")] + QUOTED


def bundle_key(bundle: Bundle, page_keys: dict[str, str]) -> str | None:
    """What a bundle is made from: the keys of its pages (each holds the code version), or None when one has none."""
    keys = [page_keys.get(page) for page in bundle.pages]
    return caching.digest("search", bundle.folder, list(zip(bundle.pages, keys))) if all(keys) else None


def _taken(bundle: Bundle, key: str | None, site, outputs: caching.Outputs | None) -> bool:
    """The bundle and its pages' quoted texts hard-linked from the last build, if all were made under this key."""
    if key is None:
        return False
    quoted = [(quoted_path(page), outputs.cache.previous(outputs.out, quoted_path(page), key)) for page in bundle.pages]
    if any(previous is None for _, previous in quoted) or not outputs.take_all(site, bundle.folder + "/", key):
        return False
    for relative, previous in quoted:
        site.reuse(relative, previous)
        outputs.made(relative, key)
    return True


@lru_cache(maxsize=1)
def _pagefind() -> tuple[str, ...]:
    """The command that runs Pagefind: its executable as it is (`python -m pagefind` started a Python only to
    hand over to it, 70 ms of each of twenty runs a build); without the binary package, Pagefind's wrapper."""
    try:
        import pagefind_bin

        return (str(pagefind_bin.get_executable()),)
    except (ImportError, FileNotFoundError):
        return (sys.executable, "-m", "pagefind")


def run_pagefind(folder: Path, bundle: Path, lang: str = "") -> None:
    """Run the Pagefind command line over a folder of HTML pages, writing a reproducible bundle to `bundle`."""
    if not folder.is_dir() or not any(folder.rglob("*.html")):
        raise SearchIndexError(f"pagefind was given no page to index in {folder}")
    run = subprocess.run([*_pagefind(), "--site", str(folder), "--output-path", str(bundle),
                          "--silent"], capture_output=True, text=True,
                         env={**os.environ, **PAGEFIND_ENV})
    where = f" on {lang}" if lang else ""
    if run.returncode != 0:
        shutil.rmtree(bundle, ignore_errors=True)
        detail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SearchIndexError(f"pagefind failed (exit {run.returncode}){where} in {folder.name}: {detail[0]}")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    try:
        stable.stabilise(bundle)
    except (stable.FormatChanged, OSError, KeyError, ValueError) as error:
        raise SearchIndexError(f"pagefind wrote a bundle this build cannot make reproducible: {error}") from error
