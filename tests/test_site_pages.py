"""The rendered site of the shipped content: which pages exist, what a reader finds on them, and the
house rules every page keeps (relative links, a twin in the other language, no inline script or style)."""
from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

NBSP = "\u00a0"
LANGS = ("kk", "ru")
PAGE_KINDS = {  # one page of every kind, site-relative, with {lang}
    "home": "{lang}/", "list": "{lang}/list/2026/akmola/", "priority": "{lang}/p/2026-akmola-03/",
    "area": "{lang}/area/youth-children/", "areas": "{lang}/area/", "territory": "{lang}/territory/110000000/",
    "territories": "{lang}/territory/", "year": "{lang}/year/2026/", "years": "{lang}/year/",
    "grant-type": "{lang}/grant-type/short-term/", "grant-types": "{lang}/grant-type/",
    "downloads": "{lang}/downloads/", "quality": "{lang}/quality/", "about": "{lang}/about/",
    "dictionary": "{lang}/data/dictionary/", "changes": "{lang}/changes/", "issuer": "{lang}/issuer/akmola/",
    "bilingual": "{lang}/p/2026-akmola-03/bilingual/",
    "search": "{lang}/search/",
}


class Page(HTMLParser):
    """The tags of a page with their attributes, its scripts and its visible text."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self._text: list[str] = []
        self.feed(source)
        self.text = re.sub(r"\s+", " ", "".join(self._text)).replace(NBSP, " ")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "script":
            self._script = attrs

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self.scripts.append((self._script, data))
        else:
            self._text.append(data)

    def all(self, tag: str, **wanted) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in wanted.items())]


def read(site: Path, path: str) -> Page:
    return Page((site / path / "index.html" if path.endswith("/") else site / path).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "handbook" not in p.relative_to(site).parts
                  and "pagefind" not in p.relative_to(site).parts)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_page_kind_exists_in_both_languages(site, kind, lang):
    page = read(site, PAGE_KINDS[kind].format(lang=lang))
    assert page.all("html")[0]["lang"] == lang
    assert page.all("h1"), "every page has a main heading"


def test_a_page_for_every_priority_and_every_list(site, checked):
    for p in checked.catalogue.priorities:
        for lang in LANGS:
            assert (site / lang / "p" / p.id / "index.html").is_file()
    for lst in checked.catalogue.lists:
        assert (site / "kk" / "list" / str(lst.year) / lst.issuer.code / "index.html").is_file()


def test_every_page_names_its_twin_in_the_other_language(site):
    for path in html_pages(site):
        rel = path.relative_to(site).as_posix()
        if rel in ("index.html", "404.html"):
            continue
        other = "ru" if rel.startswith("kk") else "kk"
        page = Page(path.read_text(encoding="utf-8"))
        twins = page.all("link", rel="alternate", hreflang=other)
        assert len(twins) == 1, rel
        target = (path.parent / twins[0]["href"] / "index.html").resolve()
        assert target == (site / (other + rel[2:])).resolve(), rel
        switch = [a for a in page.all("a") if a.get("hreflang") == other and a.get("lang") == other]
        assert switch and switch[0]["href"] == twins[0]["href"], rel


def test_pages_use_only_relative_links_and_local_assets(site):
    for path in html_pages(site):
        page = Page(path.read_text(encoding="utf-8"))
        for tag, attrs in page.tags:
            for name in ("src", "href"):
                value = attrs.get(name)
                if value is None or (tag == "a" and value.startswith(("https://", "http://"))):
                    continue  # a reader may follow a link to another site; the page itself fetches nothing there
                if tag == "base" and path.name == "404.html":
                    continue  # the one absolute path: see test_404_page_reaches_the_site_from_any_depth
                assert not value.startswith(("/", "http:", "https:", "//")), f"{path}: <{tag} {name}={value}>"


def test_no_inline_script_style_or_event_handler(site):
    # A Content-Security-Policy without 'unsafe-inline' must be possible: JSON-LD is data, not script.
    for path in html_pages(site):
        page = Page(path.read_text(encoding="utf-8"))
        for attrs, body in page.scripts:
            assert attrs.get("type") == "application/ld+json" or not body.strip(), path
        for tag, attrs in page.tags:
            assert "style" not in attrs and tag != "style", path
            assert not [a for a in attrs if a.startswith("on")], f"{path}: <{tag}> has an event handler"


def test_priority_page_shows_all_nine_columns_in_the_page_language(site):
    for lang, headings in (("kk", ("Мемлекеттік гранттың бағыты", "Мәселенің қысқаша сипаттамасы",
                                   "Материалдық-техникалық базаға қойылатын талаптар")),
                           ("ru", ("Направление государственного гранта", "Краткое описание проблемы",
                                   "Требования к материально-технической базе"))):
        page = read(site, f"{lang}/p/2026-akmola-03/")
        numbers = [t for t in re.findall(r'class="col-no">(\d)<', (site / lang / "p/2026-akmola-03/index.html").read_text())]
        assert numbers == [str(n) for n in range(1, 10)]
        for heading in headings:
            assert heading in page.text


def test_priority_page_numbers_indicators_and_shows_their_targets(site):
    source = (site / "ru/p/2026-akmola-03/index.html").read_text(encoding="utf-8")
    indicators = source.split('class="entries indicators"')[1].split("</ol>")[0]
    assert indicators.count("<li>") == 2
    assert f"не менее 3{NBSP}000{NBSP}человек" in html.unescape(indicators)
    assert f"кемінде 3{NBSP}000{NBSP}адам" in html.unescape((site / "kk/p/2026-akmola-03/index.html").read_text())


def test_priority_page_shows_the_funding_as_published_and_flags_the_outlier(site):
    page = read(site, "ru/p/2026-akmola-03/")
    assert "4 400 000,0 тыс. тенге" in page.text
    assert "в документе: «4 400 000»" in page.text
    assert "Сумма финансирования вызывает сомнение." in page.text
    assert "Вероятно, имелось в виду 4 400,0 тыс. тенге." in page.text  # the editor's note on the defect
    assert [a for a in page.all("span") if "badge-warn" in a.get("class", "")]


def test_unofficial_translation_notice_only_where_the_text_is_unofficial(site):
    assert "Неофициальный перевод." in read(site, "ru/p/2026-akmola-01/").text
    assert "Ресми емес аударма." not in read(site, "kk/p/2026-akmola-01/").text
    assert "Неофициальный перевод." in read(site, "ru/list/2026/akmola/").text


def test_priority_page_links_its_record_as_json_and_csv(site):
    links = {a["href"] for a in read(site, "kk/p/2026-akmola-02/").all("a") if "href" in a}
    assert {"../../../data/p/2026-akmola-02.json", "../../../data/p/2026-akmola-02.csv"} <= links
    assert (site / "data/p/2026-akmola-02.json").is_file()


def test_home_shows_the_latest_year_with_a_short_total_and_a_warning_about_it(site, checked):
    page = read(site, "ru/")
    cards = [a for a in page.all("li") if a.get("class") == "card"]
    assert len(cards) == len([p for p in checked.catalogue.priorities if p.year == 2026])
    assert "4,4 млрд ₸" in page.text and "4 416 000,0 тыс. тенге" in page.text
    assert "отмеченные как сомнительные: 1" in page.text
    assert [a for a in page.all("p") if a.get("id") == "stat-flagged" and "hidden" not in a]


def test_home_filters_work_as_plain_links_without_javascript(site):
    page = read(site, "kk/")
    hrefs = {a.get("href") for a in page.all("a", **{"class": "chip"})}
    assert {"area/youth-children/", "territory/110000000/", "grant-type/short-term/", "year/2026/"} <= hrefs
    assert "hidden" in page.all("form", id="filters")[0]  # the live filter waits for JavaScript


def test_list_page_is_the_official_table_with_the_source_to_download(site):
    page = read(site, "kk/list/2026/akmola/")
    assert [tr.get("id") for tr in page.all("tr") if tr.get("id", "").startswith("row-")] == [f"row-{n}" for n in (1, 2, 3, 4)]
    assert len([th for th in page.all("th", scope="col") if th.get("class", "").startswith("col-")]) == 9
    downloads = [a["href"] for a in page.all("a") if "download" in a]
    assert downloads and all((site / "kk/list/2026/akmola" / h).resolve().is_file() for h in downloads)
    assert "Құжатта көрсетілмеген" in page.text  # the approving order the document does not name


def test_downloads_page_lists_every_data_file_with_its_size(site):
    page = read(site, "ru/downloads/")
    linked = {(site / "ru/downloads" / a["href"]).resolve() for a in page.all("a") if "download" in a}
    published = {p.resolve() for p in (site / "data").rglob("*") if p.is_file() and "/p/" not in p.as_posix()}
    assert published and published <= linked
    assert "КБ" in page.text and "SHA-256" in page.text


def test_dictionary_page_describes_every_field_of_every_table(site):
    from grantsite.check import TABLES, table_schema
    from grantsite.content import load_vocabularies
    codes = {c for a, c in re.findall(r"(<code>)([\w-]+)</code>", (site / "kk/data/dictionary/index.html").read_text())}
    for table in TABLES:
        for field in table_schema(table, load_vocabularies())["fields"]:
            assert field["name"] in codes, f"{table}.{field['name']}"
    assert "youth-children" in codes  # allowed values of a controlled field
    assert read(site, "ru/downloads/").all("a", href="../data/dictionary/")


def test_quality_page_lists_every_published_warning_with_its_priority(site, checked):
    page = read(site, "ru/quality/")
    warnings = [p for p in checked.problems if p.severity == "warning"]
    assert len([a for a in page.all("li") if a.get("class") == "warning-card"]) == len(warnings) > 0
    assert page.all("a", href="../p/2026-akmola-03/")
    assert "2026/akmola/03.yaml:" in page.text  # the content file, never a machine's own path


def test_search_page_has_a_form_a_results_container_and_a_no_js_message(site):
    source = (site / "kk/search/index.html").read_text(encoding="utf-8")
    page = Page(source)
    assert page.all("div", id="search-results")
    assert page.all("input", name="q")
    assert "<noscript>" in source
    home = read(site, "ru/")
    assert [f for f in home.all("form") if f.get("action") == "search/" and f.get("role") == "search"]


def test_root_page_offers_both_languages_without_javascript(site):
    page = read(site, "index.html")
    assert {a["href"] for a in page.all("a") if "hreflang" in a} == {"kk/", "ru/"}
    assert page.all("script", src="static/lang.js")
    assert not page.all("meta", **{"http-equiv": "refresh"})


def test_404_page_reaches_the_site_from_any_depth(site):
    page = read(site, "404.html")
    assert page.all("base")[0]["href"] == "/"  # Config.base_url's path
    assert {a["href"] for a in page.all("a")} == {"kk/", "ru/"}


def json_ld(site: Path, path: str) -> dict:
    page = read(site, path)
    blocks = [json.loads(body) for attrs, body in page.scripts if attrs.get("type") == "application/ld+json"]
    assert len(blocks) == 1
    return blocks[0]


def test_json_ld_describes_a_list_as_a_dataset_and_a_priority_as_a_monetary_grant(site):
    dataset = json_ld(site, "ru/list/2026/akmola/")
    assert dataset["@type"] == "Dataset" and dataset["temporalCoverage"] == "2026"
    assert any(d["contentUrl"].endswith("priorities.csv") for d in dataset["distribution"])
    grant = json_ld(site, "kk/p/2026-akmola-03/")
    assert grant["@type"] == "MonetaryGrant"
    assert grant["amount"] == {"@type": "MonetaryAmount", "currency": "KZT", "value": 4_400_000_000.0}


def test_sitemap_lists_every_page_with_absolute_urls_and_alternates(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    locs = [u.find("s:loc", ns).text for u in root.findall("s:url", ns)]
    assert "http://127.0.0.1:8000/kk/p/2026-akmola-01/" in locs
    assert "http://127.0.0.1:8000/ru/search/" not in locs  # not a page to index
    first = root.find("s:url", ns)
    assert {link.get("hreflang") for link in first.findall("x:link", ns)} == {"kk", "ru"}


@pytest.mark.parametrize("lang", LANGS)
def test_atom_feed_per_language(site, lang, checked):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(site / lang / "feed.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    entries = feed.findall("a:entry", ns)
    assert len(entries) == len(checked.catalogue.priorities)
    assert entries[0].find("a:id", ns).text.startswith(f"http://127.0.0.1:8000/{lang}/p/")
    assert feed.find("a:updated", ns).text == "2026-01-01T00:00:00Z"  # from content: no clock


def test_robots_points_to_the_sitemap(site):
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in (site / "robots.txt").read_text()


def test_every_page_footer_links_the_handbook(site):
    for path in html_pages(site):
        if path.name == "404.html" or path.relative_to(site).as_posix() == "index.html":
            continue
        page = Page(path.read_text(encoding="utf-8"))
        handbook = [a for a in page.all("a") if a.get("href", "").endswith("handbook/")]
        assert handbook and (path.parent / handbook[0]["href"]).resolve() == (site / "handbook").resolve(), path
