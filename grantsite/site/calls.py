"""Calls for applications for calendars and feed readers: an iCalendar file and an Atom feed per language.

/{lang}/calls.ics holds one event per call, spanning its application window (DTSTART/DTEND in UTC, so no
time-zone table is needed) with a reminder a day before it closes; /calls.ics is the Kazakh one, for the
address the site gives without a language.  /{lang}/calls.xml lists the calls, latest opening first.
Every date comes from content, never from the clock, so both files are the same in every build.
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar

from ..model import ALMATY, Call
from .feeds import Entry, Feed
from .i18n import LANGS, Strings
from .pages import SiteData
from .paths import calls_path, other


def write_calls(site, env, data: SiteData, strings: dict) -> None:
    """Write /calls.ics, /{lang}/calls.ics and /{lang}/calls.xml into the staging folder."""
    for lang in LANGS:
        t = Strings(lang, strings[lang])
        calendar = ics(data, lang, t)
        site.write(f"{lang}/calls.ics", calendar)
        if lang == "kk":
            site.write("calls.ics", calendar)
        site.write(f"{lang}/calls.xml", env.get_template("feed.xml").render(feed=atom(data, lang, t)))


# ---- words shared by both files ---------------------------------------------------------------

def _text(text, lang: str) -> str:
    return text.get(lang) or text.get(other(lang)) or ""


def offset_label(moment: dt.datetime) -> str:
    """The UTC offset of a moment as people write it: 'UTC+5', 'UTC+5:30'."""
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    return f"UTC{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


def when(moment: dt.datetime, t: Strings) -> str:
    """'2026 жылғы 2 наурыз, 09:00' / '2 марта 2026 г., 09:00' (Astana time)."""
    local = moment.astimezone(ALMATY)
    return f"{t.date(local.date())}, {local:%H:%M}"


def window(call: Call, t: Strings) -> str:
    """The application window in words, with its time zone."""
    return t("calls.window", opens=when(call.opens, t), closes=when(call.closes, t),
             zone=t("calls.zone", offset=offset_label(call.closes.astimezone(ALMATY))))


def scope(call: Call, data: SiteData, lang: str) -> str:
    """Whose call it is, briefly: 'Ақмола облысы, 2026' or, for one priority, 'Ақмола облысы, 2026, № 2'."""
    lst = data.lists[call.list_id]
    term = data.vocab.territories.get(lst.issuer.territory)
    where = term.label(lang) if term else _text(lst.issuer.name, lang)
    if call.priority_id and call.priority_id in data.by_id:
        return f"{where}, {lst.year}, № {data.by_id[call.priority_id].number}"
    return f"{where}, {lst.year}"


def _directions(call: Call, data: SiteData, lang: str) -> list[str]:
    return [f"№ {p.number}. {_text(p.direction, lang)}" for p in (data.by_id[i] for i in call.priority_ids
                                                                   if i in data.by_id)]


# ---- iCalendar --------------------------------------------------------------------------------

def _stamp(call: Call) -> dt.datetime:
    # DTSTAMP must be there; the announcement (or the opening) keeps it the same in every build
    if call.announced:
        return dt.datetime.combine(call.announced, dt.time(0, 0), tzinfo=ALMATY).astimezone(dt.timezone.utc)
    return call.opens.astimezone(dt.timezone.utc)


def _event(call: Call, data: SiteData, lang: str, t: Strings) -> icalendar.Event:
    page = f"{data.base_url}{calls_path(lang)}#{call.id}"
    about = [window(call, t)]
    if call.url:
        about.append(f"{t('calls.announcement')}: {call.url}")
    directions = _directions(call, data, lang)
    if directions:
        about += [f"{t('calls.directions')}:", *directions]
    if call.note:
        about.append(_text(call.note, lang))
    about.append(page)
    in_lang = {"LANGUAGE": lang}
    event = icalendar.Event()
    event.add("uid", f"{call.id}@{urlsplit(data.base_url).hostname or 'grantsite'}")
    event.add("dtstamp", _stamp(call))
    event.add("dtstart", call.opens.astimezone(dt.timezone.utc))
    event.add("dtend", call.closes.astimezone(dt.timezone.utc))
    event.add("summary", t("calls.ics_summary", scope=scope(call, data, lang)), parameters=in_lang)
    event.add("description", "\n".join(about), parameters=in_lang)
    event.add("url", call.url or page)
    event.add("transp", "TRANSPARENT")  # a window of weeks must not mark the reader busy
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", dt.timedelta(days=-1), parameters={"RELATED": "END"})
    alarm.add("description", t("calls.ics_alarm", scope=scope(call, data, lang)))
    event.add_component(alarm)
    return event


def ics(data: SiteData, lang: str, t: Strings) -> str:
    """Every call as an iCalendar event in one language, earliest first."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//grantsite//NGO state-grant calls//{lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", t("calls.ics_name"))
    calendar.add("x-wr-timezone", "Asia/Almaty")
    for call in sorted(data.catalogue.calls, key=lambda c: (c.opens, c.id)):
        calendar.add_component(_event(call, data, lang, t))
    return calendar.to_ical().decode("utf-8")


# ---- Atom ---------------------------------------------------------------------------------------

def _atom_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom(data: SiteData, lang: str, t: Strings) -> Feed:
    """The calls as an Atom feed in one language, the latest to open first."""
    entries = []
    for call in sorted(data.catalogue.calls, key=lambda c: (c.opens, c.id), reverse=True):
        lst = data.lists[call.list_id]
        summary = " ".join(part for part in (window(call, t), _text(call.note, lang)) if part)
        published = dt.datetime.combine(call.announced, dt.time(0, 0), tzinfo=ALMATY) if call.announced else call.opens
        entries.append(Entry(f"{data.base_url}{calls_path(lang)}#{call.id}",
                             t("calls.feed_entry", scope=scope(call, data, lang)), summary,
                             _text(lst.issuer.name, lang), _atom_time(published)))
    updated = max((e.updated for e in entries), default="1970-01-01T00:00:00Z")
    return Feed(lang, t("calls.feed_title"), f"{data.base_url}{lang}/calls.xml",
                f"{data.base_url}{calls_path(lang)}", updated, tuple(entries))
