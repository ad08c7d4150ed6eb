"""Calls for applications: how content times are read, which priorities a call reaches, and the status rules
(planned / open / closing within 7 days / closed / none) that the HTML fallback and calls.js both follow."""
from __future__ import annotations

import datetime as dt

import pytest
from calls_support import AT_BUILT, AT_CLOCK, BUILT, CALLS_CONTENT, CLOCK, PRIORITIES_AT_CLOCK, epoch

from grantsite import pipeline
from grantsite.check import check_content
from grantsite.check.calls import parse_day, parse_when
from grantsite.model import ALMATY, Call, Text, build_now, headline, status, windows

OPENS = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ALMATY)
CLOSES = dt.datetime(2026, 3, 31, 18, 0, tzinfo=ALMATY)


def call(opens=OPENS, closes=CLOSES, cid="2026-akmola-call-1") -> Call:
    return Call(cid, "2026-akmola", None, None, opens, closes, None, Text(), ("2026-akmola-01",))


@pytest.fixture(scope="module")
def fixture_checked():
    checked = check_content(CALLS_CONTENT)
    assert checked.ok, [str(p) for p in checked.problems]
    return checked


# ---- reading times --------------------------------------------------------------------------

def test_kazakhstan_time_is_utc_plus_five_in_2026():
    assert OPENS.utcoffset() == dt.timedelta(hours=5)


def test_a_time_without_an_offset_is_astana_time():
    assert parse_when("2026-03-02 09:00") == OPENS
    assert parse_when("2026-03-02 09:00").isoformat() == "2026-03-02T09:00:00+05:00"


@pytest.mark.parametrize("written", ["2026-03-02T09:00", "2026-03-02 09:00:00", "2026-3-2 9:00",
                                     "2026-03-02T04:00:00Z", "2026-03-02T10:00+06:00",
                                     dt.datetime(2026, 3, 2, 9, 0)])
def test_other_spellings_of_the_same_moment_are_read_alike(written):
    assert parse_when(written) == OPENS and parse_when(written).utcoffset() == dt.timedelta(hours=5)


@pytest.mark.parametrize("written, why", [("2026-02-30 09:00", "not a real date and time"),
                                          ("2026-03-02 25:00", "not a real date and time"),
                                          (dt.date(2026, 3, 2), "a date without a time"),
                                          ("2026-03-02", "not a date and time written as"),
                                          ("2 марта 2026, 09:00", "not a date and time written as")])
def test_a_time_that_cannot_be_read_says_why(written, why):
    with pytest.raises(ValueError, match=why):
        parse_when(written)


def test_an_announcement_date_is_a_plain_date():
    assert parse_day("2026-02-25") == parse_day(dt.date(2026, 2, 25)) == dt.date(2026, 2, 25)
    with pytest.raises(ValueError, match="not a real date"):
        parse_day("2026-02-30")


# ---- status ---------------------------------------------------------------------------------

@pytest.mark.parametrize("now, expected", [
    (OPENS - dt.timedelta(seconds=1), "planned"),
    (OPENS, "open"),  # from the opening minute on
    (CLOSES - dt.timedelta(days=7, seconds=1), "open"),
    (CLOSES - dt.timedelta(days=7), "closing"),  # exactly seven days before it closes
    (CLOSES - dt.timedelta(seconds=1), "closing"),
    (CLOSES, "closed"),  # the closing minute itself is too late
])
def test_status_at_the_edges_of_the_window(now, expected):
    assert status(call(), now) == expected


def test_status_compares_instants_not_wall_clocks():
    reader_in_london = dt.datetime(2026, 3, 31, 12, 59, tzinfo=dt.timezone.utc)  # 17:59 in Astana
    assert status(call(), reader_in_london) == "closing"
    assert status(call(), reader_in_london + dt.timedelta(minutes=1)) == "closed"


def test_no_calls_is_none_not_closed():
    assert headline((), CLOCK).status == "none"


def test_an_open_call_outweighs_planned_and_closed_ones():
    closed = call(OPENS - dt.timedelta(days=60), OPENS - dt.timedelta(days=30), "a")
    planned = call(CLOSES + dt.timedelta(days=1), CLOSES + dt.timedelta(days=20), "b")
    assert headline((closed, planned, call()), CLOCK).call.id == "2026-akmola-call-1"
    assert headline((closed, planned), CLOCK).status == "planned"
    assert headline((closed,), CLOCK).status == "closed"


def test_of_two_open_calls_the_one_closing_first_is_shown():
    soon = call(OPENS, CLOCK + dt.timedelta(days=2), "soon")
    assert headline((call(), soon), CLOCK).call.id == "soon"
    assert headline((call(), soon), CLOCK).status == "closing"


def test_ranks_put_open_before_planned_before_closed_before_none():
    closed = call(OPENS - dt.timedelta(days=60), OPENS - dt.timedelta(days=30), "closed")
    planned = call(CLOSES + dt.timedelta(days=1), CLOSES + dt.timedelta(days=20), "planned")
    found = sorted([(), (closed,), (planned,), (call(),)], key=lambda c: headline(c, CLOCK).rank)
    assert [headline(c, CLOCK).status for c in found] == ["open", "planned", "closed", "none"]


def test_windows_are_written_for_the_browser_with_their_offset():
    assert windows((call(),)) == "2026-03-02T09:00:00+05:00/2026-03-31T18:00:00+05:00"


def test_the_build_moment_is_source_date_epoch_when_set():
    assert build_now({"SOURCE_DATE_EPOCH": epoch(BUILT)}) == BUILT
    assert build_now({"SOURCE_DATE_EPOCH": epoch(BUILT)}).utcoffset() == dt.timedelta(hours=5)


def test_the_build_moment_is_the_clock_without_source_date_epoch():
    before = dt.datetime.now(dt.timezone.utc)
    assert before <= build_now({}) <= dt.datetime.now(dt.timezone.utc)


# ---- content → calls table → model ----------------------------------------------------------

def test_every_call_of_the_fixture_is_a_row_with_a_derived_id(fixture_checked):
    assert [r["id"] for r in fixture_checked.tables["calls"]] == [
        "2026-akmola-call-1", "2026-akmola-call-2", "2026-akmola-02-call-1", "2026-akmola-03-call-1"]


def test_a_row_carries_the_window_as_iso_8601_in_astana_time(fixture_checked):
    row = next(r for r in fixture_checked.tables["calls"] if r["id"] == "2026-akmola-call-2")
    assert (row["opens"], row["closes"]) == ("2026-03-02T09:00:00+05:00", "2026-03-31T18:00:00+05:00")
    assert row["announced"] == dt.date(2026, 2, 25)
    assert (row["list_id"], row["priority_id"], row["position"]) == ("2026-akmola", None, 2)
    assert row["url"] == "https://example.org/akmola/konkurs-2026-2"
    assert (row["note_kk"], row["note_ru"]) == ("Екінші кезең.", "Второй этап.")


def test_a_list_call_reaches_only_priorities_without_calls_of_their_own(fixture_checked):
    rows = {r["id"]: r for r in fixture_checked.tables["calls"]}
    assert rows["2026-akmola-call-1"]["priority_ids"] == "2026-akmola-01"  # 02, 03 have their own; 04 has []
    assert rows["2026-akmola-02-call-1"]["priority_ids"] == "2026-akmola-02"


def test_without_calls_in_its_files_a_list_call_reaches_every_priority(content_tree):
    path = content_tree.root / "2026/akmola/list.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "calls: []", "calls:\n- opens: 2026-03-02 09:00\n  closes: 2026-03-31 18:00"), encoding="utf-8")
    [row] = check_content(content_tree.root).tables["calls"]
    assert row["priority_ids"] == "2026-akmola-01; 2026-akmola-02; 2026-akmola-03; 2026-akmola-04"


def test_the_model_gives_each_priority_its_calls(fixture_checked):
    calls_of = {p.id: [c.id for c in p.calls] for p in fixture_checked.catalogue.priorities}
    assert calls_of == {"2026-akmola-01": ["2026-akmola-call-1", "2026-akmola-call-2"],
                        "2026-akmola-02": ["2026-akmola-02-call-1"], "2026-akmola-03": ["2026-akmola-03-call-1"],
                        "2026-akmola-04": []}


def test_the_list_holds_every_call_of_its_priorities_earliest_first(fixture_checked):
    [lst] = fixture_checked.catalogue.lists
    assert [c.id for c in lst.calls] == ["2026-akmola-call-1", "2026-akmola-02-call-1", "2026-akmola-call-2",
                                         "2026-akmola-03-call-1"]


def test_the_fixture_gives_each_status_at_the_readers_clock(fixture_checked):
    found = {c.id: status(c, CLOCK) for c in fixture_checked.catalogue.calls}
    assert found == AT_CLOCK
    assert {p.id: headline(p.calls, CLOCK).status for p in fixture_checked.catalogue.priorities} == PRIORITIES_AT_CLOCK


def test_the_fixture_gives_other_statuses_at_build_time(fixture_checked):
    assert {c.id: status(c, BUILT) for c in fixture_checked.catalogue.calls} == AT_BUILT


def test_the_shipped_akmola_list_records_that_no_call_is_announced_yet(checked):
    assert "calls: []" in (pipeline.ROOT / "content/2026/akmola/list.yaml").read_text(encoding="utf-8")
    assert checked.tables["calls"] == []
    assert {headline(p.calls, CLOCK).status for p in checked.catalogue.priorities} == {"none"}
