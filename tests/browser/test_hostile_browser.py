"""The site built from hostile content (tests/hostile_content.py) in chromium on a phone: no script of the
content ever runs (no dialog opens, no request leaves), and a 100 kB word does not widen the page."""
from __future__ import annotations

import functools
import http.server
import threading

import pytest
from hostile_content import LONG_WORD, PRIORITY_ID
from site_browser import PHONE, PREFIX, SubPathHandler, make_tab

pytestmark = pytest.mark.browser

PAGES = ["ru/", f"ru/p/{PRIORITY_ID}/", f"kk/p/{PRIORITY_ID}/", "ru/list/2026/akmola/", "ru/area/civil-society/",
         "ru/about/", "ru/quality/"]


@pytest.fixture(scope="module")
def hostile_server(hostile_site):
    """The hostile site served under the sub-path like the shipped one (its pages link relatively)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(SubPathHandler, directory=str(hostile_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def phone(browser, hostile_server):
    """A phone tab on the hostile site that records every dialog a script might open."""
    tab = make_tab(browser, hostile_server, PHONE, locale="ru-RU", is_mobile=True, has_touch=True)
    tab.dialogs = []
    tab.page.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    tab.page.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_content_script_runs_and_nothing_is_fetched_from_elsewhere(phone, path):
    phone.open(path, wait="networkidle")
    phone.page.locator("body").hover()  # a mouse-over handler would fire now, had one got through
    assert phone.dialogs == [] and phone.outside == [] and phone.errors == []


@pytest.mark.parametrize("path", PAGES)
def test_a_100_kb_word_does_not_widen_the_page_on_a_phone(phone, path):
    phone.open(path)
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_100_kb_word_is_there_to_read_in_full(phone):
    phone.open(f"ru/p/{PRIORITY_ID}/")
    assert LONG_WORD in phone.page.locator("main").inner_text()
