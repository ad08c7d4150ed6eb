"""The official form as the text export of the Word document (like content/2026/akmola/2026-akmola.kk.txt).

Each table cell is a line starting with a tab; lines without the tab continue the cell above.  Rows
are not marked: a row starts at a cell holding only the next number.  Word may give column 8 as two
cells (target indicators, expected results), which is why a row can have more cells than the header.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content import shown
from .document import (
    COLUMNS,
    OUTCOME_HEADING,
    Document,
    ImportProblem,
    ReadError,
    SourceCell,
    SourceRow,
    blocks_of,
    header_column,
    is_header,
    looks_like_issuer,
    missing_columns,
    row_number,
    short,
    title_of,
)


@dataclass
class _Cell:
    line: int
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def read_text_export(path: Path) -> Document:
    """Read the text export of the official form."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise ReadError("unreadable", f"not UTF-8 text (byte {err.start})", "save the export as UTF-8 text") from err
    above, cells = _text_cells(raw)
    start = next((i for i in range(len(cells)) if is_header([c.text for c in cells[i:i + 12]])), None)
    if start is None:
        raise ReadError("no-table", "no header with the nine columns of the official form was found",
                        "each cell of the table must be on a line starting with a tab")
    layout, size = _text_header(cells, start)
    reader = _TextRows(shown(path), layout)
    reader.read(cells[start + size:])
    return Document(path, title_of(blocks_of(above + [c.text for c in cells[:start]])), tuple(reader.issuers),
                    tuple(reader.rows), tuple(reader.problems))


def _text_cells(raw: str) -> tuple[list[str], list[_Cell]]:
    above: list[str] = []
    cells: list[_Cell] = []
    for n, line in enumerate(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = line.lstrip("\f")  # a page break written by the export
        if line.startswith("\t"):
            cells.append(_Cell(n, [line[1:]]))
        elif cells:
            cells[-1].lines.append(line)
        else:
            above.append(line)
    return above, cells


def _text_header(cells: list[_Cell], start: int) -> tuple[list[int | None], int]:
    """The header's layout (None for an extra empty column) and how many cells it takes.  Empty cells
    after the last column need no place in the layout: a row's empty cells beyond it are left out."""
    layout: list[int | None] = []
    i = start
    while i < len(cells) and len(set(layout) - {None}) < 9:
        column = header_column(cells[i].text)
        if column is None and cells[i].text:
            break
        layout.append(column if column not in layout else None)
        i += 1
    missing = [c for c in COLUMNS if c not in layout]
    if missing:
        raise missing_columns(missing)
    return layout, i - start


class _TextRows:
    """Walks the cells after the header, counting table rows as Word would."""

    def __init__(self, file: str, layout: list[int | None]):
        self.file, self.layout = file, layout
        self.issuers: list[tuple[int, str]] = []
        self.rows: list[SourceRow] = []
        self.problems: list[ImportProblem] = []
        self.table_row = 1  # the header

    def read(self, cells: list[_Cell]) -> None:
        if self.layout[0] != 1:
            raise ReadError("layout", "in a text export the № column must come first",
                            "import the .docx, or move the extra column after the others")
        for kind, value in self._groups(cells):
            self.table_row += 1
            if kind == "issuer":
                self.issuers.append((self.table_row, value.text))
            elif kind == "row":
                self._row(value)
            else:
                self.problems.append(ImportProblem(
                    self.file, self.table_row, 1, "stray-cell",
                    f"text before the first priority is neither the header nor an issuer (line {value.line}):"
                    f" '{short(value.text)}'"))

    def _groups(self, cells: list[_Cell]):
        """('row', cells of a priority row) | ('issuer', cell) | ('stray', cell), skipping repeated headers."""
        i, current, expected = 0, None, 1
        while i < len(cells):
            cell = cells[i]
            if cell.text == "1" and i + 1 < len(cells) and cells[i + 1].text == "2":
                i += self._numbering_length(cells, i)  # the numbered row 1 2 3 … 9 under a header
                continue
            if header_column(cell.text) == 1 and is_header([c.text for c in cells[i:i + len(self.layout)]]):
                i += len(self.layout)  # the header repeated after a page break
                continue
            number = row_number(cell.text)
            if number == expected or (number and current and len(current) >= len(self.layout)
                                      and expected < number < expected + 10):
                if current is not None:
                    yield "row", current
                current, expected = [cell], number + 1
            elif current is not None:
                current.append(cell)
            elif cell.text:
                yield ("issuer" if looks_like_issuer(cell.text) else "stray"), cell
            i += 1
        if current is not None:
            yield "row", current

    def _numbering_length(self, cells: list[_Cell], i: int) -> int:
        n = 0
        while i + n < len(cells) and n < len(self.layout) and cells[i + n].text in (str(n + 1), ""):
            n += 1
        return n

    def _row(self, group: list[_Cell]) -> None:
        mapped = self._columns(group)
        extras = mapped.pop(None, [])
        # the issuer row of the next group of priorities ends up after this row's last column
        issuer = extras.pop() if extras and looks_like_issuer(extras[-1].text) else None
        for extra in extras:
            if extra.text:
                self.problems.append(ImportProblem(
                    self.file, self.table_row, None, "extra-cell",
                    f"row {group[0].text} has a cell beyond the table's columns (line {extra.line}):"
                    f" '{short(extra.text)}'", "the text export lost this row's layout; import the .docx"))
        self.rows.append(self._source_row(group[0], mapped))
        if issuer is not None:
            self.table_row += 1
            self.issuers.append((self.table_row, issuer.text))

    def _columns(self, group: list[_Cell]) -> dict:
        """Cells to official columns in the header's order; column 8 also takes the cells after it that
        start with an indicators or results heading."""
        mapped: dict = {}
        cells = list(group)
        for column in self.layout:
            if not cells:
                break
            mapped.setdefault(column, []).append(cells.pop(0))
            if column == 8:
                while cells and OUTCOME_HEADING.match(cells[0].text):
                    mapped[8].append(cells.pop(0))
        mapped.setdefault(None, []).extend(cells)
        return mapped

    def _source_row(self, first: _Cell, mapped: dict) -> SourceRow:
        cells = {column: SourceCell(tuple(line for part in parts for line in part.lines), parts[0].line)
                 for column, parts in mapped.items() if column not in (None, 1)}
        return SourceRow(self.table_row, row_number(first.text), cells)
