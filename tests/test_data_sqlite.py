"""The SQLite database: the same tables with their keys, and full-text search the way Datasette finds it."""
from __future__ import annotations

import sqlite3

import pytest

from grantsite import output
from grantsite.check import TABLES, table_schema
from grantsite.content import load_vocabularies
from grantsite.data import write_package
from grantsite.data.sqlite import create_fts, database_bytes
from grantsite.pipeline import Config


@pytest.fixture(scope="module")
def db(checked, tmp_path_factory):
    out = tmp_path_factory.mktemp("sqlite") / "site"
    with output.staging(out) as site:
        write_package(checked, load_vocabularies(), site, Config())
    con = sqlite3.connect(f"file:{out / 'data' / 'grant-priorities.sqlite'}?mode=ro", uri=True)
    yield con
    con.close()


def schemas():
    vocab = load_vocabularies()
    return {name: table_schema(name, vocab) for name in TABLES}


def search(con, table: str, words: str, key: str = "rowid") -> list:
    """The query Datasette runs for ?_search=: rows whose rowid the FTS index returns for the words."""
    return [r[0] for r in con.execute(
        f"SELECT {key} FROM {table} WHERE rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)"
        f" ORDER BY {key}", (words,))]


@pytest.mark.parametrize("table", TABLES)
def test_database_holds_the_same_rows_and_values_as_the_content(db, checked, table):
    names = [f["name"] for f in schemas()[table]["fields"]]
    cursor = db.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY rowid")
    assert [d[0] for d in cursor.description] == names
    booleans = {f["name"] for f in schemas()[table]["fields"] if f["type"] == "boolean"}
    expected = [tuple(int(row[n]) if n in booleans else row[n] for n in names) for row in checked.tables[table]]
    assert cursor.fetchall() == expected


def test_columns_are_typed_from_the_schema(db):
    columns = {r[1]: (r[2], r[3], r[5]) for r in db.execute("PRAGMA table_info(priorities)")}
    assert columns["funding_amount"] == ("REAL", 1, 0)
    assert columns["number"] == ("INTEGER", 1, 0)
    assert columns["id"] == ("TEXT", 1, 1)  # the primary key
    assert db.execute("SELECT typeof(funding_amount) FROM priorities").fetchall() == [("real",)] * 4


def test_foreign_keys_of_the_schemas_are_declared_and_hold(db):
    def references(table):
        return {(r[3], r[2], r[4]) for r in db.execute(f"PRAGMA foreign_key_list({table})")}
    assert references("priorities") == {("list_id", "lists", "id"), ("area", "areas", "code"),
                                        ("territory", "territories", "kato")}
    assert references("indicators") == references("results") == {("priority_id", "priorities", "id")}
    assert references("lists") == {("issuer_territory", "territories", "kato")}
    assert references("territories") == {("parent", "territories", "kato")}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_full_text_search_keeps_every_cyrillic_letter_as_written(tmp_path):
    con = sqlite3.connect(tmp_path / "t.sqlite")
    con.execute("CREATE TABLE t (text_kk TEXT, text_ru TEXT)")
    con.executemany("INSERT INTO t VALUES (?, ?)", [("Әділет қоғамы", "ёлка"), ("әдiлет", "йога")])
    for statement in create_fts("t", ["text_kk", "text_ru"]):
        con.execute(statement)
    assert search(con, "t", "ӘДІЛЕТ") == [1]  # capitals fold; і is not i
    assert search(con, "t", "ёлка") == [1] and search(con, "t", "елка") == []
    assert search(con, "t", "йога") == [2] and search(con, "t", "иога") == []


def test_full_text_search_finds_kazakh_and_russian_words(db):
    assert search(db, "priorities", "жемқорлыққа", "id") == ["2026-akmola-01"]
    assert search(db, "priorities", "антикоррупционной", "id") == ["2026-akmola-01"]
    assert search(db, "results", "волонтеров", "priority_id") == ["2026-akmola-03"]
    assert search(db, "indicators", "ЖАСТАР", "priority_id")  # case folds for Cyrillic too


def test_search_indexes_are_set_up_the_way_datasette_detects_them(db):
    found = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE name LIKE '%\\_fts' ESCAPE '\\'"))
    assert set(found) == {"lists_fts", "priorities_fts", "indicators_fts", "results_fts"}
    for name, sql in found.items():
        assert "VIRTUAL TABLE" in sql and "USING fts5" in sql
        assert f'content="{name.removesuffix("_fts")}"' in sql  # what Datasette looks for
    assert '"direction_kk", "direction_ru", "problem_kk", "problem_ru"' in found["priorities_fts"]
    assert "translation_kk" not in found["priorities_fts"]


def test_a_row_pointing_at_nothing_stops_the_database():
    rows = {name: [] for name in TABLES}
    rows["indicators"] = [{"priority_id": "2026-nowhere-01", "position": 1, "text_kk": "x", "text_ru": "x"}]
    with pytest.raises(sqlite3.IntegrityError):
        database_bytes(rows, schemas())
