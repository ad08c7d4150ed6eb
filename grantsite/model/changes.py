"""What changed between two editions of a list, field by field: computed from the model, never typed.

An issuer amends its list by an order («... тізбесіне өзгерістер енгізу туралы»): a figure corrected, a
priority added or withdrawn, a text reworded.  The priorities of two editions are paired first by number
and direction together, then by direction alone (the numbers shifted), then by number alone when the
directions are still alike (the direction was reworded).  A number whose direction is nothing like the
earlier one was reused for another priority: the earlier one is withdrawn and the new one added.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from .records import LANGS, Indicator, Priority, PriorityList, Text

ALIKE = 0.5  # share of words two directions have in common in order (difflib's ratio) to be one reworded
WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Change:
    """One changed field of one priority between two editions (one row of the published changes table)."""

    list_id: str
    priority_id: str  # the id in the later edition; in the earlier one for a withdrawn priority
    edition_from: dt.date | None  # None: the edition's approval date is not known
    edition_to: dt.date | None
    kind: str  # added | withdrawn | renumbered | area | funding | grant | territory | text
    field: str | None = None  # direction, problem, indicators[2], funding.amount, grant.type …
    lang: str | None = None  # kk | ru, for a text
    old: str | None = None
    new: str | None = None
    difference: float | None = None  # new − old, for funding


def change_id(change: Change, n: int) -> str:
    """The id of the n-th change (from 1) between two editions: the list, the two editions' dates and n."""
    since = change.edition_from.isoformat() if change.edition_from else "undated"
    until = change.edition_to.isoformat() if change.edition_to else "current"
    return f"{change.list_id}-{since}-{until}-{n}"


def normalised(text: str | None) -> str:
    """A direction as compared across editions and years: case, spacing and closing punctuation aside."""
    return " ".join((text or "").casefold().split()).rstrip(" .;:")


def word_diff(old: str | None, new: str | None) -> tuple[tuple[str, str], ...]:
    """The words of old and new as (equal | delete | insert, text) runs, in reading order."""
    before, after = WORD.findall(old or ""), WORD.findall(new or "")
    runs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op in ("equal", "delete", "replace"):
            runs.append(("equal" if op == "equal" else "delete", " ".join(before[i1:i2])))
        if op in ("insert", "replace"):
            runs.append(("insert", " ".join(after[j1:j2])))
    return tuple(runs)


Pairs = tuple[list[tuple[Priority, Priority]], list[Priority], list[Priority]]


def pairs(old: PriorityList, new: PriorityList) -> Pairs:
    """(the priorities of both editions paired, those only in the earlier one, those only in the later one)."""
    before, after = list(old.priorities), list(new.priorities)
    paired = []
    for same in (_same_number_and_direction, _same_direction, _reworded):
        for p in list(before):
            match = next((q for q in after if same(p, q)), None)
            if match is not None:
                paired.append((p, match))
                before.remove(p)
                after.remove(match)
    return sorted(paired, key=lambda pq: pq[1].number), before, after


def reused_numbers(old: PriorityList, new: PriorityList) -> list[tuple[Priority, Priority]]:
    """(earlier, later) priorities that carry the same number for directions that are nothing alike."""
    _, withdrawn, added = pairs(old, new)
    return [(p, q) for p in withdrawn for q in added if p.number == q.number]


def compare(old: PriorityList, new: PriorityList) -> tuple[Change, ...]:
    """Every change from the earlier edition of a list to the later one, in the later edition's order."""
    edition = (old.approval.date, new.approval.date)
    paired, withdrawn, added = pairs(old, new)
    changes = [Change(new.id, p.id, *edition, "withdrawn", old=_direction(p)) for p in withdrawn]
    changes += [Change(new.id, q.id, *edition, "added", new=_direction(q)) for q in added]
    for p, q in paired:
        changes += _priority_changes(p, q, edition)
    return tuple(sorted(changes, key=_order))


def _order(change: Change) -> tuple:
    return (change.priority_id, change.kind not in ("added", "withdrawn"), change.field or "", change.lang or "")


def _priority_changes(p: Priority, q: Priority, edition: tuple) -> list[Change]:
    def change(kind, field, old, new, lang=None, difference=None):
        return Change(q.list_id, q.id, *edition, kind, field, lang, old, new, difference)

    found = []
    if p.number != q.number:
        found.append(change("renumbered", "number", str(p.number), str(q.number)))
    if p.area != q.area:
        found.append(change("area", "area", p.area, q.area))
    if p.funding.amount != q.funding.amount:
        found.append(change("funding", "funding.amount", _amount(p.funding.amount), _amount(q.funding.amount),
                            difference=round(q.funding.amount - p.funding.amount, 1)))
    for name in ("type", "count"):
        if getattr(p.grant, name) != getattr(q.grant, name):
            found.append(change("grant", f"grant.{name}", str(getattr(p.grant, name)), str(getattr(q.grant, name))))
    if (p.grant.start_year, p.grant.end_year) != (q.grant.start_year, q.grant.end_year):
        found.append(change("grant", "grant.years", _years(p), _years(q)))
    if p.territory != q.territory:
        found.append(change("territory", "territory", p.territory, q.territory))
    for field, before, after in _texts(p, q):
        for lang in LANGS:
            if (before.get(lang) or "") != (after.get(lang) or ""):
                found.append(change("text", field, before.get(lang), after.get(lang), lang=lang))
    return found


def _texts(p: Priority, q: Priority):
    """(field, earlier text, later text) of every text of a pair, indicators and results item by item."""
    yield "direction", p.direction, q.direction
    yield "problem", p.problem, q.problem
    for name in ("indicators", "results"):
        before, after = _items(getattr(p, name)), _items(getattr(q, name))
        for position in sorted(before.keys() | after.keys()):
            yield f"{name}[{position}]", before.get(position, Text()), after.get(position, Text())
    yield "material_base", p.material_base, q.material_base


def _items(entries: tuple[Indicator, ...]) -> dict[int, Text]:
    return {entry.position: entry.text for entry in entries}


def _same_number_and_direction(p: Priority, q: Priority) -> bool:
    return p.number == q.number and _same_direction(p, q)


def _same_direction(p: Priority, q: Priority) -> bool:
    return any(p.direction.get(lang) and normalised(p.direction.get(lang)) == normalised(q.direction.get(lang))
               for lang in LANGS)


def _reworded(p: Priority, q: Priority) -> bool:
    return p.number == q.number and _likeness(p.direction, q.direction) >= ALIKE


def _likeness(a: Text, b: Text) -> float:
    """How alike two directions are, in the language both have (Kazakh first): 0 (nothing) to 1 (the same)."""
    for lang in LANGS:
        if a.get(lang) and b.get(lang):
            words = (normalised(a.get(lang)).split(), normalised(b.get(lang)).split())
            return difflib.SequenceMatcher(None, *words, autojunk=False).ratio()
    return 0.0


def _direction(p: Priority) -> str | None:
    return p.direction.kk or p.direction.ru


def _amount(amount: float) -> str:
    return f"{amount:.1f}"


def _years(p: Priority) -> str:
    start, end = p.grant.start_year, p.grant.end_year
    return str(start) if start == end else f"{start}–{end}"
