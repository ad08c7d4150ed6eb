"""What the tests of calls share: the fixture content (tests/fixtures/calls) and the two moments its dates
are set against: BUILT, when the site is built (SOURCE_DATE_EPOCH), and CLOCK, when a reader looks at it."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from grantsite.model import ALMATY

CALLS_CONTENT = Path(__file__).resolve().parent / "fixtures" / "calls"
BUILT = dt.datetime(2026, 2, 10, 12, 0, tzinfo=ALMATY)
CLOCK = dt.datetime(2026, 3, 10, 12, 0, tzinfo=ALMATY)

# call id → its status at BUILT (in the HTML, the no-JavaScript fallback) and at CLOCK (what the reader sees)
AT_BUILT = {"2026-akmola-call-1": "open", "2026-akmola-call-2": "planned", "2026-akmola-02-call-1": "planned",
            "2026-akmola-03-call-1": "planned"}
AT_CLOCK = {"2026-akmola-call-1": "closed", "2026-akmola-call-2": "open", "2026-akmola-02-call-1": "closing",
            "2026-akmola-03-call-1": "planned"}
# priority id → the status its badge shows at CLOCK (04 records `calls: []`)
PRIORITIES_AT_CLOCK = {"2026-akmola-01": "open", "2026-akmola-02": "closing", "2026-akmola-03": "planned",
                       "2026-akmola-04": "none"}


def epoch(moment: dt.datetime) -> str:
    """A moment as SOURCE_DATE_EPOCH gives it."""
    return str(int(moment.timestamp()))
