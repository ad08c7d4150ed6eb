"""What the pages of one build share, made once instead of on every page that shows it.

A 10,000-priority site shows each priority on its own page, on its list's page and as a card on the home,
year, area, territory and grant-type pages, and every page has the same frame.  So each language has a
Jinja environment of its own (Parts.language) whose globals are what depends on the language only: its UI
strings (put into the templates as they are compiled: FixedStrings), the labels of codes (Labels, each
looked up once) and the pieces of HTML that do not depend on the page they sit on (Shared: a priority's
indicators and results, its card, the status badge of some calls, the pieces of the frame), rendered once
and reused as they are.

A piece is rendered without its page: `page` is unknown there, so a macro that reads it fails loudly
instead of being reused wrongly, and its links come from a stand-in page.  A card is kept per page depth,
with links from a stand-in folder of that depth ('kk/_/_/'): right on every page of that depth, and the
very link the page would make to a target outside its own folders (a card links only to its priority's
page).  A piece of the frame is kept per folder of pages side by side ('kk/p/'); a link that only the page
itself can make (into that folder) makes the piece each page's own again.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from jinja2 import Environment
from markupsafe import Markup, escape

from . import markdown
from .i18n import LANGS, Strings
from .language import Labels, Texts, html_of as _html
from .paths import Href, link_beside, other
from .templates import CompiledTemplates, FixedStrings


class Parts:
    """What the pages of one build share, per language; render_site makes one for the whole build."""

    def __init__(self, env: Environment, strings: dict, data):
        self.env, self.strings, self.data = env, strings, data
        self._languages: dict[str, Environment] = {}

    def language(self, lang: str) -> Environment:
        """The templates as the pages of one language see them.

        What depends on the language only (its words, texts, labels, shared pieces) is a global of this
        environment, so a template imports _macros.html without the page's context and Jinja makes the
        module once per language instead of once per page; what a macro needs of the page (links) it is
        given as an argument.
        """
        found = self._languages.get(lang)
        if found is None:
            found = _language(self.env, self.strings, lang)
            t = found.globals["t"]
            found.globals.update({"lang": lang, "other": other(lang), "data": self.data, "vocab": self.data.vocab,
                                  "tx": Texts(lang), "labels": Labels(lang, self.data.vocab, t)})
            found.globals["shared"] = Shared(found, lang)
            self._languages[lang] = found
        return found

    def prepare(self, templates) -> None:
        """Compile these templates for every language now, so that forked workers inherit them compiled
        instead of each compiling them again."""
        for lang in LANGS:
            for name in templates:
                self.language(lang).get_template(name)


def compile_languages(env: Environment, strings: dict, templates) -> None:
    """Compile these templates with each language's strings into what `env` keeps compiled, so that the
    pages a later Parts of this environment renders (the preview server's quick update) compile nothing."""
    for lang in LANGS:
        found = _language(env, strings, lang)
        for name in templates:
            found.get_template(name)


def _language(env: Environment, strings: dict, lang: str) -> Environment:
    """The environment of one language's templates, with its strings (what FixedStrings puts in place)."""
    found = env.overlay(extensions=[FixedStrings], bytecode_cache=_compiled(env, strings, lang))
    found.globals = {**env.globals, "t": Strings(lang, strings[lang]),
                     "t_other": Strings(other(lang), strings[other(lang)])}
    return found


def _compiled(env: Environment, strings: dict, lang: str) -> CompiledTemplates:
    """Where a long-lived environment (the preview server's) keeps the templates compiled for this language's
    strings, so that a quick update of a few pages compiles nothing again."""
    kept = env.__dict__.setdefault("grantsite_compiled", {})
    key = (lang, repr(sorted(strings[lang].items())), repr(sorted(strings[other(lang)].items())))
    return kept.setdefault(key, CompiledTemplates())


# The template each kind of piece is rendered from: a page that asks for shared.chrome(…) is made from
# _chrome.html too, though it never imports it (writing.py keys a page by every template it is made from).
PIECES = {"chrome": "_chrome.html", "card": "_macros.html", "badge": "_calls.html"}


class Shared:
    """Pieces of HTML that do not depend on the page they sit on, rendered once per language and reused."""

    def __init__(self, env: Environment, lang: str):
        self.env, self.lang = env, lang
        self._pieces: dict[tuple, Markup] = {}
        self._modules: dict[tuple, object] = {}

    def entries(self, p, kind: str) -> Markup:
        """A priority's indicators or results (kind), numbered, each with its target when the text states one."""
        key = ("entries", p.id, kind)
        found = self._pieces.get(key)
        if found is None:
            found = self._pieces[key] = self._entries(getattr(p, kind), kind)
        return found

    def _entries(self, items, kind: str) -> Markup:
        # Written here, not in _macros.html: a 10,000-priority site shows 40,000 such lists, and a macro
        # spends most of its time on Jinja's bookkeeping for each item.
        tx, t, labels = self._words
        html = [f'<ol class="entries {escape(kind)}">\n']
        for entry in items:
            html.append(f'  <li><span class="entry-text">{_html(tx(entry.text))}</span>')
            goal = entry.target
            if goal:
                html += [self._target_label, "" if goal.qualifier == "exact" else self._qualifier(goal.qualifier),
                         escape(t.number(goal.value)), "&nbsp;", labels.unit(goal.unit), "</span>\n"]
            html.append("</li>\n")
        html.append("</ol>\n")
        return Markup("".join(html))

    @cached_property
    def _words(self) -> tuple:
        return self.env.globals["tx"], self.env.globals["t"], self.env.globals["labels"]

    @cached_property
    def _target_label(self) -> str:
        label = escape(self._words[1]("indicator.target"))
        return f'<span class="target" data-pagefind-ignore><span class="visually-hidden">{label}: </span>'

    def _qualifier(self, qualifier: str) -> str:
        """'not less than ' and its kin, before a target's value."""
        found = self._pieces.get(("qualifier", qualifier))
        if found is None:
            found = self._pieces[("qualifier", qualifier)] = f"{escape(self._words[1](f'qualifier.{qualifier}'))} "
        return found

    def both(self, text: Text, block: bool = False) -> Markup:
        """A text's Kazakh and Russian cells of the bilingual table, each as published (or marked missing)."""
        cells = []
        for lang, label in self._cell_labels:
            value = text.get(lang)
            if not value:
                body = self._missing
            elif block:
                body = f'<div class="long-text">{markdown.block(value)}</div>'
            else:
                body = markdown.inline(value)
            cells.append(f'  <td lang="{lang}" class="bi-{lang}">{label}{body}</td>\n')
        return Markup("".join(cells))

    def words(self, kk, ru) -> Markup:
        """Two words of the bilingual table, Kazakh then Russian (labels, figures: no Markdown)."""
        (_, kk_label), (_, ru_label) = self._cell_labels
        return Markup(f'  <td lang="kk" class="bi-kk">{kk_label}{_html(kk)}</td>\n'
                      f'  <td lang="ru" class="bi-ru">{ru_label}{_html(ru)}</td>\n')

    @cached_property
    def _cell_labels(self) -> tuple:
        # a cell says its language where the table is stacked on a phone (the column headings are gone)
        t = self._words[1]
        return tuple((lang, f'<span class="cell-label" aria-hidden="true">{escape(t("lang.in." + lang))}</span>')
                     for lang in LANGS)

    @cached_property
    def _missing(self) -> str:
        return f'<span class="muted">{escape(self._words[1]("translation.missing"))}</span>'

    def badge(self, calls) -> Markup:
        """The status badge of some calls (_calls.html)."""
        return self._piece(("badge", *(call.id for call in calls)), None, "badge", calls, module=PIECES["badge"])

    def card(self, p, href: Href, heading: str = "h3") -> Markup:
        """A priority as a card, for a list of cards on the page href links from."""
        standin = Href(self.lang + "/" + "_/" * (href.depth - 1), self.lang)
        return self._piece(("card", p.id, heading, href.depth), standin, "priority_card", p, heading,
                           module=PIECES["card"])

    def chrome(self, macro: str, href: Href, *args) -> Markup:
        """A piece of the frame of the page href links from (_chrome.html)."""
        key = ("chrome", macro, href.beside, *args)
        found = self._pieces.get(key, _UNSEEN)
        if found is _UNSEEN:
            try:
                found = self._piece(key, _Beside(href.beside + "_/", self.lang, href.kept), macro, *args,
                                    module=PIECES["chrome"])
            except _OwnLink:  # or no folder holds the page's: the piece is each page's own
                found = self._pieces[key] = None
        if found is None:
            return Markup(getattr(self.env.get_template(PIECES["chrome"]).make_module({"href": href}), macro)(*args))
        return found

    def _piece(self, key: tuple, standin: Href | None, macro: str, *args, module: str) -> Markup:
        found = self._pieces.get(key)
        if found is None:
            found = self._pieces[key] = Markup(getattr(self._module(module, standin), macro)(*args))
        return found

    def _module(self, name: str, standin: Href | None):
        """A template's macros, with links from a stand-in page (none: the macros make no link)."""
        key = (name, type(standin), standin and standin.at)
        module = self._modules.get(key)
        if module is None:
            template = self.env.get_template(name)
            module = template.module if standin is None else template.make_module({"href": standin})
            self._modules[key] = module
        return module


_UNSEEN = object()


class _OwnLink(Exception):
    """A piece asked for a link that depends on the page's own folder."""


@dataclass(frozen=True)
class _Beside(Href):
    """Links from a stand-in page ('kk/p/_/') for every page in the same folder: a link only some of them
    would make the same way (to a target inside that folder, or to the page's twin) is refused."""

    real: str = ""  # the real folders of the pages it stands in for (Href.kept)

    def __call__(self, target: str) -> str:
        link = link_beside(self.beside, target, self.real) if self.beside else None
        if link is None:
            raise _OwnLink(target)
        return link

    def twin(self) -> str:
        raise _OwnLink("twin")
