"""The search index the build writes (grantsite/search/index.py, copy.py): Pagefind over the search copies of
the priority pages, one bundle per year and language, with filters and the funding sort in the original
text, each word of a page once and none of its chrome, reproducible."""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings, strategies as st
from support import CONTENT, copy_pages

from grantsite import pipeline
from grantsite.search import copy as search_copy, fold, index as search, stable as search_stable

LANGS = ("kk", "ru")
PRIORITY_IDS = sorted(f"2026-akmola-{p.stem}" for p in (CONTENT / "2026" / "akmola").glob("[0-9]*.yaml"))
FILTERS = {"year", "issuer", "area", "territory", "grant-type"}


def fragments(bundle: Path, lang: str) -> dict[str, dict]:
    """The pages Pagefind holds for a language: priority id → what a result is made of."""
    out = {}
    for path in sorted((bundle / "fragment").glob(f"{lang}_*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(search_stable.SIGNATURE)
        page = json.loads(raw[len(search_stable.SIGNATURE):])
        out[page["url"].rstrip("/").rsplit("/", 1)[1]] = page
    return out


def language_meta(bundle: Path, lang: str) -> list:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return search_stable.read(bundle / f"pagefind.{entry['languages'][lang]['hash']}.pf_meta")


@pytest.fixture(scope="module")
def bundle(built_site) -> Path:
    return built_site / search.BUNDLE / "kk" / "2026"


def year_bundle(site: Path, lang: str, year: str = "2026") -> Path:
    return site / search.BUNDLE / lang / year


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_and_year_has_its_own_bundle_of_every_priority_page_and_nothing_else(built_site, lang):
    bundle = year_bundle(built_site, lang)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == [lang]
    assert entry["languages"][lang]["page_count"] == len(PRIORITY_IDS) == 4
    pages = fragments(bundle, lang)
    assert sorted(pages) == PRIORITY_IDS
    assert {page["url"] for page in pages.values()} == {f"/{lang}/p/{pid}/" for pid in PRIORITY_IDS}


def test_the_indexed_text_is_folded(bundle):
    text = fragments(bundle, "kk")["2026-akmola-01"]["content"]
    assert "сыбайлас жемкорлыкка карсы мадениетти" in text
    assert not set(text) & set("әғқңөұүһі") and text == text.lower()


def test_results_show_the_original_text(bundle):
    meta = fragments(bundle, "kk")["2026-akmola-01"]["meta"]
    assert meta["title"] == ("Ақмола облысында сыбайлас жемқорлыққа қарсы мәдениетті қалыптастыруға "
                             "бағытталған іс-шараларды ұйымдастыру")
    assert meta["issuer"] == "Ақмола облысының ішкі саясат басқармасы"
    assert meta["area"] == "Азаматтар мен ұйымдардың құқықтарын, заңды мүдделерін қорғау"
    assert meta["funding"] == "5\u00a0000,0\u00a0мың теңге"
    assert meta["territory"] == "Ақмола облысы"


def test_the_original_text_a_result_quotes_is_published_beside_its_page_without_the_ignored_parts(built_site):
    text = (built_site / "kk" / "p" / "2026-akmola-03" / search.QUOTED).read_text(encoding="utf-8")
    assert "Кокшетау қаласы мен Ақмола облысындағы әлеуметтік желілерде" in text
    assert "Деректер сапасы" not in text  # the quality box is not the priority's own text
    assert text.endswith("\n") and "\n" not in text[:-1] and "  " not in text


@pytest.mark.parametrize("lang", LANGS)
def test_every_priority_page_of_both_languages_has_its_quoted_text(built_site, lang):
    quoted = sorted(p.parent.name for p in (built_site / lang / "p").glob(f"*/{search.QUOTED}"))
    assert quoted == PRIORITY_IDS
    page = (built_site / lang / "p" / PRIORITY_IDS[0] / "index.html").read_text(encoding="utf-8")
    assert (built_site / lang / "p" / PRIORITY_IDS[0] / search.QUOTED).read_text(encoding="utf-8") == \
        search.prepared(page)[1] + "\n"


def test_the_original_text_is_not_stored_again_in_pagefind_fragments(built_site):
    # Pagefind would keep it a second time in every fragment: a third of its run at 10,000 priorities
    assert all("text" not in page["meta"] for lang in LANGS
               for page in fragments(year_bundle(built_site, lang), lang).values())


def test_the_labels_every_priority_page_repeats_are_not_indexed_or_quoted():
    page = ('<html lang="ru"><body><article data-pagefind-body><h1>Жастар</h1><aside class="notice">Неофициальный'
            ' перевод</aside><h2 id="columns-h">Графы официального перечня</h2><dl><div><dt><span class="col-no">8'
            '</span> Целевой индикатор</dt><dd><h3 class="entries-h">Ожидаемые результаты</h3><ol><li>Охват 500 '
            'человек<span class="target"><span class="visually-hidden">целевое значение: </span>500</span></li>'
            '</ol></dd></div></dl></article></body></html>')
    copy, quoted = search.prepared(page)
    assert quoted == "Жастар Охват 500 человек 500"  # (a target is marked ignored on real pages: see below)
    assert "результаты" not in copy and "индикатор" not in copy and "перечня" not in copy
    assert "охват 500 человек" in copy


def _copy_text(built_site: Path, lang: str, pid: str) -> str:
    copy, _ = search.prepared((built_site / lang / "p" / pid / "index.html").read_text(encoding="utf-8"))
    return re.sub(r"<[^>]*>", " ", copy.split("data-search-data>", 1)[1].split("</div>", 1)[1])


@pytest.mark.parametrize("lang", LANGS)
def test_the_search_copy_holds_each_word_of_the_page_once(built_site, lang):
    words = [word.strip(".,;:()«»–") for word in _copy_text(built_site, lang, "2026-akmola-04").split()]
    assert len(words) == len(set(words)) > 100
    direction = {"kk": "отбасылык саясатты дамыту", "ru": "развитие семейной политики"}[lang]
    assert set(direction.split()) <= set(words)


def test_repeated_words_are_kept_once_where_they_first_occur_and_punctuation_makes_no_new_word():
    words = "жастар, жастар «жастар» іс-шара; іс-шара 5 000 000".split()
    assert search_copy.folded_once(words) == "жастар ис-шара 5 000"


def test_the_search_copy_keeps_no_punctuation_around_a_word_nor_a_word_of_punctuation_alone():
    # Pagefind indexes «(жастар),» as жастар; read as it is, each such word takes its slower way
    words = "«Жастар» (жастар), — № 1 · іс-шара… 2026-2027".split()
    assert search_copy.folded_once(words) == "жастар 1 ис-шара 2026-2027"


@pytest.mark.parametrize("lang", LANGS)
def test_the_search_copy_leaves_out_the_chrome_of_the_page(built_site, lang):
    text = _copy_text(built_site, lang, "2026-akmola-03")
    chrome = {"kk": ["конкурс али", "кужатта", "ааож коды", "ескерту", "казак жане орыс"],
              "ru": ["конкурс пока", "в документе", "код като", "внимание", "не сверена", "неофициальный перевод"]}[lang]
    assert [word for word in chrome if word in text] == []


def test_no_ignored_element_of_a_priority_page_holds_an_element_of_its_own_tag(built_site):
    # copy.py cuts an ignored element at its first closing tag of the same name, labels removed first
    for page in sorted(built_site.glob("*/p/*/index.html")):
        region = search.indexed_region(page.read_text(encoding="utf-8"))
        region = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", region)
        for found in re.finditer(r"<([a-z][a-z0-9]*)\b[^>]*\bdata-pagefind-ignore\b[^>]*>(.*?)</\1>", region, re.S):
            assert f"<{found.group(1)}" not in found.group(2).replace(f"</{found.group(1)}", ""), page


def test_a_label_word_is_not_found_on_every_page(built_site):
    pages = fragments(year_bundle(built_site, "ru"), "ru")
    assert not [pid for pid, page in pages.items() if "ожидаемые результаты" in page["content"]]
    assert all("графы официального перечня" not in page["content"] for page in pages.values())


def test_the_original_text_is_the_indexed_region_as_plain_text():
    page = ('<html><body><nav>Мәзір</nav><article data-pagefind-body><h1>Жастар &amp; «Ауыл»</h1>'
            '<section data-pagefind-ignore><h2>Деректер сапасы</h2></section><dl><dt>Аумақ</dt><dd>Ақмола'
            '\n  облысы</dd></dl><div hidden data-pagefind-ignore><span data-pagefind-meta="x:y"></span></div>'
            '</article><footer>Жоба</footer></body></html>')
    assert search.prepared(page)[1] == "Жастар & «Ауыл» Ақмола облысы"
    assert search.prepared("<html><body><p>Ә</p></body></html>")[1] == ""


def test_the_copy_pagefind_reads_is_the_folded_text_of_the_indexed_element_and_the_quote_its_original():
    copy, quoted = search.prepared('<html lang="kk"><head><title>Ә</title></head><body><nav>Мәзір</nav>'
                                   '<article data-pagefind-body><p>Ақ "ту" &amp; <b>Ә</b></p></article>'
                                   '<footer>Ә</footer></body></html>')
    assert copy == ('<!doctype html><html lang="kk"><head><meta charset="utf-8"></head><body data-pagefind-body>'
                    '<p>ак ту а</p></body></html>\n')
    assert quoted == 'Ақ "ту" & Ә'


def test_a_page_without_an_indexed_element_is_folded_whole():
    assert search.prepared('<html lang="ru"><body><p>Ә</p></body></html>') == \
        ('<html lang="ru"><body><p>а</p> </body></html>', "")


def test_a_flagged_amount_carries_its_warning_into_the_result(built_site):
    assert fragments(year_bundle(built_site, "ru"), "ru")["2026-akmola-03"]["meta"]["flags"] == "Внимание: сомнительная сумма"
    assert "flags" not in fragments(year_bundle(built_site, "ru"), "ru")["2026-akmola-01"]["meta"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_the_five_filters_in_the_original_text_and_a_funding_sort(built_site, lang):
    bundle = year_bundle(built_site, lang)
    pages = fragments(bundle, lang)
    assert all(set(page["filters"]) == FILTERS for page in pages.values())
    assert pages["2026-akmola-03"]["filters"]["year"] == ["2026"]
    region = {"kk": "Ақмола облысы", "ru": "Акмолинская область"}[lang]
    assert pages["2026-akmola-03"]["filters"]["territory"] == [region]
    filters, sorts = language_meta(bundle, lang)[3:5]
    assert sorted(name for name, _ in filters) == sorted(FILTERS)
    assert [name for name, _ in sorts] == ["funding"]


def test_the_funding_sort_orders_pages_by_amount(built_site, bundle):
    _, pages, _, _, sorts, _ = language_meta(bundle, "kk")
    urls = {_hash_of(bundle, page): page["url"] for page in fragments(bundle, "kk").values()}

    def amount(url: str) -> float:
        page = (built_site / url.strip("/") / "index.html").read_text(encoding="utf-8")
        return float(re.search(r'data-pagefind-sort="funding:([0-9.]+)"', page).group(1))

    amounts = [amount(urls[pages[n][0]]) for n in dict(sorts)["funding"]]
    assert len(amounts) == 4 and 4400000.0 in amounts
    assert amounts in (sorted(amounts), sorted(amounts, reverse=True))


def _hash_of(bundle: Path, page: dict) -> str:
    """The fragment name Pagefind lists a page under."""
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())[len(search_stable.SIGNATURE):]
        if json.loads(raw)["url"] == page["url"]:
            return path.stem
    raise AssertionError(page["url"])


def test_the_folding_table_is_published_from_the_python_source(built_site):
    assert (built_site / search.FOLD_TABLE).read_text(encoding="utf-8") == fold.table_json()


def test_pagefinds_own_interfaces_are_not_published(bundle):
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
    assert [name for name in search.UNUSED if (bundle / name).exists()] == []


def test_priority_pages_carry_the_search_data_in_attributes(built_site):
    page = (built_site / "ru/p/2026-akmola-04/index.html").read_text(encoding="utf-8")
    assert '<article class="priority" aria-labelledby="priority-h" data-pagefind-body>' in page
    assert 'data-pagefind-meta="title:Развитие семейной политики и укрепление гендерного равенства"' in page
    assert 'data-pagefind-sort="funding:6000.0"' in page
    assert 'data-pagefind-filter="grant-type:краткосрочный"' in page
    assert re.search(r'<section class="provenance"[^>]* data-pagefind-ignore>', page)


def test_folding_a_page_folds_its_text_only():
    page = ('<html lang="kk"><body data-pagefind-body><h1 data-pagefind-meta="title:Жемқорлыққа қарсы">'
            'Жемқорлыққа ҚАРСЫ &amp; Sybaılas</h1><p title="Ақмола">Ақмола&nbsp;облысы</p></body></html>')
    assert search.fold_html(page) == (
        '<html lang="kk"><body data-pagefind-body><h1 data-pagefind-meta="title:Жемқорлыққа қарсы">'
        'жемкорлыкка карсы &amp; сыбайлас</h1> <p title="Ақмола">акмола&nbsp;облысы</p> </body></html>')


def test_folding_a_page_keeps_the_words_of_neighbouring_blocks_apart():
    folded = search.fold_html("<dl><dt>Аумақ</dt><dd>Ақмола облысы</dd></dl>")
    assert folded == "<dl><dt>аумак</dt> <dd>акмола облысы</dd> </dl> "


def test_folding_a_page_drops_scripts_styles_and_comments():
    folded = search.fold_html('<head><script type="application/ld+json">{"a": "Ә"}</script><style>p{}</style>'
                              '</head><body><!-- Ескерту --><p>Ә</p></body>')
    assert folded == "<head></head><body><p>а</p> </body>"


def test_two_runs_of_pagefind_write_byte_identical_bundles(built_site, tmp_path):
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.glob("*/p/*/index.html"))
    copy_pages(built_site, pages, tmp_path / "pages", search.fold_html)
    runs = []
    for n in range(3):
        search.run_pagefind(tmp_path / "pages", tmp_path / f"bundle{n}")
        runs.append({p.relative_to(tmp_path / f"bundle{n}").as_posix(): p.read_bytes()
                     for p in sorted((tmp_path / f"bundle{n}").rglob("*")) if p.is_file()})
    assert runs[0] == runs[1] == runs[2]
    assert any(name.startswith("filter/") for name in runs[0])


def test_a_pagefind_failure_is_one_clear_error_naming_the_language_and_leaves_no_part_behind(tmp_path):
    (tmp_path / "pages" / "kk").mkdir(parents=True)
    (tmp_path / "pages" / "kk" / "index.html").write_text("<html><body></body></html>")  # no word: refused
    with pytest.raises(search.SearchIndexError, match=r"^pagefind failed \(exit 1\) on kk in pages: .+"):
        search.run_pagefind(tmp_path / "pages", tmp_path / "bundle", "kk")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages"]


def test_a_folder_without_a_page_is_refused_before_pagefind_runs(tmp_path):
    (tmp_path / "pages" / "kk").mkdir(parents=True)
    with pytest.raises(search.SearchIndexError, match="no page to index"):
        search.run_pagefind(tmp_path / "pages", tmp_path / "bundle")


def test_the_years_of_each_language_are_listed_newest_first_for_the_search_page(built_site):
    assert json.loads((built_site / search.YEARS).read_text(encoding="utf-8")) == {"kk": ["2026"], "ru": ["2026"]}
    assert sorted(p.relative_to(built_site / search.BUNDLE).as_posix()
                  for p in (built_site / search.BUNDLE).glob("*/*")) == ["kk/2026", "ru/2026"]
    entry = json.loads((year_bundle(built_site, "kk") / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry) == {"version", "languages", "include_characters"}


def test_a_site_of_two_years_has_a_bundle_for_each_year_and_language(two_years_site):
    assert json.loads((two_years_site / search.YEARS).read_text(encoding="utf-8")) == \
        {"kk": ["2026", "2025"], "ru": ["2026", "2025"]}
    for lang in LANGS:
        assert sorted(fragments(year_bundle(two_years_site, lang, "2025"), lang)) == \
            ["2025-akmola-01", "2025-akmola-02", "2025-akmola-03"]
        assert sorted(fragments(year_bundle(two_years_site, lang), lang)) == PRIORITY_IDS
        filters = fragments(year_bundle(two_years_site, lang, "2025"), lang)["2025-akmola-01"]["filters"]
        assert filters["year"] == ["2025"]


def test_a_bundle_in_an_unknown_format_is_refused_not_guessed(bundle, tmp_path):
    copy = tmp_path / "bundle"
    shutil.copytree(bundle, copy)
    meta = next(copy.glob("pagefind.kk_*.pf_meta"))
    meta.write_bytes(gzip.compress(search_stable.SIGNATURE + b"\xf9\x3c\x00"))  # a CBOR half-float
    with pytest.raises(search_stable.FormatChanged, match="CBOR"):
        search_stable.stabilise(copy)


def test_a_site_with_an_empty_list_builds_without_a_search_index(content_tree, tmp_path):
    for path in (content_tree.root / "2026" / "akmola").glob("[0-9]*.yaml"):
        path.unlink()
    out = tmp_path / "site"
    pipeline.build(pipeline.Config(content=content_tree.root, out=out))
    assert (out / "kk/search/index.html").is_file() and (out / search.FOLD_TABLE).is_file()
    assert not (out / search.BUNDLE).exists() and not (out / search.YEARS).exists()


def test_pagefind_runs_as_its_own_executable_and_through_its_wrapper_without_the_binary_package(monkeypatch):
    index = search
    index._pagefind.cache_clear()
    command = index._pagefind()
    assert len(command) == 1 and os.access(command[0], os.X_OK) and "python" not in Path(command[0]).name
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)  # as if only the wrapper were installed
    index._pagefind.cache_clear()
    try:
        assert index._pagefind() == (sys.executable, "-m", "pagefind")
    finally:
        index._pagefind.cache_clear()


# What a search copy leaves out, as one regular expression tried at every tag says it (copy._unignored finds the
# same elements from their attribute).
EVERY_TAG = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1>", re.S)
MARKUP = st.lists(st.sampled_from([
    "<p>", "</p>", "<span>", "</span>", "<div>", "</div>", "<dd>", "</dd>", "<h1 id=\"x\">", "</h1>", "слово ", "word",
    "<span data-pagefind-ignore>", "<span class=\"target\" data-pagefind-ignore>", "<div hidden data-pagefind-ignore>",
    "<p data-pagefind-ignore=\"all\">", "<p data-pagefind-ignored>", "<p x_data-pagefind-ignore>",
    "<p data-pagefind-ignore-x>", "data-pagefind-ignore", " data-pagefind-ignore ", "<br>", "&amp;", "<a href=\"./\">",
    "</a>"]), max_size=30).map("".join)


@settings(max_examples=1000)
@given(MARKUP)
@example('<div data-pagefind-ignore><p data-pagefind-ignore>a</p>b</div>c')  # one inside another goes with it
@example('<p>data-pagefind-ignore</p><span data-pagefind-ignore>x</span>')  # the word in a text is no attribute
@example('<span data-pagefind-ignore>never ends')
def test_the_elements_a_search_copy_leaves_out_are_those_a_scan_of_every_tag_finds(markup):
    assert search_copy._unignored(markup) == EVERY_TAG.sub(" ", markup)


def test_a_text_is_taken_apart_at_the_end_of_each_block_and_nowhere_else():
    region = '<article data-pagefind-body><dl><div><dt>Label</dt><dd>one</dd></div><dd>two<br>three</dd></dl>' \
             '<p>four<span data-pagefind-ignore>hidden</span>five<em>six</em></p></article>'
    assert search_copy._words(search_copy._unignored(search_copy._LABELS.sub(" ", region))) == \
        ["one", "two", "three", "four", "fivesix"]


def once(text: str) -> str:
    """The plain statement of what a copy keeps of a folded text: each word once, where it first occurs, without
    the punctuation around it (folded_once must give the same, folding word by word)."""
    bare = (word.strip(search_copy._PUNCTUATION) for word in text.split())
    return " ".join(dict.fromkeys(word for word in bare if word))


WORDS = st.text(alphabet=st.sampled_from(list("сыбайлас жемқорлық ӘҒҚҢӨҰҮҺІ Sybaılas JEMQORLYQ iİı «»(),.;:-–—№ 019\n\t"
                                              "\u0301\u00a0ıaıu")), max_size=80)


@settings(max_examples=500)
@given(WORDS)
@example("«Жастар», жастар ЖАСТАР (jastar) — Ә-ә")
def test_the_words_of_a_copy_are_its_text_folded_whole_then_each_kept_once(text):
    assert search_copy.folded_once(text.split()) == once(fold.fold(text))


def test_words_are_folded_alike_when_the_remembered_ones_were_let_go(monkeypatch):
    monkeypatch.setattr(search_copy, "_FOLDED_LIMIT", 2)
    text = "Тәуелділік тауелдилик Sybaılas sybaılas, жемқорлық"
    assert search_copy.folded_once(text.split()) == search_copy.folded_once(text.split()) == once(fold.fold(text))
