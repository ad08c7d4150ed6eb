"""Calls on the built site without a browser: the statuses in the HTML as of the build (the no-JavaScript
fallback), the calls page per language, the iCalendar files (read back with the `icalendar` package), the
Atom feeds of calls (valid XML) and the calls table in the data package."""
from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import lxml.html
import openpyxl
import pytest
from calls_support import AT_BUILT, BUILT, CALLS_CONTENT, CLOCK, epoch

from grantsite import output, pipeline
from grantsite.check import check_content
from grantsite.content import load_vocabularies
from grantsite.model import ALMATY
from grantsite.site import render
from grantsite.site.i18n import load_strings
from grantsite.site.pages import SiteData

BASE_URL = "https://example.org/grants/"
STRINGS = load_strings(pipeline.ROOT / "templates" / "i18n")
ATOM = "{http://www.w3.org/2005/Atom}"
FRICTIONLESS = Path(sys.executable).parent / "frictionless"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The calls fixture built as of BUILT (SOURCE_DATE_EPOCH)."""
    out = tmp_path_factory.mktemp("calls") / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", epoch(BUILT))
        pipeline.build(pipeline.Config(content=CALLS_CONTENT, out=out, base_url=BASE_URL))
    return out


def html(site: Path, path: str):
    return lxml.html.fromstring((site / path / "index.html").read_bytes())


def shown_status(badge) -> tuple[str, str]:
    """(data-call-status, the text of the label not hidden) of a status badge."""
    labels = [s.text_content() for s in badge.xpath("./span[@data-label][not(@hidden)]")]
    return badge.get("data-call-status"), labels[0] if labels else badge.text_content().strip()


def calendar(site: Path, path: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site / path).read_bytes())


# ---- the HTML fallback: statuses as of the build ---------------------------------------------

@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_calls_page_shows_each_call_with_its_status_at_build_time(site, lang):
    page = html(site, f"{lang}/calls")
    found = {li.get("id"): shown_status(li.xpath(".//*[@class='call-head']/span[@data-calls]")[0])
             for li in page.xpath("//ol[@class='call-list']/li")}
    assert found == {cid: (s, STRINGS[lang][f"calls.status.{s}"]) for cid, s in AT_BUILT.items()}


@pytest.mark.parametrize("lang, when", [("kk", "2026 жылғы 10 ақпан, 12:00"), ("ru", "10 февраля 2026 г., 12:00")])
def test_the_calls_page_says_when_its_statuses_were_computed(site, lang, when):
    [note] = html(site, f"{lang}/calls").xpath("//*[@data-call-asof]")
    assert when in note.text_content()


def test_the_calls_page_lists_open_calls_first_then_planned_ones_opening_soonest(site):
    ids = html(site, "ru/calls").xpath("//ol[@class='call-list']/li/@id")
    assert ids == ["2026-akmola-call-1", "2026-akmola-02-call-1", "2026-akmola-call-2", "2026-akmola-03-call-1"]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_window_is_written_in_astana_time_with_its_offset(site, lang):
    [item] = html(site, f"{lang}/calls").xpath("//li[@id='2026-akmola-02-call-1']")
    text = item.xpath(".//*[@class='call-window']")[0].text_content()
    expected = {"kk": "2026 жылғы 20 ақпан, 09:00 – 2026 жылғы 13 наурыз, 18:00 (Астана уақыты, UTC+5)",
                "ru": "с 20 февраля 2026 г., 09:00 до 13 марта 2026 г., 18:00 (время Астаны, UTC+5)"}[lang]
    assert text == expected


@pytest.mark.parametrize("pid, status", [("2026-akmola-01", "open"), ("2026-akmola-02", "planned"),
                                         ("2026-akmola-03", "planned"), ("2026-akmola-04", "none")])
def test_each_priority_page_has_a_badge_with_its_status_at_build_time(site, pid, status):
    for lang in ("kk", "ru"):
        [badge] = html(site, f"{lang}/p/{pid}").xpath("//header//*[contains(@class, 'call-status')]")
        assert shown_status(badge) == (status, STRINGS[lang][f"calls.status.{status}"])


def test_a_priority_without_calls_says_none_is_announced_not_closed(site):
    page = html(site, "ru/p/2026-akmola-04")
    assert "Конкурс пока не объявлен" in page.text_content()
    assert "Прием заявок завершен" not in page.text_content()


def test_the_list_page_badge_sums_up_all_its_calls(site):
    [badge] = html(site, "kk/list/2026/akmola").xpath("//header//*[contains(@class, 'call-status')]")
    assert shown_status(badge) == ("open", STRINGS["kk"]["calls.status.open"])


def test_every_home_card_has_a_badge_and_the_windows_calls_js_needs(site):
    cards = html(site, "ru/").xpath("//ol[@id='priority-list']/li")
    assert all(card.xpath(".//*[contains(@class, 'call-status')]") for card in cards)
    windows = {card.xpath(".//h3/a/@href")[0]: card.get("data-calls") for card in cards}
    assert windows["p/2026-akmola-02/"] == "2026-02-20T09:00:00+05:00/2026-03-13T18:00:00+05:00"
    assert windows["p/2026-akmola-04/"] is None


def test_home_puts_priorities_open_for_applications_first(site):
    data = SiteData(check_content(CALLS_CONTENT).catalogue, load_vocabularies(), now=CLOCK)
    assert [p.number for p in data.by_calls(data.priorities)] == [2, 1, 3, 4]  # closing, open, planned, none


def test_the_calls_page_is_in_the_main_navigation_of_every_page(site):
    for path in ("kk/", "ru/p/2026-akmola-01/", "ru/downloads/"):
        nav = lxml.html.fromstring((site / path / "index.html").read_bytes()).xpath("//nav[@class='main-nav']//a/@href")
        assert any(link.endswith("calls/") for link in nav), path


def test_the_calls_pages_run_no_inline_script_and_link_only_relatively(site):
    for path in ("ru/calls", "kk/calls", "ru/p/2026-akmola-02", "ru/list/2026/akmola", "ru"):
        page = html(site, path)
        inline = [s for s in page.xpath("//script[not(@src)]") if s.get("type") != "application/ld+json"]
        assert inline == [] and page.xpath("//@*[starts-with(name(), 'on')]") == []
        assert "static/calls.js" in " ".join(page.xpath("//script/@src"))
        assert [h for h in page.xpath("//a/@href") if h.startswith("/")] == []


# ---- the shipped content: no call recorded yet -----------------------------------------------

@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_shipped_site_says_no_call_is_announced_yet_and_never_closed(built_site, lang):
    for path in (f"{lang}/calls", f"{lang}/list/2026/akmola", f"{lang}/p/2026-akmola-01", lang):
        badges = html(built_site, path).xpath("//*[contains(@class, 'call-status')][not(ancestor::dl[@class='call-legend'])]")
        assert badges and {shown_status(b) for b in badges} == {("none", STRINGS[lang]["calls.status.none"])}, path
    listed = html(built_site, f"{lang}/calls").xpath("//section[@aria-labelledby='none-h']//a/@href")
    assert listed == ["../list/2026/akmola/"]


def test_the_shipped_calendar_and_feeds_are_valid_and_empty(built_site):
    for lang in ("kk", "ru"):
        assert calendar(built_site, f"{lang}/calls.ics").walk("VEVENT") == []
        assert ET.parse(built_site / lang / "calls.xml").getroot().findall(f"{ATOM}entry") == []


# ---- iCalendar --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_calendar_has_one_event_per_call_spanning_its_window_in_utc(site, lang):
    checked = check_content(CALLS_CONTENT)
    events = {str(e["UID"]): e for e in calendar(site, f"{lang}/calls.ics").walk("VEVENT")}
    assert set(events) == {f"{c.id}@example.org" for c in checked.catalogue.calls}
    for c in checked.catalogue.calls:
        event = events[f"{c.id}@example.org"]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert (start, end) == (c.opens, c.closes)
        assert start.utcoffset().total_seconds() == 0  # written in UTC: no time-zone table needed
        assert event.decoded("DTSTAMP") <= start.astimezone(ALMATY)


@pytest.mark.parametrize("lang, summary", [("kk", "Грантқа өтінім қабылдау: Ақмола облысы, 2026, № 2"),
                                           ("ru", "Прием заявок на грант: Акмолинская область, 2026, № 2")])
def test_a_calendar_event_is_titled_in_its_language(site, lang, summary):
    event = next(e for e in calendar(site, f"{lang}/calls.ics").walk("VEVENT")
                 if str(e["UID"]).startswith("2026-akmola-02-call-1@"))
    assert str(event["SUMMARY"]) == summary
    assert event["SUMMARY"].params["LANGUAGE"] == lang
    assert str(event["URL"]) == "https://example.org/akmola/konkurs-02"


def test_a_calendar_event_reminds_a_day_before_the_deadline(site):
    event = calendar(site, "ru/calls.ics").walk("VEVENT")[0]
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY" and alarm["TRIGGER"].params["RELATED"] == "END"
    assert alarm.decoded("TRIGGER").total_seconds() == -24 * 3600


def test_a_list_calls_event_lists_its_priorities_and_links_the_calls_page(site):
    event = next(e for e in calendar(site, "ru/calls.ics").walk("VEVENT")
                 if str(e["UID"]).startswith("2026-akmola-call-2@"))
    description = str(event["DESCRIPTION"])
    assert "№ 1. Организация мероприятий, направленных на формирование антикоррупционной культуры" in description
    assert description.endswith(f"{BASE_URL}ru/calls/#2026-akmola-call-2")


def test_the_calendar_without_a_language_is_the_kazakh_one(site):
    assert (site / "calls.ics").read_bytes() == (site / "kk" / "calls.ics").read_bytes()


def test_calendar_lines_end_in_crlf_and_are_folded_at_75_octets(site):
    raw = (site / "ru" / "calls.ics").read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the long Cyrillic lines were folded
    raw.decode("utf-8")  # never cut inside a character


def test_the_calendar_is_the_same_whenever_the_site_is_built(site, tmp_path):
    """UIDs, stamps and times come from content: a build a month later gives the same bytes."""
    checked = check_content(CALLS_CONTENT)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", epoch(CLOCK))
        config = pipeline.Config(content=CALLS_CONTENT, out=tmp_path / "later", base_url=BASE_URL)
        with output.staging(config.out) as later:
            render.render_site(checked, load_vocabularies(), later, config, [])
    for path in ("calls.ics", "ru/calls.ics", "ru/calls.xml"):
        assert (tmp_path / "later" / path).read_bytes() == (site / path).read_bytes(), path
    assert (tmp_path / "later/ru/calls/index.html").read_bytes() != (site / "ru/calls/index.html").read_bytes()


# ---- Atom ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_calls_feed_is_valid_atom_with_the_latest_opening_first(site, lang):
    root = ET.parse(site / lang / "calls.xml").getroot()
    assert root.tag == f"{ATOM}feed" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    ids = [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
    assert ids == [f"{BASE_URL}{lang}/calls/#{cid}" for cid in
                   ("2026-akmola-03-call-1", "2026-akmola-call-2", "2026-akmola-02-call-1", "2026-akmola-call-1")]
    for entry in root.findall(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}author/{ATOM}name")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.findtext(f"{ATOM}updated"))
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{BASE_URL}{lang}/calls.xml"


def test_a_feed_entry_is_dated_by_its_announcement(site):
    root = ET.parse(site / "ru" / "calls.xml").getroot()
    entry = next(e for e in root.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}id").endswith("#2026-akmola-call-2"))
    assert entry.findtext(f"{ATOM}updated") == "2026-02-24T19:00:00Z"  # 25 February, 00:00 in Astana
    assert entry.findtext(f"{ATOM}title") == "Прием заявок: Акмолинская область, 2026"


# ---- the data package ---------------------------------------------------------------------------

def test_the_calls_table_is_published_as_csv_and_json(site):
    rows = list(csv.DictReader(io.StringIO((site / "data/calls.csv").read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == list(AT_BUILT)
    assert rows[0]["opens"] == "2026-02-01T09:00:00+05:00" and rows[0]["priority_id"] == ""
    assert json.loads((site / "data/calls.json").read_bytes())[2]["priority_ids"] == "2026-akmola-02"


def test_the_package_with_calls_is_valid_for_frictionless(site):
    done = subprocess.run([str(FRICTIONLESS), "validate", "--json", "data/datapackage.json"], cwd=site,
                          capture_output=True, text=True, timeout=300)
    report = json.loads(done.stdout)
    assert report["valid"], [e["message"] for t in report["tasks"] for e in t["errors"]]
    assert "calls" in {t["name"] for t in report["tasks"]}


def test_the_database_and_the_workbook_hold_the_calls(site):
    con = sqlite3.connect(site / "data/grant-priorities.sqlite")
    assert con.execute("SELECT closes FROM calls WHERE id = '2026-akmola-02-call-1'").fetchone() == (
        "2026-03-13T18:00:00+05:00",)
    sheet = openpyxl.load_workbook(site / "data/grant-priorities.xlsx")["calls"]
    header = [c.value for c in sheet[1]]
    closes = sheet.cell(row=4, column=header.index("closes") + 1)
    assert closes.value.isoformat() == "2026-03-13T18:00:00" and closes.number_format == "yyyy-mm-dd hh:mm"


def test_a_priority_record_carries_its_calls(site):
    record = json.loads((site / "data/p/2026-akmola-01.json").read_bytes())
    assert [c["id"] for c in record["calls"]] == ["2026-akmola-call-1", "2026-akmola-call-2"]
    assert json.loads((site / "data/p/2026-akmola-04.json").read_bytes())["calls"] == []
