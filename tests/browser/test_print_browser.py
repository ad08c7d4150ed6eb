"""A priority printed and read in both languages, in chromium: the nine official columns side by side on an
A4 landscape sheet, and the bilingual page stacked on a phone, both without accessibility violations."""
from __future__ import annotations

import re

import pytest
from site_browser import DESKTOP, PHONE

pytestmark = pytest.mark.browser

A4_LANDSCAPE_PRINTABLE = round((297 - 2 * 10) / 25.4 * 96)  # px at 96 dpi, the 10 mm margins of @page official


def boxes(tab, selector: str) -> list[dict]:
    return tab.page.eval_on_selector_all(selector, "els => els.map(e => { const r = e.getBoundingClientRect();"
                                                   " return {top: Math.round(r.top), right: Math.round(r.right)}; })")


@pytest.fixture
def printed(fresh_tab):
    tab = fresh_tab({"width": A4_LANDSCAPE_PRINTABLE, "height": 760})
    tab.open("ru/p/2026-akmola-03/")
    tab.page.emulate_media(media="print")
    return tab


def test_printed_the_nine_official_columns_stand_side_by_side_in_one_row(printed):
    columns = boxes(printed, ".official-columns > div")
    assert len(columns) == 9 and len({c["top"] for c in columns}) == 1


def test_printed_the_nine_columns_fit_the_width_of_an_a4_landscape_sheet(printed):
    assert max(c["right"] for c in boxes(printed, ".official-columns > div")) <= A4_LANDSCAPE_PRINTABLE
    assert printed.page.evaluate("document.documentElement.scrollWidth") <= A4_LANDSCAPE_PRINTABLE


def test_printed_what_only_the_screen_needs_is_left_out(printed):
    for selector in (".main-nav", ".search-box", ".bilingual-link", ".lang-switch"):
        assert not printed.page.is_visible(selector), selector


def test_a_priority_prints_on_a4_landscape_sheets(fresh_tab):
    tab = fresh_tab(DESKTOP)
    tab.open("kk/p/2026-akmola-02/")
    pdf = tab.page.pdf(prefer_css_page_size=True)
    sizes = re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert sizes and all(round(float(w)) == 842 and round(float(h)) == 595 for w, h in sizes)  # A4 landscape, pt


def test_a_list_page_still_prints_portrait(fresh_tab):
    tab = fresh_tab(DESKTOP)
    tab.open("kk/about/")
    sizes = re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", tab.page.pdf(prefer_css_page_size=True))
    assert sizes and all(round(float(w)) == 595 and round(float(h)) == 842 for w, h in sizes)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_bilingual_page_stacks_the_two_texts_on_a_phone(phone, lang):
    phone.open(f"{lang}/p/2026-akmola-02/bilingual/")
    kk, ru = boxes(phone, "table.bilingual tbody tr:nth-child(3) td")
    assert ru["top"] > kk["top"]
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_bilingual_page_puts_the_two_texts_side_by_side_on_a_desktop(desktop):
    desktop.open("ru/p/2026-akmola-02/bilingual/")
    kk, ru = boxes(desktop, "table.bilingual tbody tr:nth-child(3) td")
    assert kk["top"] == ru["top"] and ru["right"] > kk["right"]


@pytest.mark.parametrize("tab_name", ["phone", "desktop"])
def test_the_bilingual_page_has_no_accessibility_violations(request, tab_name):
    tab = request.getfixturevalue(tab_name)
    tab.open("kk/p/2026-akmola-03/bilingual/")
    assert tab.axe() == []
