"""Chart pages in chromium at 360 px and 1280 px: no accessibility violations (axe-core), nothing wider than
a phone, and the chart drawn at a readable size."""
from __future__ import annotations

import pytest
from site_browser import DESKTOP, PHONE, make_tab

pytestmark = pytest.mark.browser

CHART_PAGES = ["ru/charts/", "kk/charts/", "kk/year/2026/", "ru/territory/110000000/", "ru/list/2026/akmola/",
               "kk/grant-type/short-term/"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
@pytest.mark.parametrize("path", CHART_PAGES)
def test_a_chart_page_has_no_accessibility_violations(browser, server, viewport, path):
    tab = make_tab(browser, server, viewport, locale="ru-RU")
    try:
        tab.open(path)
        tab.page.click("details.chart-without summary")  # the chart without flagged amounts, opened
        assert tab.axe() == []
        assert tab.errors == [] and tab.outside == []
    finally:
        tab.page.context.close()


@pytest.mark.parametrize("path", ["ru/charts/", "kk/year/2026/", "kk/list/2026/akmola/", "ru/issuer/akmola/"])
def test_a_chart_page_is_no_wider_than_a_phone(phone, path):
    phone.open(path)
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_chart_label_is_drawn_at_a_readable_size_on_a_phone(phone):
    phone.open("kk/charts/")
    size = phone.page.evaluate("document.querySelector('svg.chart tspan').getBoundingClientRect().height")
    assert size >= 12  # px: the 12-unit font of a 320-unit chart, scaled to the phone's width
