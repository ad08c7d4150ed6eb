"""The published tables as an Excel workbook: a README sheet, then one sheet per table.

Excel is what most journalists open, so: numbers are numbers, dates are dates, text is never taken for a
formula, the header row is bold, frozen and filterable, and the bytes do not depend on the clock.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .data_zip import ZIP_EPOCH, FixedTimeZip, source_date
from .tables import TABLES

LANGS = ("kk", "ru", "en")
CELL_LIMIT = 32767  # characters an Excel cell can hold
CUT_MARK = "[…]"
# Control characters are not allowed in the XML of a workbook; Word's manual line break (\x0b) becomes a newline.
_CONTROL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f]")
NUMBER_FORMATS = {"funding_amount": "#,##0.0", "funding_total": "#,##0.0"}
WIDE, NARROW = 60, 8
FONTS = {"bold": Font(bold=True), "big": Font(bold=True, size=14)}


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


class _Cells:
    """Cells of a write-only (streamed) sheet.  Each distinct style is set through openpyxl once; later cells
    get a copy of its style ids, because setting a style cell by cell took longer than the rest of the build
    at 10,000 priorities."""

    def __init__(self, ws):
        self.ws = ws
        self.styles: dict[tuple, object] = {}

    def make(self, value, field_type: str = "string", number_format: str | None = None, wrap: bool = False,
             font: str | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws)
        value = _cell_value(value, field_type)
        if isinstance(value, str):
            cell.value = sheet_text(value)
            cell.data_type = "s"  # a text that starts with '=' stays text, never a formula
        elif value is not None:
            cell.value = value
            if isinstance(value, dt.datetime):
                number_format = number_format or "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                number_format = number_format or "yyyy-mm-dd"
        key = (number_format, wrap, font)
        if key == (None, False, None):
            return cell
        if key in self.styles:
            cell._style = copy.copy(self.styles[key])
            return cell
        if number_format:
            cell.number_format = number_format
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font:
            cell.font = FONTS[font]
        self.styles[key] = cell._style
        return cell


def _width(schema_field: dict, values: list) -> float:
    if schema_field["name"].endswith(("_kk", "_ru")) and schema_field["type"] == "string" \
            and not schema_field["name"].startswith("translation_"):
        return WIDE
    longest = max([len(schema_field["name"])] + [len(str(v)) for v in values if v is not None])
    return max(NARROW, min(WIDE, longest + 2))


def table_sheet(wb: Workbook, name: str, schema: dict, rows: list[dict]) -> None:
    """One table: bold frozen header of column names, typed cells, wrapped long texts, an autofilter.

    The sheet is streamed (openpyxl's write-only mode): rows go to the file as they are made, so a workbook
    of 10,000 priorities never sits in memory as cell objects."""
    ws = wb.create_sheet(name)
    fields = schema["fields"]
    wide = []
    for col, f in enumerate(fields, start=1):
        width = _width(f, [row.get(f["name"]) for row in rows])
        ws.column_dimensions[get_column_letter(col)].width = width
        wide.append(width == WIDE)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(fields))}{max(1, len(rows) + 1)}"
    cells = _Cells(ws)
    ws.append([cells.make(f["name"], font="bold") for f in fields])
    kinds = [(f["name"], f["type"], NUMBER_FORMATS.get(f["name"]), wrap) for f, wrap in zip(fields, wide)]
    for row in rows:
        ws.append([cells.make(row.get(column), kind, number_format, wrap) for column, kind, number_format, wrap in kinds])


def readme_sheet(wb: Workbook, about: dict, schemas: dict[str, dict]) -> None:
    """What the workbook holds, in Kazakh, Russian and English: tables, fields, licence, sources."""
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
    cells = _Cells(ws)
    for values, font in lines:
        ws.append([cells.make(value, wrap=True, font=font) for value in values])


def _i18n(item: dict, lang: str, key: str) -> str:
    if lang == "en":
        return item.get(key) or ""
    return ((item.get("i18n") or {}).get(lang) or {}).get(key) or ""


def _field_text(f: dict, lang: str) -> str:
    title, description = _i18n(f, lang, "title"), _i18n(f, lang, "description")
    return f"{title}: {description}" if title and description else title or description


def workbook_bytes(tables: dict[str, list[dict]], schemas: dict[str, dict], about: dict) -> bytes:
    """The workbook: README first, then the tables; its dates come from SOURCE_DATE_EPOCH, never the clock."""
    wb = Workbook(write_only=True)
    readme_sheet(wb, about, schemas)
    for name in TABLES:
        table_sheet(wb, name, schemas[name], tables[name])
    # openpyxl requires both dates; without SOURCE_DATE_EPOCH they are the zip epoch, the same in every build
    wb.properties.created = wb.properties.modified = source_date() or dt.datetime(*ZIP_EPOCH)
    wb.properties.creator = "grantsite"
    wb.properties.title = about["title"]["en"]
    buffer = io.BytesIO()
    # openpyxl's save() stamps the wall clock into the document and the zip; its writer into our zip does not.
    with FixedTimeZip(buffer, "w") as archive:
        ExcelWriter(wb, archive).save()
    return buffer.getvalue()
