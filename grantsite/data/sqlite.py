"""The published tables as one SQLite database, ready for Datasette.

Each table keeps its columns, types, primary key and foreign keys from the Table Schema.  The Kazakh and
Russian text columns get an FTS5 index named `{table}_fts` with `content="{table}"`, which is how Datasette
recognises full-text search and shows a search box on the table.  The file is meant to be read, not edited,
so the indexes are filled once and no triggers keep them in step.
"""
from __future__ import annotations

import datetime as dt
import operator
import sqlite3
import tempfile
from pathlib import Path

from ..check import TABLES

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT",
             "datetime": "TEXT"}  # ISO 8601 with the UTC offset, as SQLite's date functions read it
# Referenced tables first, so that every foreign key points at a table that already exists.
CREATE_ORDER = ("territories", "areas", "lists", "priorities", "indicators", "results", "calls", "changes", "editions")
PLAIN = {str, int, float, type(None)}
SEARCHED = ("lists", "priorities", "indicators", "results")  # the code lists are short: Datasette's filters do
# SQLite's own Unicode tokenizer, without its pass that takes accents off Latin letters (café → cafe): it never
# touches Cyrillic (ё, й and the Kazakh letters stay as written either way), and it was a quarter of the index's time.
TOKENIZER = "unicode61 remove_diacritics 0"
HASH_SIZE = 64 << 20  # bytes of FTS5 index held in memory before a segment is written: enough for 10,000 priorities


def quote(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def text_columns(schema: dict) -> list[str]:
    """The columns that hold Kazakh or Russian text (the ones worth searching)."""
    return [f["name"] for f in schema["fields"] if f["type"] == "string"
            and f["name"].endswith(("_kk", "_ru")) and not f["name"].startswith("translation_")]


def create_table(name: str, schema: dict) -> str:
    """CREATE TABLE for a Table Schema: typed columns, NOT NULL where required, primary and foreign keys."""
    lines = []
    for f in schema["fields"]:
        required = (f.get("constraints") or {}).get("required")
        lines.append(f"{quote(f['name'])} {SQL_TYPES.get(f['type'], 'TEXT')}{' NOT NULL' if required else ''}")
    if schema.get("primaryKey"):
        lines.append(f"PRIMARY KEY ({', '.join(map(quote, schema['primaryKey']))})")
    for fk in schema.get("foreignKeys", []):
        target = fk["reference"].get("resource") or name  # no resource: the table refers to itself
        lines.append(f"FOREIGN KEY ({', '.join(map(quote, fk['fields']))}) REFERENCES "
                     f"{quote(target)} ({', '.join(map(quote, fk['reference']['fields']))})")
    return f"CREATE TABLE {quote(name)} (\n  " + ",\n  ".join(lines) + "\n)"


def create_fts(name: str, columns: list[str]) -> list[str]:
    """The FTS5 index of a table's text columns (external content: the text is stored once, in the table)."""
    fts = quote(f"{name}_fts")
    # The whole index is gathered in memory (up to HASH_SIZE) and written once, as one segment: FTS5's default
    # writes a segment a megabyte at a time and merges them again and again, a third of its time.
    return [f"CREATE VIRTUAL TABLE {fts} USING fts5 ({', '.join(map(quote, columns))}, content={quote(name)}, "
            f"tokenize={quote(TOKENIZER)})",
            f"INSERT INTO {fts} ({fts}, rank) VALUES ('hashsize', {HASH_SIZE})",
            f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')"]


def _cell(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _fill(con: sqlite3.Connection, name: str, schema: dict, rows: list[dict]) -> None:
    names = [f["name"] for f in schema["fields"]]
    sql = f"INSERT INTO {quote(name)} ({', '.join(map(quote, names))}) VALUES ({', '.join('?' * len(names))})"
    take = operator.itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)  # a tuple of cells

    def cells(row: dict):
        try:
            values = take(row)
        except KeyError:  # a row without some column: null there
            values = [row.get(n) for n in names]
        # SQLite takes texts, numbers and NULL as they are: only the rare yes/no or date is converted
        return [v if type(v) in PLAIN else _cell(v) for v in values]
    con.executemany(sql, map(cells, rows))


def write_database(path: Path, tables: dict[str, list[dict]], schemas: dict[str, dict]) -> None:
    """The SQLite file holding every table, made at path; a broken foreign key raises sqlite3.IntegrityError."""
    assert set(CREATE_ORDER) == set(TABLES)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        # A file made once and then published: no rollback journal, no waiting for the disk (the database's
        # bytes are the same; a failed build is thrown away whole).
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("BEGIN")
        con.execute("PRAGMA defer_foreign_keys = ON")  # territories refer to each other in any order
        for name in CREATE_ORDER:
            con.execute(create_table(name, schemas[name]))
            _fill(con, name, schemas[name], tables[name])
            columns = text_columns(schemas[name]) if name in SEARCHED else []
            for statement in create_fts(name, columns) if columns else []:
                con.execute(statement)
        # no VACUUM: a database written in one transaction, its index in one segment, has next to no free pages
        # (0.2 % of the file at 10,000 priorities), and rewriting the whole file took longer than filling it
        con.execute("COMMIT")
    finally:
        con.close()


def database_bytes(tables: dict[str, list[dict]], schemas: dict[str, dict]) -> bytes:
    """The bytes of write_database's file."""
    with tempfile.TemporaryDirectory(prefix="grantsite-sqlite-") as folder:
        path = Path(folder) / "data.sqlite"
        write_database(path, tables, schemas)
        return path.read_bytes()
