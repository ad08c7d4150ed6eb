"""Stages 1–3 checked: content records flattened to the rows of the published tables, validated with
Frictionless against schema/ (plus our cross-record rules), list folder by list folder, and the model built
when nothing is wrong; also the editors' JSON Schemas and the notes on defects of the official sources."""
from .calls import CALL_COLUMNS
from .checker import Checked, check_content
from .defects import SourceDefect, Warning, published_warnings, read_defects
from .earlier import write_editions_schema
from .editorschema import write_editor_schemas
from .tables import (
                     ITEM_COLUMNS,
                     LANGS,
                     LIST_COLUMNS,
                     LIST_FORMAT,
                     PRIORITY_COLUMNS,
                     PRIORITY_FORMAT,
                     REQUIRED,
                     TABLES,
                     TEXT,
                     table_schema,
)

__all__ = ["CALL_COLUMNS", "ITEM_COLUMNS", "LANGS", "LIST_COLUMNS", "LIST_FORMAT", "PRIORITY_COLUMNS",
           "PRIORITY_FORMAT", "REQUIRED", "TABLES", "TEXT", "Checked", "SourceDefect", "Warning", "check_content",
           "published_warnings", "read_defects", "table_schema", "write_editions_schema",
           "write_editor_schemas"]
