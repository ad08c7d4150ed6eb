"""A call for applications at a moment: its status, and what a badge shows of several calls.

Status at a moment `now`: planned (before the window opens), open, closing (open, and it closes within
CLOSING_SOON), closed (from the closing minute on); a priority without calls has none.  The HTML carries
the status at build time only as the no-JavaScript fallback: templates/static/calls.js applies the same
rules to the reader's clock, so a site built in January is still right in March.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .records import Call

ALMATY = ZoneInfo("Asia/Almaty")  # the whole of Kazakhstan keeps this time (UTC+5) since 1 March 2024
CLOSING_SOON = dt.timedelta(days=7)

def build_now(environ=os.environ) -> dt.datetime:
    """The moment the HTML's fallback statuses are computed for: SOURCE_DATE_EPOCH when set, else the clock."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).astimezone(ALMATY)
    return dt.datetime.now(ALMATY)


def status(call: Call, now: dt.datetime) -> str:
    """planned | open | closing | closed, for one call at one moment (the same rules as calls.js)."""
    if now < call.opens:
        return "planned"
    if now >= call.closes:
        return "closed"
    return "closing" if call.closes - now <= CLOSING_SOON else "open"


@dataclass(frozen=True)
class Headline:
    """What a badge shows for some calls at one moment: the status that matters most, and its call."""

    status: str
    call: Call | None
    rank: tuple  # sorts the most useful first: open (closing soonest), planned (opening soonest), closed, none


def headline(calls, now: dt.datetime) -> Headline:
    """Open calls before planned ones before closed ones; within each, the one whose date is nearest."""
    states = [(status(c, now), c) for c in calls]
    open_ = sorted((c for s, c in states if s in ("open", "closing")), key=lambda c: c.closes)
    if open_:
        return Headline(status(open_[0], now), open_[0], (0, open_[0].closes.timestamp()))
    planned = sorted((c for s, c in states if s == "planned"), key=lambda c: c.opens)
    if planned:
        return Headline("planned", planned[0], (1, planned[0].opens.timestamp()))
    closed = sorted((c for s, c in states if s == "closed"), key=lambda c: c.closes, reverse=True)
    if closed:
        return Headline("closed", closed[0], (2, -closed[0].closes.timestamp()))
    return Headline("none", None, (3, 0.0))


def windows(calls) -> str:
    """The windows as calls.js reads them (data-calls): 'OPENS/CLOSES' in ISO 8601, separated by spaces."""
    return " ".join(f"{c.opens.isoformat()}/{c.closes.isoformat()}" for c in calls)
