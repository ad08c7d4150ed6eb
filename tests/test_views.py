"""Download what you see, the static half: every page that lists priorities has the CSV and JSON of exactly
its priorities (views/…), the rows the data package published, the CSV with a byte-order mark for Excel."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import lxml.html
import pytest


def published(site: Path) -> tuple[list[str], dict[str, dict]]:
    with open(site / "data/priorities.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, {r["id"]: r for r in reader}


def view(site: Path, path: str) -> tuple[list[str], list[dict]]:
    body = (site / f"{path}.csv").read_bytes()
    assert body.startswith("\ufeff".encode())
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    return reader.fieldnames, list(reader)


@pytest.mark.parametrize("path, ids", [
    ("views/area/youth-children", ["2026-akmola-03"]),
    ("views/area/rights-protection", ["2026-akmola-01"]),
    ("views/list/2026/akmola", ["2026-akmola-01", "2026-akmola-02", "2026-akmola-03", "2026-akmola-04"]),
    ("views/year/2026", ["2026-akmola-01", "2026-akmola-02", "2026-akmola-03", "2026-akmola-04"]),
    ("views/all", ["2026-akmola-01", "2026-akmola-02", "2026-akmola-03", "2026-akmola-04"])])
def test_a_view_holds_the_priorities_of_its_page_with_the_published_columns_and_values(built_site, path, ids):
    header, rows = published(built_site)
    found_header, found = view(built_site, path)
    assert found_header == header
    assert sorted(r["id"] for r in found) == ids and all(r == rows[r["id"]] for r in found)


def test_a_views_json_holds_the_published_records_of_its_csv(built_site):
    records = {r["id"]: r for r in json.loads((built_site / "data/priorities.json").read_text(encoding="utf-8"))}
    found = json.loads((built_site / "views/area/youth-children.json").read_text(encoding="utf-8"))
    assert found == [records["2026-akmola-03"]]


@pytest.mark.parametrize("page, target", [("kk", "../views/year/2026"), ("ru/area/civil-society", "../../../views/area/civil-society"),
                                          ("kk/list/2026/akmola", "../../../../views/list/2026/akmola"),
                                          ("ru/search", "../../views/all")])
def test_each_listing_page_links_its_view_as_csv_and_json(built_site, page, target):
    html = lxml.html.fromstring((built_site / page / "index.html").read_bytes())
    assert html.xpath("//a[@id='download-csv']/@href") == [f"{target}.csv"]
    assert html.xpath("//a[@id='download-json']/@href") == [f"{target}.json"]
    assert (built_site / page / f"{target}.csv").resolve().is_file()


def test_a_page_with_filters_tells_the_script_what_it_shows(built_site):
    html = lxml.html.fromstring((built_site / "ru/index.html").read_bytes())
    assert html.xpath("//p[@class='download-view']/@data-shown") == ["#priority-list > .card:not([hidden])"]
    assert html.xpath("//ol[@id='priority-list']/li/@data-id") == [
        "2026-akmola-01", "2026-akmola-02", "2026-akmola-03", "2026-akmola-04"]


def test_an_earlier_edition_has_no_download_of_its_own(amended_site):
    html = lxml.html.fromstring((amended_site / "kk/list/2026/akmola/editions/2026-01-20/index.html").read_bytes())
    assert not html.xpath("//a[@id='download-csv']")


def test_a_views_files_are_the_bytes_the_standard_writers_make_of_its_rows(built_site):
    header, rows = published(built_site)
    records = {r["id"]: r for r in json.loads((built_site / "data/priorities.json").read_text(encoding="utf-8"))}
    _, shown = view(built_site, "views/list/2026/akmola")
    ids = [r["id"] for r in shown]
    want = io.StringIO(newline="")
    want.write("\ufeff")
    writer = csv.DictWriter(want, header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows[i] for i in ids)
    assert (built_site / "views/list/2026/akmola.csv").read_bytes() == want.getvalue().encode("utf-8")
    assert (built_site / "views/list/2026/akmola.json").read_text(encoding="utf-8") == json.dumps(
        [records[i] for i in ids], ensure_ascii=False, indent=2)


def test_a_view_of_no_priorities_is_an_empty_json_array():
    from grantsite.site.views import _array

    assert _array([]) == json.dumps([]).encode()


def test_a_whole_number_beyond_64_bits_keeps_every_digit_in_a_view(tmp_path):
    from grantsite import output
    from grantsite.site.pages import Page
    from grantsite.site.views import write_views

    site = output.Staging(tmp_path)
    site.write("data/priorities.csv", "id,count\r\n2026-akmola-01,123456789012345678901234567890\r\n")
    site.write("data/priorities.json", '[\n  {\n    "id": "2026-akmola-01",\n    "count": 123456789012345678901234567890\n  }\n]\n')
    assert write_views(site, [Page("kk/search/", "search.html", "kk", indexed=False)]) == 1
    assert json.loads(site.path("views/all.json").read_text(encoding="utf-8")) == [
        {"id": "2026-akmola-01", "count": 123456789012345678901234567890}]
    assert "123456789012345678901234567890" in site.path("views/all.csv").read_text(encoding="utf-8-sig")
