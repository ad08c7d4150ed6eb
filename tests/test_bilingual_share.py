"""A priority in both languages side by side (/{lang}/p/{id}/bilingual/) and the summary a shared link shows
(Open Graph and Twitter card tags), on the shipped 2026 Akmola list."""
from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
import yaml
from support import CONTENT

NBSP = "\u00a0"
ROW_2 = yaml.safe_load((CONTENT / "2026/akmola/02.yaml").read_text(encoding="utf-8"))


def page(site: Path, path: str):
    return lxml.html.fromstring((site / path / "index.html").read_bytes())


def text(element) -> str:
    shown = [t for t in element.xpath(".//text()[not(ancestor::*[@class='cell-label'])]")]
    return " ".join("".join(shown).replace(NBSP, " ").split())


def cells(site: Path, lang: str, column: str) -> dict[str, list[str]]:
    """kk and ru cells of the rows headed by a column's name (rows 8 repeat per indicator and result)."""
    rows = [r for r in page(site, f"{lang}/p/2026-akmola-02/bilingual").xpath("//table[@class='bilingual']/tbody/tr")
            if text(r.xpath("./th")[0]).startswith(column)]
    return {l: [text(r.xpath(f"./td[@lang='{l}']")[0]) for r in rows] for l in ("kk", "ru")}


def plain(markdown: str) -> str:
    return " ".join(markdown.replace("**", "").split())


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_bilingual_page_shows_the_direction_in_both_languages(built_site, lang):
    column = {"kk": "3 Мемлекеттік гранттың бағыты", "ru": "3 Направление государственного гранта"}[lang]
    assert cells(built_site, lang, column) == {"kk": [ROW_2["direction"]["kk"]], "ru": [ROW_2["direction"]["ru"]]}


def test_the_bilingual_page_shows_the_problem_in_both_languages_word_for_word(built_site):
    found = cells(built_site, "ru", "4 ")
    assert found == {"kk": [plain(ROW_2["problem"]["kk"])], "ru": [plain(ROW_2["problem"]["ru"])]}


def test_the_bilingual_page_has_a_row_for_every_indicator_and_result_in_both_languages(built_site):
    found = cells(built_site, "ru", "8 ")
    entries = ROW_2["indicators"] + ROW_2["results"]
    assert len(found["kk"]) == len(entries) == len(found["ru"])
    assert found["kk"] == [plain(e["text"]["kk"]) for e in entries]
    assert found["ru"] == [plain(e["text"]["ru"]) for e in entries]


def test_the_bilingual_page_labels_codes_in_each_language(built_site):
    assert cells(built_site, "kk", "7 ") == {"kk": ["Ақмола облысы"], "ru": ["Акмолинская область"]}
    assert cells(built_site, "kk", "6 ") == {"kk": ["қысқа мерзімді, 2026 жыл; Гранттар саны: 1"],
                                             "ru": ["краткосрочный, 2026 год; Количество грантов: 1"]}


def test_every_column_of_the_official_table_has_a_row(built_site):
    heads = [text(th) for th in page(built_site, "ru/p/2026-akmola-02/bilingual").xpath("//tbody/tr/th/span[@class='col-no']")]
    assert sorted(set(heads)) == [str(n) for n in range(1, 10)]


@pytest.mark.parametrize("lang, notice", [("ru", "Текст на казахском языке: официальный текст; текст на русском языке: "
                                                  "неофициальный перевод."),
                                          ("kk", "Қазақ тіліндегі мәтін: ресми мәтін; орыс тіліндегі мәтін: ресми емес "
                                                 "аударма.")])
def test_the_bilingual_page_says_which_text_is_official(built_site, lang, notice):
    [box] = page(built_site, f"{lang}/p/2026-akmola-02/bilingual").xpath("//p[contains(@class, 'notice-translation')]")
    assert text(box).startswith(notice)


def test_each_priority_page_links_to_its_bilingual_page(built_site):
    for lang in ("kk", "ru"):
        assert page(built_site, f"{lang}/p/2026-akmola-04").xpath("//div[@class='bilingual-link']/a/@href") == ["bilingual/"]


def test_the_bilingual_pages_are_left_out_of_the_sitemap_and_the_search(built_site):
    assert "/bilingual/" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert page(built_site, "kk/p/2026-akmola-01/bilingual").xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert not page(built_site, "kk/p/2026-akmola-01/bilingual").xpath("//*[@data-pagefind-body]")


# ---- a shared link -------------------------------------------------------------------------------

def meta(site: Path, path: str) -> dict[str, str]:
    html = page(site, path)
    return {m.get("property") or m.get("name"): m.get("content") for m in html.xpath("//head/meta[@content]")}


@pytest.mark.parametrize("lang, summary", [
    ("ru", "Поддержка молодёжной политики и детских инициатив · 4,4 млрд ₸ · Акмолинская область · "
           "Управление внутренней политики Акмолинской области"),
    ("kk", "Жастар саясаты мен балалар бастамаларын қолдау · 4,4 млрд ₸ · Ақмола облысы · "
           "Ақмола облысының ішкі саясат басқармасы")])
def test_a_shared_priority_shows_its_direction_and_a_summary(built_site, lang, summary):
    found = meta(built_site, f"{lang}/p/2026-akmola-03")
    direction = yaml.safe_load((CONTENT / "2026/akmola/03.yaml").read_text(encoding="utf-8"))["direction"][lang]
    assert (found["og:title"], found["twitter:title"]) == (direction, direction)
    assert found["og:description"].replace(NBSP, " ") == found["twitter:description"].replace(NBSP, " ") == summary
    assert (found["og:type"], found["twitter:card"]) == ("article", "summary")
    assert found["og:locale"] == {"kk": "kk_KZ", "ru": "ru_RU"}[lang]


def test_a_shared_link_carries_the_pages_absolute_address_and_no_image(built_site):
    found = meta(built_site, "ru/p/2026-akmola-03")
    assert found["og:url"] == "http://127.0.0.1:8000/ru/p/2026-akmola-03/"  # Config's base_url by default
    assert "og:image" not in found and "twitter:image" not in found


def test_the_link_to_the_bilingual_page_is_left_out_of_the_search_copy(built_site):
    # the same words on every priority page would make every page match them
    [link] = page(built_site, "ru/p/2026-akmola-01").xpath("//*[@class='bilingual-link']")
    assert link.get("data-pagefind-ignore") is not None and link.tag == "div"
