"""The published tables as CSV and JSON, the nested priorities, and the rows of one year.

Columns are written in the order of the Table Schema, so a file's header never changes with the content.
CSV follows RFC 4180 (comma, double quotes, CRLF between records) in UTF-8 without a byte-order mark:
it is made for programs; Excel users get the XLSX workbook instead.  A spreadsheet opened on a CSV would
still run a text starting with = + - @ as a formula, so such a text gets an apostrophe in front (the
OWASP defence against CSV injection); JSON, SQLite and XLSX keep every text exactly as it is.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

from .. import jsontext
from ..check import LANGS, TABLES
from ..content import Vocabularies

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula
NESTED = "priorities-nested"  # the name of the nested priorities file and of its resource


def field_names(schema: dict) -> list[str]:
    """The columns of a table, in schema order."""
    return [f["name"] for f in schema["fields"]]


def ordered(rows: list[dict], names: list[str], table: str) -> list[dict]:
    """Rows with exactly the schema's columns (every writer takes them in schema order); an unknown column is a
    bug of ours.  A row that has them all is taken as it is, not copied: nothing in the data stage changes a row."""
    known, out = set(names), []
    for row in rows:
        if row.keys() == known:
            out.append(row)
            continue
        extra = set(row) - known
        if extra:
            raise ValueError(f"{table}: column(s) {', '.join(sorted(extra))} are not in schema/{table}.json")
        out.append({name: row.get(name) for name in names})
    return out


def csv_cell(value) -> str:
    """A value as Frictionless reads it back: empty for null, true/false, ISO dates, plain numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return str(value)


def csv_bytes(rows: list[dict], names: list[str]) -> bytes:
    """RFC 4180 CSV: a header row, then one record per row, CRLF line ends, UTF-8 without BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(names)
    for row in rows:
        writer.writerow([csv_cell(row.get(name)) for name in names])
    return buffer.getvalue().encode("utf-8")


def csv_lines(rows, names: list[str]) -> list[str]:
    """The records csv_bytes writes for these rows, one text per row (no header)."""
    lines: list[str] = []
    writer = csv.writer(_Appender(lines), lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([csv_cell(row.get(name)) for name in names] for row in rows)
    return lines


class _Appender:
    """A file for csv.writer that keeps each record it writes (the writer writes a record at a time)."""

    def __init__(self, lines: list[str]):
        self.write = lines.append


def _plain(value):
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def json_bytes(value) -> bytes:
    """Readable UTF-8 JSON (Cyrillic as is, not \\u-escaped), indented by two spaces, ending with a newline."""
    return _json(value) + b"\n"


def _json(value) -> bytes:
    return jsontext.indented(value, default=_plain)


def table_json(rows: list[dict], names: list[str]) -> bytes:
    """A table as a JSON array of objects, keys in schema order, null for an empty cell."""
    return json_bytes(list(table_rows(rows, names)))


def table_rows(rows: list[dict], names: list[str]):
    """The objects of a table's JSON array, one at a time."""
    return ({name: _plain(row.get(name)) for name in names} for row in rows)


def json_records(items) -> list[bytes]:
    """Each item as a JSON file of its own (json_bytes without the final newline)."""
    return [_json(item) for item in items]


def for_year(tables: dict[str, list[dict]], year: int) -> dict[str, list[dict]]:
    """The rows of one year; areas and territories stay whole (they are code lists that rows refer to)."""
    return for_years(tables, {year})


def for_years(tables: dict[str, list[dict]], years: set) -> dict[str, list[dict]]:
    """The rows of these years, in their order; areas and territories stay whole."""
    lists = [r for r in tables["lists"] if r["year"] in years]
    ids = {r["id"] for r in lists}
    priorities = [r for r in tables["priorities"] if r["list_id"] in ids]
    pids = {r["id"] for r in priorities}
    picked = {"lists": lists, "priorities": priorities,
              "indicators": [r for r in tables["indicators"] if r["priority_id"] in pids],
              "results": [r for r in tables["results"] if r["priority_id"] in pids],
              "calls": [r for r in tables.get("calls", []) if r["list_id"] in ids],
              "changes": [r for r in tables.get("changes", []) if r["list_id"] in ids],
              "editions": [r for r in tables.get("editions", []) if r["list_id"] in ids]}
    return {name: picked.get(name, tables.get(name, [])) for name in TABLES}


def _text(row: dict, name: str) -> dict:
    return {lang: row.get(f"{name}_{lang}") for lang in LANGS}


def _entry(row: dict) -> dict:
    target = None
    if row.get("target_value") is not None:
        target = {"value": row["target_value"], "unit": row.get("target_unit"),
                  "qualifier": row.get("target_qualifier")}
    return {"position": row["position"], "text": _text(row, "text"), "target": target}


def _call(row: dict) -> dict:
    return {"id": row["id"], "announced": _plain(row.get("announced")), "opens": row["opens"],
            "closes": row["closes"], "url": row.get("url"), "note": _text(row, "note")}


def nested_priority(row: dict, indicators: list[dict], results: list[dict], vocab: Vocabularies,
                    calls: list[dict] = ()) -> dict:
    """One priority as a single object: texts as {kk, ru}, its indicators and results inside, labels beside codes."""
    area, territory = vocab.areas.get(row["area"]), vocab.territories.get(row["territory"])
    grant = vocab.grant_types.get(row["grant_type"])
    return {
        "id": row["id"], "list_id": row["list_id"], "year": row["year"], "issuer": row["issuer"],
        "number": row["number"],
        "area": row["area"], "area_label": {lang: area.label(lang) for lang in LANGS} if area else None,
        "direction": _text(row, "direction"), "problem": _text(row, "problem"),
        "funding": {"amount": row["funding_amount"], "published": row.get("funding_published"),
                    "unit": "thousand KZT"},
        "grant": {"type": row["grant_type"],
                  "type_label": {lang: grant.label(lang) for lang in LANGS} if grant else None,
                  "count": row["grant_count"], "start_year": row["grant_start_year"],
                  "end_year": row["grant_end_year"]},
        "territory": row["territory"],
        "territory_name": {lang: territory.label(lang) for lang in LANGS} if territory else None,
        "indicators": [_entry(r) for r in sorted(indicators, key=lambda r: r["position"])],
        "results": [_entry(r) for r in sorted(results, key=lambda r: r["position"])],
        "material_base": _text(row, "material_base"),
        "translation": _text(row, "translation"),
        "source_defects": row.get("source_defects"),
        "flags": [f for f in (row.get("flags") or "").split("; ") if f],
        "calls": [_call(c) for c in calls],  # the calls it can be applied for in (rows of calls.csv)
    }


def nested_priorities(tables: dict[str, list[dict]], vocab: Vocabularies) -> list[dict]:
    """Every priority as a nested object, in the order of the priorities table."""
    return list(nested_items(tables, vocab))


def nested_items(tables: dict[str, list[dict]], vocab: Vocabularies):
    """The nested objects of the priorities, one at a time, in the order of the priorities table."""
    def grouped(name):
        out: dict[str, list[dict]] = {}
        for r in tables[name]:
            out.setdefault(r["priority_id"], []).append(r)
        return out
    indicators, results = grouped("indicators"), grouped("results")
    calls: dict[str, list[dict]] = {}
    for c in sorted(tables.get("calls", []), key=lambda c: (c["opens"], c["id"])):
        for pid in (c.get("priority_ids") or "").split("; "):
            calls.setdefault(pid, []).append(c)
    return (nested_priority(r, indicators.get(r["id"], []), results.get(r["id"], []), vocab, calls.get(r["id"], []))
            for r in tables["priorities"])
