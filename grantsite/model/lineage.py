"""The editions of a list in order, the changes between consecutive ones, and a priority followed through them.

The list folder is the current edition; each earlier edition is a snapshot dated by its approving order.
Priorities are followed from edition to edition the way changes.pairs pairs them, so a priority keeps its
history when the amendment renumbered it or reworded its direction.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from .changes import Change, compare, normalised, pairs
from .records import LANGS, Priority, PriorityList


@dataclass(frozen=True)
class Edition:
    """One edition of a list: the list as that edition approved it, and whether it is still in force."""

    list: PriorityList
    current: bool
    number: int  # 1 for the first edition

    @property
    def date(self) -> dt.date | None:
        return self.list.approval.date

    @property
    def slug(self) -> str:
        """The folder of an earlier edition (editions/YYYY-MM-DD/); '' for the current one."""
        return "" if self.current or self.date is None else self.date.isoformat()


@dataclass(frozen=True)
class Amendment:
    """What one edition changed in the one before it."""

    before: Edition
    after: Edition
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Step:
    """A priority in one edition of its list, and what that edition changed in it (empty in the first one)."""

    edition: Edition
    priority: Priority
    changes: tuple[Change, ...]


def editions(current: PriorityList, earlier) -> tuple[Edition, ...]:
    """Every edition of a list, the first one first; earlier is its earlier editions, oldest first."""
    chain = [lst for lst in earlier] + [current]
    return tuple(Edition(lst, lst is current, n) for n, lst in enumerate(chain, 1))


def amendments(chain: tuple[Edition, ...]) -> tuple[Amendment, ...]:
    """The changes each edition made, the newest amendment first."""
    return tuple(Amendment(a, b, compare(a.list, b.list)) for a, b in reversed(list(zip(chain, chain[1:]))))


def history(chain: tuple[Edition, ...], priority_id: str) -> tuple[Step, ...]:
    """A priority of the current edition followed back to the edition that added it, the first edition first."""
    current = next((p for p in chain[-1].list.priorities if p.id == priority_id), None) if chain else None
    if current is None:
        return ()
    steps, p = [], current
    for before, after in reversed(list(zip(chain, chain[1:]))):
        made = tuple(c for c in compare(before.list, after.list) if c.priority_id == p.id and c.kind != "withdrawn")
        steps.append(Step(after, p, made))
        earlier = next((a for a, b in pairs(before.list, after.list)[0] if b is p), None)
        if earlier is None:
            break
        p = earlier
    else:
        steps.append(Step(chain[0], p, ()))
    return tuple(reversed(steps))


def successors(chain: tuple[Edition, ...], edition: Edition) -> dict[str, Priority]:
    """Priority id in an earlier edition → the same priority in the current edition (absent: withdrawn since)."""
    at = chain.index(edition)
    followed = {p.id: p for p in edition.list.priorities}
    for before, after in zip(chain[at:], chain[at + 1:]):
        later = {id(a): b for a, b in pairs(before.list, after.list)[0]}
        followed = {pid: later[id(p)] for pid, p in followed.items() if id(p) in later}
    return followed


@dataclass(frozen=True)
class Direction:
    """One direction of an issuer followed across the years: the same normalised text in each year's list."""

    priorities: tuple[Priority, ...]  # one a year at most, the earliest year first

    @cached_property
    def years(self) -> tuple[int, ...]:
        return tuple(p.year for p in self.priorities)

    def in_year(self, year: int) -> Priority | None:
        return next((p for p in self.priorities if p.year == year), None)


@dataclass(frozen=True)
class YearOnYear:
    """The directions a year's list has that the list of the year before did not, and those it dropped."""

    year: int
    before: int
    new: tuple[Direction, ...]
    discontinued: tuple[Direction, ...]


def directions(lists) -> tuple[Direction, ...]:
    """The directions of one issuer's lists, matched across years by their normalised text in either language
    (a direction that appears twice in one year's list is followed once, by its first appearance)."""
    found: list[list[Priority]] = []
    by_text: dict[tuple[str, str], int] = {}
    for lst in sorted(lists, key=lambda lst: lst.year):
        for p in lst.priorities:
            keys = [(lang, normalised(p.direction.get(lang))) for lang in LANGS if p.direction.get(lang)]
            at = next((by_text[k] for k in keys if k in by_text), None)
            if at is None:
                found.append([p])
                at = len(found) - 1
            elif found[at][-1].year != p.year:
                found[at].append(p)
            for k in keys:
                by_text.setdefault(k, at)
    return tuple(Direction(tuple(ps)) for ps in found)


def year_on_year(found: tuple[Direction, ...], years) -> tuple[YearOnYear, ...]:
    """For each year after an issuer's first, what its list added and dropped against the year before; newest first."""
    years = sorted(set(years))
    out = []
    for before, year in zip(years, years[1:]):
        new = tuple(d for d in found if year in d.years and before not in d.years)
        gone = tuple(d for d in found if before in d.years and year not in d.years)
        out.append(YearOnYear(year, before, new, gone))
    return tuple(reversed(out))
