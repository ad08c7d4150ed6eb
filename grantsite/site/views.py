"""Download what you see: for every page that lists priorities, the CSV and JSON of exactly its priorities
(views/…), with the columns of data/priorities.csv.

Without JavaScript a page's download link gets its whole set from here; with it, site.js keeps the rows the
reader's filters left shown.  The rows are those the data stage published, read back from the staging folder,
so a view never differs from data/priorities.csv in a value.  The CSV starts with a byte-order mark: Excel
then opens Cyrillic right (data/priorities.csv itself has none, as RFC 4180 tools expect).
"""
from __future__ import annotations

import csv
import json
from types import SimpleNamespace

from ..jsontext import STEP, in_array, indented
from .pages import Page

BOM = "\ufeff"
INDENT = STEP.encode()


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
    views = planned(site, pages)
    site.reserve(view_files(views))
    write_planned(site, views)
    return len(views)


def planned(site, pages: list[Page]) -> dict[str, list[str] | None]:
    """Each view's path and the ids of its priorities (None: all of them); none when the data stage wrote no
    table to take the rows from (a render without it: the golden test)."""
    if not site.path("data/priorities.csv").is_file():
        return {}
    views: dict[str, list[str] | None] = {}
    for page in pages:
        path = view_path(page)
        if path is not None and path not in views:
            views[path] = _ids(page)
    return views


def view_files(views: dict) -> list[str]:
    """The files of some views, to be reserved before they are written (perhaps by a worker)."""
    return [f"{path}.{suffix}" for path in views for suffix in ("csv", "json")]


def write_planned(site, views: dict[str, list[str] | None]) -> None:
    """Write the files of views whose paths are reserved (safe in a forked worker: it only writes files)."""
    if not views:
        return
    # each priority's CSV line and JSON record made once: a priority is in some six views (its list, year,
    # area, territory …); only those bytes are kept (the rows read back took 200 MB more at 10,000 priorities)
    with open(site.path("data/priorities.csv"), encoding="utf-8", newline="") as f:
        header, *rows = csv.reader(f)
    lines = {row[0]: line.encode("utf-8") for row, line in zip(rows, _csv_records(rows))}
    top = (BOM + _csv_records([header])[0]).encode("utf-8")
    del rows
    # the standard reader: orjson would read a whole number beyond 64 bits as a float, and the view then differ
    records = json.loads(site.path("data/priorities.json").read_bytes())
    encoded = {r["id"]: in_array(indented(r)) for r in records}
    del records
    by_id = {pid: (line, encoded[pid]) for pid, line in lines.items()}
    for path, ids in views.items():
        shown = [by_id[i] for i in ids if i in by_id] if ids is not None else list(by_id.values())
        site.put(f"{path}.csv", top + b"".join(row for row, _ in shown))
        site.put(f"{path}.json", _array([record for _, record in shown]))


def _ids(page: Page):
    if page.template == "list.html":
        return [p.id for p in page.context["lst"].priorities]
    if page.template == "search.html":
        return None  # every priority: search may find any
    return [p.id for p in page.context["priorities"]]


def _csv_records(records) -> list[str]:
    """Each record (its cells) as the CSV text of data/priorities.csv, line end included, one text each: the
    writer writes a record at a time."""
    lines: list[str] = []
    writer = csv.writer(SimpleNamespace(write=lines.append), lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(records)
    return lines


def _array(records: list[bytes]) -> bytes:
    """The JSON array of records already encoded as its items (in_array), as the data package indents it."""
    return b"[\n" + INDENT + (b",\n" + INDENT).join(records) + b"\n]" if records else b"[]"
