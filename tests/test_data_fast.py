"""The data stage's faster paths give what the plain ones give: rows written once into every package, deflate
made ahead of the zip, sheet rows written as text, JSON encoded without json.dumps."""
from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
import zlib

import openpyxl
import pytest
from hypothesis import given, strategies as st

from grantsite import jsontext, output
from grantsite.check import TABLES, check_content as check, table_schema
from grantsite.content import SCHEMA_DIR, load_vocabularies
from grantsite.data import write_package
from grantsite.data.archive import Deflated, piece, write_zip
from grantsite.data.descriptor import load_template
from grantsite.data.encode import _plain, csv_bytes, field_names, for_year, json_bytes, nested_priorities, ordered
from grantsite.data.textfiles import EVERY, Spread
from grantsite.data.xlsx import CELL_LIMIT, sheet_text, workbook_bytes
from grantsite.pipeline import Config


class Sink:
    """A file in memory, as Spread writes it, with the deflate pieces it was given."""

    def __init__(self):
        self.data, self.pieces = b"", b""

    def write(self, data: bytes, deflated: bytes) -> None:
        self.data += data
        self.pieces += deflated

    def close(self):
        return self


def schemas():
    vocab = load_vocabularies()
    return {name: table_schema(name, vocab) for name in TABLES}


def read_back(rows: dict) -> openpyxl.Workbook:
    """The workbook of these rows, as openpyxl reads it."""
    about = {**load_template(SCHEMA_DIR), "sources": []}
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(rows, schemas(), about)))


def test_a_file_in_every_package_gets_the_rows_of_its_year_in_order_and_the_code_lists_whole():
    files = Spread({None: Sink(), 2025: Sink(), 2026: Sink()}, head="h\n")
    for year, rows in ((2026, ["a\n", "b\n"]), (2025, ["c\n"]), (EVERY, ["code\n"]), (2026, ["d\n"]), (None, ["e\n"])):
        files.add(year, rows)
    made = files.close()
    assert made[None].data == b"h\na\nb\nc\ncode\nd\ne\n"  # a row of no year's package is in the all-years one
    assert made[2026].data == b"h\na\nb\ncode\nd\n"
    assert made[2025].data == b"h\nc\ncode\n"


@given(st.lists(st.tuples(st.sampled_from([2025, 2026, EVERY]), st.lists(st.text(), max_size=3)), max_size=6))
def test_a_json_array_in_every_package_is_the_array_of_its_years_items(runs):
    files = Spread({None: Sink(), 2025: Sink(), 2026: Sink()}, array=True)
    for year, items in runs:
        files.add(year, [json.dumps(i, ensure_ascii=False) for i in items])
    made = files.close()
    for key in (None, 2025, 2026):
        mine = [i for year, items in runs if key is None or year in (key, EVERY) for i in items]
        assert made[key].data == json_bytes(mine)
        assert zlib.decompress(made[key].pieces + b"\x03\x00", -15) == made[key].data  # the pieces chain up


def test_each_years_files_are_the_files_of_that_years_rows_alone(content_tree, tmp_path):
    shutil.copytree(content_tree.root / "2026", content_tree.root / "2025")
    checked = check(content_tree.root)
    out = tmp_path / "site"
    with output.staging(out) as site:
        manifest = write_package(checked, load_vocabularies(), site, Config(content=content_tree.root))
    found = schemas()
    tables = {name: ordered(checked.tables.get(name, []), field_names(found[name]), name) for name in TABLES}
    packages = {"data": tables, "data/2025": for_year(tables, 2025), "data/2026": for_year(tables, 2026)}
    for folder, rows in packages.items():
        for t in TABLES:
            assert (out / folder / f"{t}.csv").read_bytes() == csv_bytes(rows[t], field_names(found[t]))
            names = field_names(found[t])
            objects = [{n: r.get(n) for n in names} for r in rows[t]]
            assert (out / folder / f"{t}.json").read_bytes() == json_bytes(objects)
        nested = nested_priorities(rows, load_vocabularies())
        assert (out / folder / "priorities-nested.json").read_bytes() == json_bytes(nested)
    for row, nested in zip(tables["priorities"], nested_priorities(tables, load_vocabularies())):
        assert (out / "data" / "p" / f"{row['id']}.json").read_bytes() == json_bytes(nested)
        record = csv_bytes([row], field_names(found["priorities"]))
        assert (out / "data" / "p" / f"{row['id']}.csv").read_bytes() == record
    for f in manifest:  # and every zip holds its package's files, byte for byte
        if f.format == "zip":
            with zipfile.ZipFile(out / f.path) as archive:
                assert archive.testzip() is None
                for info in archive.infolist():
                    inside = info.filename.split("/", 1)[1]
                    assert archive.read(info) == (out / f.path).parent.joinpath(inside).read_bytes(), info.filename


def test_a_deflate_stream_made_ahead_goes_into_the_zip_as_it_is(tmp_path):
    made = Deflated(tmp_path / "scratch" / "a.csv")
    for data in (b"id,name\r\n", "1,Әділет\r\n".encode() * 1000, b""):
        made.add(data)
    shared = "2,Ақмола\r\n".encode() * 500
    made.add(shared, piece(shared))
    made.close()
    (tmp_path / "a.csv").write_bytes(b"id,name\r\n" + "1,Әділет\r\n".encode() * 1000 + shared)
    (tmp_path / "b.txt").write_bytes(b"plain")
    with open(tmp_path / "x.zip", "wb") as target:
        write_zip(target, [("x/a.csv", tmp_path / "a.csv", made), ("x/b.txt", tmp_path / "b.txt", None)])
    with zipfile.ZipFile(tmp_path / "x.zip") as archive:
        assert archive.testzip() is None
        assert archive.read("x/a.csv") == (tmp_path / "a.csv").read_bytes()
        assert archive.read("x/b.txt") == b"plain"
        assert archive.getinfo("x/a.csv").compress_type == zipfile.ZIP_DEFLATED


TRICKY = ["a & b < c > d", "line\r\nbreak\ttab", " leading", "trailing ", "", "=SUM(A1:A2)", "#N/A", "\x07bell\x0bvt",
          "Әділет «қызмет»", "emoji 😀", "ә" * (CELL_LIMIT + 5), "\ufffeodd"]


def test_texts_read_back_from_the_workbook_as_sheet_text_made_them():
    rows = {name: [] for name in TABLES}
    rows["areas"] = [{"code": f"c{i}", "label_kk": text, "label_ru": text.upper(), "kk_confirmed": i % 2 == 0,
                      "ru_confirmed": None} for i, text in enumerate(TRICKY)]
    wb = read_back(rows)
    sheet = list(wb["areas"].iter_rows(min_row=2, values_only=True))
    header = [c.value for c in wb["areas"][1]]
    for text, values in zip(TRICKY, sheet):
        got = dict(zip(header, values))
        assert (got["label_kk"] or "") == sheet_text(text)
        assert (got["label_ru"] or "") == sheet_text(text.upper())
    assert [dict(zip(header, v))["kk_confirmed"] for v in sheet] == [i % 2 == 0 for i in range(len(TRICKY))]


def test_numbers_and_dates_read_back_from_the_workbook_with_their_types():
    rows = {name: [] for name in TABLES}
    rows["lists"] = [{"id": "2026-x", "year": 2026, "issuer": "x", "issuer_territory": "110000000",
                      "approval_date": "2025-12-29", "priorities": 3, "funding_total": 1234.5}]
    rows["calls"] = [{"id": "c", "list_id": "2026-x", "opens": "2026-02-01T09:00:00+05:00",
                      "closes": "2026-02-20T18:00:00+05:00", "announced": dt.date(2026, 1, 20)}]
    wb = read_back(rows)
    lists = dict(zip([c.value for c in wb["lists"][1]], [c for c in wb["lists"][2]]))
    assert lists["approval_date"].value == dt.datetime(2025, 12, 29) and lists["approval_date"].is_date
    assert lists["funding_total"].value == 1234.5 and lists["funding_total"].number_format == "#,##0.0"
    assert lists["priorities"].value == 3 and lists["year"].data_type == "n"
    calls = dict(zip([c.value for c in wb["calls"][1]], [c.value for c in wb["calls"][2]]))
    assert calls["opens"] == dt.datetime(2026, 2, 1, 9, 0) and calls["announced"] == dt.datetime(2026, 1, 20)


KEYS = st.one_of(st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False, allow_infinity=False), st.text())


@given(st.dictionaries(KEYS, st.one_of(st.integers(), st.text(), st.lists(st.integers(), max_size=2)), max_size=4))
def test_objects_with_keys_that_are_not_texts_are_written_as_json_writes_them(value):
    assert jsontext.dumps(value, indent=2, default=_plain) == json.dumps(value, ensure_ascii=False, indent=2)
    assert jsontext.dumps([value], indent=1) == json.dumps([value], ensure_ascii=False, indent=1)


@pytest.mark.parametrize("bad, error", [(float("nan"), ValueError), ({"a": [float("inf")]}, ValueError),
                                        ([{"b": object()}], TypeError)])
def test_a_value_json_cannot_write_is_refused_as_json_refuses_it(bad, error):
    with pytest.raises(error):
        json.dumps(bad, allow_nan=False)
    with pytest.raises(error):
        jsontext.dumps(bad)


def test_the_deflate_streams_made_ahead_are_not_published(checked, tmp_path):
    with output.staging(tmp_path / "site") as site:
        write_package(checked, load_vocabularies(), site, Config())
    assert (tmp_path / "site" / "data" / "datapackage.json").is_file()
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["data"]
