"""Calls in a real browser whose clock is pinned (Playwright clock control): each status — planned, open,
closing within 7 days, closed, none — shown at the reader's moment in both languages, on the calls page, the
priority and list badges and the home cards; the build-time status without JavaScript; all of it served
under a sub-path with a Content-Security-Policy that forbids inline script."""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading

import pytest
from calls_support import AT_BUILT, AT_CLOCK, BUILT, CALLS_CONTENT, CLOCK, PRIORITIES_AT_CLOCK, epoch
from site_browser import ARTIFACTS, DESKTOP, PHONE, PREFIX, SubPathHandler, make_tab

from grantsite import pipeline
from grantsite.check import check_content
from grantsite.model import status
from grantsite.site.i18n import load_strings

pytestmark = pytest.mark.browser

STRINGS = load_strings(pipeline.ROOT / "templates" / "i18n")
CSP = "script-src 'self'; object-src 'none'; base-uri 'none'"  # no inline script, no inline event handler
LANGS = ("kk", "ru")


class StrictHandler(SubPathHandler):
    """The sub-path server, sending a Content-Security-Policy that forbids inline script."""

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()


@pytest.fixture(scope="module")
def calls_server(tmp_path_factory):
    """The calls fixture built as of BUILT under the sub-path, served with the strict policy."""
    out = tmp_path_factory.mktemp("calls-browser") / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", epoch(BUILT))
        pipeline.build(pipeline.Config(content=CALLS_CONTENT, out=out, base_url=f"http://127.0.0.1:8000{PREFIX}"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StrictHandler, directory=str(out)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def tab(browser, calls_server):
    """A tab of its own whose clock stands still at a given moment (CLOCK unless told)."""
    made = []

    def make(at: dt.datetime | None = CLOCK, viewport: dict = DESKTOP, **options):
        t = make_tab(browser, calls_server, viewport, **options)
        if at is not None:
            t.page.clock.set_fixed_time(at)
        made.append(t)
        return t

    yield make
    for t in made:
        t.page.context.close()


def call_items(t) -> list[tuple[str, str, str]]:
    """(id, status, visible label) of each call on the calls page, in the order shown."""
    out = []
    for item in t.page.locator("ol.call-list > li").all():
        badge = item.locator(".call-head .call-status")
        out.append((item.get_attribute("id"), badge.get_attribute("data-call-status"), badge.inner_text().strip()))
    return out


def labelled(lang: str, statuses: dict) -> dict:
    return {key: (s, STRINGS[lang][f"calls.status.{s}"]) for key, s in statuses.items()}


def assert_clean(t):
    assert t.errors == [] and t.outside == []


# ---- at the reader's moment ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_each_call_shows_its_status_at_the_readers_clock(tab, lang):
    t = tab()
    t.open(f"{lang}/calls/")
    assert {cid: (s, text) for cid, s, text in call_items(t)} == labelled(lang, AT_CLOCK)
    assert_clean(t)


def test_the_calls_page_orders_calls_by_the_readers_clock(tab):
    t = tab()
    t.open("ru/calls/")
    assert [cid for cid, _, _ in call_items(t)] == [
        "2026-akmola-02-call-1", "2026-akmola-call-2", "2026-akmola-03-call-1", "2026-akmola-call-1"]
    assert t.page.locator("[data-call-summary]").inner_text() == "Прием заявок открыт: 2 · ожидается: 1"
    assert t.page.locator("[data-call-asof]").is_hidden()  # the build's moment no longer matters


@pytest.mark.parametrize("lang", LANGS)
def test_each_priority_badge_shows_its_status_at_the_readers_clock(tab, lang):
    t = tab()
    found = {}
    for pid in PRIORITIES_AT_CLOCK:
        t.open(f"{lang}/p/{pid}/")
        badge = t.page.locator("header .call-status")
        found[pid] = (badge.get_attribute("data-call-status"), badge.inner_text().strip())
        assert_clean(t)
    assert found == labelled(lang, PRIORITIES_AT_CLOCK)


@pytest.mark.parametrize("lang", LANGS)
def test_the_list_badge_shows_the_call_closing_soonest(tab, lang):
    t = tab()
    t.open(f"{lang}/list/2026/akmola/")
    badge = t.page.locator("header .call-status")
    assert (badge.get_attribute("data-call-status"), badge.inner_text().strip()) == (
        "closing", STRINGS[lang]["calls.status.closing"])


@pytest.mark.parametrize("lang", LANGS)
def test_home_shows_priorities_open_now_first_with_their_badges(tab, lang):
    t = tab()
    t.open(f"{lang}/")
    cards = t.page.locator("#priority-list > li").all()
    shown = [(c.locator(".card-title a").get_attribute("href").strip("/").split("/")[-1],
              c.locator(".call-status").get_attribute("data-call-status"),
              c.locator(".call-status").inner_text().strip()) for c in cards]
    assert [pid for pid, _, _ in shown] == ["2026-akmola-02", "2026-akmola-01", "2026-akmola-03", "2026-akmola-04"]
    assert {pid: (s, text) for pid, s, text in shown} == labelled(lang, PRIORITIES_AT_CLOCK)
    assert_clean(t)


MOMENTS = {  # moments at the edges of the fixture's windows, and the same moment seen from far away
    "readers-clock": CLOCK,
    "second-before-round-2-opens": dt.datetime(2026, 3, 2, 8, 59, 59, tzinfo=CLOCK.tzinfo),
    "round-2-opens": dt.datetime(2026, 3, 2, 9, 0, tzinfo=CLOCK.tzinfo),
    "seven-days-before-02-closes": dt.datetime(2026, 3, 6, 18, 0, tzinfo=CLOCK.tzinfo),
    "a-second-more-than-seven-days": dt.datetime(2026, 3, 6, 17, 59, 59, tzinfo=CLOCK.tzinfo),
    "02-closes": dt.datetime(2026, 3, 13, 18, 0, tzinfo=CLOCK.tzinfo),
    "02-closes-seen-in-utc": dt.datetime(2026, 3, 13, 13, 0, tzinfo=dt.timezone.utc),
}


@pytest.mark.parametrize("name", MOMENTS)
def test_the_browser_applies_the_same_rules_as_the_build(tab, name):
    """calls.js and grantsite/model/calls.py agree at every edge: the HTML fallback is never contradicted by rule."""
    at = MOMENTS[name]
    t = tab(at, timezone_id="Europe/London")  # the reader's own time zone changes nothing
    t.open("kk/calls/")
    calls = check_content(CALLS_CONTENT).catalogue.calls
    assert {cid: s for cid, s, _ in call_items(t)} == {c.id: status(c, at) for c in calls}


# ---- without JavaScript ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_statuses_are_those_of_the_build(tab, lang):
    t = tab(None, java_script_enabled=False)
    t.open(f"{lang}/calls/")
    assert {cid: (s, text) for cid, s, text in call_items(t)} == labelled(lang, AT_BUILT)
    assert t.page.locator("[data-call-asof]").is_visible()


# ---- served under a sub-path with a strict policy, on a phone --------------------------------------

@pytest.mark.parametrize("path", ["ru/calls/", "kk/", "ru/p/2026-akmola-02/", "kk/list/2026/akmola/"])
def test_the_pages_with_calls_work_under_the_policy_and_are_accessible(tab, path):
    t = tab()
    response = t.open(path)
    assert response.headers["content-security-policy"] == CSP
    assert_clean(t)  # a blocked inline script would be a console error
    assert {r.url.split(PREFIX, 1)[0] + PREFIX for r in t.requests} == {t.base}
    # nothing is closing at build time: a closing badge means calls.js ran despite the policy
    assert t.page.locator(".call-status[data-call-status='closing']").count() >= 1
    assert t.axe() == []


def test_phone_screenshot_of_the_calls_page_with_open_upcoming_and_closed_calls(tab):
    t = tab(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, locale="ru-RU")
    t.open("ru/calls/")
    statuses = [s for _, s, _ in call_items(t)]
    assert {"open", "planned", "closed"} <= set(statuses)
    assert t.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert t.axe() == []
    path = t.screenshot("calls-phone")
    assert path == ARTIFACTS / "calls-phone.png" and path.stat().st_size > 10_000
