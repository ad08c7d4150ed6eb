"""Download what you see, in chromium: the #download-csv link of a page that lists priorities downloads the
priorities shown after the reader's filters, with the columns of data/priorities.csv and a byte-order mark for
Excel; JSON the same; without JavaScript the page's whole set, written by the build."""
from __future__ import annotations

import csv
import io
import json

import pytest
from site_browser import DESKTOP

pytestmark = pytest.mark.browser


def download(tab, selector: str = "#download-csv") -> bytes:
    with tab.page.expect_download() as started:
        tab.page.click(selector)
    return open(started.value.path(), "rb").read()


def csv_rows(body: bytes) -> tuple[list[str], list[dict]]:
    assert body.startswith("\ufeff".encode()), "no byte-order mark: Excel would misread Cyrillic"
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    return reader.fieldnames, list(reader)


def published_header(browser_site) -> list[str]:
    with open(browser_site / "data/priorities.csv", encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def shown_ids(tab, selector: str = "#priority-list > .card:not([hidden])") -> list[str]:
    return tab.page.eval_on_selector_all(selector, "els => els.map(e => e.dataset.id)")


@pytest.fixture
def tab(fresh_tab):
    return fresh_tab(DESKTOP, locale="ru-RU", accept_downloads=True)


def test_after_choosing_an_area_the_csv_holds_exactly_the_priorities_shown(tab, browser_site):
    tab.open("ru/?area=rights-protection")
    shown = shown_ids(tab)
    header, rows = csv_rows(download(tab))
    assert shown == ["2026-akmola-01"] and [r["id"] for r in rows] == shown
    assert header == published_header(browser_site)


def test_the_downloaded_rows_are_the_published_rows_value_for_value(tab, browser_site):
    tab.open("ru/?area=youth-children")
    _, rows = csv_rows(download(tab))
    with open(browser_site / "data/priorities.csv", encoding="utf-8", newline="") as f:
        published = {r["id"]: r for r in csv.DictReader(f)}
    assert rows == [published["2026-akmola-03"]]


def test_after_choosing_an_area_the_json_holds_the_same_priorities(tab, browser_site):
    tab.open("ru/")
    tab.page.select_option("#filter-area", "family-demography-gender")
    records = json.loads(download(tab, "#download-json"))
    published = {r["id"]: r for r in json.loads((browser_site / "data/priorities.json").read_text(encoding="utf-8"))}
    assert records == [published[i] for i in shown_ids(tab)] and len(records) == 1


def test_with_no_filter_chosen_the_csv_holds_every_priority_shown(tab):
    tab.open("kk/")
    _, rows = csv_rows(download(tab))
    assert sorted(r["id"] for r in rows) == sorted(shown_ids(tab)) and len(rows) == 4


def test_the_file_is_named_for_the_page_and_the_choice(tab):
    tab.open("ru/?area=civil-society")
    with tab.page.expect_download() as started:
        tab.page.click("#download-csv")
    assert started.value.suggested_filename == "year-2026-shown.csv"


def test_without_javascript_the_link_downloads_the_pages_whole_set(fresh_tab, browser_site):
    tab = fresh_tab(DESKTOP, locale="ru-RU", accept_downloads=True, java_script_enabled=False)
    tab.open("ru/")
    header, rows = csv_rows(download(tab))
    assert len(rows) == 4 and header == published_header(browser_site)


@pytest.mark.parametrize("path, ids", [
    ("kk/area/youth-children/", ["2026-akmola-03"]),
    ("ru/list/2026/akmola/", ["2026-akmola-01", "2026-akmola-02", "2026-akmola-03", "2026-akmola-04"]),
    ("ru/territory/110000000/", ["2026-akmola-01", "2026-akmola-02", "2026-akmola-03", "2026-akmola-04"]),
    ("kk/year/2026/", ["2026-akmola-01", "2026-akmola-02", "2026-akmola-03", "2026-akmola-04"])])
def test_a_page_without_filters_downloads_the_priorities_it_lists(tab, path, ids):
    tab.open(path)
    _, rows = csv_rows(download(tab))
    assert sorted(r["id"] for r in rows) == ids


def test_search_results_download_as_the_results_shown(tab):
    tab.open("ru/search/?q=молодежи")
    tab.page.wait_for_selector("#search-results .search-result")
    shown = tab.page.eval_on_selector_all(
        "#search-results .search-result a[data-field=title]",
        "els => els.map(a => a.getAttribute('href').match(/p\\/([^/]+)\\/?$/)[1])")
    _, rows = csv_rows(download(tab))
    assert shown and sorted(r["id"] for r in rows) == sorted(shown)
