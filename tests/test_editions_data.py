"""The editions table of the data package (issue 15): the priorities of every earlier edition, downloadable beside
the list in force with the same columns and the edition's date, while priorities stays the list in force.  The
fixture `amended` (conftest.py) is the shipped 2026 Akmola list with its first edition of 2026-01-20: rows 1–3,
row 3's funding 4 000 000, row 2's direction «…қолдау»."""
from __future__ import annotations

import csv
import json
import shutil
import sqlite3

import openpyxl
import pytest
from support import ROOT
from test_data_package import build_data, errors_of, frictionless_report

from grantsite import pipeline
from grantsite.check import check_content
from grantsite.check.earlier import editions_schema, schema_text
from grantsite.content import ContentError

FIRST = "2026-01-20"
SCHEMA = ROOT / "schema"


def read_csv(path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        return reader.fieldnames, list(reader)


def built(content, tmp_path):
    """The data package of a content folder, checked without errors: the site folder."""
    checked = check_content(content)
    assert checked.ok, [str(p) for p in checked.problems if p.severity == "error"]
    return build_data(checked, tmp_path / "site", content)[0]


def test_editions_csv_has_one_row_per_priority_of_the_earlier_edition_dated_by_it(amended, tmp_path):
    _, rows = read_csv(built(amended.root, tmp_path) / "data/editions.csv")
    assert [(r["id"], r["edition"]) for r in rows] == [(f"2026-akmola-0{n}", FIRST) for n in (1, 2, 3)]


def test_editions_csv_holds_the_earlier_wording_and_figures_not_the_current_ones(amended, tmp_path):
    _, rows = read_csv(built(amended.root, tmp_path) / "data/editions.csv")
    by_id = {r["id"]: r for r in rows}
    assert "2026-akmola-04" not in by_id  # row 4 came with the amendment: it is only in the current edition
    assert by_id["2026-akmola-03"]["funding_amount"] == "4000000.0"
    assert by_id["2026-akmola-02"]["direction_kk"] == "Ауылда азаматтық бастамаларды қолдау"


def test_editions_has_the_columns_of_priorities_with_the_edition_after_id(amended, tmp_path):
    site = built(amended.root, tmp_path)
    header, _ = read_csv(site / "data/editions.csv")
    priorities, _ = read_csv(site / "data/priorities.csv")
    assert header == priorities[:1] + ["edition"] + priorities[1:]


def test_an_earlier_edition_rows_carry_its_own_warnings_as_priorities_rows_do(amended, tmp_path):
    # the earlier edition's 4 000 000 thousand tenge is as far from the list's median as the current 4 400 000
    site = built(amended.root, tmp_path)
    earlier = {r["id"]: r["flags"] for r in read_csv(site / "data/editions.csv")[1]}
    current = {r["id"]: r["flags"] for r in read_csv(site / "data/priorities.csv")[1]}
    assert "funding-outlier" in earlier["2026-akmola-03"] and "funding-outlier" in current["2026-akmola-03"]


def test_priorities_csv_is_the_same_with_or_without_an_earlier_edition(amended, tmp_path):
    with_edition = (built(amended.root, tmp_path / "with") / "data/priorities.csv").read_bytes()
    shutil.rmtree(amended.root / "2026/akmola/editions")
    assert (built(amended.root, tmp_path / "without") / "data/priorities.csv").read_bytes() == with_edition


def test_editions_json_has_the_same_rows_as_editions_csv(amended, tmp_path):
    site = built(amended.root, tmp_path)
    rows = json.loads((site / "data/editions.json").read_bytes())
    assert [(r["id"], r["edition"], r["number"]) for r in rows] == [(f"2026-akmola-0{n}", FIRST, n) for n in (1, 2, 3)]


def test_the_package_with_an_earlier_edition_passes_frictionless_validate(amended, tmp_path):
    site = built(amended.root, tmp_path)
    for folder in ("data", "data/2026"):
        report = frictionless_report(site / folder / "datapackage.json")
        assert report["valid"], errors_of(report)
        [task] = [t for t in report["tasks"] if t["name"] == "editions"]
        assert task["stats"]["rows"] == 3


def test_the_editions_resource_is_keyed_by_id_and_edition_and_refers_to_lists(amended, tmp_path):
    descriptor = json.loads((built(amended.root, tmp_path) / "data/datapackage.json").read_bytes())
    schema = next(r for r in descriptor["resources"] if r["name"] == "editions")["schema"]
    assert schema["primaryKey"] == ["id", "edition"]
    assert {"fields": ["list_id"], "reference": {"resource": "lists", "fields": ["id"]}} in schema["foreignKeys"]


def test_a_year_package_holds_the_earlier_editions_of_that_years_lists_only(amended, tmp_path):
    shutil.copytree(amended.root / "2026/akmola", amended.root / "2025/akmola",
                    ignore=shutil.ignore_patterns("editions"))
    site = built(amended.root, tmp_path)
    assert {r["list_id"] for r in read_csv(site / "data/2026/editions.csv")[1]} == {"2026-akmola"}
    assert read_csv(site / "data/2025/editions.csv")[1] == []
    assert frictionless_report(site / "data/2025/datapackage.json")["valid"]


def test_the_sqlite_database_has_the_editions_table_with_its_keys(amended, tmp_path):
    con = sqlite3.connect(built(amended.root, tmp_path) / "data/grant-priorities.sqlite")
    try:
        keys = [r[1] for r in sorted(con.execute("PRAGMA table_info(editions)"), key=lambda r: r[5]) if r[5]]
        references = {(r[3], r[2], r[4]) for r in con.execute("PRAGMA foreign_key_list(editions)")}
        rows = con.execute("SELECT id, edition, funding_amount FROM editions ORDER BY id").fetchall()
    finally:
        con.close()
    assert keys == ["id", "edition"]
    assert references == {("list_id", "lists", "id"), ("area", "areas", "code"), ("territory", "territories", "kato")}
    assert rows[2] == ("2026-akmola-03", FIRST, 4000000.0) and len(rows) == 3


def test_the_workbook_has_an_editions_sheet_after_changes(amended, tmp_path):
    workbook = openpyxl.load_workbook(built(amended.root, tmp_path) / "data/grant-priorities.xlsx")
    assert workbook.sheetnames.index("editions") == workbook.sheetnames.index("changes") + 1
    header, *rows = workbook["editions"].iter_rows(values_only=True)
    assert header[:3] == ("id", "edition", "list_id")
    assert [r[0] for r in rows] == [f"2026-akmola-0{n}" for n in (1, 2, 3)]


def test_the_shipped_content_without_earlier_editions_gives_a_header_only_editions_csv(checked, tmp_path):
    header, rows = read_csv(build_data(checked, tmp_path / "site")[0] / "data/editions.csv")
    assert rows == [] and header[:2] == ["id", "edition"]


def test_an_edition_of_a_list_with_no_current_edition_stops_the_build_before_anything_is_published(content_tree,
                                                                                                   tmp_path):
    # its rows would refer to no list: the package would not validate, and the database would not be made
    folder = content_tree.root / "2026/akmola"
    shutil.copytree(folder, tmp_path / "first")
    shutil.rmtree(folder)
    shutil.copytree(tmp_path / "first", folder / "editions" / FIRST)
    with pytest.raises(ContentError) as refused:
        pipeline.build(pipeline.Config(content=content_tree.root, out=tmp_path / "site"))
    assert [p.code for p in refused.value.problems if p.severity == "error"] == ["edition-without-list"]
    assert not (tmp_path / "site").exists()


# ---- the Table Schema, derived from that of priorities --------------------------------------------

def test_schema_editions_json_is_the_one_made_from_priorities_json():
    assert (SCHEMA / "editions.json").read_text(encoding="utf-8") == schema_text(SCHEMA), \
        "run `python build.py schema` to refresh schema/editions.json"


def test_the_editions_schema_is_that_of_priorities_with_the_edition_and_a_two_column_key():
    priorities = json.loads((SCHEMA / "priorities.json").read_text(encoding="utf-8"))
    editions = editions_schema(priorities)
    [edition] = [f for f in editions["fields"] if f["name"] == "edition"]
    assert (edition["type"], edition["constraints"]) == ("date", {"required": True})
    assert [f for f in editions["fields"] if f["name"] != "edition"][1:] == priorities["fields"][1:]
    assert editions["primaryKey"] == ["id", "edition"] and editions["foreignKeys"] == priorities["foreignKeys"]
    assert "unique" not in editions["fields"][0]["constraints"]  # an id recurs once per edition


def test_a_column_added_to_priorities_is_a_column_of_editions_too():
    priorities = json.loads((SCHEMA / "priorities.json").read_text(encoding="utf-8"))
    priorities["fields"].append({"name": "note", "type": "string"})
    assert editions_schema(priorities)["fields"][-1] == {"name": "note", "type": "string"}
