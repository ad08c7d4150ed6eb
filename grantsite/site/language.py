"""What a page says in its language: a content text (in the other language, marked, when missing), and the
label of a code, each looked up once."""
from __future__ import annotations

from markupsafe import Markup, escape

from ..model import Text
from . import markdown
from .i18n import Strings
from .paths import other


class Texts:
    """A content text in the page's language, or in the other language (marked as such) when missing."""

    def __init__(self, lang: str):
        self.lang = lang

    def plain(self, text: Text) -> str:
        return text.get(self.lang) or text.get(other(self.lang)) or ""

    def missing(self, text: Text) -> bool:
        return bool(text) and not text.get(self.lang)

    def __call__(self, text: Text, block: bool = False) -> Markup:
        """Markdown of the text; a fallback in the other language carries its own lang attribute."""
        render = markdown.block if block else markdown.inline
        if text.get(self.lang) or not text:
            return render(text.get(self.lang))
        tag = "div" if block else "span"
        return Markup(f'<{tag} lang="{other(self.lang)}">') + render(text.get(other(self.lang))) + Markup(f"</{tag}>")


class Labels:
    """The words a page shows for codes in one language, escaped for the page; each looked up once."""

    def __init__(self, lang: str, vocab, t: Strings):
        self.lang, self.vocab, self.t = lang, vocab, t
        self._known: dict[tuple, Markup] = {}

    def _label(self, terms: dict, code) -> Markup:
        key = (id(terms), code)
        found = self._known.get(key)
        if found is None:
            term = terms.get(code)
            found = self._known[key] = escape(term.label(self.lang) if term is not None else code)
        return found

    def territory(self, code) -> Markup:
        return self._label(self.vocab.territories, code)

    def area(self, code) -> Markup:
        return self._label(self.vocab.areas, code)

    def grant_type(self, code) -> Markup:
        return self._label(self.vocab.grant_types, code)

    def unit(self, code) -> Markup:
        return self._label(self.vocab.units, code)

    def grant(self, p) -> Markup:
        """The grant's type and period: 'Қысқа мерзімді, 2026 жыл'."""
        key = ("grant", p.grant.type, p.grant.start_year, p.grant.end_year)
        found = self._known.get(key)
        if found is None:
            years = escape(self.t.years(p.grant.start_year, p.grant.end_year))
            found = self._known[key] = Markup(f"{self.grant_type(p.grant.type)}, {years}")
        return found

    def facet(self, facet: str, code) -> Markup:
        """The label of a code of one facet (a year is its own label)."""
        if facet == "area":
            return self.area(code)
        if facet == "territory":
            return self.territory(code)
        if facet == "grant-type":
            return self.grant_type(code)
        return escape(code)


def html_of(text) -> str:
    """Text as it goes into a page: escaped, unless it is HTML already."""
    return text if isinstance(text, Markup) else escape(text)
