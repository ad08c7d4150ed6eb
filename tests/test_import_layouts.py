"""Documents laid out a little differently from the Akmola list: what the importer accepts, what it
refuses, and that a refusal names the row and column of the cell at fault and writes nothing."""
from __future__ import annotations

import copy
from pathlib import Path

from support import SOURCE_DOCUMENT
from test_import import kazakh, load
from test_import_documents import KK_TITLE, make_docx, russian_table, source_table

from grantsite.importer import run_import

AKMOLA = SOURCE_DOCUMENT.parent


def imported(tmp_path: Path, table: dict, *args, name: str = "list.docx", **layout) -> tuple[int, Path]:
    document = make_docx(tmp_path / name, table, **layout)
    out = tmp_path / "content" / "2026" / "akmola"
    return run_import(document, out, *args), out


def refused(tmp_path: Path, table: dict, capsys, monkeypatch) -> list[str]:
    """Import a document that must be refused; return the problem lines printed (paths as given)."""
    monkeypatch.chdir(tmp_path)
    make_docx(tmp_path / "list.docx", table)
    assert run_import(Path("list.docx"), None) == 1
    assert not (tmp_path / "content").exists()
    return [line for line in capsys.readouterr().out.splitlines() if " import-" in line]


def with_cell(row: int, column: int, lines: list[str]) -> dict:
    """The Akmola table with one cell (row 0-based, column 1..9) replaced."""
    table = copy.deepcopy(source_table())
    table["rows"][row][column - 1] = lines
    return table


def same_kazakh_content(out: Path) -> bool:
    return all(kazakh(load(out / f"0{n}.yaml")) == kazakh(load(AKMOLA / f"0{n}.yaml")) for n in range(1, 5))


# ---- accepted ------------------------------------------------------------------------------

def test_an_extra_empty_column_changes_nothing(tmp_path):
    code, out = imported(tmp_path, source_table(), extra_column=5)
    assert code == 0 and same_kazakh_content(out)


def test_a_header_repeated_on_each_page_changes_nothing(tmp_path):
    code, out = imported(tmp_path, source_table(), repeat_header_before=(1, 2, 3), numbered_header=True)
    assert code == 0 and same_kazakh_content(out)


def test_rows_broken_across_pages_change_nothing(tmp_path):
    code, out = imported(tmp_path, source_table(), split={0: (4, 2), 2: (8, 5), 3: (8, 20)})
    assert code == 0 and same_kazakh_content(out)


def test_a_territory_cell_merged_down_the_table_changes_nothing(tmp_path):
    code, out = imported(tmp_path, source_table(), merge_down=(6,))
    assert code == 0 and same_kazakh_content(out)


def test_russian_document_gives_russian_texts_and_marks_kazakh_missing(tmp_path):
    code, out = imported(tmp_path, russian_table())
    assert code == 0
    first, shipped = load(out / "01.yaml"), load(AKMOLA / "01.yaml")
    assert first["direction"] == {"ru": shipped["direction"]["ru"]}
    assert first["problem"] == {"ru": shipped["problem"]["ru"]}
    assert [i["text"] for i in first["results"]] == [{"ru": i["text"]["ru"]} for i in shipped["results"]]
    assert (first["area"], first["grant"], first["territory"]) == ("rights-protection", shipped["grant"], "110000000")
    assert first["translation"] == {"kk": "missing", "ru": "official"}
    listing = load(out / "list.yaml")
    assert listing["source"]["language"] == "ru" and listing["translation"] == {"kk": "missing", "ru": "official"}
    assert listing["issuer"]["name"] == {"ru": "Управление внутренней политики Акмолинской области"}


def test_another_region_goes_to_its_own_folder(tmp_path, monkeypatch):
    table = source_table()
    table["issuer"] = "Қостанай облысының ішкі саясат басқармасы"
    for row in table["rows"]:
        row[6] = ["Қостанай облысы"]
    document = make_docx(tmp_path / "2026-kostanay.kk.docx", table)
    monkeypatch.chdir(tmp_path)
    assert run_import(document, None) == 0
    out = tmp_path / "content" / "2026" / "kostanay"
    assert load(out / "list.yaml")["issuer"] == {"name": {"kk": table["issuer"]}, "territory": "390000000"}
    assert {load(out / f"0{n}.yaml")["territory"] for n in range(1, 5)} == {"390000000"}


def test_the_issuer_can_be_given_when_the_document_cannot_tell(tmp_path, capsys, monkeypatch):
    table = source_table()
    table["issuer"] = "Бурабай ауданының ішкі саясат бөлімі"
    document = make_docx(tmp_path / "list.docx", table)
    out = tmp_path / "content" / "2026" / "burabay"
    assert run_import(document, out) == 1
    assert "cannot tell the issuer's folder" in capsys.readouterr().out and not out.exists()
    assert run_import(document, out, issuer="burabay") == 0
    assert load(out / "list.yaml")["issuer"]["territory"] == "117000000"


def test_the_year_can_be_given_when_the_title_does_not_say(tmp_path, capsys, monkeypatch):
    table = source_table()
    table["title"] = KK_TITLE.replace(" 2026 жылға арналған", "")
    document = make_docx(tmp_path / "list.docx", table)
    out = tmp_path / "content" / "2026" / "akmola"
    assert run_import(document, out) == 1
    assert "error import-no-year" in capsys.readouterr().out
    assert run_import(document, out, year=2026) == 0 and same_kazakh_content(out)


def test_a_stamp_above_the_title_is_not_part_of_it(tmp_path):
    table = source_table()
    table["title"] = ("Ақмола облысы ішкі саясат басқармасы басшысының\n2025 жылғы 25 желтоқсандағы № 12 бұйрығына\n"
                      "қосымша\n\n" + KK_TITLE)
    code, out = imported(tmp_path, table)
    assert code == 0 and load(out / "list.yaml")["title"]["kk"] == KK_TITLE


def test_russian_grant_and_territory_forms_are_read(tmp_path):
    table = russian_table()
    table["rows"][0][5] = ["2 среднесрочных гранта", "2026–2027 гг."]
    table["rows"][0][6] = ["г. Кокшетау"]
    code, out = imported(tmp_path, table)
    first = load(out / "01.yaml")
    assert code == 0
    assert (first["grant"], first["territory"]) == ({"type": "medium-term", "count": 2, "years": [2026, 2027]},
                                                    "111000000")


def test_headings_on_the_same_line_as_the_first_entry_are_read(tmp_path):
    table = source_table()
    lines = table["rows"][2][7]
    table["rows"][2][7] = ["Нысаналы индикаторлар: " + lines[1]] + lines[2:]
    code, out = imported(tmp_path, table)
    assert code == 0 and same_kazakh_content(out)


# ---- refused, with the cell's place --------------------------------------------------------

def test_an_unknown_area_is_an_error_naming_the_text_and_the_cell(tmp_path, capsys, monkeypatch):
    lines = refused(tmp_path, with_cell(3, 2, ["Жастар саясаты мен балалар ұйымдарын дамыту"]), capsys, monkeypatch)
    assert lines == ["list.docx:6:2: error import-unknown-area: area 'Жастар саясаты мен балалар ұйымдарын дамыту' is"
                     " not in the vocabulary of areas of the Law (did you mean «Жастар саясаты мен балалар бастамаларын"
                     " қолдау» (youth-children)?)"]


def test_an_area_with_a_small_spelling_difference_is_read_with_a_warning(tmp_path, capsys, monkeypatch):
    table = with_cell(0, 2, ["Азаматтар мен ұйымдардың құқықтарын, заңды мүдделерiн қорғау"])  # Latin i
    code, out = imported(tmp_path, table)
    assert code == 0 and load(out / "01.yaml")["area"] == "rights-protection"
    assert "list.docx:3:2: warning import-area-variant" in capsys.readouterr().out


def test_funding_that_is_not_one_amount_is_an_error_at_its_cell(tmp_path, capsys, monkeypatch):
    lines = refused(tmp_path, with_cell(1, 5, ["2026 ж. – 2 500,0", "2027 ж. – 2 500,0"]), capsys, monkeypatch)
    assert [line.split(": ", 2)[:2] for line in lines] == [["list.docx:4:5", "error import-funding"]]


def test_an_unknown_territory_is_an_error_at_its_cell(tmp_path, capsys, monkeypatch):
    lines = refused(tmp_path, with_cell(0, 7, ["Ақмола ауылы"]), capsys, monkeypatch)
    assert lines[0].startswith("list.docx:3:7: error import-unknown-territory: territory 'Ақмола ауылы'")


def test_several_territories_in_one_cell_are_an_error(tmp_path, capsys, monkeypatch):
    lines = refused(tmp_path, with_cell(0, 7, ["Бурабай ауданы, Зеренді ауданы"]), capsys, monkeypatch)
    assert lines[0].startswith("list.docx:3:7: error import-several-territories")


def test_a_grant_without_its_type_is_an_error_at_its_cell(tmp_path, capsys, monkeypatch):
    lines = refused(tmp_path, with_cell(2, 6, ["1 грант", "2026 ж."]), capsys, monkeypatch)
    assert lines[0].startswith("list.docx:5:6: error import-grant-type: no grant type in '1 грант 2026 ж.'")


def test_a_grant_without_a_year_is_an_error_at_its_cell(tmp_path, capsys, monkeypatch):
    lines = refused(tmp_path, with_cell(2, 6, ["1 қысқа мерзімді грант"]), capsys, monkeypatch)
    assert lines[0].startswith("list.docx:5:6: error import-grant-years")


def test_outcomes_without_the_expected_results_heading_are_an_error(tmp_path, capsys, monkeypatch):
    table = source_table()
    table["rows"][2][7] = [line for line in table["rows"][2][7] if not line.startswith("Күтілетін")]
    lines = refused(tmp_path, table, capsys, monkeypatch)
    assert lines[0].startswith("list.docx:5:8: error import-no-results")


def test_an_empty_direction_is_an_error(tmp_path, capsys, monkeypatch):
    lines = refused(tmp_path, with_cell(0, 3, [""]), capsys, monkeypatch)
    assert lines == ["list.docx:3:3: error import-empty-cell: the direction cell is empty"]


def test_a_number_used_twice_is_an_error(tmp_path, capsys, monkeypatch):
    lines = refused(tmp_path, with_cell(3, 1, ["3"]), capsys, monkeypatch)
    assert "list.docx:6:1: error import-duplicate-number: priority number 3 is used twice" in lines


def test_several_issuers_in_one_table_are_an_error(tmp_path, capsys, monkeypatch):
    table = source_table()
    document = make_docx(tmp_path / "list.docx", table)
    import docx
    word = docx.Document(str(document))
    rows = word.tables[0].rows
    issuer = copy.deepcopy(rows[1]._tr)
    issuer.xpath(".//w:t")[0].text = "Ақмола облысының денсаулық сақтау басқармасы"
    rows[4]._tr.addprevious(issuer)
    word.save(document)
    monkeypatch.chdir(tmp_path)
    assert run_import(Path("list.docx"), None) == 1
    assert "list.docx:5:1: error import-several-issuers" in capsys.readouterr().out


def test_every_problem_is_reported_at_once(tmp_path, capsys, monkeypatch):
    table = with_cell(0, 5, ["бес мың"])
    table["rows"][1][1] = ["Спорт"]
    lines = refused(tmp_path, table, capsys, monkeypatch)
    assert [line.split(": ")[0] for line in lines] == ["list.docx:3:5", "list.docx:4:2"]
