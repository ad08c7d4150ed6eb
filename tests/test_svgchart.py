"""The SVG bar charts the build writes: their geometry, what they say to a screen reader, and that they obey the
site's Content-Security-Policy.  The figures are the 2026 Akmola list's sums by area, with its one implausible
amount (4 400 000 thousand tenge, about 800 times the others) flagged, and the areas' official Kazakh labels."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from grantsite.content import format_amount, load_vocabularies
from grantsite.site.svgchart import VALUE_ROOM, Bar, bar_chart, layout, line_chars, without_flagged, wrap

SVG = "{http://www.w3.org/2000/svg}"
FLAGGED = "күмәнді сома"  # the Kazakh UI string for a flagged amount
WIDTH = 400
FULL = WIDTH - VALUE_ROOM


@pytest.fixture(scope="module")
def areas():
    return load_vocabularies().areas


@pytest.fixture(scope="module")
def akmola(areas):
    """Funding by area in the 2026 Akmola list, in the list's order, thousand tenge."""
    return [Bar(areas["rights-protection"].kk, 5000.0),
            Bar(areas["civil-society"].kk, 5000.0),
            Bar(areas["youth-children"].kk, 4400000.0, flagged=4400000.0),
            Bar(areas["family-demography-gender"].kk, 6000.0)]


def chart(bars, **options):
    settings = dict(title="2026: қаржыландыру бағыттар бойынша", desc="Ақмола облысы, мың теңге",
                    value_text=format_amount, flagged_text=FLAGGED, chart_id="areas-2026")
    return str(bar_chart(bars, **(settings | options)))


def tree(bars, **options):
    return ET.fromstring(chart(bars, **options))


def rows_of(svg):
    return svg.findall(f"{SVG}g")


def texts(element):
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


# --- geometry --------------------------------------------------------------------------------------------

def test_bar_lengths_are_proportional_to_values(areas):
    bars = [Bar(areas["rights-protection"].kk, 5000.0), Bar(areas["family-demography-gender"].kk, 6000.0)]
    short, long = layout(bars, WIDTH)
    assert short.bar_length == round(FULL * 5000 / 6000, 1)
    assert long.bar_length == FULL


def test_the_largest_value_gets_the_full_bar_length(akmola):
    lengths = [row.bar_length for row in layout(akmola, WIDTH)]
    assert lengths[2] == FULL == WIDTH - VALUE_ROOM
    assert max(lengths) == FULL


def test_a_zero_value_gets_no_bar(areas):
    bars = [Bar(areas["civil-society"].kk, 0.0), Bar(areas["rights-protection"].kk, 5000.0)]
    zero = layout(bars, WIDTH)[0]
    assert zero.bar_length == 0 and zero.flagged_length == 0
    assert rows_of(tree(bars))[0].findall(f"{SVG}rect") == []


def test_all_zero_values_draw_no_bars_and_no_error(areas):
    bars = [Bar(areas["civil-society"].kk, 0.0), Bar(areas["rights-protection"].kk, 0.0)]
    assert [row.bar_length for row in layout(bars, WIDTH)] == [0, 0]


def test_the_flagged_part_is_proportional_to_the_flagged_amount(areas):
    bars = [Bar(areas["youth-children"].kk, 4406000.0, flagged=4400000.0), Bar(areas["civil-society"].kk, 5000.0)]
    row = layout(bars, WIDTH)[0]
    assert row.bar_length == FULL
    assert row.flagged_length == round(FULL * 4400000 / 4406000, 1)


def test_the_flagged_part_is_a_hatched_rect_after_the_solid_part(areas):
    bars = [Bar(areas["youth-children"].kk, 4406000.0, flagged=4400000.0)]
    solid, hatched = rows_of(tree(bars))[0].findall(f"{SVG}rect")
    assert solid.get("fill") == "#00587a" and hatched.get("fill") == "url(#areas-2026-hatch)"
    assert float(solid.get("x")) + float(solid.get("width")) == float(hatched.get("x"))
    assert float(hatched.get("x")) + float(hatched.get("width")) == FULL


def test_the_hatch_pattern_is_defined_once(akmola):
    patterns = list(tree(akmola).iter(f"{SVG}pattern"))
    assert [p.get("id") for p in patterns] == ["areas-2026-hatch"]


def test_rows_follow_the_given_order_top_to_bottom(akmola):
    rows = layout(akmola, WIDTH)
    assert [row.label_lines[0] for row in rows] == [wrap(bar.label, line_chars(WIDTH))[0] for bar in akmola]
    assert all(a.bottom < b.y for a, b in zip(rows, rows[1:]))


def test_the_viewbox_holds_every_row(akmola):
    svg = tree(akmola)
    _, _, width, height = map(float, svg.get("viewBox").split())
    assert width == WIDTH and height >= layout(akmola, WIDTH)[-1].bottom
    assert svg.get("width") == str(WIDTH) and svg.get("height") == f"{height:g}"


def test_a_value_text_too_long_for_its_line_goes_below_the_bar(akmola):
    long_text = [format_amount(bar.value) + f" ⚠ {FLAGGED}" * (bar.flagged > 0) for bar in akmola]
    flagged_row = layout(akmola, WIDTH, long_text)[2]
    assert flagged_row.value_x == 0 and flagged_row.value_y > flagged_row.bar_y + 12
    short_row = layout(akmola, WIDTH, long_text)[0]
    assert short_row.value_x == short_row.bar_length + 4 and short_row.value_y < short_row.bar_y + 12


def test_coordinates_have_one_decimal_at_most_and_the_output_is_stable(areas):
    bars = [Bar(areas["rights-protection"].kk, 0.1), Bar(areas["civil-society"].kk, 0.3)]
    text = chart(bars)
    numbers = re.findall(r' (?:x|y|width|height)="([^"]*)"', text)
    assert numbers and all(re.fullmatch(r"\d+(\.\d)?", n) for n in numbers)
    assert chart(bars) == text


# --- what it says ----------------------------------------------------------------------------------------

def test_each_row_shows_its_value_in_the_given_format(akmola):
    values = [texts(g)[-1] for g in rows_of(tree(akmola))]
    assert values[0] == "5\u00a0000,0" and values[3] == "6\u00a0000,0"


def test_the_flagged_marker_is_only_on_flagged_rows(akmola):
    values = [texts(g)[-1] for g in rows_of(tree(akmola))]
    assert values[2] == f"4\u00a0400\u00a0000,0 ⚠ {FLAGGED}"
    assert [FLAGGED in v for v in values] == [False, False, True, False]


def test_title_and_desc_are_referenced_by_aria_labelledby(akmola):
    svg = tree(akmola)
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text == "2026: қаржыландыру бағыттар бойынша" and desc.text == "Ақмола облысы, мың теңге"
    assert svg.get("aria-labelledby").split() == [title.get("id"), desc.get("id")] == ["areas-2026-title",
                                                                                      "areas-2026-desc"]


def test_a_chart_without_links_is_an_image(akmola):
    svg = tree(akmola)
    assert svg.get("role") == "img" and svg.get("class") == "chart"


def test_hrefs_become_links_around_labels_in_a_group(areas):
    bars = [Bar(areas["rights-protection"].kk, 5000.0, href="../area/rights-protection/"),
            Bar(areas["civil-society"].kk, 5000.0)]
    svg = tree(bars)
    [link] = svg.iter(f"{SVG}a")
    assert link.get("href") == "../area/rights-protection/"
    lines = [span.text for span in link.iter(f"{SVG}tspan")]
    assert lines == list(wrap(areas["rights-protection"].kk, line_chars(WIDTH)))
    # links inside role="img" are hidden from screen readers (axe-core: nested-interactive)
    assert svg.get("role") == "group"


def test_the_output_parses_as_xml_in_the_svg_namespace(akmola):
    svg = tree(akmola)
    assert svg.tag == f"{SVG}svg"
    assert all(element.tag.startswith(SVG) for element in svg.iter())


def test_no_inline_style_anywhere(akmola):
    bars = akmola + [Bar("x", 1.0, href="/kk/")]
    elements = list(tree(bars).iter())
    assert not [e for e in elements if "style" in e.attrib or e.tag == f"{SVG}style"]


def test_a_label_with_markup_characters_is_escaped():
    text = chart([Bar('<script>alert("x")</script> & Co', 1.0, href='/?a=1&b="2"')],
                 title="<b>T</b>", desc="a & b")
    assert "<script>" not in text and "<b>" not in text
    svg = ET.fromstring(text)
    assert texts(svg)[0] == '<script>alert("x")</script> & Co'
    assert next(svg.iter(f"{SVG}a")).get("href") == '/?a=1&b="2"'
    assert svg.find(f"{SVG}title").text == "<b>T</b>"


# --- label wrapping --------------------------------------------------------------------------------------

def test_a_wrapped_label_keeps_every_character_and_each_line_fits(areas):
    label = areas["civil-society"].kk
    lines = wrap(label, line_chars(WIDTH))
    assert line_chars(WIDTH) == 52 and len(lines) > 1
    assert all(len(line) <= 52 for line in lines)
    assert " ".join(lines) == label


def test_a_word_longer_than_a_line_is_cut_without_loss():
    word = "Отбасылық-демографиялық-гендерлік-мәселелерді-шешуге-жәрдемдесу"
    lines = wrap(f"Қолдау {word}", 20)
    assert all(len(line) <= 20 for line in lines)
    assert "".join(lines).replace(" ", "") == f"Қолдау{word}"


def test_a_short_label_is_one_line(areas):
    assert wrap(areas["youth-children"].kk, 52) == (areas["youth-children"].kk,)


# --- what it refuses -------------------------------------------------------------------------------------

def test_an_empty_chart_is_refused():
    with pytest.raises(ValueError):
        chart([])
    with pytest.raises(ValueError):
        layout([], WIDTH)


def test_a_negative_value_is_refused(areas):
    with pytest.raises(ValueError):
        chart([Bar(areas["rights-protection"].kk, -5000.0)])
    with pytest.raises(ValueError):
        layout([Bar(areas["rights-protection"].kk, 5000.0, flagged=-1.0)], WIDTH)


def test_a_flagged_part_larger_than_its_value_is_refused(areas):
    with pytest.raises(ValueError):
        layout([Bar(areas["youth-children"].kk, 5000.0, flagged=4400000.0)], WIDTH)


def test_a_chart_id_that_is_not_a_plain_name_is_refused(akmola):
    with pytest.raises(ValueError):
        chart(akmola, chart_id='x" onload="y')


# --- the chart without flagged amounts -------------------------------------------------------------------

def test_without_flagged_leaves_the_flagged_amounts_out(akmola):
    plain = without_flagged(akmola)
    assert [bar.value for bar in plain] == [5000.0, 5000.0, 0.0, 6000.0]
    assert all(bar.flagged == 0 for bar in plain)
    assert [row.bar_length for row in layout(plain, WIDTH)] == [round(FULL * 5 / 6, 1)] * 2 + [0, FULL]
    assert "pattern" not in chart(plain)
