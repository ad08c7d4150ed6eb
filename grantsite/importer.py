"""Import an official list (its text export) into content YAML.

The text export of the Word form puts each table cell on a line that starts with a tab; lines without
the tab continue the cell above.  A row of the list starts with a cell holding only its number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .text import parse_amount, parse_target
from .vocab import Vocabularies, load_vocabularies

WORD_ARTEFACT = re.compile(r"\[bookmark: [^\]]*\]")
ITEM_START = re.compile(r"^(\d{1,2})\s*\.\s*(?=\S)")
INDICATORS_HEADING = re.compile(r"^(Нысаналы индикатор(лар)?|Целев(ой|ые) индикатор(ы)?)\s*:?\s*$", re.IGNORECASE)
RESULTS_HEADING = re.compile(r"^(Күтілетін нәтижелер|Ожидаемые результаты)\s*:?\s*$", re.IGNORECASE)
GRANT_TYPE_WORDS = {"short-term": ("қысқа мерзімді", "краткосрочн"), "medium-term": ("орта мерзімді", "среднесрочн"),
                    "long-term": ("ұзақ мерзімді", "долгосрочн")}


@dataclass
class Cell:
    row: int  # line of the document where the cell starts
    column: int
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


@dataclass
class Defect:
    field: str
    kind: str
    text: str


def read_text_export(text: str) -> tuple[str, str, list[list[Cell]]]:
    """Split a text export into its title, the issuer row and the rows of cells (a row starts at its number)."""
    lines = text.replace("\r\n", "\n").split("\n")
    title = lines[0].strip()
    cells: list[Cell] = []
    for n, line in enumerate(lines[1:], start=2):
        if line.startswith("\t"):
            cells.append(Cell(n, 0, [line[1:]]))
        elif cells:
            cells[-1].lines.append(line)
    rows: list[list[Cell]] = []
    issuer = ""
    for cell in cells:
        if re.fullmatch(r"\d{1,3}", cell.text) and (not rows or cell.text == str(len(rows) + 1)):
            rows.append([cell])
        elif rows:
            cell.column = len(rows[-1]) + 1
            rows[-1].append(cell)
        elif cell.text and not issuer and _looks_like_issuer(cell.text):
            issuer = cell.text
    for row in rows:
        row[0].column = 1
    return title, issuer, rows


def _looks_like_issuer(text: str) -> bool:
    return bool(re.search(r"басқармасы|управлени|министрлі|министерств|бөлімі|отдел", text, re.IGNORECASE))


def paragraphs(lines: list[str]) -> str:
    """Source lines → Markdown: consecutive lines break, blank lines separate paragraphs."""
    out: list[str] = []
    blank = False
    for line in lines:
        line = line.strip()
        if not line:
            blank = bool(out)
            continue
        if out:
            out.append("\n\n" if blank else "\n")
        out.append(line)
        blank = False
    return "".join(out)


def split_items(lines: list[str]) -> list[list[str]]:
    """Numbered entries '1.', '2. ' … each with the lines that continue it."""
    items: list[list[str]] = []
    for line in lines:
        match = ITEM_START.match(line.strip())
        if match and int(match.group(1)) == len(items) + 1:
            items.append([line.strip()[match.end():]])
        elif items:
            items[-1].append(line)
        elif line.strip():
            items.append([line])
    return items


def parse_grant(text: str) -> dict:
    """'1 қысқа мерзімді грант 2026 ж.' → {'type': 'short-term', 'count': 1, 'years': [2026]}."""
    flat = " ".join(text.split()).casefold()
    kind = next((code for code, words in GRANT_TYPE_WORDS.items() if any(w in flat for w in words)), None)
    count = re.match(r"^(\d+)\s", flat)
    years = [int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", flat)]
    if len(years) == 2 and years[1] > years[0]:
        years = list(range(years[0], years[1] + 1))
    return {"type": kind, "count": int(count.group(1)) if count else 1, "years": years}


def territory_for(text: str, vocab: Vocabularies) -> str | None:
    """KATO code of a territory named in either language."""
    key = " ".join(text.split()).casefold().rstrip(".")
    for kato, term in vocab.territories.items():
        if key in (term.kk.casefold(), term.ru.casefold()):
            return kato
    return None


def priority_from_row(row: list[Cell], lang: str, vocab: Vocabularies) -> tuple[dict, list[Defect]]:
    """One row of the official table → a priority record (in the content format) and its source defects."""
    defects: list[Defect] = []

    def clean(lines: list[str], where: str) -> list[str]:
        out = []
        for line in lines:
            for artefact in WORD_ARTEFACT.findall(line):
                defects.append(Defect(where, "word-artefact", artefact))
            out.append(WORD_ARTEFACT.sub("", line))
        return out

    cells = {c.column: c for c in row}
    text = {n: clean(cells[n].lines, name) if n in cells else [] for n, name in
            [(2, "area"), (3, "direction"), (4, "problem"), (5, "funding"), (6, "grant"), (7, "territory")]}
    later = [c for c in row if c.column >= 8]
    material = clean(later.pop().lines, "material_base") if len(later) > 1 and not _has_heading(later[-1]) else []
    outcomes = _split_outcomes([line for c in later for line in c.lines])
    indicators, results = (split_items(clean(outcomes[k], k)) for k in ("indicators", "results"))
    area = vocab.area_for(paragraphs(text[2]))
    published = paragraphs(text[5])
    record = {
        "number": int(row[0].text),
        "area": area.code if area else paragraphs(text[2]),
        "direction": {lang: paragraphs(text[3])},
        "problem": {lang: paragraphs(text[4])},
        "funding": {"amount": parse_amount(published), "published": published},
        "grant": parse_grant(paragraphs(text[6])),
        "territory": territory_for(paragraphs(text[7]), vocab) or paragraphs(text[7]),
        "indicators": [_entry(i, lang, vocab) for i in indicators],
        "results": [_entry(i, lang, vocab) for i in results],
        "material_base": {lang: paragraphs(material)} if paragraphs(material) else None,
    }
    return record, defects


def _has_heading(cell: Cell) -> bool:
    return any(INDICATORS_HEADING.match(s.strip()) or RESULTS_HEADING.match(s.strip()) for s in cell.lines)


def _split_outcomes(lines: list[str]) -> dict[str, list[str]]:
    """Column 8 (the export may split it in two cells): target indicators, then expected results."""
    part, parts = None, {"indicators": [], "results": []}
    for line in lines:
        if INDICATORS_HEADING.match(line.strip()):
            part = "indicators"
        elif RESULTS_HEADING.match(line.strip()):
            part = "results"
        else:
            parts[part or "indicators"].append(line)
    return parts


def _entry(lines: list[str], lang: str, vocab: Vocabularies) -> dict:
    text = paragraphs(lines)
    entry = {"text": {lang: text}}
    target = parse_target(text, vocab.units)
    if target:
        value = int(target.value) if target.value == int(target.value) else target.value
        entry["target"] = {"value": value, "unit": target.unit, "qualifier": target.qualifier}
    return entry


def import_text_export(path: Path, lang: str = "kk") -> tuple[dict, list[tuple[dict, list[Defect]]]]:
    """Read a text export → (list fields, [(priority record, defects)])."""
    vocab = load_vocabularies()
    title, issuer, rows = read_text_export(Path(path).read_text(encoding="utf-8-sig"))
    listing = {"title": {lang: title}, "issuer": {lang: issuer}}
    return listing, [priority_from_row(row, lang, vocab) for row in rows]


PRIORITY_ORDER = ("number", "area", "direction", "problem", "funding", "grant", "territory", "indicators",
                  "results", "material_base", "translation", "source_defects", "calls")


class _ContentDumper(yaml.SafeDumper):
    """Writes content the way editors should see it: keys in the canonical order, long text as blocks."""


def _represent_str(dumper, text: str):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_ContentDumper.add_representer(str, _represent_str)


def content_yaml(record: dict) -> str:
    """A record as canonical content YAML (field order of PRIORITY_ORDER, then the rest)."""
    ordered = {k: record[k] for k in PRIORITY_ORDER if k in record}
    ordered.update({k: v for k, v in record.items() if k not in ordered})
    return yaml.dump(ordered, Dumper=_ContentDumper, allow_unicode=True, sort_keys=False, width=10**6,
                     default_flow_style=False)
