"""Stage 6, search: Pagefind over the written priority pages, with our Kazakh folding on both sides.

Pagefind indexes only the HTML it reads, and it neither folds nor stems Kazakh.  So the index is built from
a folded copy of the written priority pages, in a scratch folder that is never published:

* every text node of the copy goes through fold.fold() (lower case, 2021 Latin → Cyrillic, ә→а … і→и);
  tags and attributes are copied untouched, so `<html lang>` still gives one index per language;
* what a result shows — the original direction (Pagefind's `title`), issuer, area, territory, grant and
  funding — and the filters (year, issuer, area, territory, grant type) and the funding sort are written by
  templates/_search_index.html into data-pagefind-* attribute values, which folding never touches; so
  results and filters show the official text as published;
* the page's original text rides along as one more metadata field, so that a result can quote the passage
  that matched as published (this doubles the size of Pagefind's per-page fragments, which are fetched
  only for the results shown);
* the browser (templates/static/search.js) folds each query with the same table (static/fold.json, written
  here from fold.TABLE), cuts Kazakh words back to their stems, and marks query words in the original
  text by comparing folded words, using the words Pagefind reports as matched.

The bundle goes to site/pagefind/ (one Pagefind run, both languages); Pagefind's own UI files are left out
because the site has its own search page, and search_stable rewrites the few files Pagefind writes in
random order, so that two builds of the same content are byte-identical.
"""
from __future__ import annotations

import html
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from . import fold, search_stable

BUNDLE = "pagefind"
FOLD_TABLE = "static/fold.json"
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
# the ignored parts of a priority page: its quality box, provenance and search data (none nests its own tag)
_IGNORED = re.compile(r"<(section|div)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1>", re.S)


class SearchIndexError(RuntimeError):
    """Pagefind failed: a problem of the machine or the tool, never of the content."""


def index_site(site, config) -> None:
    """Index the written priority pages of both languages into site/pagefind/."""
    site.write(FOLD_TABLE, fold.table_json())
    pages = sorted(p for p in site.written if PRIORITY_PAGE.match(p))
    if not pages:  # Pagefind refuses to build an empty index; the search page then says search is unavailable
        return
    with tempfile.TemporaryDirectory(prefix="grantsite-search-") as scratch:
        copy_pages(pages, site.path, Path(scratch), search_copy)
        run_pagefind(Path(scratch), site.claim(BUNDLE))


def copy_pages(pages, source, scratch: Path, transform) -> None:
    """Write each page (site-relative path, read from source(path)) into scratch, transformed."""
    for rel in pages:
        target = scratch / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(transform(source(rel).read_text(encoding="utf-8")), encoding="utf-8")


def search_copy(page: str) -> str:
    """What Pagefind reads of a page: the indexed element with its text folded, the original text as metadata."""
    region = indexed_region(page)
    if not region:
        return fold_html(page)
    lang = _LANG.search(page)
    text = html.escape(original_text(page))
    return (f'<!doctype html><html lang="{lang.group(1) if lang else ""}"><head><meta charset="utf-8"></head><body>'
            f'{fold_html(region)}<span data-pagefind-meta="text:{text}"></span></body></html>\n')


def indexed_region(page: str) -> str:
    """The element marked data-pagefind-body (header, menus and footer are not indexed), or ''."""
    at = page.find(" data-pagefind-body")
    start = page.rfind("<", 0, at)
    tag = _TAG_NAME.match(page, start) if at >= 0 else None
    end = page.rfind(f"</{tag.group(1)}>") if tag else -1
    return page[start:end + len(tag.group(1)) + 3] if tag and end > start else ""


def original_text(page: str) -> str:
    """The text Pagefind indexes (the data-pagefind-body element less its ignored parts), unfolded."""
    body = _IGNORED.sub(" ", indexed_region(page))
    body = _TAG.sub("", _BLOCK_END.sub(r"\1 ", body))
    return " ".join(html.unescape(body).split())


def fold_html(page: str) -> str:
    """The page with every text node folded (and blocks kept apart); tags, attributes and character references kept."""
    parts = _MARKUP.split(_BLOCK_END.sub(r"\1 ", _DROP.sub("", page)))  # odd items: tags, '&amp;' and the like
    texts = parts[0::2]
    # one call for the whole page (a NUL never occurs in a page: the checker refuses control characters)
    folded = fold.fold("\0".join(texts)).split("\0")
    if len(folded) != len(texts):
        folded = [fold.fold(text) for text in texts]
    parts[0::2] = folded
    return "".join(parts)


def run_pagefind(folder: Path, bundle: Path) -> None:
    """Run the Pagefind command line over a folder of HTML pages, writing the bundle to `bundle`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(bundle), "--silent"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SearchIndexError(f"pagefind failed (exit {done.returncode}): {detail[0]}")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    try:
        search_stable.stabilise(bundle)
    except (search_stable.FormatChanged, OSError, KeyError, ValueError) as error:
        raise SearchIndexError(f"pagefind wrote a bundle this build cannot make reproducible: {error}") from error
