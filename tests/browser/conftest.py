"""Browser fixtures: the shipped content built once, served from 127.0.0.1 under a sub-path, and Debian's
chromium driven by Playwright (one browser per test session, tabs reused)."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from site_browser import CHROMIUM, DESKTOP, LAUNCH_ARGS, PHONE, PREFIX, SubPathHandler, Tab, make_tab

from grantsite import pipeline


@pytest.fixture(scope="session")
def browser_site(tmp_path_factory) -> Path:
    """The shipped content built with a base URL under the sub-path it will be served from."""
    out = tmp_path_factory.mktemp("browser") / "site"
    pipeline.build(pipeline.Config(out=out, base_url=f"http://127.0.0.1:8000{PREFIX}"))
    return out


@pytest.fixture(scope="session")
def server(browser_site):
    """http://127.0.0.1:PORT/prefix/ serving the built site (a random free port)."""
    handler = functools.partial(SubPathHandler, directory=str(browser_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, once per test session (Playwright downloads no browser of its own)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def desktop(browser, server) -> Tab:
    """A desktop-sized tab, reused by the tests of a session."""
    return make_tab(browser, server, DESKTOP, locale="ru-RU")


@pytest.fixture(scope="session")
def phone(browser, server) -> Tab:
    """A 360 px wide phone tab with touch, reused by the tests of a session."""
    return make_tab(browser, server, PHONE, locale="ru-RU", is_mobile=True, has_touch=True, device_scale_factor=2)


@pytest.fixture
def fresh_tab(browser, server):
    """A tab of its own (language, JavaScript and storage as a test needs), closed after the test."""
    made = []

    def make(viewport: dict = DESKTOP, **options) -> Tab:
        tab = make_tab(browser, server, viewport, **options)
        made.append(tab)
        return tab

    yield make
    for tab in made:
        tab.page.context.close()
