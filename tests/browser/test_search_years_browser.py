"""Search across years in a real browser: each year is a Pagefind bundle of its own (site/pagefind/{lang}/{year}/),
the newest loaded and the others merged into it.  The site is the shipped content with a 2025 list
(support.add_year_before) whose row 3 is funded 7 000 (2026 row 4: 6 000), so that a funding order
across the years differs from the order of each year's ranks."""
from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from site_browser import DESKTOP, PREFIX, SearchPage, SubPathHandler, make_tab, pid, settled
from support import add_year_before, built_variant, replace

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ACROSS = [row for row in yaml.safe_load((ROOT / "tests" / "search_queries.yaml").read_text(encoding="utf-8"))
          if row.get("content") == "two-years"]


def fund_2025_row_3_more(root: Path) -> None:
    replace(root / "2025/akmola/03.yaml", "amount: 6000.0", "amount: 7000.0")
    replace(root / "2025/akmola/03.yaml", "published: 6\u00a0000,0", "published: 7\u00a0000,0")


@pytest.fixture(scope="module")
def years_server(tmp_path_factory):
    site = built_variant(tmp_path_factory.mktemp("search-years"), add_year_before, fund_2025_row_3_more)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def pages(browser, years_server):
    tabs = {lang: make_tab(browser, years_server, DESKTOP, locale="ru-RU") for lang in ("kk", "ru")}
    yield {lang: SearchPage(tab, lang) for lang, tab in tabs.items()}
    for tab in tabs.values():
        tab.page.context.close()


def test_the_table_has_queries_across_years_in_both_languages():
    assert len(ACROSS) >= 8 and {row["site"] for row in ACROSS} == {"kk", "ru"}
    assert any(pid.startswith("2025-") for row in ACROSS for pid in row["expect"])
    assert any(all(pid.startswith("2026-") for pid in row["expect"]) for row in ACROSS)


@pytest.mark.parametrize("row", ACROSS, ids=[f"{row['site']}:{row['q']}" for row in ACROSS])
def test_a_query_finds_its_priorities_of_either_year_in_the_first_three(pages, row):
    found = pages[row["site"]].search(row["q"])
    assert set(row["expect"]) <= set(found[:3]), f"{row['q']!r} ({row['kind']}): {found}"


def test_the_results_of_both_years_are_counted_and_listed(pages):
    found = pages["kk"].search("Ақмола облысы")
    assert sorted(found) == sorted([f"2026-akmola-0{n}" for n in range(1, 5)] + [f"2025-akmola-0{n}" for n in range(1, 4)])


def test_sorted_by_funding_the_results_of_every_year_are_in_one_order_of_amounts(pages):
    page = pages["kk"]
    page.search("Ақмола облысы")
    page.page.select_option("#search-sort", "funding-desc")
    page.page.wait_for_function("() => location.search.includes('sort=funding-desc')")
    page.wait("Ақмола облысы")
    # 4 400 000 in both years (the newer first), then 7 000 (2025) before 6 000 (2026), then the 5 000s
    assert page.ids()[:4] == ["2026-akmola-03", "2025-akmola-02", "2025-akmola-03", "2026-akmola-04"]
    assert sorted(page.ids()[4:]) == ["2025-akmola-01", "2026-akmola-01", "2026-akmola-02"]
    page.page.select_option("#search-sort", "funding-asc")
    page.page.wait_for_function("() => location.search.includes('sort=funding-asc')")
    page.wait("Ақмола облысы")
    assert page.ids()[-4:] == ["2026-akmola-04", "2025-akmola-03", "2026-akmola-03", "2025-akmola-02"]
    page.page.select_option("#search-sort", "")


def test_the_year_filter_lists_both_years_with_their_counts_and_narrows_to_one(browser, years_server):
    tab = make_tab(browser, years_server, DESKTOP, locale="ru-RU")
    tab.open("ru/search/?q=" + quote("Акмолинская область") + "&year=2025&sort=funding-desc")
    settled(tab.page, "Акмолинская область")
    options = tab.page.eval_on_selector_all("#search-filter-year option", "os => os.map(o => o.textContent)")
    assert [o for o in options if re.match(r"^20\d\d", o)] == ["2026 (4)", "2025 (3)"]
    ids = [pid(h) for h in tab.page.eval_on_selector_all(
        "#search-results li h2 a", "links => links.map(a => a.getAttribute('href'))")]
    assert ids == ["2025-akmola-02", "2025-akmola-03", "2025-akmola-01"]
    tab.page.context.close()


def test_a_first_search_loads_every_years_index_and_the_search_program_once(browser, years_server):
    tab = make_tab(browser, years_server, DESKTOP, locale="ru-RU")
    requests = []
    tab.page.on("request", lambda r: requests.append(r.url.split(PREFIX, 1)[1].split("?")[0]))
    tab.open("kk/search/?q=" + quote("жастар"))
    settled(tab.page, "жастар")
    assert {"pagefind/kk/2026/pagefind-entry.json", "pagefind/kk/2025/pagefind-entry.json"} <= set(requests)
    assert [r for r in requests if "/wasm." in r] == ["pagefind/kk/2026/wasm.unknown.pagefind"]
    assert not [r for r in requests if r.startswith("pagefind/ru/")]
    assert tab.errors == [] and tab.outside == []
    tab.page.context.close()
