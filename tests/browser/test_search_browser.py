"""The search page in a real browser, served under a sub-path: the query table of tests/search_queries.yaml
(each expected priority among the first three results), the same queries on plain Pagefind as a baseline,
the JS folding against the Python one, highlighting in the original text, filters, sort, shared links,
the page without JavaScript and under a strict Content-Security-Policy."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from site_browser import ARTIFACTS, DESKTOP, PHONE, SearchPage, make_tab, pid, settled
from support import copy_pages

from grantsite.search import fold, index as search

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TABLE = yaml.safe_load((ROOT / "tests" / "search_queries.yaml").read_text(encoding="utf-8"))
QUERIES = [row for row in TABLE if "content" not in row]  # the shipped content (test_search_years_browser: the rest)
CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:"
AREA_04 = {"kk": "Отбасылық-демографиялық және гендерлік мәселелерді шешуге жәрдемдесу",
           "ru": "Содействие решению семейно-демографических и гендерных вопросов"}


@pytest.fixture(scope="module")
def search_pages(browser, server):
    """One desktop tab per language, on its search page, for the whole module."""
    tabs = {lang: make_tab(browser, server, DESKTOP, locale="ru-RU") for lang in ("kk", "ru")}
    yield {lang: SearchPage(tab, lang) for lang, tab in tabs.items()}
    for tab in tabs.values():
        tab.page.context.close()


# ---- the query table ---------------------------------------------------------------------------

def test_the_query_table_is_big_and_covers_both_sites_and_every_priority():
    assert len(QUERIES) >= 30
    assert {row["site"] for row in QUERIES} == {"kk", "ru"}
    assert {pid for row in QUERIES for pid in row["expect"]} == {f"2026-akmola-0{n}" for n in range(1, 5)}


@pytest.mark.parametrize("row", QUERIES, ids=[f"{row['site']}:{row['q']}" for row in QUERIES])
def test_every_query_of_the_table_finds_its_priorities_in_the_first_three(search_pages, row):
    found = search_pages[row["site"]].search(row["q"])
    assert set(row["expect"]) <= set(found[:3]), f"{row['q']!r} ({row['kind']}): {found}"


@pytest.fixture(scope="module")
def plain_pagefind(browser_site, tmp_path_factory) -> Path:
    """Pagefind run on the published priority pages as they are: no folding, no stemming."""
    root = tmp_path_factory.mktemp("plain")
    pages = sorted(p.relative_to(browser_site).as_posix() for p in browser_site.glob("*/p/*/index.html"))
    copy_pages(browser_site, pages, root / "pages", lambda page: page)
    search.run_pagefind(root / "pages", root / "pagefind")
    return root / "pagefind"


SCORE = """async ([root, plainRoot, rows, lang]) => {
  const { makeFolder } = await import(root + "static/fold.js");
  const folder = makeFolder(await (await fetch(root + "static/fold.json")).json());
  const plain = await import(plainRoot + "pagefind.js");
  const years = (await (await fetch(root + "pagefind/years.json")).json())[lang];
  const ours = await import(root + "pagefind/" + lang + "/" + years[0] + "/pagefind.js");
  for (const pf of [plain, ours]) await pf.options({ baseUrl: "/" });
  const top = async (pf, q) => {
    const found = await pf.search(q);
    return Promise.all(found.results.slice(0, 3).map(async (r) => (await r.data()).url));
  };
  const out = [];
  for (const row of rows) {
    out.push({ plain: await top(plain, row.q), folded: await top(ours, folder.fold(row.q)),
               ours: await top(ours, folder.query(row.q, lang)) });
  }
  return out;
}"""


def test_the_baseline_scores_plain_pagefind_on_the_same_queries(search_pages, plain_pagefind, capsys):
    scores = {"queries": len(QUERIES), "ours": 0, "folded_without_stemming": 0, "plain_pagefind": 0}
    misses = {"plain_pagefind": [], "folded_without_stemming": []}
    ran = 0
    for lang, page in search_pages.items():
        rows = [row for row in QUERIES if row["site"] == lang]
        page.page.route("**/plain-pagefind/**", lambda route: route.fulfill(
            path=plain_pagefind / route.request.url.split("/plain-pagefind/", 1)[1].split("?")[0]))
        results = page.page.evaluate(SCORE, [page.tab.base, page.tab.base + "plain-pagefind/", rows, lang])
        for row, got in zip(rows, results):
            ran += 1
            for variant, key in (("ours", "ours"), ("folded_without_stemming", "folded"), ("plain_pagefind", "plain")):
                hit = set(row["expect"]) <= {pid(url) for url in got[key]}
                scores[variant] += hit
                if not hit and variant in misses:
                    misses[variant].append(f"{lang}: {row['q']}")
    report = {**scores, "misses": misses,
              "note": "a query scores when all its expected priorities are among the first three results"}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "search-baseline.json").write_text(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True),
                                                    encoding="utf-8")
    with capsys.disabled():
        print(f"\nsearch baseline: ours {scores['ours']}/{ran}, folded without stemming "
              f"{scores['folded_without_stemming']}/{ran}, plain Pagefind {scores['plain_pagefind']}/{ran}")
    assert ran == len(QUERIES)
    assert scores["ours"] == ran >= scores["plain_pagefind"]
    assert scores["ours"] > scores["folded_without_stemming"]  # the stemming step earns its place


# ---- the JS twin of the folding -----------------------------------------------------------------

def typed_inputs() -> list[str]:
    """Texts to fold on both sides: the shipped content, the query table, and awkward typing."""
    texts = []
    for path in sorted((ROOT / "content").rglob("*.yaml")):
        texts += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [row["q"] for row in QUERIES]
    texts += ["İSTANBUL iı İı", "ЁЛКА ёлка", "AКМОЛА тәуелдiлiк Hаркомания", "ǵylym áıel ńoqat ÓMIR úı ýaqyt",
              "shash chay zhol", "Sybaılas-Jemqorlyq", "saıasat iaǵnı tehnologııa", "aıu kıiz", "1 000 «№»",
              "ΣΊΣΥΦΟΣ", "straße STRASSE", "x\u0301y", "\u00e4\u0308", "日本語 テキスト", "a\u00a0b\u202fc", ""]
    alphabet = "әғқңөұүһіӘҒҚҢӨҰҮҺІабвгдеёжзийклмнопрстуфхцчшщъыьэюяАЯЁ" \
               "abcdefghijklmnopqrstuvwxyzIİıäöüşğñūáéóúýǵńç -.,«»0123456789"
    seed = 20260101
    for n in range(300):  # a fixed pseudo-random mix of scripts, the same every run
        seed = (seed * 1103515245 + 12345) % 2**31
        length = seed % 24
        chars = []
        for _ in range(length):
            seed = (seed * 1103515245 + 12345) % 2**31
            chars.append(alphabet[seed % len(alphabet)])
        texts.append("".join(chars))
    return texts


def test_python_and_js_fold_and_stem_the_same_inputs_alike(search_pages):
    texts = typed_inputs()
    page = search_pages["kk"]
    got = page.page.evaluate("""async ([root, texts]) => {
      const { makeFolder } = await import(root + "static/fold.js");
      const folder = makeFolder(await (await fetch(root + "static/fold.json")).json());
      return texts.map((t) => [folder.fold(t), folder.query(t, "kk"), folder.query(t, "ru")]);
    }""", [page.tab.base, texts])
    want = [[fold.fold(t), fold.query(t, "kk"), fold.query(t, "ru")] for t in texts]
    assert len(got) == len(texts) > 800
    assert [(t, g, w) for t, g, w in zip(texts, got, want) if g != w] == []


# ---- what a reader sees --------------------------------------------------------------------------

def test_a_shared_link_opens_with_the_query_and_its_results(desktop):
    desktop.open("kk/search/?q=" + quote("sybaılas jemqorlyq"))
    settled(desktop.page, "sybaılas jemqorlyq")
    assert desktop.page.input_value("#search-q") == "sybaılas jemqorlyq"
    first = desktop.page.locator("#search-results li h2 a").first
    first.click()
    desktop.page.wait_for_load_state()
    assert desktop.page.url == desktop.base + "kk/p/2026-akmola-01/"
    assert desktop.errors == [] and desktop.outside == []


def test_a_typed_query_is_kept_in_the_address_for_sharing(search_pages):
    page = search_pages["ru"]
    page.search("гендерное равенство")
    assert page.page.url == page.tab.base + "ru/search/?q=" + quote("гендерное равенство").replace("%20", "+")


def test_typing_searches_without_pressing_enter(search_pages):
    page = search_pages["kk"]
    page.page.fill("#search-q", "")
    page.page.type("#search-q", "лудомания", delay=20)
    page.wait("лудомания")
    assert page.ids() == ["2026-akmola-03"]


def test_a_result_shows_direction_issuer_area_and_funding(search_pages):
    page = search_pages["ru"]
    assert page.search("семейная политика")[0] == "2026-akmola-04"
    card = page.page.locator("#search-results li").first
    text = card.inner_text()
    assert "Развитие семейной политики и укрепление гендерного равенства" in text
    assert "Управление внутренней политики Акмолинской области" in text
    assert AREA_04["ru"] in text
    assert "6\u00a0000,0\u00a0тыс. тенге" in text


def test_a_result_quotes_the_passage_where_the_query_matched(search_pages):
    page = search_pages["ru"]
    assert "2026-akmola-04" in page.search("Кокшетау")
    card = page.page.locator("#search-results li", has=page.page.locator('a[href$="/2026-akmola-04/"]'))
    passage = card.locator(".search-passage")
    assert passage.is_visible() and "г. Кокшетау" in passage.inner_text()
    assert passage.locator("mark").all_inner_texts() == ["Кокшетау"]


def test_a_result_whose_quoted_text_cannot_be_fetched_still_shows_without_a_passage(browser, server):
    tab = make_tab(browser, server, DESKTOP, locale="ru-RU")
    try:
        tab.page.route("**/text.txt", lambda route: route.fulfill(status=404, body="not found"))
        page = SearchPage(tab, "ru")
        assert "2026-akmola-04" in page.search("Кокшетау")
        card = page.page.locator("#search-results li", has=page.page.locator('a[href$="/2026-akmola-04/"]'))
        assert "Развитие семейной политики" in card.inner_text()
        assert card.locator(".search-passage").is_hidden()
    finally:
        tab.page.context.close()


def test_a_result_whose_card_already_shows_every_match_quotes_nothing_more(search_pages):
    page = search_pages["ru"]
    assert "2026-akmola-01" in page.search("Управление внутренней политики")
    card = page.page.locator("#search-results li", has=page.page.locator('a[href$="/2026-akmola-01/"]'))
    assert card.locator(".card-kicker mark").all_inner_texts() == ["Управление", "внутренней", "политики"]
    assert card.locator(".search-passage").is_hidden()


def test_results_link_to_priority_pages_in_rank_order(search_pages):
    page = search_pages["kk"]
    ids = page.search("Кокшетау")
    hrefs = page.page.eval_on_selector_all("#search-results li h2 a", "links => links.map(a => a.href)")
    assert hrefs == [page.tab.base + f"kk/p/{i}/" for i in ids] and len(ids) == 2


def test_query_words_are_marked_in_the_original_kazakh_text(search_pages):
    page = search_pages["kk"]
    page.search("sybailas jemkorlyk")
    marks = page.page.locator("#search-results li h2 mark").all_inner_texts()
    assert marks == ["сыбайлас", "жемқорлыққа"]


def test_an_inflected_russian_query_marks_the_word_as_written(search_pages):
    page = search_pages["ru"]
    page.search("антикоррупционная")
    assert page.page.locator("#search-results li h2 mark").all_inner_texts() == ["антикоррупционной"]


def test_a_filter_narrows_the_results_and_is_kept_in_the_address(search_pages):
    page = search_pages["ru"]
    assert len(page.search("Кокшетау")) == 2
    page.page.select_option("#search-filter-area", AREA_04["ru"])
    page.wait("Кокшетау")
    assert page.ids() == ["2026-akmola-04"]
    assert "area=" in page.page.url
    page.page.click("#search-filters button[type=reset]")
    page.page.wait_for_function("() => document.querySelectorAll('#search-results li').length === 2")
    assert "area=" not in page.page.url


def test_a_link_with_a_filter_and_no_words_lists_that_area(desktop):
    desktop.open("kk/search/?area=" + quote(AREA_04["kk"]))
    settled(desktop.page, "")
    assert [pid(h) for h in desktop.page.eval_on_selector_all(
        "#search-results li h2 a", "links => links.map(a => a.getAttribute('href'))")] == ["2026-akmola-04"]
    assert desktop.page.input_value("#search-filter-area") == AREA_04["kk"]


def test_results_can_be_sorted_by_funding(search_pages):
    page = search_pages["kk"]
    relevance = page.search("Ақмола облысы")
    assert sorted(relevance) == [f"2026-akmola-0{n}" for n in range(1, 5)]
    page.page.select_option("#search-sort", "funding-desc")
    page.wait("Ақмола облысы")
    page.page.wait_for_function("() => location.search.includes('sort=funding-desc')")
    assert page.ids()[:2] == ["2026-akmola-03", "2026-akmola-04"]
    page.page.select_option("#search-sort", "funding-asc")
    page.page.wait_for_function("() => location.search.includes('sort=funding-asc')")
    page.wait("Ақмола облысы")
    assert page.ids()[-2:] == ["2026-akmola-04", "2026-akmola-03"]
    page.page.select_option("#search-sort", "")


def test_more_results_load_on_request(fresh_tab):
    tab = fresh_tab()

    def two_at_a_time(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace('data-page="10"', 'data-page="2"'))

    tab.page.route(tab.base + "kk/search/**", two_at_a_time)
    tab.open("kk/search/?q=" + quote("Ақмола облысы"))
    settled(tab.page, "Ақмола облысы")
    assert tab.page.locator("#search-results li").count() == 2
    assert "4" in tab.page.inner_text("#search-status")
    tab.page.click("#search-more")
    tab.page.wait_for_function("() => document.querySelectorAll('#search-results li').length === 4")
    assert tab.page.locator("#search-more").is_hidden()
    hrefs = tab.page.eval_on_selector_all("#search-results li h2 a", "links => links.map(a => a.getAttribute('href'))")
    assert len(set(hrefs)) == 4


def test_nothing_found_says_so_and_offers_the_other_language(search_pages):
    page = search_pages["kk"]
    assert page.search("жжжжжжж") == []
    assert "«жжжжжжж»" in page.page.inner_text("#search-status")
    other = page.page.locator("#search-elsewhere a")
    assert other.is_visible() and other.get_attribute("href") == "../../ru/search/?q=" + quote("жжжжжжж")
    assert page.page.locator("header .lang-switch").get_attribute("href") == "../../ru/search/?q=" + quote("жжжжжжж")


def test_without_javascript_the_page_says_so_and_links_the_browse_pages(fresh_tab):
    tab = fresh_tab(java_script_enabled=False)
    tab.open("ru/search/?q=" + quote("Кокшетау"))
    assert "должен быть включен JavaScript" in tab.page.inner_text("main")
    links = tab.page.eval_on_selector_all("#browse-h + ul a", "links => links.map(a => a.getAttribute('href'))")
    assert links == ["../area/", "../territory/", "../year/", "../grant-type/"]
    assert tab.page.locator("#search-filters").is_hidden()


def test_search_works_under_a_strict_content_security_policy(fresh_tab):
    tab = fresh_tab()

    def with_policy(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})

    tab.page.route(tab.base + "**", with_policy)
    tab.open("kk/search/?q=" + quote("тәуелдiлiктiң"))
    settled(tab.page, "тәуелдiлiктiң")
    assert pid(tab.page.locator("#search-results li h2 a").first.get_attribute("href")) == "2026-akmola-03"
    assert tab.errors == [] and tab.outside == []


def test_the_search_page_with_results_is_accessible_and_fits_a_phone(fresh_tab):
    tab = fresh_tab(PHONE, is_mobile=True, has_touch=True)
    tab.open("kk/search/?q=" + quote("жастар"))
    settled(tab.page, "жастар")
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert tab.axe() == []
    assert tab.errors == [] and tab.outside == []


def test_the_first_query_fetches_nothing_from_another_host(search_pages):
    requests = []
    page = search_pages["ru"]
    page.page.on("request", lambda r: requests.append(r.url))
    page.tab.open("ru/search/?q=" + quote("молодежь"))
    settled(page.page, "молодежь")
    assert requests and all(url.startswith(page.tab.base) for url in requests)
    assert page.tab.outside == []
    assert any(re.search(r"/pagefind/ru/2026/wasm\.ru\.pagefind$", url) for url in requests)
