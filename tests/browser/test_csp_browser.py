"""The site under its Content-Security-Policy, in chromium: every kind of page (the handbook too) loads with
no violation, the policy really refuses inline script and other origins, the live filters, the language
switch and the handbook search still work, and pages opened from the file system keep style and script.

Violations are caught by a listener that the browser's debugger adds before any page script (an init
script, which the policy does not govern), so the hook itself never has to be inline in the site."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_browser import DESKTOP, make_tab

from grantsite.pipeline import ROOT

pytestmark = pytest.mark.browser

POLICY = re.search(r'content="([^"]+)"', (ROOT / "templates" / "_csp.html").read_text(encoding="utf-8")).group(1)
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(e.effectiveDirective + " " + (e.blockedURI || "inline")));
"""
PAGES = ["index.html", "404.html", "kk/", "ru/", "ru/list/2026/akmola/", "kk/p/2026-akmola-03/",
         "ru/area/youth-children/", "kk/territory/", "ru/year/2026/", "kk/grant-type/short-term/",
         "ru/downloads/", "kk/quality/", "ru/about/", "kk/data/dictionary/", "ru/search/?q=жастар",
         "handbook/index.html", "handbook/kk/editors/start.html", "handbook/en/reference/fields.html"]


@pytest.fixture(scope="module")
def tab(browser, server):
    """A desktop tab that records every CSP violation of the pages it opens."""
    made = make_tab(browser, server, DESKTOP, locale="ru-RU")
    made.page.context.add_init_script(RECORD_VIOLATIONS)
    yield made
    made.page.context.close()


def violations(tab) -> list[str]:
    tab.page.wait_for_timeout(50)  # violation events are queued as tasks
    return tab.page.evaluate("window.__violations")


def csp_messages(tab) -> list[str]:
    return [e for e in tab.errors if "Content Security Policy" in e]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_under_the_policy_without_a_violation(tab, path):
    tab.open(path, wait="networkidle")
    assert tab.page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content") == POLICY
    assert violations(tab) == [] and csp_messages(tab) == []


def test_the_policy_refuses_an_inline_script_and_another_origin(tab):
    tab.open("ru/")
    tab.page.evaluate("""() => {
      const s = document.createElement("script"); s.textContent = "window.__ran = true"; document.head.append(s);
      const i = document.createElement("img"); i.src = "http://example.org/x.png"; document.body.append(i);
    }""")
    found = violations(tab)
    assert "script-src-elem inline" in found and "img-src http://example.org/x.png" in found
    assert tab.page.evaluate("window.__ran === undefined")
    assert tab.outside == []  # refused by the policy before the request was made


def test_live_filters_work_under_the_policy(tab):
    tab.open("ru/")
    tab.page.select_option("#filter-area", "family-demography-gender")
    assert tab.page.locator(".card:visible").count() == 1
    assert tab.page.url.endswith("ru/?area=family-demography-gender")
    assert violations(tab) == [] and tab.errors == []


def test_language_switch_works_under_the_policy(tab):
    tab.open("ru/p/2026-akmola-03/")
    with tab.page.expect_navigation():
        tab.page.locator("header .lang-switch").click()
    assert tab.page.url == tab.base + "kk/p/2026-akmola-03/"
    assert violations(tab) == [] and tab.errors == []


def test_the_root_page_chooses_the_language_under_the_policy(fresh_tab):
    chooser = fresh_tab(locale="kk-KZ")
    chooser.page.context.add_init_script(RECORD_VIOLATIONS)
    chooser.open("")
    chooser.page.wait_for_url(chooser.base + "kk/")
    assert violations(chooser) == [] and chooser.errors == []


def test_handbook_search_works_under_the_policy(tab):
    tab.open("handbook/en/index.html", wait="networkidle")
    tab.page.keyboard.press("s")  # the theme's shortcut, read from the settings the policy let through
    tab.page.locator("#mkdocs-search-query").press_sequentially("licence")  # it searches on each key
    tab.page.locator("#mkdocs-search-results a").first.wait_for()
    assert tab.page.locator("#mkdocs-search-results a").first.get_attribute("href").endswith("licence.html")
    assert violations(tab) == [] and tab.errors == []


def test_a_page_opened_from_the_file_system_keeps_its_style_and_script(browser, browser_site: Path):
    context = browser.new_context(viewport=DESKTOP, locale="ru-RU")
    try:
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.goto((browser_site / "ru" / "index.html").as_uri())
        styled = page.evaluate("getComputedStyle(document.querySelector('.skip')).position")
        assert styled == "absolute"  # site.css applied (an unstyled link is 'static')
        assert page.locator("#filters").is_visible()  # site.js ran: the live filter form shows itself
        assert page.evaluate("window.__violations") == []
    finally:
        context.close()
