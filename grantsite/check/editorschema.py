"""JSON Schemas of the content files, for editors' YAML plugins (autocompletion, underlined mistakes).

Generated from the content format (tables.PRIORITY_FORMAT, LIST_FORMAT) and the Table Schemas, so the
editor's plugin, the checker and the published data agree; `python build.py schema` rewrites them.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..content import SCHEMA_DIR, Vocabularies
from .calls import CALL_COLUMNS
from .tables import (
    DEFECT_KINDS,
    ITEM_COLUMNS,
    LANGS,
    LIST_COLUMNS,
    LIST_FORMAT,
    PRIORITY_COLUMNS,
    PRIORITY_FORMAT,
    REQUIRED,
    TEXT,
    table_schema,
)

OUT_DIR = SCHEMA_DIR / "content"
TYPES = {"integer": "integer", "number": "number", "string": "string", "date": "string", "datetime": "string"}


def editor_schemas(vocab: Vocabularies) -> dict[str, dict]:
    """{file name: JSON Schema} for priority files and list files."""
    priorities = _columns_by_path(table_schema("priorities", vocab), PRIORITY_COLUMNS)
    items = _columns_by_path(table_schema("indicators", vocab), ITEM_COLUMNS)
    lists = _columns_by_path(table_schema("lists", vocab), LIST_COLUMNS)
    calls = {("calls",) + path: column for path, column in
             _columns_by_path(table_schema("calls", vocab), CALL_COLUMNS).items()}
    priorities, lists = {**priorities, **calls}, {**lists, **calls}
    priority = _node(PRIORITY_FORMAT, (), priorities, items)
    priority["required"] = list(REQUIRED["priority"])
    defects = priority["properties"]["source_defects"]["items"]["properties"]
    defects["kind"]["enum"] = list(DEFECT_KINDS)
    listing = _node(LIST_FORMAT, (), lists, {})
    listing["required"] = list(REQUIRED["list"])
    return {"priority.schema.json": _document("A priority of a list (content/YEAR/ISSUER/NN.yaml)", priority),
            "list.schema.json": _document("A list of priorities (content/YEAR/ISSUER/list.yaml)", listing)}


def write_editor_schemas(vocab: Vocabularies, out_dir: Path = OUT_DIR) -> list[Path]:
    """Write the editors' JSON Schemas; return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in editor_schemas(vocab).items():
        path = out_dir / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _document(title: str, body: dict) -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **body}


def _columns_by_path(schema: dict, columns: dict) -> dict:
    fields = {f["name"]: f for f in schema["fields"]}
    return {path: fields[name] for name, path in columns.items()}


def _node(fmt, path: tuple, columns: dict, items: dict) -> dict:
    if fmt == TEXT:
        langs = {lang: {"type": "string", **_describe(columns.get(path + (lang,)))} for lang in LANGS}
        return {"type": ["object", "null"], "properties": langs, "additionalProperties": False}
    if isinstance(fmt, list):
        inner_columns = items if path in (("indicators",), ("results",)) else columns
        inner_path = () if inner_columns is items else path
        element = _node(fmt[0], inner_path, inner_columns, items)
        return {"type": "array", "items": element, **({"minItems": 1} if path in (("indicators",), ("results",)) else {})}
    if isinstance(fmt, dict):
        props = {key: _node(sub, path + (key,), columns, items) for key, sub in fmt.items()}
        return {"type": "object", "properties": props, "additionalProperties": False}
    column = columns.get(path)
    node = {"type": [TYPES[fmt], "null"]}
    if fmt == "date":
        node["format"] = "date"
    node.update(_describe(column))
    constraints = (column or {}).get("constraints", {})
    for key in ("enum", "minimum", "maximum", "pattern"):
        if key in constraints:
            node[key] = constraints[key]
    return node


def _describe(column: dict | None) -> dict:
    return {"description": column["description"]} if column and column.get("description") else {}
