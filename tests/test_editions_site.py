"""Editions on the site: the changes page and its feed, a list's editions, an earlier edition as it was
published, a priority's history and an issuer's lists across the years.  The fixture is the real 2026 Akmola
list with a first edition that the amending order № 31 changed (support.amend): row 2's Kazakh direction
reworded, row 3's funding corrected, row 4 added."""
from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import lxml.html
import pytest
from support import FIRST_EDITION, built_variant

NBSP = "\u00a0"
ATOM = "{http://www.w3.org/2005/Atom}"
EDITION_PAGE = f"list/2026/akmola/editions/{FIRST_EDITION}/"


@pytest.fixture(scope="module")
def site(amended_site) -> Path:
    return amended_site


@pytest.fixture(scope="module")
def two_years(two_years_site) -> Path:
    return two_years_site


def page(site: Path, path: str):
    return lxml.html.fromstring((site / path / "index.html").read_bytes())


def text(element) -> str:
    return " ".join(element.text_content().replace(NBSP, " ").split())


def changes(site: Path, lang: str) -> dict[str, object]:
    """The items of the changes page by kind."""
    return {item.get("class").split()[1].removeprefix("change-"): item
            for item in page(site, f"{lang}/changes").xpath("//li[contains(@class, 'change ')]")}


def values(item) -> dict[str, str]:
    return {text(div.xpath("./dt")[0]): text(div.xpath("./dd")[0]) for div in item.xpath(".//dl/div")}


# ---- the changes page ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_changes_page_names_each_change_of_the_fixture_and_nothing_else(site, lang):
    assert sorted(changes(site, lang)) == ["added", "funding", "text"]


@pytest.mark.parametrize("lang, old, new, difference", [
    ("kk", "Бұрынғы мәні", "Жаңа мәні", "Айырмасы"), ("ru", "Было", "Стало", "Разница")])
def test_a_funding_change_shows_the_old_and_new_amount_and_the_difference(site, lang, old, new, difference):
    shown = values(changes(site, lang)["funding"])
    unit = {"kk": "мың теңге", "ru": "тыс. тенге"}[lang]
    assert shown == {old: f"4 000 000,0 {unit}", new: f"4 400 000,0 {unit}", difference: f"+400 000,0 {unit}"}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_reworded_text_shows_both_versions_in_their_own_language(site, lang):
    item = changes(site, lang)["text"]
    old, new = item.xpath(".//dd[@class='diff-old']")[0], item.xpath(".//dd[@class='diff-new']")[0]
    assert (text(old), text(new)) == ("Ауылда азаматтық бастамаларды қолдау", "Ауылда азаматтық бастамаларды дамыту")
    assert old.get("lang") == new.get("lang") == "kk"


def test_the_word_that_changed_is_struck_out_in_the_old_text_and_marked_in_the_new(site):
    item = changes(site, "ru")["text"]
    assert [text(d) for d in item.xpath(".//del")] == ["қолдау"]
    assert [text(i) for i in item.xpath(".//ins")] == ["дамыту"]


@pytest.mark.parametrize("lang, field", [("kk", "бағыттың атауы (қазақ тілінде)"),
                                         ("ru", "название направления (на казахском языке)")])
def test_a_text_change_names_the_field_and_the_language(site, lang, field):
    assert text(changes(site, lang)["text"].xpath(".//*[@class='change-field']")[0]) == field


@pytest.mark.parametrize("lang, direction", [("kk", "Отбасылық саясатты дамыту және гендерлік теңдікті нығайту"),
                                             ("ru", "Развитие семейной политики и укрепление гендерного равенства")])
def test_an_added_priority_is_named_by_its_number_and_direction_in_the_pages_language(site, lang, direction):
    assert f"№ 4. {direction}" in text(changes(site, lang)["added"])


@pytest.mark.parametrize("kind, target", [("added", "p/2026-akmola-04/"), ("funding", "p/2026-akmola-03/"),
                                          ("text", "p/2026-akmola-02/")])
def test_each_change_links_to_the_page_of_its_priority(site, kind, target):
    [link] = changes(site, "kk")[kind].xpath(".//p[@class='change-head']/a/@href")
    assert link == f"../{target}" and (site / "kk" / target / "index.html").is_file()


def test_the_amendment_is_headed_by_its_list_and_the_two_orders(site):
    section = page(site, "ru/changes").xpath("//section[@class='amendment']")[0]
    assert (section.get("data-issuer"), section.get("data-year"), section.get("data-count")) == ("akmola", "2026", "3")
    assert text(section.xpath(".//p[@class='amendment-editions']")[0]) == (
        "Редакция 1 от 20 января 2026 г., приказ № 12 → Редакция 2 от 2 марта 2026 г., приказ № 31 · Изменений: 3")


def test_the_changes_filter_waits_for_javascript_and_every_change_is_listed_without_it(site):
    html = page(site, "kk/changes")
    [form] = html.xpath("//form[@data-change-filter]")
    assert form.get("hidden") is not None
    assert form.xpath(".//select[@name='issuer']/option/@value") == ["", "akmola"]
    assert form.xpath(".//select[@name='year']/option/@value") == ["", "2026"]
    assert not html.xpath("//section[@class='amendment'][@hidden]")


@pytest.mark.parametrize("lang, none", [("kk", "Тізбелерге әлі өзгеріс енгізілмеген."),
                                        ("ru", "Изменения в перечни пока не вносились.")])
def test_the_changes_page_of_lists_never_amended_says_so(built_site, lang, none):
    html = page(built_site, f"{lang}/changes")
    assert none in text(html) and not html.xpath("//main//form") and not html.xpath("//section[@class='amendment']")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_page_links_to_the_changes_page_from_the_main_menu(site, lang):
    for path in (lang, f"{lang}/p/2026-akmola-01", f"{lang}/{EDITION_PAGE}"):
        links = page(site, path).xpath("//nav[@class='main-nav']//a/@href")
        assert any(href.endswith("changes/") for href in links), path


# ---- the changes feed ----------------------------------------------------------------------------

def feed(site: Path, lang: str) -> ET.Element:
    return ET.parse(site / lang / "changes/feed.xml").getroot()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_changes_feed_has_one_entry_per_change_each_pointing_at_it_on_the_changes_page(site, lang):
    entries = feed(site, lang).findall(f"{ATOM}entry")
    anchors = {f"#{item.get('id')}" for item in changes(site, lang).values()}
    assert len(entries) == 3
    assert {e.find(f"{ATOM}id").text[e.find(f"{ATOM}id").text.index("#"):] for e in entries} == anchors


def test_a_feed_entry_is_dated_by_the_amending_order_and_says_what_changed(site):
    entries = {e.find(f"{ATOM}title").text: e for e in feed(site, "ru").findall(f"{ATOM}entry")}
    funding = entries["Управление внутренней политики Акмолинской области, 2026: № 3 — Изменён объём финансирования"]
    assert funding.find(f"{ATOM}updated").text == "2026-03-02T00:00:00Z"
    assert funding.find(f"{ATOM}summary").text.replace(NBSP, " ").endswith(
        "объём финансирования: 4 000 000,0 тыс. тенге → 4 400 000,0 тыс. тенге")


def test_the_changes_feed_of_lists_never_amended_is_an_empty_feed(built_site):
    root = feed(built_site, "kk")
    assert root.tag == f"{ATOM}feed" and root.findall(f"{ATOM}entry") == []


# ---- a list's editions ---------------------------------------------------------------------------

def test_a_list_page_lists_its_editions_the_current_one_first(site):
    rows = page(site, "ru/list/2026/akmola").xpath("//table[@class='editions-table']/tbody/tr")
    assert [text(r.xpath("./th")[0]) for r in rows] == [
        "Редакция 2 от 2 марта 2026 г., приказ № 31 (эта страница) действующая редакция",
        "Редакция 1 от 20 января 2026 г., приказ № 12 (первая редакция)"]
    assert rows[0].get("aria-current") == "page"
    assert rows[1].xpath("./th/a/@href") == [f"editions/{FIRST_EDITION}/"]


def test_the_editions_table_counts_the_priorities_and_the_changes_of_each(site):
    rows = page(site, "kk/list/2026/akmola").xpath("//table[@class='editions-table']/tbody/tr")
    assert [[text(td) for td in r.xpath("./td")] for r in rows] == [
        ["4", "4 416 000,0 мың теңге", "3"], ["3", "4 010 000,0 мың теңге", "—"]]


def test_a_list_never_amended_shows_no_editions(built_site):
    assert not page(built_site, "kk/list/2026/akmola").xpath("//table[@class='editions-table']")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_an_earlier_edition_is_shown_as_it_was_approved(site, lang):
    html = page(site, f"{lang}/{EDITION_PAGE}")
    rows = html.xpath("//table[contains(@class, 'official')]/tbody/tr")
    assert [r.get("id") for r in rows] == ["row-1", "row-2", "row-3"]
    assert text(rows[2].xpath("./td[@class='col-5']/span[@class='nowrap']")[0]) == "4 000 000"
    assert "Ауылда азаматтық бастамаларды қолдау" in text(page(site, f"kk/{EDITION_PAGE}"))


@pytest.mark.parametrize("lang, notice", [("kk", "Бұл — тізбенің бұрынғы редакциясы"),
                                          ("ru", "Это прежняя редакция перечня")])
def test_an_earlier_edition_says_it_is_not_in_force_and_links_to_the_current_one(site, lang, notice):
    [box] = page(site, f"{lang}/{EDITION_PAGE}").xpath("//p[contains(@class, 'edition-notice')]")
    assert text(box).startswith(notice) and box.xpath("./a/@href") == ["../../"]


def test_an_earlier_editions_rows_link_to_the_priorities_they_became(site):
    rows = page(site, f"ru/{EDITION_PAGE}").xpath("//table[contains(@class, 'official')]/tbody/tr")
    assert [r.xpath("./td[@class='col-3']/a/@href") for r in rows] == [
        [f"../../../../../p/2026-akmola-0{n}/"] for n in (1, 2, 3)]


def test_an_earlier_edition_does_not_offer_the_current_official_document_as_its_own(site):
    assert not page(site, f"kk/{EDITION_PAGE}").xpath("//a[@download]")


def test_a_priority_withdrawn_since_is_marked_on_the_edition_that_had_it(tmp_path_factory):
    def withdraw_row_4(content: Path):
        shutil.copytree(content / "2026/akmola", content / f"2026/akmola/editions/{FIRST_EDITION}")
        (content / "2026/akmola/04.yaml").unlink()

    built = built_variant(tmp_path_factory.mktemp("withdrawn"), withdraw_row_4)
    [row] = page(built, f"ru/{EDITION_PAGE}").xpath("//tr[@id='row-4']")
    assert "нет в действующей редакции" in text(row) and not row.xpath("./td[@class='col-3']/a")
    [link] = changes(built, "ru")["withdrawn"].xpath(".//p[@class='change-head']/a/@href")
    assert link == f"../{EDITION_PAGE}#row-4"


# ---- a priority's history ------------------------------------------------------------------------

def history(site: Path, path: str) -> list[str]:
    return [text(li) for li in page(site, path).xpath("//ol[@class='history-list']/li")]


def test_a_priority_page_tells_its_history_edition_by_edition(site):
    first, now = history(site, "ru/p/2026-akmola-03")
    assert first.startswith("Редакция 1 от 20 января 2026 г., приказ № 12") and "Есть в первой редакции перечня." in first
    assert now.startswith("Редакция 2 от 2 марта 2026 г., приказ № 31 действующая редакция")
    assert "Изменён объём финансирования: объём финансирования" in now


def test_a_priority_history_shows_the_old_and_new_values_of_what_changed(site):
    [changed] = page(site, "ru/p/2026-akmola-03").xpath("//ul[@class='history-changes']/li")
    assert values(changed) == {"Было": "4 000 000,0 тыс. тенге", "Стало": "4 400 000,0 тыс. тенге",
                               "Разница": "+400 000,0 тыс. тенге"}


def test_a_priority_history_links_each_change_to_the_changes_page_and_the_earlier_edition(site):
    html = page(site, "kk/p/2026-akmola-03")
    links = html.xpath("//ol[@class='history-list']//a/@href")
    assert links == [f"../../{EDITION_PAGE}#row-3", "../../changes/#change-2026-akmola-2026-01-20-2026-03-02-2"]
    assert page(site, "kk/changes").xpath("//li[@id='change-2026-akmola-2026-01-20-2026-03-02-2']")


def test_a_priority_added_by_an_amendment_says_so(site):
    assert history(site, "kk/p/2026-akmola-04") == [
        "2-редакция, 2026 жылғы 2 наурыз, № 31 бұйрық қолданыстағы редакция Осы редакциямен қосылды."]


def test_a_priority_of_a_list_never_amended_has_no_history(built_site):
    assert not page(built_site, "kk/p/2026-akmola-03").xpath("//section[@class='history']")


# ---- an issuer across the years ------------------------------------------------------------------

def test_an_issuer_page_shows_the_funding_of_each_area_year_by_year(two_years):
    table = page(two_years, "ru/issuer/akmola").xpath("//table[@class='issuer-totals']")[0]
    assert [text(th) for th in table.xpath("./thead//th")][1:] == ["2025", "2026"]
    rows = {text(r.xpath("./th")[0]): [text(td) for td in r.xpath("./td")] for r in table.xpath(".//tr[td]")}
    assert rows["Защита прав и законных интересов граждан и организаций"] == ["—", "5 000"]
    assert rows["Итого"] == ["4 411 000", "4 416 000"]


def test_an_issuer_page_follows_a_direction_across_the_years_by_its_text(two_years):
    table = page(two_years, "kk/issuer/akmola").xpath("//table[@class='issuer-recurring']")[0]
    rows = [[text(c) for c in r.xpath("./th|./td")] for r in table.xpath("./tbody/tr")]
    assert [r[1:] for r in rows] == [["№ 2", "№ 3"], ["№ 3", "№ 4"]]


def test_an_issuer_page_names_the_new_and_the_discontinued_directions(two_years):
    html = page(two_years, "ru/issuer/akmola")
    new, gone = html.xpath("//h3/following-sibling::ul[1]")[:2]
    assert [text(a) for a in new.xpath(".//a")] == [
        "Организация мероприятий, направленных на формирование антикоррупционной культуры в Акмолинской области",
        "Развитие гражданских инициатив на селе"]
    assert [text(a) for a in gone.xpath(".//a")] == ["Развитие лидерства сельской молодежи"]
    assert gone.xpath(".//a/@href") == ["../../p/2025-akmola-01/"]


def test_an_issuer_with_one_year_is_told_a_comparison_needs_two(built_site):
    html = page(built_site, "ru/issuer/akmola")
    assert "нужны перечни хотя бы за два года" in text(html) and not html.xpath("//table[@class='issuer-recurring']")


def test_a_list_page_links_to_its_issuers_years(built_site):
    assert page(built_site, "kk/list/2026/akmola").xpath("//a[@href='../../../issuer/akmola/']")
