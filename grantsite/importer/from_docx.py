"""The official form as a Word document (.docx), read with python-docx.

Word tables need more care than their text export: a cell merged across columns is returned once per
column it spans (the same <w:tc> element each time), a cell merged down rows is returned in each row,
a header may be repeated on every page, and a row broken across a page may arrive as two rows, the
second with an empty number cell.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table

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

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Deleted text of tracked changes, properties (their w:tab are tab stops) and the fallback copy of drawings.
SKIP = {W + "del", W + "moveFrom", W + "pPr", W + "rPr", MC_FALLBACK}
CONTAINERS = {W + "sdt", W + "sdtContent", W + "customXml"}  # content controls hold paragraphs too
HEADER_SEARCH = 6  # the header is among a table's first rows


def read_docx(path: Path) -> Document:
    """Read the official table of a .docx (continued in later tables when the list was cut in pieces)."""
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise ReadError("unreadable", f"not a Word .docx document ({err})",
                        "open it in Word and save it as .docx") from err
    above: list[str] = []
    reader = None
    for block in document.iter_inner_content():
        if not isinstance(block, Table):
            if reader is None:
                above.extend(paragraph_text(block._p).split("\n"))
        elif reader is not None:
            reader.continue_with(block)
        elif (start := _header_row(block)) is not None:
            for row in block.rows[:start]:  # a title written in the table's first rows
                above.extend(["", *_texts(_grid(row, len(block.columns))), ""])
            reader = _TableReader(path, block, start)
        else:
            above.clear()  # a table above the list (a stamp, a letterhead) ends any title before it
    if reader is None:
        raise ReadError("no-table", "no table with the nine columns of the official form was found",
                        "the list must be a Word table whose header names the nine columns (№, area, direction, …)")
    return reader.document(title_of(blocks_of(above)))


def paragraph_text(p) -> str:
    """A paragraph's text as Word shows it; Word's hidden bookmarks (_GoBack, _Hlk…) become [bookmark: …]
    markers, as in the text export, so that they are removed and recorded like any Word artefact."""
    out: list[str] = []

    def walk(element):
        for child in element:
            tag = child.tag
            if tag in SKIP:
                continue
            if tag == W + "t":
                out.append(child.text or "")
            elif tag in (W + "tab", W + "ptab"):
                out.append("\t")
            elif tag in (W + "br", W + "cr"):
                out.append("\n")
            elif tag == W + "noBreakHyphen":
                out.append("-")
            elif tag == W + "bookmarkStart" and child.get(W + "name", "").startswith("_"):
                out.append(f"[bookmark: {child.get(W + 'name')}]")
            else:
                walk(child)

    walk(p)
    return "".join(out)


def cell_lines(tc) -> list[str]:
    """A cell's paragraphs (and line breaks inside them) as lines; nested tables are read row by row."""
    lines: list[str] = []
    for child in tc:
        if child.tag == W + "p":
            lines.extend(paragraph_text(child).split("\n"))
        elif child.tag == W + "tbl":
            for tr in child.iter(W + "tr"):
                lines.append(" ".join(" ".join(cell_lines(c)).strip() for c in tr.iter(W + "tc")))
        elif child.tag in CONTAINERS:
            lines.extend(cell_lines(child))
    return lines


def _grid(row, width: int) -> list:
    """A row's <w:tc> element at each grid column (a merged cell repeats; None where the row has no cell)."""
    cells = [None] * row.grid_cols_before + [c._tc for c in row.cells]
    return (cells + [None] * width)[:width]


def _texts(grid: list) -> list[str]:
    seen, texts = set(), []
    for tc in grid:
        texts.append("" if tc is None or id(tc) in seen else "\n".join(cell_lines(tc)).strip())
        if tc is not None:
            seen.add(id(tc))
    return texts


def _header_row(table: Table) -> int | None:
    width = len(table.columns)
    for i, row in enumerate(table.rows[:HEADER_SEARCH]):
        if is_header(_texts(_grid(row, width))):
            return i
    return None


class _TableReader:
    """Reads the rows below the header into issuer rows and priority rows."""

    def __init__(self, path: Path, table: Table, start: int):
        self.path, self.file = path, shown(path)
        self.problems: list[ImportProblem] = []
        self.issuers: list[tuple[int, str]] = []
        self.rows: list[dict] = []  # {"row", "number", "cells": {column: lines}, "extra": {position: lines}}
        self.extra_headers: dict[int, str] = {}
        self.counted = 0  # rows of the tables before this one, so that row numbers run on
        self.header_row = start + 1
        self._header(table, start)
        if self.missing:
            raise missing_columns(self.missing)
        self._read(table, start + 1)

    def _header(self, table: Table, start: int) -> None:
        self.width = len(table.columns)
        header = _grid(table.rows[start], self.width)
        self.header_texts = _texts(header)
        self.layout, self.missing = _header_layout(header, self.header_texts)

    def continue_with(self, table: Table) -> None:
        """A later table continues the list when it repeats the header, or has the same columns and starts
        with a priority (or the rest of one); other tables (signatures, notes) are not part of it."""
        self.counted += len(self.table_rows)
        start = _header_row(table)
        if start is not None:
            layout, width = self.layout, self.width
            self._header(table, start)
            if self.missing:
                self.layout, self.width, self.missing = layout, width, []
                return
            self._read(table, start + 1)
        elif len(table.columns) == self.width and table.rows:
            first = _texts(_grid(table.rows[0], self.width))[self.layout.index(1)]
            if row_number(first) is not None or not first:
                self._read(table, 0)

    def _read(self, table: Table, first: int) -> None:
        self.table_rows = table.rows
        self.previous = [None] * self.width  # the row above, to tell a cell merged down from a new one
        for n, row in enumerate(table.rows[first:], start=self.counted + first + 1):
            grid = _grid(row, self.width)
            self._row(n, grid)
            self.previous = grid

    def document(self, title: str) -> Document:
        """Everything read, as a Document."""
        self._extra_columns()
        rows = tuple(SourceRow(r["row"], r["number"], {c: SourceCell(tuple(lines)) for c, lines in r["cells"].items()})
                     for r in self.rows)
        return Document(self.path, title, tuple(self.issuers), rows, tuple(self.problems))

    def _row(self, n: int, grid: list) -> None:
        texts = _texts(grid)
        filled = [(i, t) for i, t in enumerate(texts) if t]
        at = self.layout.index(1)
        if not filled or is_numbered_header(texts) or header_column(texts[at]) == 1 and is_header(texts):
            return  # empty, the header's numbered row, or the header repeated on a new page
        merged_down = bool(self.rows) and grid[at] is not None and grid[at] is self.previous[at]
        number = None if merged_down else row_number(texts[at])
        if number is None and not merged_down and self._is_issuer(grid, filled):
            self.issuers.append((n, " ".join(filled[0][1].split())))
        elif number is not None:
            self.rows.append({"row": n, "number": number, "cells": {}, "extra": {}})
            self._append(self.rows[-1], grid, fresh=True)
        elif self.rows and (merged_down or not texts[at]):
            self._append(self.rows[-1], grid)  # the rest of a row broken across a page
        else:
            self.problems.append(ImportProblem(
                self.file, n, 1, "row-number", f"the row starts with '{short(texts[at])}', not a priority"
                " number", "the first cell of each priority row is its number 1, 2, 3 …"))

    def _is_issuer(self, grid: list, filled: list) -> bool:
        """A single text across the row, or a single administration's name before the first priority."""
        if len(filled) != 1:
            return False
        position, text = filled[0]
        span = sum(tc is grid[position] for tc in grid)
        return span >= 3 or not self.rows or (looks_like_issuer(text) and self.layout[position] in (1, 2))

    def _append(self, record: dict, grid: list, fresh: bool = False) -> None:
        """Add the row's cells to a priority: all of them for a new row; for a row continued from the page
        before, only the cells that are not the same merged cell as above."""
        seen: list = []
        for i, tc in enumerate(grid):
            if tc is None or any(tc is s for s in seen) or (not fresh and tc is self.previous[i]):
                continue
            seen.append(tc)
            column = self.layout[i]
            if column is None:
                self.extra_headers.setdefault(i + 1, self.header_texts[i])
                record["extra"].setdefault(i + 1, []).extend(cell_lines(tc))
            elif column != 1:
                record["cells"].setdefault(column, []).extend(cell_lines(tc))

    def _extra_columns(self) -> None:
        for position, header in sorted(self.extra_headers.items()):
            filled = [(r["row"], "\n".join(r["extra"].get(position, [])).strip()) for r in self.rows]
            filled = [(row, text) for row, text in filled if text]
            for row, text in filled:
                self.problems.append(ImportProblem(
                    self.file, row, position, "extra-column",
                    f"column {position} ('{short(header) or 'no header'}') is not one of the official form's"
                    f" nine, and this row has text in it: '{short(text)}'",
                    "move the text into the official column it belongs to, or delete the column"))
            if header and not filled:
                self.problems.append(ImportProblem(
                    self.file, self.header_row, position, "extra-empty-column",
                    f"column {position} ('{short(header)}') is not one of the official form's nine; it is empty"
                    " and was left out"))


def _header_layout(grid: list, texts: list[str]) -> tuple[list, list[int]]:
    """Official column of each grid column; a header cell spanning grid columns names all of them."""
    layout, missing = header_layout(texts)
    for i in range(1, len(grid)):
        if grid[i] is not None and grid[i] is grid[i - 1]:
            layout[i] = layout[i - 1]
    return layout, [c for c in missing if c not in layout]
