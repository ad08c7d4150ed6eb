"""Funding charts on the site: static SVG made at build time with the same figures in a table beside it,
summing exactly what the data package publishes; flagged amounts hatched, named and left out in a second
chart.  On the shipped 2026 Akmola list, and on two years of it (support.add_year_before)."""
from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import lxml.html
import pytest

SVG = "{http://www.w3.org/2000/svg}"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def two_years(two_years_site) -> Path:
    return two_years_site


def page(site: Path, path: str):
    return lxml.html.fromstring((site / path / "index.html").read_bytes())


def published_sums(site: Path, key: str, year: int | None = None) -> dict[str, float]:
    """Funding summed by a column of data/priorities.csv (flagged amounts included, as published)."""
    sums: dict[str, float] = defaultdict(float)
    with open(site / "data/priorities.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if year is None or int(row["year"]) == year:
                sums[row[key]] += float(row["funding_amount"])
    return {k: round(v, 1) for k, v in sums.items()}


def figure(site: Path, path: str, chart_id: str):
    [found] = page(site, path).xpath(f"//figure[.//svg[@aria-labelledby='{chart_id}-title {chart_id}-desc']]")
    return found


def table_values(fig) -> dict[str, float]:
    return {tr.get("data-code"): float(tr.get("data-value")) for tr in fig.xpath(".//table//tbody/tr")}


def svg_rows(fig, chart_id: str) -> list[tuple[float, str]]:
    """(length of the bar, solid and hatched parts together; value text) of each row of one chart."""
    [svg] = fig.xpath(f".//svg[@aria-labelledby='{chart_id}-title {chart_id}-desc']")
    source = lxml.html.tostring(svg, encoding="unicode")  # the HTML parser keeps no namespace: give it back
    root = ET.fromstring(source if "xmlns=" in source else source.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))
    rows = []
    for g in root.iter(f"{SVG}g"):
        length = sum(float(r.get("width")) for r in g.findall(f"{SVG}rect"))
        value = [t for t in g.findall(f"{SVG}text") if t.get("x") is not None][-1]
        rows.append((round(length, 1), "".join(value.itertext()).replace(NBSP, " ")))
    return rows


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_area_chart_of_a_year_sums_the_published_priorities_of_that_year(built_site, lang):
    fig = figure(built_site, f"{lang}/charts", "chart-2026-area")
    assert table_values(fig) == published_sums(built_site, "area", 2026)


def test_the_region_chart_sums_every_priority_of_the_region(built_site):
    fig = figure(built_site, "ru/charts", "chart-2026-territory")
    assert table_values(fig) == {"110000000": sum(published_sums(built_site, "area", 2026).values())}


def test_the_grant_type_chart_sums_the_published_priorities_by_type(built_site):
    fig = figure(built_site, "kk/charts", "chart-2026-grant-type")
    assert table_values(fig) == published_sums(built_site, "grant_type", 2026)


def test_the_year_chart_sums_each_years_priorities(two_years):
    fig = figure(two_years, "ru/charts", "chart-years")
    assert table_values(fig) == {str(y): v for y, v in published_sums(two_years, "year").items()}


def test_each_issuer_has_a_chart_of_its_funding_year_by_year(two_years):
    fig = figure(two_years, "kk/charts", "chart-issuer-akmola")
    assert table_values(fig) == {"2026": 4416000.0, "2025": 4411000.0}


def test_bar_lengths_are_proportional_to_the_published_sums(built_site):
    fig = figure(built_site, "ru/charts", "chart-2026-area")
    values = list(table_values(fig).values())
    lengths = [length for length, _ in svg_rows(fig, "chart-2026-area")]
    longest = max(lengths)
    assert [round(v / max(values) * longest, 1) for v in values] == pytest.approx(lengths, abs=0.1)


def test_the_value_beside_each_bar_is_the_sum_in_the_pages_short_format(built_site):
    fig = figure(built_site, "ru/charts", "chart-2026-area")
    assert [text for _, text in svg_rows(fig, "chart-2026-area")] == [
        "4,4 млрд ₸ ⚠ сомнительная сумма", "6 млн ₸", "5 млн ₸", "5 млн ₸"]


def test_a_flagged_amount_is_hatched_and_named_in_words_not_by_colour_alone(built_site):
    fig = figure(built_site, "kk/charts", "chart-2026-area")
    [svg] = fig.xpath(".//svg[@aria-labelledby='chart-2026-area-title chart-2026-area-desc']")
    hatched = svg.xpath(".//rect[@fill='url(#chart-2026-area-hatch)']")
    assert len(hatched) == 1 and "күмәнді сома" in svg.xpath(".//g[1]")[0].text_content()


def test_a_chart_with_flagged_amounts_has_a_version_without_them(built_site):
    fig = figure(built_site, "ru/charts", "chart-2026-area")
    [kept] = fig.xpath(".//details[@class='chart-without']//svg")
    rows = svg_rows(fig, "chart-2026-area-kept")
    assert [text for _, text in rows] == ["0 тенге", "6 млн ₸", "5 млн ₸", "5 млн ₸"]
    assert not kept.xpath(".//rect[contains(@fill, 'hatch')]")


def test_the_table_beside_a_chart_gives_the_flagged_part_and_the_rest(built_site):
    fig = figure(built_site, "ru/charts", "chart-2026-area")
    rows = {tr.get("data-code"): [" ".join(td.text_content().replace(NBSP, " ").split()) for td in tr.xpath("./td")]
            for tr in fig.xpath(".//tbody/tr")}
    assert rows["youth-children"] == ["4 400 000", "1", "4 400 000 сомнительная сумма", "0"]
    assert rows["family-demography-gender"] == ["6 000", "1", "—", "6 000"]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_chart_has_a_title_and_a_description_in_the_pages_language(built_site, lang):
    fig = figure(built_site, f"{lang}/charts", "chart-2026-area")
    svg = fig.xpath(".//svg")[0]
    title, desc = svg.xpath("./title")[0].text_content(), svg.xpath("./desc")[0].text_content()
    assert title == {"kk": "Салалар бойынша қаржыландыру", "ru": "Финансирование по сферам"}[lang]
    assert desc.replace(NBSP, " ").startswith({"kk": "Көлденең бағандар, барлығы 4; жалпы сомасы 4,4 млрд ₸",
                                               "ru": "Горизонтальные столбцы, всего 4; общая сумма 4,4 млрд ₸"}[lang])


@pytest.mark.parametrize("path, charts", [
    ("kk/year/2026", ["chart-area"]), ("ru/area/youth-children", []), ("kk/territory/110000000", ["chart-area"]),
    ("ru/list/2026/akmola", ["chart-area"]), ("kk/grant-type/short-term", ["chart-area"])])
def test_a_page_shows_the_charts_that_concern_it_and_none_of_a_single_bar(built_site, path, charts):
    ids = [s.get("aria-labelledby").split("-title")[0] for s in page(built_site, path).xpath("//figure//svg[1]")
           if not s.get("aria-labelledby").split("-title")[0].endswith("-kept")]
    assert ids == charts


def test_an_area_page_of_two_years_charts_its_funding_by_year(two_years):
    fig = figure(two_years, "ru/area/youth-children", "chart-year")
    assert table_values(fig) == {"2026": 4400000.0, "2025": 4400000.0}


def test_charts_are_inline_svg_with_no_script_and_no_inline_style(built_site):
    html = (built_site / "ru/charts/index.html").read_text(encoding="utf-8")
    svg = html[html.index("<svg"):html.rindex("</svg>")]
    assert "<script" not in svg and "style=" not in svg and "<style" not in svg


def test_every_page_links_to_the_charts_from_the_main_menu(built_site):
    assert page(built_site, "kk/p/2026-akmola-01").xpath("//nav[@class='main-nav']//a[@href='../../charts/']")


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("background", ["#ffffff", "#f5f6f8"], ids=["card", "page"])
def test_the_charts_colours_pass_wcag_contrast_on_the_sites_backgrounds(background):
    from grantsite.site import svgchart
    assert contrast(svgchart.INK, background) >= 4.5  # text (1.4.3)
    assert contrast(svgchart.BAR_FILL, background) >= 3  # graphical objects (1.4.11)
    assert contrast(svgchart.HATCH_INK, background) >= 3 and contrast(svgchart.HATCH_INK, svgchart.HATCH_PAPER) >= 3


def test_an_earlier_edition_charts_its_own_figures(amended_site):
    fig = figure(amended_site, "ru/list/2026/akmola/editions/2026-01-20", "chart-area")
    assert table_values(fig) == {"rights-protection": 5000.0, "civil-society": 5000.0, "youth-children": 4000000.0}
