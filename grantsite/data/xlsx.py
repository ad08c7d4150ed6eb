"""The published tables as an Excel workbook: a README sheet, then one sheet per table.

Excel is what most journalists open, so: numbers are numbers, dates are dates, text is never taken for a
formula, the header row is bold, frozen and filterable, and the bytes do not depend on the clock.

openpyxl makes the workbook (styles, sheet settings, every part around the rows), but the rows themselves are
written here as text, as openpyxl's writer writes them (inline strings), except that Kazakh and Russian text
is plain UTF-8 where openpyxl writes a character reference (&#1179;) for every letter.  openpyxl builds a
Python object per cell, and at 10,000 priorities its two million cells, and sheets three times larger than
they need be, took longer than the whole build may.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import re
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.writer.excel import ExcelWriter

from ..check import TABLES
from .archive import ZIP_EPOCH, Deflated, FixedTimeZip, source_date

LANGS = ("kk", "ru", "en")
CELL_LIMIT = 32767  # characters an Excel cell can hold
CUT_MARK = "[…]"
# Control characters (and the two non-characters) are not allowed in the XML of a workbook; Word's manual
# line break (\x0b) becomes a newline.
_CONTROL = re.compile("[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff]")
_SPECIAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff&<>\r]")  # removed, replaced or escaped
NUMBER_FORMATS = {"funding_amount": "#,##0.0", "funding_total": "#,##0.0"}
WIDE, NARROW = 60, 8
_DATES = ("date", "datetime")  # field types whose text is written as a date
FONTS = {"bold": Font(bold=True), "big": Font(bold=True, size=14)}
ROWS_PER_WRITE = 200  # rows encoded and compressed together: fewer, larger writes into the zip


def sheet_text(value: str) -> str:
    """A text as an Excel cell can hold it: no control characters, at most CELL_LIMIT characters."""
    text = _CONTROL.sub("", value.replace("\x0b", "\n"))
    if len(text) > CELL_LIMIT:
        text = text[:CELL_LIMIT - len(CUT_MARK)] + CUT_MARK
    return text


def _cell_value(value, field_type: str = "string"):
    if field_type == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if field_type == "datetime" and isinstance(value, str):
        # Excel knows no time zones: the local time the column describes (Astana time), as a real date-time
        return dt.datetime.fromisoformat(value).replace(tzinfo=None)
    return value


def _escape(text: str) -> str:
    """Text as XML character data (a carriage return as a reference: an XML reader would make it a line feed)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _number(value) -> str:
    return "%.16g" % value if math.isfinite(value) else ""  # as openpyxl writes a number


class _Styles:
    """The s="…" attribute of each kind of cell, a kind being (number format, wrap, font).  The first cell of a
    kind is made as an openpyxl cell, in the order the cells are written, so the style ids and styles.xml are
    the ones openpyxl gives when it makes every cell."""

    def __init__(self, ws):
        self.ws = ws
        self.attrs: dict[tuple, str] = {}

    def first(self, value, kind: tuple) -> str:
        number_format, wrap, font = kind
        cell = WriteOnlyCell(self.ws, value=value)
        if number_format:
            cell.number_format = number_format
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font:
            cell.font = FONTS[font]
        self.attrs[kind] = f' s="{cell.style_id}"' if cell.has_style else ""
        return self.attrs[kind]


class _Sheet:
    """The rows of one sheet as XML text.  A column is (field type, kind of its cells); dates get a kind of their
    own, with a date format."""

    def __init__(self, ws, columns: int):
        self.styles = _Styles(ws)
        self.letters = [get_column_letter(i) for i in range(1, columns + 1)]

    def row(self, n: int, values, columns) -> str:
        # a row without a character to remove or escape (most rows) is written without looking at each text
        plain = not _SPECIAL.search("\n".join(v for v in values if isinstance(v, str)))
        attrs, cells = self.styles.attrs, [f'<row r="{n}">']
        for letter, value, (field_type, kind) in zip(self.letters, values, columns):
            # the cells of most rows (a text as it is, or none) written here: a call for each of a million
            # cells was most of the workbook's time; every other cell is cell()'s
            if value is None or (plain and type(value) is str and field_type not in _DATES and len(value) <= CELL_LIMIT):
                s = attrs.get(kind)
                if s is None:
                    s = self.styles.first(value, kind)
                if value:
                    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
                    cells.append(f'<c r="{letter}{n}"{s} t="inlineStr"><is><t{space}>{value}</t></is></c>')
                elif value is not None:
                    cells.append(f'<c r="{letter}{n}"{s} t="inlineStr"></c>')
                elif s:
                    cells.append(f'<c r="{letter}{n}"{s} t="n"></c>')
            else:
                cells.append(self.cell(f"{letter}{n}", _cell_value(value, field_type), kind, plain))
        cells.append("</row>")
        return "".join(cells)

    def cell(self, ref: str, value, kind: tuple, plain: bool) -> str:
        if isinstance(value, str):  # a text that starts with '=' stays text, never a formula
            text = value if plain and len(value) <= CELL_LIMIT else sheet_text(value)
            s = self.style(text, kind)
            if not text:
                return f'<c r="{ref}"{s} t="inlineStr"></c>'
            space = "" if text == text.strip() else ' xml:space="preserve"'
            return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text if plain else _escape(text)}</t></is></c>'
        if value is None:  # an empty cell is written only when it has a style (a wrapped column)
            s = self.style(None, kind)
            return f'<c r="{ref}"{s} t="n"></c>' if s else ""
        if isinstance(value, dt.date):
            if not kind[0]:
                kind = ("yyyy-mm-dd hh:mm" if isinstance(value, dt.datetime) else "yyyy-mm-dd",) + kind[1:]
            return f'<c r="{ref}"{self.style(value, kind)} t="n"><v>{_number(to_excel(value))}</v></c>'
        if isinstance(value, (int, float)):
            kind_of_value = "b" if isinstance(value, bool) else "n"
            return f'<c r="{ref}"{self.style(value, kind)} t="{kind_of_value}"><v>{_number(value)}</v></c>'
        raise ValueError(f"cannot write {value!r} to a sheet")

    def style(self, value, kind: tuple) -> str:
        found = self.styles.attrs.get(kind)
        return self.styles.first(value, kind) if found is None else found


def _encoded(rows):
    """Rows of XML text as UTF-8 bytes, a few hundred rows at a time."""
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) == ROWS_PER_WRITE:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")


def _width(schema_field: dict, values: list) -> float:
    if schema_field["name"].endswith(("_kk", "_ru")) and schema_field["type"] == "string" \
            and not schema_field["name"].startswith("translation_"):
        return WIDE
    longest = max([len(schema_field["name"])] + [len(str(v)) for v in values if v is not None])
    return max(NARROW, min(WIDE, longest + 2))


def table_sheet(wb: Workbook, name: str, schema: dict, rows: list[dict]):
    """One table: bold frozen header of column names, typed cells, wrapped long texts, an autofilter.

    Returns the sheet's rows (XML bytes), made only when the workbook is written: they are streamed into
    the file, so a workbook of 10,000 priorities never sits in memory."""
    ws = wb.create_sheet(name)
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    wide = []
    for col, f in enumerate(fields, start=1):
        width = _width(f, [row.get(f["name"]) for row in rows])
        ws.column_dimensions[get_column_letter(col)].width = width
        wide.append(width == WIDE)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(fields))}{max(1, len(rows) + 1)}"
    header = [("string", (None, False, "bold"))] * len(fields)
    kinds = [(f["type"], (NUMBER_FORMATS.get(f["name"]), wrap, None)) for f, wrap in zip(fields, wide)]

    def xml():
        sheet = _Sheet(ws, len(fields))
        yield sheet.row(1, names, header)
        for n, row in enumerate(rows, start=2):
            yield sheet.row(n, [row.get(column) for column in names], kinds)
    return lambda: _encoded(xml())


def readme_sheet(wb: Workbook, about: dict, schemas: dict[str, dict]):
    """What the workbook holds, in Kazakh, Russian and English: tables, fields, licence, sources (its rows)."""
    ws = wb.create_sheet("README")
    bold, big = "bold", "big"
    lines: list[tuple[list, str | None]] = []
    for lang in LANGS:
        lines.append(([about["title"][lang]], big))
        lines += [([p.replace("`", "")], None) for p in about["description"][lang]]  # Markdown code marks
        lines.append(([about["readme"]["long_cells"][lang]], None))
        lines.append(([], None))
    labels = about["readme"]
    lines.append((["/".join(labels["tables"][lang] for lang in LANGS)], bold))
    for name in TABLES:
        s = schemas[name]
        lines.append(([name] + [_i18n(s, lang, "title") for lang in LANGS], None))
    lines.append(([], None))
    lines.append((["/".join(labels["fields"][lang] for lang in LANGS)], bold))
    for name in TABLES:
        for f in schemas[name]["fields"]:
            lines.append(([f"{name}.{f['name']}", f["type"]] + [_field_text(f, lang) for lang in LANGS], None))
    lines.append(([], None))
    lines.append((["/".join(labels["sources"][lang] for lang in LANGS)], bold))
    lines += [([s["title"], s.get("path")], None) for s in about["sources"]]
    lines.append(([], None))
    lines.append((["/".join(labels["licence"][lang] for lang in LANGS)], bold))
    lines += [([lic["title"], lic.get("path")], None) for lic in about["licenses"]]
    lines.append((["/".join(labels["version"][lang] for lang in LANGS), about["version"]], bold))
    for col, width in zip("ABCDEF", (100, 12, 40, 40, 40, 40)):
        ws.column_dimensions[col].width = width

    def xml():
        sheet = _Sheet(ws, max(len(values) for values, _ in lines))
        for n, (values, font) in enumerate(lines, start=1):
            yield sheet.row(n, values, [("string", (None, True, font))] * len(values))
    return lambda: _encoded(xml())


def _i18n(item: dict, lang: str, key: str) -> str:
    if lang == "en":
        return item.get(key) or ""
    return ((item.get("i18n") or {}).get(lang) or {}).get(key) or ""


def _field_text(f: dict, lang: str) -> str:
    title, description = _i18n(f, lang, "title"), _i18n(f, lang, "description")
    return f"{title}: {description}" if title and description else title or description


class _WorkbookZip(FixedTimeZip):
    """The workbook's container: when openpyxl stores a sheet (written with no rows), its rows go in, deflated
    by ISA-L a few hundred rows at a time into a scratch file (zipfile's zlib took a third of the workbook's time)."""

    def __init__(self, target, rows: dict, scratch: Path):
        super().__init__(target, "w")
        self.rows = rows  # part name → the sheet's rows
        self.scratch = scratch

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        rows = self.rows.get(arcname)
        if rows is None:
            return super().write(filename, arcname, compress_type, compresslevel)
        head, tail = Path(filename).read_bytes().split(b"<sheetData></sheetData>")
        made = Deflated(self.scratch / arcname)
        made.add(head + b"<sheetData>")
        for chunk in rows():
            made.add(chunk)
        made.add(b"</sheetData>" + tail)
        self.write_deflated(arcname, made.close())
        Path(made.path).unlink()


def write_workbook(target, tables: dict[str, list[dict]], schemas: dict[str, dict], about: dict,
                   scratch: Path | None = None) -> None:
    """The workbook, written to an open binary file: README first, then the tables; its dates come from
    SOURCE_DATE_EPOCH, never the clock.  Its sheets are compressed in scratch (a folder of its own; one for the
    call when None)."""
    if scratch is None:
        with tempfile.TemporaryDirectory(prefix="grantsite-xlsx-") as folder:
            return write_workbook(target, tables, schemas, about, Path(folder))
    wb = Workbook(write_only=True)
    sheets = [readme_sheet(wb, about, schemas)] + [table_sheet(wb, name, schemas[name], tables[name])
                                                   for name in TABLES]
    # openpyxl requires both dates; without SOURCE_DATE_EPOCH they are the zip epoch, the same in every build
    wb.properties.created = wb.properties.modified = source_date() or dt.datetime(*ZIP_EPOCH)
    wb.properties.creator = "grantsite"
    wb.properties.title = about["title"]["en"]
    parts = {f"xl/worksheets/sheet{n}.xml": rows for n, rows in enumerate(sheets, start=1)}  # openpyxl's names
    # openpyxl's save() stamps the wall clock into the document and the zip; its writer into our zip does not.
    with _WorkbookZip(target, parts, scratch) as archive:
        ExcelWriter(wb, archive).save()


def workbook_bytes(tables: dict[str, list[dict]], schemas: dict[str, dict], about: dict) -> bytes:
    """The workbook's bytes (write_workbook into memory)."""
    buffer = io.BytesIO()
    write_workbook(buffer, tables, schemas, about)
    return buffer.getvalue()
