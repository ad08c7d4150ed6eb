"""The cells of one row of the official table → a priority record in the content format.

Every cell is read or reported, never guessed: an area not in the vocabulary, funding that is not a
plain amount, a territory without a KATO code or a grant without a type is an ImportProblem at the
cell's row and column.  Word artefacts (bookmark markers, control characters) are removed and recorded
as source defects.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..content import Vocabularies, parse_amount, parse_target, suggest, wording_key
from .document import ImportProblem, SourceRow, short

ARTEFACT = re.compile(r"\[bookmark: [^\]]*\]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\ufeff]")
INDICATORS = re.compile(r"^(нысаналы\s+индикатор\w*|целев\w*\s+индикатор\w*)\s*(?::\s*(.*))?$", re.IGNORECASE)
RESULTS = re.compile(r"^(күтілетін\s+нәтиже\w*|ожидаем\w*\s+результат\w*)\s*(?::\s*(.*))?$", re.IGNORECASE)
GRANT_TYPES = {"short-term": re.compile(r"қысқа\s*мерзімді|краткосрочн"),
               "medium-term": re.compile(r"орта\s*мерзімді|среднесрочн"),
               "long-term": re.compile(r"ұзақ\s*мерзімді|долгосрочн")}
COUNT_WORDS = {"бір": 1, "один": 1, "одна": 1, "екі": 2, "два": 2, "две": 2, "үш": 3, "три": 3}
YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
FUZZY_AREA = 0.9  # how alike a wording must be to a vocabulary wording to be read as it (with a warning)


@dataclass(frozen=True)
class Defect:
    """A Word artefact removed from a field: recorded in source_defects, never silently dropped."""

    field: str
    kind: str
    text: str


class RowReader:
    """Reads one SourceRow; collects the defects and problems met."""

    def __init__(self, row: SourceRow, lang: str, vocab: Vocabularies, file: str):
        self.row, self.lang, self.vocab, self.file = row, lang, vocab, file
        self.defects: list[Defect] = []
        self.problems: list[ImportProblem] = []

    def report(self, col: int, code: str, message: str, hint: str = "") -> None:
        cell = self.row.cell(col)  # a text export's line, a PDF's page, helps an editor find the cell
        where = f" (line {cell.line})" if cell.line else f" (page {cell.page})" if cell.page else ""
        self.problems.append(ImportProblem(self.file, self.row.row, col, code, message + where, hint))

    def clean(self, lines, field: str) -> list[str]:
        """Lines with Word artefacts removed; each artefact recorded once per field."""
        out = []
        for line in lines:
            for artefact in ARTEFACT.findall(line):
                shown = artefact if artefact.startswith("[") else f"U+{ord(artefact):04X}"
                defect = Defect(field, "word-artefact", shown)
                if defect not in self.defects:
                    self.defects.append(defect)
            out.append(ARTEFACT.sub("", line))
        return out

    def text(self, column: int, field: str) -> str:
        return paragraphs(self.clean(self.row.cell(column).lines, field))

    def required(self, column: int, field: str) -> str:
        text = self.text(column, field)
        if not text:
            self.report(column, "empty-cell", f"the {field} cell is empty")
        return text

    def record(self) -> dict:
        """The priority in the content format (texts in the document's language only)."""
        area = self.required(2, "area")
        area = self.area(area) if area else None
        direction = self.required(3, "direction")
        problem = self.text(4, "problem")
        funding = self.funding(self.required(5, "funding"))
        grant = self.grant(self.required(6, "grant"))
        territory = self.territory(self.required(7, "territory"))
        indicators, results = self.outcomes()
        material = self.text(9, "material_base")
        return {
            "number": self.row.number,
            "area": area,
            "direction": {self.lang: direction},
            "problem": {self.lang: problem} if problem else None,
            "funding": funding,
            "grant": grant,
            "territory": territory,
            "indicators": [self.entry(lines) for lines in indicators],
            "results": [self.entry(lines) for lines in results],
            "material_base": {self.lang: material} if material else None,
        }

    # ---- one cell each ------------------------------------------------------------------------

    def area(self, text: str) -> str | None:
        term = self.vocab.area_for(text)
        if term:
            return term.code
        wordings = {wording_key(w): t for t in self.vocab.areas.values() for w in (t.kk, t.ru, *t.variants)}
        close = difflib.get_close_matches(wording_key(text), list(wordings), n=3, cutoff=FUZZY_AREA)
        if close and len({wordings[c].code for c in close}) == 1:
            term = wordings[close[0]]
            self.report(2, "area-variant", f"area '{short(text)}' read as {term.code} («{term.label(self.lang)}»)",
                        "if this is a different area, add it to schema/vocab/areas.yaml")
            return term.code
        labels = {t.label(self.lang): t for t in self.vocab.areas.values()}
        near = suggest(text, labels)
        self.report(2, "unknown-area", f"area '{short(text)}' is not in the vocabulary of areas of the Law",
                    f"did you mean «{near}» ({labels[near].code})?" if near else
                    "add its wording to schema/vocab/areas.yaml, as a new area or as a variant of one")
        return None

    def funding(self, published: str) -> dict | None:
        if not published:
            return None
        amount = parse_amount(published)
        if amount is None:
            self.report(5, "funding", f"funding '{short(published)}' is not an amount in thousand tenge",
                        "the cell should hold one figure, e.g. 5 000,0 (spaces between thousands, a decimal comma)")
            return None
        return {"amount": amount, "published": published}

    def grant(self, text: str) -> dict | None:
        if not text:
            return None
        flat = " ".join(text.split()).casefold()
        kind = next((code for code, words in GRANT_TYPES.items() if words.search(flat)), None)
        years = [int(y) for y in YEAR.findall(flat)]
        if len(years) == 2 and years[1] > years[0] and re.search(r"20\d\d\s*[-–—]\s*20\d\d", flat):
            years = list(range(years[0], years[1] + 1))
        if kind is None:
            self.report(6, "grant-type", f"no grant type in '{short(text)}'",
                        "write қысқа / орта / ұзақ мерзімді (кратко- / средне- / долгосрочный) грант")
        if not years:
            self.report(6, "grant-years", f"no year of the grant in '{short(text)}'", "e.g. 2026 ж. / 2026 г.")
        count = _grant_count(YEAR.sub(" ", flat))
        if count is None:
            count = 1
            self.report(6, "grant-count", f"no number of grants in '{short(text)}'; read as 1")
        return {"type": kind, "count": count, "years": sorted(set(years))} if kind and years else None

    def territory(self, text: str) -> str | None:
        if not text:
            return None
        names = territory_names(self.vocab)
        kato = names.get(_territory_key(text))
        if kato:
            return kato
        parts = [p for p in re.split(r"[,;\n]|\s+және\s+|\s+и\s+", text) if p.strip()]
        found = [names.get(_territory_key(p)) for p in parts]
        if len(parts) > 1 and all(found):
            self.report(7, "several-territories", f"'{short(text)}' names {len(parts)} territories; a priority has one",
                        "ask the issuer which territory the grant is for")
            return None
        near = suggest(wording_key(text), names)
        self.report(7, "unknown-territory",
                    f"territory '{short(text)}' has no KATO code in schema/vocab/territories.yaml",
                    f"did you mean «{self.vocab.territories[names[near]].label(self.lang)}»?" if near else
                    "add the territory with its KATO code to schema/vocab/territories.yaml")
        return None

    def outcomes(self) -> tuple[list[list[str]], list[list[str]]]:
        """Column 8: the numbered target indicators, then the numbered expected results."""
        parts: dict[str, list[str]] = {"indicators": [], "results": []}
        part = None
        for line in self.row.cell(8).lines:
            probe = ARTEFACT.sub("", line).strip()
            heading = INDICATORS.match(probe) or RESULTS.match(probe)
            if heading:
                part = "indicators" if INDICATORS.match(probe) else "results"
                line = heading.group(2) or ""  # «Нысаналы индикатор: 1. …» on one line
                if not line:
                    continue
            parts[part or "indicators"].append(line)
        if not any(RESULTS.match(ARTEFACT.sub("", line).strip()) for line in self.row.cell(8).lines):
            self.report(8, "no-results", "column 8 has no expected results heading («Күтілетін нәтижелер:» /"
                        " «Ожидаемые результаты:»)", "the form lists target indicators, then expected results")
            return [], []
        out = []
        for name in ("indicators", "results"):
            items = self.items(self.clean(parts[name], name), name)
            if not items:
                self.report(8, f"no-{name}", f"column 8 has no {name.replace('indicators', 'target indicators')}")
            out.append(items)
        return out[0], out[1]

    def items(self, lines: list[str], name: str) -> list[list[str]]:
        """Numbered entries '1.', '2. ' … (or '1)', '2)' …) with the lines that continue each."""
        first = next((line.strip() for line in lines if line.strip()), "")
        delimiter = ")" if re.match(r"^1\s*\)", first) else "."
        start = re.compile(rf"^(\d{{1,2}})\s*\{delimiter}\s*(?=\S)")
        items: list[list[str]] = []
        for line in lines:
            match = start.match(line.strip())
            if match and int(match.group(1)) == len(items) + 1:
                items.append([line.strip()[match.end():]])
                continue
            if match and int(match.group(1)) > len(items) + 1:
                self.report(8, "entry-number", f"{name}: entry {match.group(1)} follows entry {len(items)};"
                            f" read as part of entry {len(items)}" if items else
                            f"{name}: the first entry is numbered {match.group(1)}")
            if items:
                items[-1].append(line)
            elif line.strip():
                items.append([line])
        if len(items) == 1 and not start.match(first):
            self.report(8, "unnumbered", f"the {name} are not numbered; read as one entry")
        return items

    def entry(self, lines: list[str]) -> dict:
        text = paragraphs(lines)
        entry: dict = {"text": {self.lang: text}}
        target = parse_target(text, self.vocab.units)
        if target:
            value = int(target.value) if target.value == int(target.value) else target.value
            entry["target"] = {"value": value, "unit": target.unit, "qualifier": target.qualifier}
        return entry


def paragraphs(lines) -> str:
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


def _grant_count(flat: str) -> int | None:
    match = re.search(r"(?<![\d.,])(\d{1,2})(?![\d.,])(?!\s*(ай|мес|жыл|год|ж\.|г\.))", flat)
    if match:
        return int(match.group(1))
    word = re.match(r"^(\w+)\s", flat)
    return COUNT_WORDS.get(word.group(1)) if word else None


def _territory_key(text: str) -> str:
    key = wording_key(text)
    key = re.sub(r"^(по|в|на территории|территория)\s+", "", key)
    return re.sub(r"\s+(аумағы|аумағында|территориясы|бойынша)$", "", key)


def territory_names(vocab: Vocabularies) -> dict[str, str]:
    """Every way of naming a territory that the importer accepts → its KATO code (ambiguous names left out)."""
    names: dict[str, set[str]] = {}
    for kato, t in vocab.territories.items():
        for name in _territory_forms(t):
            names.setdefault(wording_key(name), set()).add(kato)
    return {name: katos.pop() for name, katos in names.items() if len(katos) == 1}


def _territory_forms(t) -> list[str]:
    forms = [t.kk, t.ru, t.kk + "ның"]  # «Ақмола облысының» аумағы
    forms += [t.kk.replace(" облысы", " обл."), t.ru.replace(" область", " обл.")]
    if t.ru.endswith("ая область"):
        forms.append(t.ru[:-len("ая область")] + "ой области")
    if t.level.startswith("city"):
        bare = t.ru.removeprefix("г. ")
        forms += [bare, f"город {bare}", t.kk.removesuffix(" қаласы"), t.kk.replace(" қаласы", " қ.")]
    return forms
