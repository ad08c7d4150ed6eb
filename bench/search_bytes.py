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


def measure(site: Path, lang: str, query: str) -> list[tuple[str, int, int]]:
    """(path, bytes served, bytes gzipped) of every response of a first search, in request order."""
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
            found = page.locator("#search-results li").count()
            rows = []
            for response in responses:
                body = response.body()
                rows.append((urlsplit(response.url).path[len(PREFIX) - 1:], len(body),
                             min(len(body), len(gzip.compress(body, 9, mtime=0)))))
            browser.close()
    finally:
        httpd.shutdown()
    print(f"{query!r} on {site} ({lang}): {found} results shown")
    return rows


def report(rows: list[tuple[str, int, int]]) -> None:
    def group(path: str) -> str:
        return "search index" if path.startswith("/pagefind/") else "search page and its scripts"

    for path, served, zipped in rows:
        print(f"  {served:>9,} {zipped:>9,}  {path}")
    for name in ("search page and its scripts", "search index"):
        part = [r for r in rows if group(r[0]) == name]
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
