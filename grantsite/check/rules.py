"""The content rules a Table Schema cannot say (cross-field and cross-record), as Frictionless checks.

Each broken rule is a ContentCheckError carrying our problem code and the column at fault; validate.py
turns it into a Problem at the file, line and column the value came from.
"""
from __future__ import annotations

import datetime as dt
import numbers
import re
import statistics

import attrs
from frictionless import Check, errors

from ..content import Vocabularies, format_amount as _format_amount, parse_amount
from .tables import DEFECT_KINDS, LANGS, Tables

OUTLIER_FACTOR = 10  # "far above the list's median"


@attrs.define(kw_only=True, repr=False)
class ContentCheckError(errors.RowError):
    """A rule of ours broken by a row; carries our problem code and the column at fault."""

    type = "content-check"
    title = "Content check"
    description = "A cross-field or cross-record rule of the content format is broken."
    template = "{note}"
    code: str = ""
    column: str = ""
    hint: str = ""


def format_amount(amount: float, decimals: int = 1) -> str:
    """Amounts in messages use plain spaces: terminals and grep see them as such."""
    return _format_amount(amount, decimals=decimals).replace("\u00a0", " ")


def _fail(row_number: int, code: str, column: str, message: str, hint: str = "") -> ContentCheckError:
    return ContentCheckError(note=message, cells=[], row_number=row_number, code=code, column=column, hint=hint)


class LanguagesPresent(Check):
    """A text given in one language must be given in the other, unless that language is marked missing."""

    type = "languages-present"
    Errors = [ContentCheckError]

    def __init__(self, status: dict[str, dict]):
        super().__init__()
        self.status = status  # row key → {lang: official|unofficial|missing}

    def validate_row(self, row):
        status = self.status.get(row.get("priority_id") or row.get("id"), {})
        names = {c.rsplit("_", 1)[0] for c in row.field_names if c.endswith(("_kk", "_ru")) and not c.startswith("translation")}
        for name in sorted(names):
            given = {lang: bool(row.get(f"{name}_{lang}")) for lang in LANGS}
            for lang in LANGS:
                if given[lang] or not any(given.values()) or status.get(lang) == "missing":
                    continue
                yield _fail(row.row_number, "missing-language", f"{name}_{lang}",
                            f"'{name}' has no {lang} text", f"add {lang}, or set translation.{lang}: missing")


class PriorityRules(Check):
    """Rules within one priority: material base, published amount, grant period."""

    type = "priority-rules"
    Errors = [ContentCheckError]

    def __init__(self, vocab: Vocabularies):
        super().__init__()
        self.vocab = vocab

    def validate_row(self, row):
        if row.get("grant_type") == "long-term" and not (row.get("material_base_kk") or row.get("material_base_ru")):
            yield _fail(row.row_number, "material-base-required", "material_base_kk",
                        "a long-term grant without material_base")
        published, amount = row.get("funding_published"), row.get("funding_amount")
        if published is not None and amount is not None:
            parsed = parse_amount(published)
            if parsed is None or abs(parsed - float(amount)) > 0.005:
                reads = "is not a plain amount" if parsed is None else f"reads as {format_amount(parsed)}"
                yield _fail(row.row_number, "amount-mismatch", "funding_published",
                            f"published '{published}' {reads} but amount is {amount}")
        yield from self._period(row)

    def _period(self, row):
        grant = self.vocab.grant_types.get(row.get("grant_type"))
        start, end = row.get("grant_start_year"), row.get("grant_end_year")
        if grant is None or start is None or end is None:
            return
        years = end - start + 1
        longest = -(-grant.months_max // 12)
        if start < row.get("year", start) or years > longest:
            yield _fail(row.row_number, "grant-period", "grant_start_year",
                        f"a {grant.code} grant over {start}–{end} ({years} calendar year(s), at most {longest}"
                        f" for {grant.months_min}–{grant.months_max} months, starting in the list's year)")


class FundingOutliers(Check):
    """Funding far above its list's median, or outside the Law's bounds for the grant type."""

    type = "funding-outliers"
    Errors = [ContentCheckError]

    def __init__(self, vocab: Vocabularies):
        super().__init__()
        self.vocab = vocab
        self.rows: list[tuple[int, dict]] = []

    def validate_row(self, row):
        if isinstance(row.get("funding_amount"), numbers.Number):
            self.rows.append((row.row_number, row.to_dict()))
        yield from ()

    def validate_end(self):
        by_list: dict[str, list[float]] = {}
        for _, row in self.rows:
            by_list.setdefault(row["list_id"], []).append(float(row["funding_amount"]))
        medians = {k: statistics.median(v) for k, v in by_list.items()}
        for number, row in self.rows:
            reasons = self._reasons(row, medians[row["list_id"]], len(by_list[row["list_id"]]))
            if reasons:
                yield _fail(number, "funding-outlier", "funding_amount",
                            f"{format_amount(float(row['funding_amount']))} thousand tenge is " + " and ".join(reasons))

    def _reasons(self, row: dict, median: float, peers: int) -> list[str]:
        amount = float(row["funding_amount"])
        reasons = []
        if peers >= 3 and median > 0 and amount > OUTLIER_FACTOR * median:
            reasons.append(f"{format_amount(amount / median, decimals=0)}× the list's median ({format_amount(median)})")
        grant, mci = self.vocab.grant_types.get(row.get("grant_type")), self.vocab.mci.get(row.get("year"))
        if grant and mci:
            low, high = grant.mci_min * mci / 1000, (grant.mci_max * mci / 1000 if grant.mci_max else None)
            if amount < low or (high is not None and amount > high):
                bound = f"{format_amount(low)}–{format_amount(high)}" if high else f"from {format_amount(low)}"
                reasons.append(f"outside the Law's bounds for a {grant.code} grant in {row['year']}"
                               f" ({bound} thousand tenge at MCI {mci} ₸)")
        return reasons


class ListNumbering(Check):
    """Each list numbered 1, 2, 3 … without gaps."""

    type = "list-numbering"
    Errors = [ContentCheckError]

    def __init__(self):
        super().__init__()
        self.numbers: dict[str, list[tuple[int, int]]] = {}

    def validate_row(self, row):
        if isinstance(row.get("number"), int):
            self.numbers.setdefault(row["list_id"], []).append((row["number"], row.row_number))
        yield from ()

    def validate_end(self):
        for list_id, found in sorted(self.numbers.items()):
            have = {n for n, _ in found}
            missing = sorted(set(range(1, max(have) + 1)) - have)
            if missing:
                at = max(r for n, r in found if n > missing[0])
                yield _fail(at, "numbering-gap", "number",
                            f"list {list_id} has no priority number {', '.join(map(str, missing))}")


class SourceDefects(Check):
    """Recorded source defects use the known kinds."""

    type = "source-defects"
    Errors = [ContentCheckError]

    def validate_row(self, row):
        for entry in (row.get("source_defects") or "").split("; "):
            kind = entry.split(" in ", 1)[0]
            if entry and kind not in DEFECT_KINDS:
                yield _fail(row.row_number, "unknown-code", "source_defects",
                            f"source defect kind '{kind}' is not one of {', '.join(DEFECT_KINDS)}")


# Invisible characters that can make a text read differently from what it is (bidi overrides, zero-width
# joiners and spaces, other controls); no official Kazakh or Russian text needs them.
INVISIBLE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u061c\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff]")


class NoInvisibleCharacters(Check):
    """Text cells hold no bidi overrides, zero-width characters or control characters."""

    type = "no-invisible-characters"
    Errors = [ContentCheckError]

    def validate_row(self, row):
        for column in row.field_names:
            value = row.get(column)
            hit = INVISIBLE.search(value) if isinstance(value, str) else None
            if hit:
                yield _fail(row.row_number, "invisible-character", column,
                            f"an invisible character U+{ord(hit.group()):04X} at position {hit.start() + 1}",
                            "delete it (it is often pasted from Word or a web page)")


class ListHasPriorities(Check):
    """A list without priorities is probably unfinished."""

    type = "list-has-priorities"
    Errors = [ContentCheckError]

    def validate_row(self, row):
        if row.get("priorities") == 0:
            yield _fail(row.row_number, "empty-list", "id", f"list {row['id']} has no priority files")


class CallWindow(Check):
    """A call closes after it opens, and is not announced after it has closed."""

    type = "call-window"
    Errors = [ContentCheckError]

    def validate_row(self, row):
        opens, closes, announced = row.get("opens"), row.get("closes"), row.get("announced")
        if not (isinstance(opens, dt.datetime) and isinstance(closes, dt.datetime)):
            return
        if closes <= opens:
            yield _fail(row.row_number, "call-window", "closes",
                        f"the call closes ({closes:%Y-%m-%d %H:%M}) before it opens ({opens:%Y-%m-%d %H:%M})")
        elif isinstance(announced, dt.date) and announced > closes.date():
            yield _fail(row.row_number, "call-window", "announced",
                        f"the call is announced ({announced}) after it closes ({closes:%Y-%m-%d %H:%M})")


def checklists(vocab: Vocabularies, tables: Tables) -> dict[str, list[Check]]:
    """The custom checks for each content table."""
    status = {r.values["id"]: {lang: r.values.get(f"translation_{lang}") for lang in LANGS}
              for name in ("priorities", "lists") for r in tables[name]}
    status.update({r.values["id"]: status.get(r.values["list_id"], {}) for r in tables.get("calls", [])
                   if not r.values.get("priority_id")})  # a list's call is written in the list's languages
    return {
        "lists": [LanguagesPresent(status), ListHasPriorities(), NoInvisibleCharacters()],
        "priorities": [LanguagesPresent(status), PriorityRules(vocab), FundingOutliers(vocab), ListNumbering(),
                       SourceDefects(), NoInvisibleCharacters()],
        "indicators": [LanguagesPresent(status), NoInvisibleCharacters()],
        "results": [LanguagesPresent(status), NoInvisibleCharacters()],
        "calls": [LanguagesPresent(status), CallWindow(), NoInvisibleCharacters()],
    }
