"""Official documents → the rows of the nine-column table: what the .docx, PDF and text-export readers share.

The official form is one table: a header naming the nine columns, an issuer row spanning the table
(«Ақмола облысының ішкі саясат басқармасы»), then one row per priority whose first cell is its number.
A reader returns a Document: the title above the table, the issuer rows and the priority rows, each cell
mapped to its official column 1..9, with what could not be read as ImportProblems.  Reading the cells'
meaning is cells.py's job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ERROR, WARNING = "error", "warning"
COLUMNS = range(1, 10)
COLUMN_NAMES = {1: "№", 2: "area", 3: "direction", 4: "problem", 5: "funding", 6: "grant", 7: "territory",
                8: "indicators and results", 9: "material base"}
# Words that name each column in the Kazakh and the Russian form (compared case-folded); №'s cell is short.
HEADER_WORDS = {
    1: ("№", "р/с", "п/п", "р/н"),
    2: ("саласы", "сфера"),
    3: ("бағыты", "направление"),
    4: ("мәселе", "сипаттама", "проблем"),
    5: ("қаржыландыру", "финансирован"),
    6: ("түрі", "вид гранта", "вид и срок"),
    7: ("аумағы", "территори"),
    8: ("индикатор",),
    9: ("материалдық", "материально", "материальн"),
}
HEADER_KEYS = {column: tuple(w.replace(" ", "") for w in words) for column, words in HEADER_WORDS.items()}
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
ISSUER_WORDS = re.compile(r"басқарма|управлени|министрлі|министерств|бөлімі|отдел|департамент|комитет|әкімд|акимат",
                          re.IGNORECASE)
TITLE_WORDS = re.compile(r"тізбе|перечень", re.IGNORECASE)
OUTCOME_HEADING = re.compile(r"^\s*(нысаналы\s+индикатор|целев\w*\s+индикатор"
                             r"|күтілетін\s+нәтиже|ожидаем\w*\s+результат)",
                             re.IGNORECASE)
ROW_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.)]?\s*$")


def _codes(*rows: tuple[str, str, str]) -> dict[str, tuple[str, str]]:
    return {code: (severity, title) for code, severity, title in rows}


# Every problem the importer can report (shown as import-CODE), as data: severity and what it means.
IMPORT_CODES = _codes(
    # the document
    ("no-file", ERROR, "There is no such file."),
    ("unsupported", ERROR, "The document is not a .docx, a PDF or a text export."),
    ("unreadable", ERROR, "The file cannot be read (a broken .docx or PDF, or text that is not UTF-8)."),
    ("no-text-layer", ERROR, "The PDF has no text layer (a scan): it must be OCRed first."),
    ("pdf-paragraphs", WARNING, "The PDF has neither tags nor paragraph spacing: some paragraph breaks were guessed."),
    ("no-table", ERROR, "No table has the header of the nine-column official form."),
    ("missing-column", ERROR, "The table's header lacks a column of the official form."),
    ("layout", ERROR, "The text export's columns are in an order it cannot keep."),
    ("no-title", ERROR, "There is no title above the table."),
    ("no-year", ERROR, "The title does not say the year (give --year)."),
    ("issuer", ERROR, "The issuer's folder cannot be told from the issuer row (give --issuer)."),
    ("no-issuer", WARNING, "The table has no issuer row."),
    ("several-issuers", ERROR, "The table groups priorities under more than one issuer."),
    ("no-rows", ERROR, "The table has no priority rows."),
    # rows
    ("row-number", ERROR, "A row starts with something that is not a priority number."),
    ("duplicate-number", ERROR, "Two rows have the same priority number."),
    ("numbering", WARNING, "Priority numbers skip or go back."),
    ("stray-cell", ERROR, "Text before the first priority is neither the header nor an issuer."),
    ("extra-cell", ERROR, "A row of the text export has a cell beyond the table's columns."),
    ("extra-column", ERROR, "A column that is not in the official form has text in it."),
    ("extra-empty-column", WARNING, "A column that is not in the official form is named but empty; it is left out."),
    # cells
    ("empty-cell", ERROR, "A cell the content needs is empty."),
    ("unknown-area", ERROR, "The area is not in schema/vocab/areas.yaml."),
    ("area-variant", WARNING, "The area's wording differs slightly from the vocabulary's; read as the nearest."),
    ("funding", ERROR, "The funding is not one amount in thousand tenge."),
    ("grant-type", ERROR, "The grant cell does not say short-, medium- or long-term."),
    ("grant-years", ERROR, "The grant cell does not say the year(s)."),
    ("grant-count", WARNING, "The grant cell does not say how many grants; read as one."),
    ("unknown-territory", ERROR, "The territory has no KATO code in schema/vocab/territories.yaml."),
    ("several-territories", ERROR, "The territory cell names more than one territory."),
    ("no-results", ERROR, "Column 8 has no expected results heading."),
    ("no-indicators", ERROR, "Column 8 has no target indicators."),
    ("entry-number", WARNING, "An entry of column 8 is numbered out of sequence."),
    ("unnumbered", WARNING, "The entries of column 8 are not numbered; read as one entry."),
)


@dataclass(frozen=True)
class ImportProblem:
    """Something in the document that could not be read, at its table row and official column."""

    file: str
    row: int | None  # table row of the document, 1 = the first header row; None: the document as a whole
    col: int | None  # official column 1..9 (an extra column: its position in the table)
    code: str  # one of IMPORT_CODES, shown with the prefix import-
    message: str
    hint: str = ""

    def __post_init__(self):
        if self.code not in IMPORT_CODES:
            raise ValueError(f"import problem code {self.code!r} is not in IMPORT_CODES")

    @property
    def severity(self) -> str:
        return IMPORT_CODES[self.code][0]

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}:{self.col or 1}" if self.row is not None else self.file
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}: {self.severity} import-{self.code}: {self.message}{hint}"


class ReadError(Exception):
    """The document cannot be read at all (not a .docx, not UTF-8, no official table)."""

    def __init__(self, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def missing_columns(missing: list[int]) -> ReadError:
    """The error for a header that lacks columns of the official form."""
    return ReadError("missing-column", "the table's header lacks column(s) "
                     + ", ".join(f"{c} ({COLUMN_NAMES[c]})" for c in missing) + " of the official form",
                     "the official form has nine columns: №, area, direction, problem, funding, grant,"
                     " territory, indicators and results, material base")


@dataclass(frozen=True)
class SourceCell:
    """One cell's text as lines (paragraphs and line breaks), and where it starts: its line in a text
    export, its page in a PDF."""

    lines: tuple[str, ...]
    line: int | None = None
    page: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


@dataclass(frozen=True)
class SourceRow:
    """One priority row: its table row, its number and its cells by official column."""

    row: int
    number: int
    cells: dict = field(default_factory=dict)  # official column → SourceCell

    def cell(self, column: int) -> SourceCell:
        return self.cells.get(column) or SourceCell(())


@dataclass(frozen=True)
class Document:
    """What a reader found: the title, the issuer rows, the priority rows and the problems met."""

    path: Path
    title: str
    issuers: tuple[tuple[int, str], ...]  # (table row, name)
    rows: tuple[SourceRow, ...]
    problems: tuple[ImportProblem, ...] = ()

    @property
    def language(self) -> str:
        return detect_language(" ".join([self.title, *(n for _, n in self.issuers),
                                         *(c.text for r in self.rows for c in r.cells.values())]))


def detect_language(text: str) -> str:
    """'kk' when letters found only in Kazakh make up a meaningful share of the Cyrillic letters, else 'ru'."""
    cyrillic = [c for c in text if "\u0400" <= c <= "\u04ff"]
    kazakh = sum(c in KAZAKH_LETTERS for c in cyrillic)
    # Kazakh prose has some 8–10 % of these letters; a Russian text only meets them in a few proper names
    return "kk" if cyrillic and kazakh / len(cyrillic) >= 0.02 else "ru"


def header_column(text: str) -> int | None:
    """The official column a header cell names, or None.  Spaces are not compared: a narrow header cell of
    a PDF may have a word cut in two lines («Қаржыландыр / у»)."""
    folded = "".join(text.split()).casefold()
    if not folded:
        return None
    if len(folded) <= 8 and any(w in folded for w in HEADER_KEYS[1]):
        return 1
    for column in range(2, 10):
        if any(w in folded for w in HEADER_KEYS[column]):
            return column
    return None


def header_layout(texts: list[str]) -> tuple[list[int | None], list[int]]:
    """Each header cell's official column (None for a cell naming none) and the official columns not found."""
    layout: list[int | None] = []
    for text in texts:
        column = header_column(text)
        layout.append(column if column not in layout else None)
    return layout, [c for c in COLUMNS if c not in layout]


def is_header(texts: list[str]) -> bool:
    """Whether cells read as the header of the official form (most of the nine columns named)."""
    return len({header_column(t) for t in texts} - {None}) >= 7


def is_numbered_header(texts: list[str]) -> bool:
    """A row numbering the columns 1, 2, 3 … under the header."""
    numbers = [t.strip() for t in texts if t.strip()]
    return len(numbers) >= 5 and numbers == [str(n) for n in range(1, len(numbers) + 1)]


def row_number(text: str) -> int | None:
    match = ROW_NUMBER.match(text)
    return int(match.group(1)) if match else None


def looks_like_issuer(text: str) -> bool:
    """A short text naming an administration (a department, a ministry, an akimat)."""
    return bool(text.strip()) and len(text) < 250 and text.count("\n") < 3 and bool(ISSUER_WORDS.search(text))


def title_of(blocks: list[list[str]]) -> str:
    """The title: the last block of lines above the table that names the list (else the last block)."""
    blocks = [b for b in blocks if b]
    named = [b for b in blocks if any(TITLE_WORDS.search(line) for line in b)]
    chosen = (named or blocks or [[]])[-1]
    return " ".join(" ".join(line.split()) for line in chosen)


def blocks_of(lines: list[str]) -> list[list[str]]:
    """Lines grouped into blocks separated by blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return blocks


def short(text: str, size: int = 60) -> str:
    """A text on one line, cut to size for a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[:size - 1] + "…"
