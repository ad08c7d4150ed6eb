"""One cell of the official form at a time: how the importer reads what issuers write, Kazakh and Russian."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from grantsite.content import load_vocabularies, parse_amount
from grantsite.importer.cells import RowReader, paragraphs
from grantsite.importer.document import IMPORT_CODES, ImportProblem, SourceCell, SourceRow
from grantsite.importer.run import issuer_territories

VOCAB = load_vocabularies()


def reader(column: int, lines: list[str], lang: str = "kk") -> RowReader:
    return RowReader(SourceRow(7, 1, {column: SourceCell(tuple(lines))}), lang, VOCAB, "list.docx")


def codes(r: RowReader) -> list[tuple[int, int, str, str]]:
    return [(p.row, p.col, p.severity, p.code) for p in r.problems]


# ---- grant ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lines, grant", [
    (["1 қысқа мерзімді ", "грант", "", "2026 ж."], {"type": "short-term", "count": 1, "years": [2026]}),
    (["1 краткосрочный грант 2026 г."], {"type": "short-term", "count": 1, "years": [2026]}),
    (["2 среднесрочных гранта", "2026-2027 гг."], {"type": "medium-term", "count": 2, "years": [2026, 2027]}),
    (["1 ұзақ мерзімді грант 2026–2028 жж."], {"type": "long-term", "count": 1, "years": [2026, 2027, 2028]}),
    (["Один долгосрочный грант, 2026, 2027 годы"], {"type": "long-term", "count": 1, "years": [2026, 2027]}),
    (["1 қысқа мерзімді грант 2026 ж. (12 ай)"], {"type": "short-term", "count": 1, "years": [2026]}),
    (["1 қысқамерзімді грант 2026ж."], {"type": "short-term", "count": 1, "years": [2026]}),
])
def test_grant_type_count_and_years_are_read(lines, grant):
    r = reader(6, lines)
    assert r.grant(paragraphs(lines)) == grant and not r.problems


def test_a_grant_without_a_number_is_read_as_one_with_a_warning():
    r = reader(6, ["қысқа мерзімді грант 2026 ж."])
    assert r.grant("қысқа мерзімді грант 2026 ж.")["count"] == 1
    assert codes(r) == [(7, 6, "warning", "grant-count")]


# ---- funding -------------------------------------------------------------------------------

@pytest.mark.parametrize("published, amount", [
    ("5\u00a0000,0", 5000.0), ("4 400 000", 4400000.0), ("12 975,25", 12975.25),
    ("5 000,0 мың теңге", 5000.0), ("5 000,0 тыс. тенге", 5000.0),
])
def test_funding_keeps_the_published_text_and_reads_the_amount(published, amount):
    r = reader(5, [published])
    assert r.funding(published) == {"amount": amount, "published": published} and not r.problems


@pytest.mark.parametrize("published", ["5 000 тенге", "бес мың", "5 000,0; 5 000,0", "2026 ж. – 5 000,0"])
def test_funding_that_is_not_one_amount_in_thousand_tenge_is_an_error(published):
    r = reader(5, [published])
    assert r.funding(published) is None and codes(r) == [(7, 5, "error", "funding")]


def test_the_thousand_tenge_unit_after_an_amount_is_the_columns_own_unit():
    assert parse_amount("5 000,0 мың теңге") == parse_amount("5 000,0") == 5000.0
    assert parse_amount("5 000 тг") is None


# ---- territory -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, kato", [
    ("Ақмола облысы", "110000000"), ("Акмолинская область", "110000000"), ("Акмолинская обл.", "110000000"),
    ("по Акмолинской области", "110000000"), ("Ақмола облысының аумағы", "110000000"),
    ("г. Кокшетау", "111000000"), ("Көкшетау қаласы", "111000000"), ("город Кокшетау", "111000000"),
    ("Бурабай ауданы", "117000000"), ("Алматы қаласы", "750000000"), ("Алматы облысы", "190000000"),
    ("Алматы", "750000000"), ("Қостанай облысы.", "390000000"), ("Ақмола облысы бойынша", "110000000"),
])
def test_territory_names_in_either_language_give_the_kato_code(text, kato):
    r = reader(7, [text])
    assert r.territory(text) == kato and not r.problems


def test_an_unknown_territory_suggests_a_near_name():
    r = reader(7, ["Ақмола облысі"])
    assert r.territory("Ақмола облысі") is None
    assert codes(r) == [(7, 7, "error", "unknown-territory")] and "«Ақмола облысы»" in r.problems[0].hint


# ---- area ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Отбасылық-демографиялық және гендерлік мәселелерді шешуге жәрдемдесу",
    "Отбасы-демографиялық және гендерлік мәселелерді шешуге жәрдемдесу",
    "отбасылық – демографиялық және гендерлік мәселелерді шешуге жәрдемдесу.",
    "Содействие решению семейно-демографических и гендерных вопросов",
])
def test_area_wordings_and_their_variants_give_the_code(text):
    r = reader(2, [text])
    assert r.area(text) == "family-demography-gender" and not r.problems


def test_russian_area_with_yo_and_quotes_is_the_same_wording():
    r = reader(2, [], lang="ru")
    assert r.area("«Поддержка молодежной политики и детских инициатив»") == "youth-children" and not r.problems


# ---- outcomes ------------------------------------------------------------------------------

def test_russian_headings_split_indicators_from_results():
    r = reader(8, ["Целевые индикаторы:", "1. Охват – не менее 1 000 человек;", "2. Доля – не менее 70 %.",
                   "Ожидаемые результаты:", "1) Проведение 5 семинаров;", "2) Публикация 3 статей."], lang="ru")
    indicators, results = r.outcomes()
    assert [paragraphs(i) for i in indicators] == ["Охват – не менее 1 000 человек;", "Доля – не менее 70 %."]
    assert [paragraphs(i) for i in results] == ["Проведение 5 семинаров;", "Публикация 3 статей."]
    assert r.entry(indicators[0])["target"] == {"value": 1000, "unit": "persons", "qualifier": "at-least"}


def test_an_entry_number_out_of_sequence_is_kept_in_the_entry_before_with_a_warning():
    r = reader(8, ["Нысаналы индикатор:", "1. Бірінші;", "3. Үшінші;", "Күтілетін нәтижелер:", "1. Нәтиже."])
    indicators, _ = r.outcomes()
    assert len(indicators) == 1 and codes(r) == [(7, 8, "warning", "entry-number")]


def test_unnumbered_results_are_one_entry_with_a_warning():
    r = reader(8, ["Нысаналы индикатор:", "1. Бірінші;", "Күтілетін нәтижелер:", "Семинар өткізу", "Баяндама"])
    _, results = r.outcomes()
    assert [paragraphs(i) for i in results] == ["Семинар өткізу\nБаяндама"]
    assert codes(r) == [(7, 8, "warning", "unnumbered")]


# ---- Word artefacts ------------------------------------------------------------------------

def test_control_characters_and_bookmark_markers_are_removed_and_recorded():
    r = reader(3, ["Жастар\x0bарасында [bookmark: _Hlk123]іс-шаралар\u200b"])
    assert r.text(3, "direction") == "Жастарарасында іс-шаралар"
    assert [(d.field, d.text) for d in r.defects] == [("direction", "U+000B"), ("direction", "[bookmark: _Hlk123]"),
                                                     ("direction", "U+200B")]


# ---- the issuer ----------------------------------------------------------------------------

@pytest.mark.parametrize("name, kato", [
    ("Ақмола облысының ішкі саясат басқармасы", ["110000000"]),
    ("Управление внутренней политики Акмолинской области", ["110000000"]),
    ("Батыс Қазақстан облысының ішкі саясат басқармасы", ["270000000"]),
    ("Управление внутренней политики Западно-Казахстанской области", ["270000000"]),
    ("Управление общественного развития города Алматы", ["750000000"]),
    ("Алматы облысының қоғамдық даму басқармасы", ["190000000"]),
    ("Управление по вопросам молодежной политики г. Астаны", ["710000000"]),
    ("Ақмола облысы Көкшетау қаласының ішкі саясат бөлімі", ["111000000"]),
    ("Қазақстан Республикасы Мәдениет және ақпарат министрлігі", []),
])
def test_the_issuers_territory_is_read_from_its_name(name, kato):
    assert issuer_territories(name, VOCAB) == kato


def test_every_region_and_republican_city_has_an_issuer_folder():
    levels = {t.level: [] for t in VOCAB.territories.values()}
    for t in VOCAB.territories.values():
        levels[t.level].append(t.issuer)
    assert all(levels["region"]) and all(levels["city-republican"]) and not any(levels["district"])
    assert len(set(levels["region"] + levels["city-republican"])) == 20


# ---- the catalogue of import problems ------------------------------------------------------

def test_every_import_problem_code_is_catalogued_and_used():
    source = "".join(path.read_text(encoding="utf-8")
                     for path in sorted((Path(__file__).parent.parent / "grantsite" / "importer").glob("*.py")))
    source = re.sub(r"IMPORT_CODES = _codes\(.*?\n\)\n", "", source, flags=re.DOTALL)  # the catalogue itself
    raised = set(re.findall(r'ReadError\(\s*"([a-z-]+)"', source))
    used = {code for code in IMPORT_CODES if f'"{code}"' in source}
    used |= {"no-indicators"} if 'f"no-{name}"' in source else set()  # no-indicators / no-results
    assert raised <= set(IMPORT_CODES) and used == set(IMPORT_CODES)


def test_an_uncatalogued_import_problem_is_a_programming_error():
    with pytest.raises(ValueError):
        ImportProblem("list.docx", 3, 2, "no-such-code", "…")


def test_a_text_exports_problem_names_the_line_of_its_cell():
    r = RowReader(SourceRow(5, 3, {2: SourceCell(("Спорт",), line=81)}), "kk", VOCAB, "list.txt")
    r.area("Спорт")
    assert str(r.problems[0]).startswith("list.txt:5:2: error import-unknown-area: area 'Спорт' is not in the"
                                         " vocabulary of areas of the Law (line 81)")
