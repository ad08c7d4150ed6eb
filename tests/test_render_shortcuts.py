"""The render stage's shortcuts make the bytes the plain ways made: Markdown of plain texts, links, JSON-LD,
UI strings put in place when a template is compiled, Jinja calls, and the shares of work over the cores."""
from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import example, given, settings, strategies as st
from jinja2 import ChoiceLoader, DictLoader, pass_context
from markupsafe import Markup

from grantsite import output, workers
from grantsite.site import markdown, writing as render_pages
from grantsite.site.i18n import MissingString, load_strings
from grantsite.site.pages import Page
from grantsite.site.parts import Parts
from grantsite.site.paths import Href, relative
from grantsite.site.templates import environment, json_script

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STRINGS = load_strings(TEMPLATES / "i18n")

# plain letters and punctuation, with every character that may start Markdown and some white space
TEXT = st.lists(st.sampled_from(list("аәқңөұүһі ABCxyz019.,;:!?()«»\"'-–—#>+=~|%/№@$^{}")
                                + list("*_`[]\\&<\t\r\u00a0\u2028\n") + ["1. ", "- ", "  ", "\n\n", "---"]),
                max_size=40).map("".join)


def parser_block(text: str) -> str:
    return markdown._parser(False).render(markdown.paragraphs(text))


def parser_inline(text: str) -> str:
    return markdown._parser(True).renderInline(text).strip()


@settings(max_examples=500)
@given(TEXT)
def test_any_text_renders_as_the_markdown_parser_renders_it(text):
    assert markdown._block.__wrapped__(text) == parser_block(text)
    assert markdown._inline.__wrapped__(text) == parser_inline(text)


@pytest.mark.parametrize("text", ["Ақмола облысы «Жастар» – 1 000 адам; 5 > 3 \"дәйексөз\"",
                                  "Бірінші абзац.\nЕкінші абзац.\n\n   \nҮшінші: 50% / 2026 ж."])
def test_a_plain_text_takes_the_short_way(text):
    assert markdown._plain_block(text) is not None
    assert markdown.block(text) == parser_block(text)


@pytest.mark.parametrize("text", ["1. тізім", "- тізім", "# тақырып", "> дәйексөз", "    шегініс", "a *b*",
                                  "[сілтеме](http://x)", "a\u00a0b", "a\tb", "жол соңы  ", "---"])
def test_a_text_that_may_be_markdown_is_left_to_the_parser(text):
    assert markdown._plain_block(text) is None


def test_the_characters_that_end_the_short_way_are_markdown_syntax_control_and_odd_white_space():
    syntax = set("*_`[]\\&<")
    for code in range(0x110000):
        char = chr(code)
        odd = (char.isspace() and char not in " \n") or (code < 32 and char != "\n") or code == 127
        assert bool(markdown._NOT_PLAIN.match(char)) == (char in syntax or odd), hex(code)


SEGMENTS = st.lists(st.sampled_from(["kk", "ru", "p", "2026-akmola-01", "_", "data", "a.json", "", ".", ".."]),
                    max_size=5)


@settings(max_examples=1000)
@given(SEGMENTS, SEGMENTS, st.booleans(), st.booleans())
@example(["kk", "p", "2026-akmola-01"], ["kk", "p", ".", "2026-akmola-01"], True, True)  # a way into its own folder
@example(["kk", "p", "2026-akmola-01"], ["data", "..", "kk", "p", "2026-akmola-01"], True, True)
@example(["kk", "p", "2026-akmola-01", "bilingual"], ["kk", "p", "2026-akmola-01"], True, True)  # deep: its own priority
@example(["kk", "p", "2026-akmola-01", "bilingual"], ["kk", "p", "2026-akmola-02", "bilingual"], True, True)
@example(["kk", "p", "_", "bilingual"], ["kk", "p", "_"], True, True)  # a real folder named as a stand-in
def test_a_link_from_a_page_is_the_relative_path_between_them(at, target, at_folder, target_folder):
    at, target = "/".join(at) + ("/" if at_folder else ""), "/".join(target) + ("/" if target_folder else "")
    assert Href(at, "kk")(target) == relative(at, target)


JSON = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(),
                              st.floats(allow_nan=False, allow_infinity=False)),
                    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner,
                                                                                          max_size=4)),
                    max_leaves=25)


@given(JSON)
def test_json_ld_is_the_standard_encoders_with_markup_characters_escaped(value):
    expected = json.dumps(value, ensure_ascii=False, allow_nan=False, indent=1, sort_keys=True)
    expected = expected.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    assert json_script(value) == expected


def test_json_ld_that_json_refuses_is_refused():
    with pytest.raises(ValueError):
        json_script({"amount": float("nan")})


def language(templates: dict, lang: str = "kk"):
    """The environment of one language's pages, with some templates of a test's own beside the site's."""
    env = environment(TEMPLATES, reload=False)
    env.loader = ChoiceLoader([DictLoader(templates), env.loader])
    return Parts(env, STRINGS, data=_NoData()).language(lang)


class _NoData:
    vocab = None


def test_a_ui_string_with_a_literal_key_is_in_the_compiled_template():
    env = language({"page.html": "{{ t('nav.home') }} / {{ t_other('lang.name') }}"})
    code = env.compile(env.loader.get_source(env, "page.html")[0], "page.html", raw=True)
    assert STRINGS["kk"]["nav.home"] in code and "'nav.home'" not in code
    assert env.get_template("page.html").render() == f"{STRINGS['kk']['nav.home']} / {STRINGS['ru']['lang.name']}"


def test_a_ui_string_with_placeholders_or_a_made_up_key_is_looked_up_as_the_page_renders():
    env = language({"page.html": "{{ t('stats.flagged', n=2) }} {{ t('nav.' ~ 'home') }}",
                    "missing.html": "{{ t('no.such.key') }}"})
    assert env.get_template("page.html").render() == (STRINGS["kk"]["stats.flagged"].format(n=2) + " "
                                                      + STRINGS["kk"]["nav.home"])
    with pytest.raises(MissingString):
        env.get_template("missing.html").render()


def test_a_ui_string_is_escaped_once_in_the_page():
    env = language({"page.html": "{{ t('nav.home') ~ '<' }}|{{ t('nav.home') }}"})
    home = STRINGS["kk"]["nav.home"]
    assert env.get_template("page.html").render() == f"{home}&lt;|{home}"


def test_a_function_that_asks_for_the_context_still_gets_it():
    env = language({"page.html": "{{ where() }} {{ plain(2) }}"})
    env.globals.update(where=pass_context(lambda context: context["lang"]), plain=lambda n: n * 2)
    assert env.get_template("page.html").render() == "kk 4"


def test_text_from_a_function_is_escaped_and_markup_is_not():
    env = language({"page.html": "{{ text() }} {{ html() }}"})
    env.globals.update(text=lambda: "<b>", html=lambda: Markup("<b>"))
    assert env.get_template("page.html").render() == "&lt;b&gt; <b>"


def test_the_longest_shares_of_work_come_first_and_every_page_is_in_one_share():
    lst = type("List", (), {"id": "2026-akmola"})()
    pages = [Page("kk/", "home.html", "kk"), Page("kk/list/2026/akmola/", "list.html", "kk", {"lst": lst}),
             Page("kk/p/2026-akmola-01/", "priority.html", "kk", {"lst": lst}),
             Page("kk/area/rights-protection/", "facet.html", "kk")]
    chunks = render_pages._chunks(pages)
    assert [page.template for page in chunks[0]] == ["home.html", "facet.html"]
    assert sorted(page.path for chunk in chunks for page in chunk) == sorted(page.path for page in pages)


@pytest.mark.parametrize("parallel_from", [1, 10_000])  # over forked workers, and in this process
def test_work_beside_the_pages_is_done_by_the_workers_that_render_them(tmp_path, monkeypatch, parallel_from):
    monkeypatch.setattr(render_pages, "PARALLEL_FROM", parallel_from)
    pages = [Page(f"kk/p/2026-akmola-{n:02}/", "priority.html", "kk") for n in range(1, 6)]
    site = output.Staging(tmp_path)
    site.reserve(["views/all.csv"])
    render_pages.write_pages(pages, lambda page: f"<p>{page.path}</p>", site, None, None,
                             SimpleNamespace(workers=2), None, beside=[lambda: site.put("views/all.csv", "id\r\n")])
    assert (tmp_path / "views/all.csv").read_bytes() == b"id\r\n"
    assert [(tmp_path / page.file).read_text() for page in pages] == [f"<p>{page.path}</p>" for page in pages]


def test_work_over_the_cores_leaves_the_garbage_collector_as_it_was():
    workers.fork_map(lambda n: n + 1, range(4), processes=2)
    assert gc.get_freeze_count() == 0 and gc.isenabled()


FOLDERS = ["kk/p/2026-akmola-01/", "kk/p/2026-akmola-02/", "kk/area/rights-protection/", "kk/area/culture/", "kk/area/",
           "kk/", "kk/downloads/", "kk/calls/", "kk/data/dictionary/", "kk/list/2026/akmola/",
           "kk/p/2026-akmola-01/bilingual/", "kk/p/2026-akmola-02/bilingual/", "kk/list/2025/akmola/",
           "kk/list/2026/akmola/editions/2026-01-20/"]


@pytest.mark.parametrize("piece, here", [("brand_and_search", None), ("main_nav", "facet.html"),
                                         ("main_nav", "downloads.html"), ("footer_links", None)])
def test_a_piece_of_the_frame_shared_by_pages_side_by_side_is_what_each_page_would_make(piece, here):
    env = language({})
    shared, frame = env.globals["shared"], env.get_template("_chrome.html")
    for folder in FOLDERS + FOLDERS[::-1]:  # each page after a page beside it, and before
        args = () if here is None else (here,)
        own = getattr(frame.make_module({"href": Href(folder, "kk")}), piece)(*args)
        assert shared.chrome(piece, Href(folder, "kk"), *args) == own, folder


def test_deep_pages_each_alone_in_its_folder_share_their_links_to_the_rest_of_the_site():
    first, second = Href("kk/p/2026-akmola-01/bilingual/", "kk"), Href("kk/p/2026-akmola-02/bilingual/", "kk")
    assert first.beside == second.beside == "kk/p/_/" and first.kept == "kk/p/"
    assert first("kk/calls/") == second("kk/calls/") == "../../../calls/"
    assert first("kk/p/2026-akmola-01/") == "../" and second("kk/p/2026-akmola-01/") == "../../2026-akmola-01/"


@pytest.mark.parametrize("template", ["_chrome.html", "_calls.html"])
def test_a_page_is_made_anew_when_a_template_it_takes_shared_pieces_from_changes(tmp_path, template):
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    before = render_pages._template_key(environment(tmp_path / "templates"), "priority.html")
    edited = tmp_path / "templates" / template
    edited.write_text(edited.read_text(encoding="utf-8") + "{# edited #}\n", encoding="utf-8")
    assert render_pages._template_key(environment(tmp_path / "templates"), "priority.html") != before


def test_the_record_pages_are_the_sites_list_and_priority_pages_in_its_order(amended, tmp_path):
    from grantsite import output, pipeline
    from grantsite.check import check_content
    from grantsite.content import load_vocabularies
    from grantsite.site.pages import record_pages, site_pages
    from grantsite.site.render import site_data

    config = pipeline.Config(content=amended.root)
    data = site_data(check_content(amended.root), load_vocabularies(), output.Staging(tmp_path), config, ())
    kinds = ("list.html", "priority.html", "bilingual.html")
    want = [(p.file, p.template) for p in site_pages(data) if p.template in kinds]
    assert any("edition" in p.context for p in record_pages(data))  # an earlier edition's page is one of them
    assert [(p.file, p.template) for p in record_pages(data)] == want
