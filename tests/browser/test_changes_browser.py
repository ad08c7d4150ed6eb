"""The changes page in chromium: filtering by issuer and year, the choice kept in the address, accessible at
phone and desktop width.  Two amended lists: the real 2026 Akmola list (support.amend: three changes) and a
2025 list made from it whose first edition had row 1 funded 4 500,0 instead of 5 000,0 (one change)."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest
from site_browser import DESKTOP, PHONE, PREFIX, SubPathHandler, make_tab
from support import add_year_before, amend, built_variant, replace

pytestmark = pytest.mark.browser


def amend_2025(content):
    year = content / "2025/akmola"
    shutil.copytree(year, year / "editions/2025-01-15", ignore=shutil.ignore_patterns("editions"))
    replace(year / "editions/2025-01-15/01.yaml", "amount: 5000.0", "amount: 4500.0")
    replace(year / "editions/2025-01-15/01.yaml", "published: 5\u00a0000,0", "published: 4\u00a0500,0")


@pytest.fixture(scope="module")
def changes_server(tmp_path_factory):
    site = built_variant(tmp_path_factory.mktemp("changes-browser"), add_year_before, amend, amend_2025)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def tab(browser, changes_server):
    made = make_tab(browser, changes_server, PHONE, locale="ru-RU", is_mobile=True, has_touch=True)
    yield made
    made.page.context.close()


def shown(tab) -> list[str]:
    return tab.page.eval_on_selector_all("section.amendment:not([hidden])", "els => els.map(e => e.dataset.year)")


def count(tab) -> str:
    return tab.page.inner_text("[data-change-count]").replace("\u00a0", " ")


def test_with_javascript_the_filter_appears_and_counts_every_change(tab):
    tab.open("ru/changes/")
    assert tab.page.is_visible("form[data-change-filter]")
    assert shown(tab) == ["2026", "2025"] and count(tab) == "Показано изменений: 4"
    assert tab.errors == [] and tab.outside == []


def test_choosing_a_year_shows_only_its_changes_and_keeps_the_choice_in_the_address(tab):
    tab.open("ru/changes/")
    tab.page.select_option("select[name=year]", "2025")
    assert shown(tab) == ["2025"] and count(tab) == "Показано изменений: 1"
    assert tab.page.url.endswith("ru/changes/?year=2025")


def test_a_shared_address_opens_with_its_filter_applied(tab):
    tab.open("kk/changes/?year=2026&issuer=akmola")
    assert tab.page.input_value("select[name=year]") == "2026" and shown(tab) == ["2026"]
    assert count(tab) == "Көрсетілген өзгерістер: 3"


def test_an_unknown_year_in_the_address_is_ignored(tab):
    tab.open("ru/changes/?year=1999")
    assert tab.page.input_value("select[name=year]") == "" and shown(tab) == ["2026", "2025"]


def test_going_back_to_all_shows_every_change_again(tab):
    tab.open("ru/changes/?year=2025")
    tab.page.select_option("select[name=year]", "")
    assert shown(tab) == ["2026", "2025"] and tab.page.url.endswith("ru/changes/")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_changes_page_fits_a_phone(tab, lang):
    tab.open(f"{lang}/changes/")
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", ["ru/changes/", "kk/changes/", "ru/list/2026/akmola/editions/2026-01-20/",
                                  "kk/p/2026-akmola-03/", "ru/issuer/akmola/"])
def test_the_pages_of_editions_have_no_accessibility_violations(browser, changes_server, viewport, path):
    tab = make_tab(browser, changes_server, viewport, locale="ru-RU")
    try:
        tab.open(path)
        assert tab.axe() == []
    finally:
        tab.page.context.close()
