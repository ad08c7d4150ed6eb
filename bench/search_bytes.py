#!/usr/bin/env python3
"""Bytes a reader's browser fetches for a first search on a built site; reported, never asserted.

    python bench/search_bytes.py SITE_DIR [--lang kk] [--query "жастар"]

Serves SITE_DIR under /prefix/ on 127.0.0.1, opens the search page in Debian's chromium with the query in
the address (a shared link: nothing cached), waits for the results and lists every response with its size
as served (this server does not compress) and gzipped (what a compressing web server would send; Pagefind's
index files are compressed already, so they gain nothing).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import sys
import threading
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from site_browser import CHROMIUM, LAUNCH_ARGS, PREFIX, SubPathHandler  # noqa: E402


def measure(site: Path, lang: str, query: str) -> list[tuple[str, int, int, str]]:
    """(path, bytes served, bytes gzipped, stage) of every response of a first search, in request order."""
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    responses = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            page = browser.new_page()
            page.on("response", lambda response: responses.append(response))
            page.goto(f"{base}{lang}/search/?q={quote(query)}")
            page.wait_for_function("() => { const box = document.getElementById('search-results');"
                                   " return box.dataset.query !== undefined && !box.hasAttribute('aria-busy'); }",
                                   timeout=120_000)
            first = len(responses)  # the results are on screen; the filters' lists come next
            found = page.locator("#search-results li").count()
            page.wait_for_selector("#search-filters[data-listed]", state="attached", timeout=120_000)
            rows = [_row(r, "" if n < first else "filters") for n, r in enumerate(responses)]
            browser.close()
    finally:
        httpd.shutdown()
    print(f"{query!r} on {site} ({lang}): {found} results shown")
    return rows


def _row(response, stage: str) -> tuple[str, int, int, str]:
    body = response.body()
    return (urlsplit(response.url).path[len(PREFIX) - 1:], len(body),
            min(len(body), len(gzip.compress(body, 9, mtime=0))), stage)


def report(rows: list[tuple[str, int, int, str]]) -> None:
    def group(row) -> str:
        if row[3]:
            return "filters' lists, fetched once the results are shown"
        return "search index, up to the first results" if row[0].startswith("/pagefind/") else "search page and its scripts"

    for path, served, zipped, stage in rows:
        print(f"  {served:>9,} {zipped:>9,}  {path}{'  (' + stage + ')' if stage else ''}")
    for name in ("search page and its scripts", "search index, up to the first results",
                 "filters' lists, fetched once the results are shown"):
        part = [r for r in rows if group(r) == name]
        print(f"  {sum(r[1] for r in part):>9,} {sum(r[2] for r in part):>9,}  = {name} ({len(part)} files)")
    print(f"  {sum(r[1] for r in rows):>9,} {sum(r[2] for r in rows):>9,}  = total bytes (served, gzipped)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--lang", default="kk", choices=("kk", "ru"))
    parser.add_argument("--query", default="жастар")
    args = parser.parse_args()
    report(measure(args.site, args.lang, args.query))
    return 0


if __name__ == "__main__":
    sys.exit(main())
