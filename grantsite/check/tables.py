"""Content records ⇄ flat rows of the published tables.

The content format (how editors nest fields in YAML) is declared once here, in LIST_FORMAT and
PRIORITY_FORMAT; the shape checks, the flattening and the editors' JSON Schema all read it.
"""
from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache

from ..content import SCHEMA_DIR, Problem, SourceFile, Vocabularies, parse_amount, suggest
from .calls import Scope, call_rows

TABLES = ("lists", "priorities", "indicators", "results", "calls", "changes", "editions", "areas", "territories")
LANGS = ("kk", "ru")
TEXT = "text"  # a mapping {kk: Markdown, ru: Markdown}
DEFECT_KINDS = ("word-artefact", "implausible-figure", "typo", "other")

ITEM_FORMAT = {"text": TEXT, "target": {"value": "number", "unit": "string", "qualifier": "string"}}
TRANSLATION_FORMAT = {"kk": "string", "ru": "string"}
# A call for applications (check/calls.py): in list.yaml for the whole list, in a priority file where
# that priority's calls differ; `calls: []` says that none is recorded (yet).
CALL_FORMAT = {"announced": "date", "opens": "datetime", "closes": "datetime", "url": "string", "note": TEXT}
PRIORITY_FORMAT = {
    "number": "integer",
    "area": "string",
    "direction": TEXT,
    "problem": TEXT,
    "funding": {"amount": "number", "published": "string"},
    "grant": {"type": "string", "count": "integer", "years": ["integer"]},
    "territory": "string",
    "indicators": [ITEM_FORMAT],
    "results": [ITEM_FORMAT],
    "material_base": TEXT,
    "translation": TRANSLATION_FORMAT,
    "source_defects": [{"field": "string", "kind": "string", "text": "string", "note": TEXT}],
    "calls": [CALL_FORMAT],
}
LIST_FORMAT = {
    "title": TEXT,
    "issuer": {"name": TEXT, "territory": "string"},
    "approval": {"order": "string", "date": "date", "note": TEXT},
    "source": {"document": "string", "language": "string", "url": "string", "note": TEXT},
    "translation": TRANSLATION_FORMAT,
    "calls": [CALL_FORMAT],
}


def _texts(name: str, path: tuple = ()) -> dict:
    path = path or (name,)
    return {f"{name}_{lang}": path + (lang,) for lang in LANGS}


# Published column → where its value stands in a content file (priority files, list files, entries of
# indicators and results).  Columns not listed here are derived (id, year, issuer, totals, flags).
PRIORITY_COLUMNS = {
    "number": ("number",), "area": ("area",), **_texts("direction"), **_texts("problem"),
    "funding_amount": ("funding", "amount"), "funding_published": ("funding", "published"),
    "grant_type": ("grant", "type"), "grant_count": ("grant", "count"),
    "grant_start_year": ("grant", "years"), "grant_end_year": ("grant", "years"),
    "territory": ("territory",), **_texts("material_base"),
    "translation_kk": ("translation", "kk"), "translation_ru": ("translation", "ru")}
LIST_COLUMNS = {
    **_texts("issuer_name", ("issuer", "name")), "issuer_territory": ("issuer", "territory"),
    **_texts("title"), "approval_order": ("approval", "order"), "approval_date": ("approval", "date"),
    "source_document": ("source", "document"), "source_language": ("source", "language"),
    "source_url": ("source", "url"), "translation_kk": ("translation", "kk"), "translation_ru": ("translation", "ru")}
ITEM_COLUMNS = {**_texts("text", ("text",)), "target_value": ("target", "value"),
                "target_unit": ("target", "unit"), "target_qualifier": ("target", "qualifier")}
REQUIRED = {"priority": ("number", "area", "direction", "funding", "grant", "territory", "indicators", "results"),
            "list": ("title", "issuer", "source")}


@dataclass
class Row:
    """A row of a published table and where its cells came from."""

    values: dict
    source: SourceFile | None = None
    paths: dict = field(default_factory=dict)  # column → path into the source record
    reported: set = field(default_factory=set)  # columns already reported by the shape check

    def at(self, column: str | None) -> tuple[int, int]:
        if self.source is None:
            return (1, 1)
        return self.source.at(*self.paths.get(column, ()))


Tables = dict  # table name → list[Row]


@lru_cache(maxsize=8)
def _schema_file(name: str) -> str:
    return (SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8")


def table_schema(name: str, vocab: Vocabularies) -> dict:
    """The Table Schema of a published table, with the vocabularies' codes as enum constraints."""
    schema = json.loads(_schema_file(name))
    for column in schema["fields"]:
        if "vocabulary" in column:
            column.setdefault("constraints", {})["enum"] = sorted(vocab.by_name(column["vocabulary"]))
    return schema


# ---- shape ----------------------------------------------------------------------------------

def check_shape(record: SourceFile) -> tuple[dict, list[Problem], set]:
    """The record with wrongly shaped values dropped, the problems found, and the dropped paths."""
    fmt = LIST_FORMAT if record.kind == "list" else PRIORITY_FORMAT
    problems: list[Problem] = []
    dropped: set = set()
    if not isinstance(record.data, dict):
        line, col = record.at()
        return {}, [Problem(record.path, line, col, "not-a-mapping",
                            f"the file holds a {_kind(record.data)}, not field: value lines")], dropped
    data = _conform(record.data, fmt, (), record, problems, dropped)
    for name in REQUIRED[record.kind]:
        if data.get(name) in (None, "", [], {}) and (name,) not in dropped:
            line, col = record.at(name)
            problems.append(Problem(record.path, line, col, "missing-field", f"'{name}' is missing or empty", field=name))
            dropped.add((name,))
    return data, problems, dropped


def _conform(value, fmt, path, record, problems, dropped):
    if value is None or (value == "" and (fmt == TEXT or not isinstance(fmt, str))):
        return None
    expected = "mapping" if isinstance(fmt, dict) or fmt == TEXT else "list" if isinstance(fmt, list) else "value"
    if expected != _kind(value) and not (expected == "value" and _kind(value) == "value"):
        line, col = record.at(*path)
        hint = "write it as kk: … and ru: … on two indented lines" if fmt == TEXT else ""
        problems.append(Problem(record.path, line, col, "wrong-type",
                                f"'{_dotted(path)}' should be a {expected}, not a {_kind(value)}", hint, _dotted(path)))
        dropped.add(path)
        return None
    if isinstance(fmt, list):
        return [_conform(item, fmt[0], path + (i,), record, problems, dropped) for i, item in enumerate(value)]
    if fmt == TEXT:
        fmt = {lang: "string" for lang in LANGS}
    if isinstance(fmt, dict):
        out = {}
        for key, item in value.items():
            if key not in fmt:
                line, col = record.at(*path, key)
                near = suggest(key, fmt)
                problems.append(Problem(record.path, line, col, "unknown-key",
                                        f"unknown field '{_dotted(path + (key,))}'",
                                        f"did you mean '{near}'?" if near else f"allowed here: {', '.join(fmt)}",
                                        _dotted(path + (key,))))
                continue
            out[key] = _conform(item, fmt[key], path + (key,), record, problems, dropped)
        return out
    return value


def _kind(value) -> str:
    return "mapping" if isinstance(value, dict) else "list" if isinstance(value, list) else "value"


def _dotted(path) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")


# ---- records → rows -------------------------------------------------------------------------

def flatten(records: list[SourceFile], vocab: Vocabularies) -> tuple[Tables, list[Problem]]:
    """Every record as rows of the published tables, with the shape problems met on the way."""
    tables: Tables = {name: [] for name in TABLES}
    problems: list[Problem] = []
    lists, scopes = {}, []
    for record in (r for r in records if r.kind == "list"):
        data, found, dropped = check_shape(record)
        problems += found
        lists[record.list_id] = data
        tables["lists"].append(_list_row(record, data, dropped))
        scopes.append(Scope(record, data, dropped, record.list_id))
    for record in (r for r in records if r.kind == "priority"):
        data, found, dropped = check_shape(record)
        problems += found
        if found and not data:
            continue
        default_translation = (lists.get(record.list_id) or {}).get("translation") or {}
        priority = _priority_row(record, data, dropped, default_translation)
        tables["priorities"].append(priority)
        scopes.append(Scope(record, data, dropped, record.list_id, priority.values["id"]))
        for table in ("indicators", "results"):
            tables[table] += _item_rows(record, data, table, priority.values["id"], dropped)
    _add_totals(tables)
    rows, found = call_rows(scopes)
    tables["calls"] = [Row(*row) for row in rows]
    problems += found
    tables["areas"] = [Row({"code": t.code, "label_kk": t.kk, "label_ru": t.ru, "kk_confirmed": t.kk_confirmed,
                            "ru_confirmed": t.ru_confirmed}) for t in vocab.areas.values()]
    tables["territories"] = [Row({"kato": t.code, "level": t.level, "name_kk": t.kk, "name_ru": t.ru,
                                  "parent": t.parent}) for t in vocab.territories.values()]
    return tables, problems


def _take(data: dict, dropped: set, columns: dict) -> tuple[dict, dict, set]:
    """Columns from paths into the record: (values, paths, columns whose value was dropped)."""
    values, paths, reported = {}, {}, set()
    for column, path in columns.items():
        value = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        values[column] = value
        paths[column] = path
        if any(path[:n] in dropped for n in range(1, len(path) + 1)):
            reported.add(column)
    return values, paths, reported


@lru_cache(maxsize=8)
def _types(table: str) -> dict[str, str]:
    return {f["name"]: f["type"] for f in json.loads(_schema_file(table))["fields"]}


def _coerce(values: dict, table: str) -> dict:
    """Unambiguous spellings of a value in its column's type: "1" for 1, 110000000 for "110000000"."""
    types = _types(table)
    for column, value in values.items():
        kind = types.get(column)
        if isinstance(value, bool) or value is None:
            continue
        if kind == "string" and isinstance(value, (int, float)):
            values[column] = str(value)
        elif kind == "integer" and isinstance(value, str) and value.strip().isdigit():
            values[column] = int(value.strip())
        elif kind == "number" and isinstance(value, str) and parse_amount(value) is not None:
            values[column] = parse_amount(value)
    return values


def _list_row(record: SourceFile, data: dict, dropped: set) -> Row:
    values, paths, reported = _take(data, dropped, LIST_COLUMNS)
    _coerce(values, "lists")
    row = {"id": record.list_id, "year": record.year, "issuer": record.issuer}
    return Row({**row, **values}, record, paths, reported)


def _priority_row(record: SourceFile, data: dict, dropped: set, default_translation: dict) -> Row:
    values, paths, reported = _take(data, dropped, PRIORITY_COLUMNS)
    _coerce(values, "priorities")
    listed = values["grant_start_year"] if isinstance(values["grant_start_year"], list) else []
    listed = [int(y) if isinstance(y, str) and y.strip().isdigit() else y for y in listed]
    years = [y for y in listed if isinstance(y, int) and not isinstance(y, bool)]
    values["grant_start_year"] = min(years) if years else values["grant_start_year"] or None
    values["grant_end_year"] = max(years) if years else values["grant_end_year"] or None
    for lang in LANGS:
        values[f"translation_{lang}"] = values[f"translation_{lang}"] or default_translation.get(lang)
    number = values["number"]
    suffix = f"{number:02d}" if isinstance(number, int) and not isinstance(number, bool) and number >= 0 else "00"
    ids = {"id": f"{record.list_id}-{suffix}", "list_id": record.list_id, "year": record.year, "issuer": record.issuer}
    paths.update(id=("number",), list_id=(), year=(), issuer=())
    defects = "; ".join(_defect_text(d) for d in data.get("source_defects") or [] if isinstance(d, dict))
    return Row({**ids, **values, "source_defects": defects or None, "flags": None}, record, paths, reported)


def _defect_text(defect: dict) -> str:
    return f"{defect.get('kind')} in {defect.get('field')}: {defect.get('text')}"


def _item_rows(record: SourceFile, data: dict, table: str, priority_id: str, dropped: set) -> list[Row]:
    rows = []
    for i, item in enumerate(data.get(table) or []):
        if not isinstance(item, dict):
            continue
        base = (table, i)
        values, paths, reported = _take(item, {p[2:] for p in dropped if p[:2] == base}, ITEM_COLUMNS)
        _coerce(values, table)
        paths = {c: base + p for c, p in paths.items()}
        rows.append(Row({"priority_id": priority_id, "position": i + 1, **values}, record, paths, reported))
    return rows


def _add_totals(tables: Tables) -> None:
    for row in tables["lists"]:
        mine = [p.values for p in tables["priorities"] if p.values["list_id"] == row.values["id"]]
        amounts = [p["funding_amount"] for p in mine if isinstance(p["funding_amount"], (int, float))
                   and not isinstance(p["funding_amount"], bool) and math.isfinite(p["funding_amount"])]
        row.values["priorities"] = len(mine)
        row.values["funding_total"] = round(sum(amounts), 1)


def plain(tables: Tables) -> dict[str, list[dict]]:
    """The tables as lists of plain dicts (a deep copy, safe to change)."""
    return {name: [copy.copy(r.values) for r in rows] for name, rows in tables.items()}
