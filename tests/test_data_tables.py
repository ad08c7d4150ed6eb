"""The tables as CSV and JSON, the nested priorities and the one-priority records."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json

import pytest

from grantsite import output
from grantsite.check import TABLES, table_schema
from grantsite.content import load_vocabularies
from grantsite.data import write_package
from grantsite.data.encode import csv_bytes, for_year, ordered
from grantsite.model import Priority, catalogue_from_rows
from grantsite.pipeline import Config

COUNTS = {"lists": 1, "priorities": 4, "indicators": 9, "results": 33}


@pytest.fixture(scope="module")
def data(checked, tmp_path_factory):
    out = tmp_path_factory.mktemp("tables") / "site"
    with output.staging(out) as site:
        write_package(checked, load_vocabularies(), site, Config())
    return out / "data"


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


def typed(cell: str, kind: str):
    """A CSV cell read back by its Table Schema type (independently of the writer)."""
    if cell == "":
        return None
    return {"integer": int, "number": float, "boolean": lambda c: {"true": True, "false": False}[c],
            "date": dt.date.fromisoformat}.get(kind, str)(cell)


def as_json(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def test_the_content_has_the_rows_these_tests_expect(checked):
    assert {name: len(checked.tables[name]) for name in COUNTS} == COUNTS


@pytest.mark.parametrize("table", TABLES)
def test_csv_holds_the_same_rows_and_values_as_the_content(data, checked, table):
    schema = table_schema(table, load_vocabularies())
    header, *records = read_csv((data / f"{table}.csv").read_bytes())
    assert header == [f["name"] for f in schema["fields"]]
    kinds = [f["type"] for f in schema["fields"]]
    rows = [{name: typed(cell, kind) for name, cell, kind in zip(header, record, kinds)} for record in records]
    assert rows == checked.tables[table]


def test_csv_is_utf8_without_bom_with_crlf_between_records(data):
    content = (data / "priorities.csv").read_bytes()
    assert not content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8")
    assert text.endswith("\r\n") and text.count("\r\n") == len(read_csv(content))
    assert "Ақмола облысында сыбайлас жемқорлыққа" in text  # Kazakh letters survive as they are


def test_csv_quotes_commas_quotes_and_line_breaks_as_rfc_4180_says():
    tricky = {"a": 'he said "yes", then\nleft', "b": "=1+1", "c": 4400000.0, "d": None, "e": True}
    content = csv_bytes([tricky], list(tricky))
    assert content.splitlines(keepends=True)[1].startswith(b'"he said ""yes"", then\n')
    assert read_csv(content) == [list(tricky), ['he said "yes", then\nleft', "'=1+1", "4400000.0", "", "true"]]


@pytest.mark.parametrize("table", TABLES)
def test_json_holds_the_same_rows_and_values_in_schema_order(data, checked, table):
    rows = json.loads((data / f"{table}.json").read_bytes())
    names = [f["name"] for f in table_schema(table, load_vocabularies())["fields"]]
    assert all(list(row) == names for row in rows)
    assert rows == [{k: as_json(v) for k, v in row.items()} for row in checked.tables[table]]


def test_json_keeps_cyrillic_readable(data):
    assert "Ақмола облысының ішкі саясат басқармасы" in (data / "lists.json").read_text(encoding="utf-8")


def test_reading_the_json_back_rebuilds_the_content_model_exactly(data, checked):
    tables = {name: json.loads((data / f"{name}.json").read_bytes()) for name in TABLES}
    assert catalogue_from_rows(tables) == checked.catalogue


def test_amounts_are_numbers_in_thousand_tenge_with_the_published_text_beside(data):
    rows = {r["number"]: r for r in json.loads((data / "priorities.json").read_bytes())}
    assert rows[1]["funding_amount"] == 5000.0 and rows[1]["funding_published"] == "5\u00a0000,0"
    assert rows[3]["funding_amount"] == 4400000.0 and rows[3]["funding_published"] == "4 400\u00a0000"  # as typed in the source


def test_a_flagged_source_defect_is_a_column_and_the_official_figure_stays(data):
    header, *records = read_csv((data / "priorities.csv").read_bytes())
    row3 = dict(zip(header, records[2]))
    assert row3["funding_amount"] == "4400000.0"  # published as the issuer published it
    assert row3["source_defects"] == "implausible-figure in funding: 4 400 000"
    assert row3["flags"] == "funding-outlier"
    assert {dict(zip(header, r))["flags"] for r in records[:2] + records[3:]} == {""}


def test_nested_priorities_hold_one_object_per_priority_with_its_entries(data, checked):
    nested = json.loads((data / "priorities-nested.json").read_bytes())
    model = checked.catalogue.priorities
    assert [p["id"] for p in nested] == [p.id for p in model]
    for obj, priority in zip(nested, model):
        assert [i["text"]["kk"] for i in obj["indicators"]] == [i.text.kk for i in priority.indicators]
        assert [r["text"]["ru"] for r in obj["results"]] == [r.text.ru for r in priority.results]
        assert obj["direction"] == {"kk": priority.direction.kk, "ru": priority.direction.ru}


def test_nested_priority_loses_no_field_of_the_model(data, checked):
    obj = json.loads((data / "priorities-nested.json").read_bytes())[2]
    assert {f.name for f in dataclasses.fields(Priority)} <= set(obj)
    priority = checked.catalogue.priorities[2]
    assert obj["funding"] == {"amount": 4400000.0, "published": "4 400\u00a0000", "unit": "thousand KZT"}
    assert obj["grant"] == {"type": "short-term", "type_label": {"kk": "қысқа мерзімді", "ru": "краткосрочный"},
                            "count": 1, "start_year": 2026, "end_year": 2026}
    assert obj["flags"] == list(priority.flags) == ["funding-outlier"]
    assert obj["source_defects"] == priority.source_defects
    assert obj["indicators"][0]["target"] == {"value": 3000, "unit": "persons", "qualifier": "at-least"}
    assert obj["area_label"]["kk"] == "Жастар саясаты мен балалар бастамаларын қолдау"
    assert obj["territory_name"] == {"kk": "Ақмола облысы", "ru": "Акмолинская область"}


def test_each_priority_has_a_json_record_and_a_csv_row_of_its_own(data):
    nested = json.loads((data / "priorities-nested.json").read_bytes())
    header, *records = read_csv((data / "priorities.csv").read_bytes())
    for obj, record in zip(nested, records):
        assert json.loads((data / "p" / f"{obj['id']}.json").read_bytes()) == obj
        assert read_csv((data / "p" / f"{obj['id']}.csv").read_bytes()) == [header, record]


def test_a_row_with_a_column_the_schema_does_not_know_is_refused():
    with pytest.raises(ValueError, match="surprise"):
        ordered([{"code": "x", "surprise": 1}], ["code"], "areas")


def test_rows_of_one_year_keep_the_code_lists_whole(checked):
    year = for_year(checked.tables, 2026)
    assert year == {name: checked.tables[name] for name in TABLES}
    empty = for_year(checked.tables, 1999)
    assert [len(empty[t]) for t in ("lists", "priorities", "indicators", "results")] == [0, 0, 0, 0]
    assert empty["territories"] == checked.tables["territories"] and empty["areas"] == checked.tables["areas"]
