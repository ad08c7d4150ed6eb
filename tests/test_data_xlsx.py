"""The Excel workbook: what journalists open first."""
from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from hypothesis import given, settings, strategies as st

from grantsite import output
from grantsite.check import TABLES, table_schema
from grantsite.content import SCHEMA_DIR, load_vocabularies
from grantsite.data import write_package
from grantsite.data.descriptor import load_template
from grantsite.data import xlsx
from grantsite.data.xlsx import CELL_LIMIT, CUT_MARK, sheet_text, workbook_bytes
from grantsite.pipeline import Config


@pytest.fixture(scope="module")
def workbook_file(checked, tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx") / "site"
    with pytest.MonkeyPatch.context() as mp, output.staging(out) as site:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)  # the workbook's own fixed dates are tested here
        write_package(checked, load_vocabularies(), site, Config())
    return out / "data" / "grant-priorities.xlsx"


@pytest.fixture(scope="module")
def workbook(workbook_file):
    return openpyxl.load_workbook(workbook_file)


def schemas():
    vocab = load_vocabularies()
    return {name: table_schema(name, vocab) for name in TABLES}


def test_workbook_opens_on_a_readme_then_has_one_sheet_per_table(workbook):
    assert workbook.sheetnames == ["README", *TABLES]
    assert workbook.active.title == "README"


@pytest.mark.parametrize("table", TABLES)
def test_each_sheet_holds_the_same_rows_and_values_as_the_content(workbook, checked, table):
    header, *rows = list(workbook[table].iter_rows(values_only=True))
    assert list(header) == [f["name"] for f in schemas()[table]["fields"]]
    expected = [[row[name] for name in header] for row in checked.tables[table]]
    assert [list(r) for r in rows] == expected  # 5000.0 == 5000: numbers compare by value


def test_numbers_are_numbers_and_keep_their_published_text(workbook):
    ws = workbook["priorities"]
    header = [c.value for c in ws[1]]
    amount = ws.cell(row=4, column=header.index("funding_amount") + 1)
    assert amount.data_type == "n" and amount.value == 4400000 and amount.number_format == "#,##0.0"
    assert ws.cell(row=4, column=header.index("funding_published") + 1).value == "4 400\u00a0000"
    assert ws.cell(row=2, column=header.index("grant_count") + 1).data_type == "n"


def test_cyrillic_survives_in_the_workbook(workbook):
    ws = workbook["lists"]
    assert ws["D2"].value == "Ақмола облысының ішкі саясат басқармасы"
    assert ws["E2"].value == "Управление внутренней политики Акмолинской области"


def test_header_row_is_bold_frozen_and_filterable(workbook):
    for table in TABLES:
        ws = workbook[table]
        assert ws.freeze_panes == "A2"
        assert all(cell.font.b for cell in ws[1])
        assert ws.auto_filter.ref.startswith("A1:")


def test_long_text_columns_are_wide_and_wrapped(workbook):
    ws = workbook["priorities"]
    header = [c.value for c in ws[1]]
    column = openpyxl.utils.get_column_letter(header.index("problem_kk") + 1)
    assert ws.column_dimensions[column].width == 60
    assert ws[f"{column}2"].alignment.wrap_text


def test_readme_explains_tables_units_and_licence_in_three_languages(workbook):
    text = "\n".join(str(v) for row in workbook["README"].iter_rows(values_only=True) for v in row if v)
    for phrase in ("мың теңгемен", "тысячах тенге", "thousand tenge", "CC BY 4.0", "BOM",
                   "Нысаналы индикаторлар", "Целевые индикаторы", "sources/2026-akmola/2026-akmola.kk.txt",
                   "priorities.funding_amount"):
        assert phrase in text, phrase
    assert "`" not in text  # Markdown code marks are for the descriptor, not for Excel


def test_text_that_looks_like_a_formula_stays_text():
    rows = {name: [] for name in TABLES}
    rows["areas"] = [{"code": "x", "label_kk": "=HYPERLINK(\"http://example.com\")", "label_ru": "+7 700",
                      "kk_confirmed": True, "ru_confirmed": False}]
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(rows, schemas(), about())))
    cell = wb["areas"]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert wb["areas"]["D2"].value is True


def test_dates_are_excel_dates():
    rows = {name: [] for name in TABLES}
    rows["lists"] = [{"id": "2026-x", "year": 2026, "issuer": "x", "issuer_territory": "110000000",
                      "approval_date": dt.date(2025, 12, 29), "source_document": "x.txt", "source_language": "kk",
                      "translation_kk": "official", "translation_ru": "unofficial"}]
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(rows, schemas(), about())))
    header = [c.value for c in wb["lists"][1]]
    cell = wb["lists"].cell(row=2, column=header.index("approval_date") + 1)
    assert cell.is_date and cell.value.date() == dt.date(2025, 12, 29)


def test_control_characters_and_overlong_texts_are_made_safe_for_excel():
    assert sheet_text("a\x0bb\x07c") == "a\nbc"  # Word's manual line break becomes a newline
    cut = sheet_text("ә" * (CELL_LIMIT + 10))
    assert len(cut) == CELL_LIMIT and cut.endswith(CUT_MARK)
    assert sheet_text("ә" * CELL_LIMIT) == "ә" * CELL_LIMIT


def test_workbook_bytes_do_not_depend_on_the_clock(workbook_file):
    with zipfile.ZipFile(workbook_file) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "1980-01-01T00:00:00Z" in core and str(dt.date.today().year) not in core


def about():
    return {**load_template(SCHEMA_DIR), "sources": []}


def test_libreoffice_opens_the_workbook_and_reads_every_table_as_published(workbook_file, tmp_path):
    # LibreOffice Calc (Debian's, installed by `make test`) saves each sheet as CSV: the values as stored
    profile = tmp_path / ".libreoffice-profile"
    sheets = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run([shutil.which("libreoffice") or "libreoffice", f"-env:UserInstallation={profile.as_uri()}",
                    "--headless", "--convert-to", sheets, "--outdir", str(tmp_path), str(workbook_file)],
                   check=True, capture_output=True, timeout=300)
    for table in ("priorities", "indicators", "results", "lists"):
        with open(tmp_path / f"{workbook_file.stem}-{table}.csv", encoding="utf-8", newline="") as read:
            seen = list(csv.DictReader(read))
        with open(workbook_file.parent / f"{table}.csv", encoding="utf-8", newline="") as read:
            published = list(csv.DictReader(read))
        assert len(seen) == len(published) > 0, table
        for mine, theirs in zip(seen, published):
            texts = [name for name in theirs if name.endswith(("_kk", "_ru")) or name == "id"]
            assert {n: mine[n] for n in texts} == {n: theirs[n] for n in texts}, table


CELLS = st.lists(st.tuples(st.sampled_from(["string", "integer", "number", "date", "datetime"]),
                           st.one_of(st.none(), st.text(alphabet=" \tҚаз<&\nx\u00a0", max_size=6),
                                     st.integers(-10, 10), st.floats(allow_nan=False, allow_infinity=False),
                                     st.sampled_from(["2026-03-02", "2026-03-02T10:00:00+05:00"])),
                           st.booleans()), min_size=1, max_size=8)


@settings(max_examples=300)
@given(CELLS)
def test_a_row_is_the_cells_written_one_by_one(cells):
    def sheet():
        return xlsx._Sheet(openpyxl.Workbook(write_only=True).create_sheet("t"), len(cells))

    def fits(field_type, value):  # a value of the column's type, as the tables hold them
        if value is None:
            return True
        if field_type in ("date", "datetime"):
            return value == {"date": "2026-03-02", "datetime": "2026-03-02T10:00:00+05:00"}[field_type]
        return isinstance(value, str) == (field_type == "string") and not (isinstance(value, str) and "-" in value)

    cells = [(t, v, wrap) for t, v, wrap in cells if fits(t, v)]
    columns = [(t, (None, wrap, None)) for t, _, wrap in cells]
    values = [v for _, v, _ in cells]
    one_by_one, plain = sheet(), not xlsx._SPECIAL.search("\n".join(v for v in values if isinstance(v, str)))
    expected = "".join(one_by_one.cell(f"{letter}7", xlsx._cell_value(v, t), kind, plain)
                       for letter, v, (t, kind) in zip(one_by_one.letters, values, columns))
    assert sheet().row(7, values, columns) == f'<row r="7">{expected}</row>'
