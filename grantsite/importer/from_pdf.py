"""The official form as a PDF printed from Word or LibreOffice, read with pdfplumber.

pdfplumber finds a table on each page by its ruled lines and gives each glyph with its place; a cell's
glyphs become its paragraphs in pdf_lines.py.  The table runs over several pages: the header may be
repeated on each page (with the row of column numbers 1…9 under it, or not), and a row cut by a page
break goes on at the top of the next page in a row whose № cell is empty.  Table rows are numbered as
Word numbers them (the header and a row cut across pages count once); a problem also names the page.
A PDF without a text layer (a scan) is refused: it needs OCR first.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content import shown
from .document import (
    Document,
    ImportProblem,
    ReadError,
    SourceCell,
    SourceRow,
    blocks_of,
    header_column,
    header_layout,
    is_header,
    is_numbered_header,
    looks_like_issuer,
    missing_columns,
    row_number,
    short,
    title_of,
)
from .pdf_lines import Line, Piece, Spacing, lines_of, paragraphs
from .pdf_tags import paragraph_tags

HEADER_SEARCH = 6  # the header is among a table's first rows


@dataclass
class _Cell:
    """A cell of a table row on one page: where it is, its lines, and which header columns it covers."""

    bbox: tuple[float, float, float, float]
    lines: list[Line]
    columns: list[int]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class _Row:
    page: int
    cells: list[_Cell]
    first_on_page: bool  # the first row of a table on its page (after any repeated header)


@dataclass
class _Record:
    row: int
    number: int
    page: int
    pieces: dict = field(default_factory=dict)  # header column → [(_Cell, continued from the page before)]


def read_pdf(path: Path) -> Document:
    """Read the official table of a text PDF."""
    import pdfplumber  # loaded only when a PDF is imported
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            tags = paragraph_tags(pdf)
            pages = [(page.page_number, _tagged(page.dedupe_chars().chars, tags.get(page.page_number, {})),
                      _tables(page)) for page in pdf.pages]
    except (PdfminerException, ValueError, KeyError, TypeError) as err:
        raise ReadError("unreadable", f"not a readable PDF document ({err or type(err).__name__})",
                        "open it in a PDF viewer; if it opens, print it to a new PDF and import that") from err
    if not any(chars for _, chars, _ in pages):
        raise ReadError("no-text-layer", f"no text layer; OCR it first: none of its {len(pages)} page(s) has text"
                        " (a scanned image)", "run OCR on it (e.g. ocrmypdf), or import the .docx it was printed from")
    return _TableReader(path, pages).document()


def _tagged(chars: list[dict], tags: dict[int, int]) -> list[dict]:
    for char in chars:
        char["paragraph"] = tags.get(char.get("mcid"))
    return chars


def _tables(page) -> list[list[list[tuple]]]:
    """Each ruled table of a page, top first, as rows of cell boxes (x0, top, x1, bottom)."""
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    return [[[c for c in row.cells if c is not None] for row in table.rows] for table in tables]


def _chars_in(chars: list[dict], box) -> list[dict]:
    x0, top, x1, bottom = box
    return [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]


def _texts(chars: list[dict], row: list[tuple]) -> list[str]:
    """The text of each cell of a row, its wrapped lines joined (for the header and rows above it)."""
    cells = [(box, lines_of(_chars_in(chars, box))) for box in row]
    padding = min((lines[0].x0 - box[0] for box, lines in cells if lines), default=0.0)
    return [" ".join(paragraphs([Piece(lines, box[0] + padding, box[2] - padding)], Spacing(0.0)))
            for box, lines in cells]


class _TableReader:
    """Finds the header, then reads the rows below it, page after page, into issuer and priority rows."""

    def __init__(self, path: Path, pages: list):
        self.path, self.file, self.pages = path, shown(path), pages
        self.problems: list[ImportProblem] = []
        self.issuers: list[tuple[int, str]] = []
        self.records: list[_Record] = []
        self.extra: dict[int, list[tuple[int, str]]] = {}  # extra header column → (row, text)
        start = self._find_header()
        self.rows_read = 1  # table rows counted as Word counts them: the header is row 1
        for number, chars, tables in pages[start - 1:]:
            first = True  # the page's first row below any repeated header
            for rows in tables:
                if rows is self.header_table:
                    rows = rows[self.header_at + 1:]
                elif not self._is_ours(rows[0] if rows else []):
                    continue
                for row in rows:
                    first = not self._row(_Row(number, self._cells(chars, row), first)) and first

    # ---- the header ----------------------------------------------------------------------------

    def _find_header(self) -> int:
        seen = None
        for number, chars, tables in self.pages:
            for rows in tables:
                seen = seen or number
                for i, row in enumerate(rows[:HEADER_SEARCH]):
                    texts = _texts(chars, row)
                    if is_header(texts):
                        self._header(number, chars, rows, i, texts)
                        return number
        looked = seen or next((n for n, chars, _ in self.pages if chars), 1)
        raise ReadError("no-table", f"no table with the nine columns of the official form was found on page {looked}"
                        + ("" if seen else " (nor on any page: no ruled table at all)"),
                        "the list must be a table with ruled lines whose header names the nine columns"
                        " (№, area, direction, …); a table drawn without lines cannot be told apart")

    def _header(self, number: int, chars: list, rows: list, at: int, texts: list[str]) -> None:
        self.header_table, self.header_at, self.header_texts = rows, at, texts
        self.edges = [(box[0], box[2]) for box in rows[at]]
        self.layout, missing = header_layout(texts)
        if missing:
            raise missing_columns(missing)
        lines = _title_lines(lines_of([c for c in chars if c["bottom"] <= rows[0][0][1]]))
        for row in rows[:at]:  # a title written in the table's first rows
            lines += ["", *_texts(chars, row), ""]
        self.title = title_of(blocks_of(lines))

    def _is_ours(self, row: list[tuple]) -> bool:
        """A table continues the list when it spans the header's columns (a signature table does not)."""
        return bool(row) and abs(row[0][0] - self.edges[0][0]) < 3 and abs(row[-1][2] - self.edges[-1][1]) < 3

    def _cells(self, chars: list, row: list[tuple]) -> list[_Cell]:
        cells = []
        top, bottom = min(box[1] for box in row), max(box[3] for box in row)
        chars = [c for c in chars if top <= (c["top"] + c["bottom"]) / 2 <= bottom]
        for box in row:
            columns = [i for i, (x0, x1) in enumerate(self.edges) if box[0] - 2 <= (x0 + x1) / 2 <= box[2] + 2]
            cells.append(_Cell(box, lines_of(_chars_in(chars, box)), columns))
        return cells

    # ---- the rows ------------------------------------------------------------------------------

    def _row(self, row: _Row) -> bool:
        """Read one table row; return whether it held a row of the list (not empty, not a repeated header)."""
        texts = [""] * len(self.edges)
        for cell in row.cells:
            for column in cell.columns[:1]:
                texts[column] = cell.text
        filled = [cell for cell in row.cells if cell.lines]
        at = self.layout.index(1)
        if not filled or is_numbered_header(texts) or header_column(texts[at]) == 1 and is_header(texts):
            return False  # empty, or the header (or its numbered row) repeated on a new page
        number = row_number(texts[at])
        broken = row.first_on_page and not texts[at] and bool(self.records)  # the rest of a row cut by the page
        if not broken:
            self.rows_read += 1
        if number is None and not texts[at] and self.records:
            self._append(self.records[-1], row, broken)
        elif number is not None:
            self.records.append(_Record(self.rows_read, number, row.page))
            self._append(self.records[-1], row, False)
        elif len(filled) == 1 and (len(filled[0].columns) >= 3 or not self.records or looks_like_issuer(texts[at])):
            self.issuers.append((self.rows_read, " ".join(filled[0].text.split())))
        else:
            self.problems.append(ImportProblem(
                self.file, self.rows_read, 1, "row-number", f"the row starts with '{short(texts[at])}', not a priority"
                f" number (page {row.page})", "the first cell of each priority row is its number 1, 2, 3 …"))
        return True

    def _append(self, record: _Record, row: _Row, continued: bool) -> None:
        """Add a row's cells to a priority: as new paragraphs, or as the rest of a cell cut by a page break."""
        for cell in row.cells:
            if cell.lines and cell.columns:
                record.pieces.setdefault(cell.columns[0], []).append((cell, continued))

    # ---- the document --------------------------------------------------------------------------

    def document(self) -> Document:
        cells = [cell for record in self.records for pieces in record.pieces.values() for cell, _ in pieces]
        spacing = Spacing.of([cell.lines for cell in cells])
        padding = min((line.x0 - cell.bbox[0] for cell in cells for line in cell.lines[:1]), default=0.0)
        offset = min((cell.lines[0].top - cell.bbox[1] for cell in cells if cell.lines), default=0.0)
        rows = []
        for record in self.records:
            found = {}
            for column, pieces in record.pieces.items():
                lines = paragraphs([Piece(cell.lines, cell.bbox[0] + padding, cell.bbox[2] - padding,
                                          _follows(cell, continued, offset + spacing.pitch / 2))
                                    for cell, continued in pieces], spacing)
                official = self.layout[column]
                if official is None:
                    self._extra(record, column, lines)
                elif official != 1:
                    found[official] = SourceCell(tuple(lines), page=record.page)
            rows.append(SourceRow(record.row, record.number, found))
        self._extra_columns()
        tagged = any(line.paragraph is not None for cell in cells for line in cell.lines)
        if spacing.pitch and not spacing.extra and not tagged:
            self.problems.append(ImportProblem(
                self.file, None, None, "pdf-paragraphs", "the PDF has no tags and its paragraphs no spacing: where"
                " the next paragraph's first word would not fit on a paragraph's last line, the break was guessed"
                " (a line ending a sentence before a capital letter ends a paragraph)", "compare the paragraphs of"
                " long cells with the document, or import the .docx (or a PDF saved with tags, as Word does)"))
        return Document(self.path, self.title, tuple(self.issuers), tuple(rows), tuple(self.problems))

    def _extra(self, record: _Record, column: int, lines: list[str]) -> None:
        text = "\n".join(lines).strip()
        self.extra.setdefault(column, [])
        if text:
            self.extra[column].append((record.row, text))

    def _extra_columns(self) -> None:
        for column in [i for i, official in enumerate(self.layout) if official is None]:
            header, filled = self.header_texts[column], self.extra.get(column, [])
            for row, text in filled:
                self.problems.append(ImportProblem(
                    self.file, row, column + 1, "extra-column",
                    f"column {column + 1} ('{short(header) or 'no header'}') is not one of the official form's"
                    f" nine, and this row has text in it: '{short(text)}'",
                    "move the text into the official column it belongs to, or delete the column"))
            if header and not filled:
                self.problems.append(ImportProblem(
                    self.file, 1, column + 1, "extra-empty-column",
                    f"column {column + 1} ('{short(header)}') is not one of the official form's nine; it is empty"
                    " and was left out"))


def _title_lines(lines: list[Line]) -> list[str]:
    """The lines above the table, with an empty line where a gap larger than a line's parts them."""
    out: list[str] = []
    for above, line in zip([None, *lines], lines):
        if above is not None and line.bottom - above.bottom > 1.6 * max(line.size, above.size):
            out.append("")
        out.append(line.text)
    return out


def _follows(cell: _Cell, continued: bool, top: float) -> str:
    """How a piece of a cell follows the one before (pdf_lines.paragraphs): a piece after a page break whose
    first line lies lower than a cell's first line does is below an empty paragraph."""
    if not continued:
        return "new"
    return "blank" if cell.lines[0].top - cell.bbox[1] > top else "continued"
