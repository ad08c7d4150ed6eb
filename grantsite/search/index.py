"""Stage 6, search: Pagefind over the written priority pages, with our Kazakh folding on both sides.

Pagefind indexes only the HTML it reads, and it neither folds nor stems Kazakh.  So the index is built from
a folded copy of the written priority pages, in a scratch folder that is never published:

* every text node of the copy goes through fold.fold() (lower case, 2021 Latin → Cyrillic, ә→а … і→и);
  tags and attributes are copied untouched, so `<html lang>` still gives one index per language;
* what a result shows — the original direction (Pagefind's `title`), issuer, area, territory, grant and
  funding — and the filters (year, issuer, area, territory, grant type) and the funding sort are written by
  templates/_search_index.html into data-pagefind-* attribute values, which folding never touches; so
  results and filters show the official text as published;
* the page's original text (the indexed element less its ignored parts, as plain text) is written beside
  the page as text.txt, and a result fetches it to quote the passage that matched as published; it is not
  Pagefind metadata because Pagefind would store and compress it a second time in every fragment, which
  made a third of its run at 10,000 priorities;
* the copies are made by forked workers (reading and folding 20,000 pages is seconds of work per core);
* the browser (templates/static/search.js) folds each query with the same table (static/fold.json, written
  here from fold.TABLE), cuts Kazakh words back to their stems, and marks query words in the original
  text by comparing folded words, using the words Pagefind reports as matched.

The bundle goes to site/pagefind/ (one Pagefind run, both languages); Pagefind's own UI files are left out
because the site has its own search page, and stable.py rewrites the few files Pagefind writes in
random order, so that two builds of the same content are byte-identical.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .. import workers
from . import fold, stable

BUNDLE = "pagefind"
FOLD_TABLE = "static/fold.json"
QUOTED = "text.txt"
ENTRY = "pagefind-entry.json"
SHARES = 8  # parts of the page list, spread over the cores
PRIORITY_PAGE = re.compile(r"^(kk|ru)/p/[^/]+/index\.html$")
# Files Pagefind writes for its ready-made interfaces, which this site does not load.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")

_DROP = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->", re.S | re.I)
# Pagefind joins the text of <dt>…</dt><dd>…</dd> into one word ("мерзіміқысқа"); a space keeps words apart.
_BLOCK_END = re.compile(r"(</(?:address|article|aside|blockquote|caption|dd|div|dl|dt|figcaption|footer|h[1-6]|header|"
                        r"li|main|nav|ol|p|section|table|td|th|tr|ul)>|<br\s*/?>)", re.I)
_MARKUP = re.compile(r"(<[^>]*>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")
_TAG = re.compile(r"<[^>]*>")
_TAG_NAME = re.compile(r"<([a-z][a-z0-9]*)\b")
_LANG = re.compile(r'<html\b[^>]*\blang="([^"]*)"')
# the page's own labels, the same on every priority page: definition terms, section headings, notices and
# screen-reader hints.  Indexed, they made every page match «результаты» or «индикатор» (and were an eighth
# of what Pagefind had to index); the priority's own text and its facts are what a search should find.
_LABELS = re.compile(r'<(dt|h2|h3|aside)\b[^>]*>.*?</\1>|<span class="visually-hidden">[^<]*</span>', re.S)
# the ignored parts of a priority page: its quality box, provenance and search data (none nests its own tag)
_IGNORED = re.compile(r"<(section|div)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1>", re.S)


class SearchIndexError(RuntimeError):
    """Pagefind failed: a problem of the machine or the tool, never of the content."""


def index_site(site, config) -> None:
    """Index the written priority pages of both languages into site/pagefind/, with each page's quoted text."""
    site.write(FOLD_TABLE, fold.table_json())
    pages = sorted(p for p in site.written if PRIORITY_PAGE.match(p))
    if not pages:  # Pagefind refuses to build an empty index; the search page then says search is unavailable
        return
    site.reserve(quoted_path(page) for page in pages)
    with tempfile.TemporaryDirectory(prefix="grantsite-search-") as scratch:
        shares = [pages[i::SHARES] for i in range(SHARES)]

        def prepare(share: int) -> None:  # in a forked worker: the pages reach it through the fork
            for rel in shares[share]:
                copy, text = prepared(site.path(rel).read_text(encoding="utf-8"))
                _write(Path(scratch) / rel, copy)
                site.put(quoted_path(rel), text + "\n")

        workers.fork_map(prepare, range(SHARES), config.workers)
        run_pagefind(Path(scratch), site.claim(BUNDLE))


def quoted_path(page: str) -> str:
    """Beside a priority page: its original text, which a search result quotes from (search.js fetches it)."""
    return page[: -len("index.html")] + QUOTED


def _write(target: Path, text: str) -> None:
    try:
        target.write_text(text, encoding="utf-8")
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def prepared(page: str) -> tuple[str, str]:
    """What Pagefind reads of a page (its indexed element, text folded; the whole page folded when it has none)
    and the original text a result quotes (the indexed element less its ignored parts and labels, plain)."""
    region = indexed_region(page)
    if not region:
        return fold_html(page), ""
    spaced = _LABELS.sub(" ", _BLOCK_END.sub(r"\1 ", region))  # once for both: the folded copy and the text
    lang = _LANG.search(page)
    copy = (f'<!doctype html><html lang="{lang.group(1) if lang else ""}"><head><meta charset="utf-8"></head>'
            f'<body>{_fold_spaced(_DROP.sub("", spaced))}</body></html>\n')
    return copy, _plain(spaced)


def indexed_region(page: str) -> str:
    """The element marked data-pagefind-body (header, menus and footer are not indexed), or ''."""
    at = page.find(" data-pagefind-body")
    start = page.rfind("<", 0, at)
    tag = _TAG_NAME.match(page, start) if at >= 0 else None
    end = page.rfind(f"</{tag.group(1)}>") if tag else -1
    return page[start:end + len(tag.group(1)) + 3] if tag and end > start else ""


def _plain(spaced: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", _IGNORED.sub(" ", spaced))).split())


def fold_html(page: str) -> str:
    """The page with every text node folded (and blocks kept apart); tags, attributes and character references kept."""
    return _fold_spaced(_BLOCK_END.sub(r"\1 ", _DROP.sub("", page)))


def _fold_spaced(page: str) -> str:
    parts = _MARKUP.split(page)  # odd items: tags, '&amp;' and the like
    texts = parts[0::2]
    # one call for the whole page (a NUL never occurs in a page: the checker refuses control characters)
    folded = fold.fold("\0".join(texts)).split("\0")
    if len(folded) != len(texts):
        folded = [fold.fold(text) for text in texts]
    parts[0::2] = folded
    return "".join(parts)


def run_pagefind(folder: Path, bundle: Path) -> None:
    """Run the Pagefind command line over a folder of HTML pages, writing the bundle to `bundle`.

    One Pagefind per language folder (kk/, ru/), at the same time: a Pagefind run keeps little more than
    one core busy, and the indexes of two languages share nothing but Pagefind's own program files, so the
    two bundles are merged by putting their files side by side and joining their lists of languages.
    """
    langs = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    parts = {lang: bundle.parent / f".{bundle.name}-{lang}" for lang in langs}
    runs = {lang: subprocess.Popen(
        [sys.executable, "-m", "pagefind", "--site", str(folder), "--glob", f"{lang}/**/*.html",
         "--output-path", str(part), "--silent"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for lang, part in parts.items()}
    failed = []
    for lang, run in runs.items():
        out, err = run.communicate()
        if run.returncode != 0:
            detail = (err or out).strip().splitlines()[-1:] or ["no output"]
            failed.append(f"pagefind failed (exit {run.returncode}) on {lang}/: {detail[0]}")
    if failed or not langs:
        for part in parts.values():
            shutil.rmtree(part, ignore_errors=True)
        raise SearchIndexError(failed[0] if failed else f"pagefind found no language folder in {folder}")
    _merge_bundles(list(parts.values()), bundle)
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    try:
        stable.stabilise(bundle)
    except (stable.FormatChanged, OSError, KeyError, ValueError) as error:
        raise SearchIndexError(f"pagefind wrote a bundle this build cannot make reproducible: {error}") from error


def _merge_bundles(parts: list[Path], bundle: Path) -> None:
    """One bundle of the one-language bundles: their files side by side, their languages in one entry file."""
    entry = None
    for part in parts:
        own = json.loads((part / ENTRY).read_text(encoding="utf-8"))
        if entry is None:
            entry = own
        elif {k: v for k, v in own.items() if k != "languages"} != {k: v for k, v in entry.items() if k != "languages"}:
            raise SearchIndexError(f"pagefind bundles of two languages disagree: {part.name}")
        else:
            entry["languages"].update(own["languages"])
        for path in sorted(part.rglob("*")):
            if path.is_file() and path.name != ENTRY:
                target = bundle / path.relative_to(part)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
        shutil.rmtree(part)
    (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
