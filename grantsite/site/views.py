"""Download what you see: for every page that lists priorities, the CSV and JSON of exactly its priorities
(views/…), with the columns of data/priorities.csv.

Without JavaScript a page's download link gets its whole set from here; with it, site.js keeps the rows the
reader's filters left shown.  The rows are those the data stage published, read back from the staging folder,
so a view never differs from data/priorities.csv in a value.  The CSV starts with a byte-order mark: Excel
then opens Cyrillic right (data/priorities.csv itself has none, as RFC 4180 tools expect).
"""
from __future__ import annotations

import csv
import io
import json

from ..jsontext import dumps
from .pages import Page

BOM = "\ufeff"


def view_path(page: Page) -> str | None:
    """Where a page's set of priorities is downloadable (no suffix); None for a page that lists none."""
    ctx = page.context
    if page.template == "facet.html":
        return f"views/{ctx['facet']}/{ctx['code']}"
    if page.template == "list.html" and "edition" not in ctx:
        return f"views/list/{ctx['lst'].year}/{ctx['lst'].issuer.code}"
    if page.template == "home.html" and ctx.get("year") is not None:
        return f"views/year/{ctx['year']}"
    if page.template == "search.html":
        return "views/all"
    return None


def write_views(site, pages: list[Page]) -> int:
    """Write the view of every page that has one (the kk and ru page share it); the number of views written."""
    table = site.path("data/priorities.csv")
    if not table.is_file():  # a render without its data stage (the golden test): no rows to take
        return 0
    with open(table, encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    records = {r["id"]: r for r in json.loads(site.path("data/priorities.json").read_text(encoding="utf-8"))}
    by_id = {row[0]: (row, records[row[0]]) for row in rows}
    written = {}
    for page in pages:
        path = view_path(page)
        if path is None or path in written:
            continue
        ids = _ids(page)
        written[path] = [by_id[i] for i in ids if i in by_id] if ids is not None else list(by_id.values())
    for path, shown in written.items():
        site.write(f"{path}.csv", _csv(header, [row for row, _ in shown]))
        site.write(f"{path}.json", dumps([record for _, record in shown]))
    return len(written)


def _ids(page: Page):
    if page.template == "list.html":
        return [p.id for p in page.context["lst"].priorities]
    if page.template == "search.html":
        return None  # every priority: search may find any
    return [p.id for p in page.context["priorities"]]


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
