"""The site in a real browser (Debian chromium through Playwright), served from 127.0.0.1 under a sub-path:
every page kind loads cleanly and accessibly, nothing is fetched from another host, the language switch
and the live filters work, and a phone reader finds and reads a priority."""
from __future__ import annotations

import json
import re

import pytest
from site_browser import ARTIFACTS, PHONE

from grantsite.pipeline import ROOT
from grantsite.site.i18n import Strings, load_strings

pytestmark = pytest.mark.browser

LANGS = ("kk", "ru")
PAGE_KINDS = {
    "home": "{lang}/", "list": "{lang}/list/2026/akmola/", "priority": "{lang}/p/2026-akmola-03/",
    "area": "{lang}/area/youth-children/", "areas": "{lang}/area/", "territory": "{lang}/territory/110000000/",
    "territories": "{lang}/territory/", "year": "{lang}/year/2026/", "years": "{lang}/year/",
    "grant-type": "{lang}/grant-type/short-term/", "grant-types": "{lang}/grant-type/",
    "downloads": "{lang}/downloads/", "quality": "{lang}/quality/", "about": "{lang}/about/",
    "dictionary": "{lang}/data/dictionary/", "changes": "{lang}/changes/", "issuer": "{lang}/issuer/akmola/",
    "search": "{lang}/search/?q=жастар",
}
PAGES = [pytest.param(path.format(lang=lang), id=f"{kind}-{lang}") for kind, path in PAGE_KINDS.items()
         for lang in LANGS] + [pytest.param("index.html", id="root"), pytest.param("404.html", id="404")]
STRINGS = load_strings(ROOT / "templates" / "i18n")
NBSP = "\u00a0"


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_console_errors_or_outside_requests(desktop, path):
    response = desktop.open(path)
    assert response.status == 200
    assert desktop.errors == []
    assert desktop.outside == []
    assert {r.url.split("/")[2] for r in desktop.requests} == {desktop.base.split("/")[2]}


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(desktop, path):
    desktop.open(path)
    assert desktop.axe() == []


@pytest.mark.parametrize("kind", ["home", "list", "priority", "downloads", "dictionary"])
def test_phone_layout_is_accessible_and_never_wider_than_the_screen(phone, kind):
    phone.open(PAGE_KINDS[kind].format(lang="ru"))
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.axe() == []


def test_a_missing_page_gets_the_site_404_page_with_working_links(desktop):
    response = desktop.open("ru/p/2099-nowhere-01/")
    assert response.status == 404
    # chromium reports the 404 of the page itself; its stylesheet, script and icon must all load, whatever the depth
    assert desktop.errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]
    assert [r.url for r in desktop.requests[1:] if r.response().status != 200] == []
    desktop.page.get_by_role("link", name=re.compile("Главная")).click()
    assert desktop.page.url == desktop.base + "ru/"


def test_the_outside_request_guard_catches_a_request_to_another_host(fresh_tab):
    tab = fresh_tab(bypass_csp=True)  # the site's CSP would stop the request before the guard could see it
    tab.open("kk/")
    tab.page.evaluate("() => fetch('http://example.org/x.js').catch(() => null)")
    tab.page.wait_for_timeout(100)
    assert tab.outside == ["http://example.org/x.js"]


def test_language_switch_lands_on_the_twin_page(desktop):
    desktop.open("ru/p/2026-akmola-03/")
    desktop.page.locator("header .lang-switch").click()
    desktop.page.wait_for_load_state()
    assert desktop.page.url == desktop.base + "kk/p/2026-akmola-03/"
    assert desktop.page.locator("html").get_attribute("lang") == "kk"
    desktop.page.locator("header .lang-switch").click()
    desktop.page.wait_for_load_state()
    assert desktop.page.url == desktop.base + "ru/p/2026-akmola-03/"


@pytest.mark.parametrize("locale, landing", [("ru-RU", "ru/"), ("kk-KZ", "kk/"), ("kk", "kk/")])
def test_root_opens_the_browser_language(fresh_tab, locale, landing):
    tab = fresh_tab(locale=locale)
    tab.open("")
    tab.page.wait_for_url(tab.base + landing)
    assert tab.errors == []


def test_root_offers_both_languages_when_the_browser_has_neither(fresh_tab):
    tab = fresh_tab(locale="en-US")
    tab.open("")
    tab.page.wait_for_timeout(200)
    assert tab.page.url == tab.base
    assert tab.page.get_by_role("link", name=re.compile("Қазақша")).is_visible()
    assert tab.page.get_by_role("link", name=re.compile("Русский")).is_visible()


def test_root_works_without_javascript(fresh_tab):
    tab = fresh_tab(locale="ru-RU", java_script_enabled=False)
    tab.open("")
    tab.page.get_by_role("link", name=re.compile("Русский")).click()
    tab.page.wait_for_load_state()
    assert tab.page.url == tab.base + "ru/"


def test_root_remembers_the_language_a_reader_chose(fresh_tab):
    tab = fresh_tab(locale="ru-RU")
    tab.open("ru/")
    tab.page.locator("header .lang-switch").click()
    tab.page.wait_for_url(tab.base + "kk/")
    tab.open("")
    tab.page.wait_for_url(tab.base + "kk/")


def test_home_without_javascript_filters_by_plain_links(fresh_tab):
    tab = fresh_tab(locale="kk-KZ", java_script_enabled=False)
    tab.open("kk/")
    assert not tab.page.locator("#filters").is_visible()
    tab.page.locator("#link-filters a[href='area/youth-children/']").click()
    tab.page.wait_for_load_state()
    assert tab.page.url == tab.base + "kk/area/youth-children/"
    assert tab.page.locator(".card").count() == 1


def total_text(strings: Strings, amount: float) -> str:
    return strings.short_tenge(amount)


def test_live_filter_updates_the_list_count_total_and_address(desktop, checked):
    ru = Strings("ru", STRINGS["ru"])
    desktop.open("ru/")
    page = desktop.page
    assert page.locator("#filters").is_visible() and not page.locator("#link-filters").is_visible()
    page.select_option("#filter-area", "family-demography-gender")
    assert page.locator(".card:visible").count() == 1
    assert page.locator("#stat-count").inner_text() == "1"
    assert page.locator("#stat-total").inner_text() == ru.short_tenge(6000.0) == f"6{NBSP}млн{NBSP}₸"
    assert page.locator("#filter-status").inner_text() == "Показано: 1 из 4"
    assert not page.locator("#stat-flagged").is_visible()  # the flagged figure is filtered out
    assert page.url.endswith("ru/?area=family-demography-gender")
    page.select_option("#filter-area", "")
    assert page.locator(".card:visible").count() == 4
    assert page.locator("#stat-total").inner_text() == ru.short_tenge(
        sum(p.funding.amount for p in checked.catalogue.priorities))
    assert page.locator("#stat-flagged").is_visible()
    assert desktop.errors == []


def test_shared_filter_address_opens_the_filtered_list(desktop):
    desktop.open("kk/?area=youth-children&grant-type=short-term")
    page = desktop.page
    assert page.locator("#filter-area").input_value() == "youth-children"
    assert page.locator(".card:visible").count() == 1
    assert page.locator("#stat-total").inner_text() == Strings("kk", STRINGS["kk"]).short_tenge(4_400_000.0)
    page.locator("#filters button[type=reset]").click()
    page.wait_for_function("document.querySelectorAll('.card:not([hidden])').length === 4")
    assert page.url == desktop.base + "kk/"


def test_filter_with_a_matching_territory_keeps_district_and_region_together(desktop):
    desktop.open("ru/?territory=110000000&area=nonexistent")
    assert desktop.page.locator("#filter-area").input_value() == ""  # an unknown code is ignored
    assert desktop.page.locator(".card:visible").count() == 4


def test_phone_reader_finds_the_youth_addiction_priority_in_two_taps_and_switches_language(phone):
    phone.open("ru/")
    page = phone.page
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("профилактику зависимостей среди молодежи")).tap()
    assert page.url == phone.base + "ru/p/2026-akmola-03/"
    text = page.locator("main").inner_text()
    for label in ("Сфера государственного гранта", "Направление государственного гранта", "Краткое описание проблемы",
                  "Объем финансирования", "Вид гранта и срок реализации гранта", "Территория реализации гранта",
                  "Целевые индикаторы", "Ожидаемые результаты", "Требования к материально-технической базе",
                  "Неофициальный перевод", "Сумма финансирования вызывает сомнение"):
        assert label in text, label
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    with page.expect_navigation():
        page.locator("header .lang-switch").tap()
    assert page.url == phone.base + "kk/p/2026-akmola-03/"
    assert "Мемлекеттік гранттың бағыты" in page.locator("main").inner_text()


@pytest.mark.parametrize("view", ["phone", "desktop"])
@pytest.mark.parametrize("path, name", [("ru/", "home-ru"), ("kk/", "home-kk"),
                                        ("ru/p/2026-akmola-03/", "priority-ru"), ("kk/list/2026/akmola/", "list-kk")])
def test_screenshots_for_a_person_to_look_at(request, view, path, name):
    tab = request.getfixturevalue(view)
    tab.open(path)
    shot = tab.screenshot(f"{view}-{name}")
    assert shot.stat().st_size > 10_000


def _weight(tab, path: str) -> dict:
    """Bytes transferred to show a page in a fresh tab: the document and everything it loads."""
    tab.open(path, wait="networkidle")
    return tab.page.evaluate("""() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = performance.getEntriesByType('resource');
      return {document: nav.transferSize, resources: res.map(r => [r.name.split('/').slice(-1)[0], r.transferSize]),
              total: nav.transferSize + res.reduce((s, r) => s + r.transferSize, 0)};
    }""")


def test_page_weight_of_home_and_a_priority_page(fresh_tab):
    weights = {}
    for name, path in (("home-ru", "ru/"), ("priority-ru", "ru/p/2026-akmola-03/")):
        weights[name] = _weight(fresh_tab(locale="ru-RU"), path)  # a fresh tab each: nothing cached
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight.json").write_text(json.dumps(weights, indent=1, ensure_ascii=False))
    assert all(w["document"] > 0 for w in weights.values())
    assert weights["home-ru"]["total"] < 100_000
    assert weights["priority-ru"]["total"] < 120_000


def test_print_layout_hides_navigation_and_keeps_the_content(desktop):
    desktop.open("ru/p/2026-akmola-03/")
    desktop.page.emulate_media(media="print")
    try:
        assert not desktop.page.locator(".main-nav").is_visible()
        assert not desktop.page.locator("header .search-box").is_visible()
        assert desktop.page.locator("h1").is_visible()
    finally:
        desktop.page.emulate_media(media="screen")
