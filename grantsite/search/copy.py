"""The search copy of a priority page: what Pagefind reads of it, and the original text a result quotes.

Pagefind's time and its fragments grow with the words it is given, so the copy holds each of the page's
words once and none of its chrome:

* only the element marked data-pagefind-body (the header, menus and footer are left out);
* less every element marked data-pagefind-ignore: the page's second showing of a fact (the heading repeats
  column 3, the badges and key facts repeat columns 2, 5–7, a target repeats its indicator's text), its
  quality box, provenance and history;
* less its own labels, the same on every priority page (definition terms, section headings, notices and
  screen-reader hints): indexed, they made every page match «результаты» or «индикатор»;
* as plain text in one paragraph, folded by fold.fold() (lower case, 2021 Latin → Cyrillic, ә→а … і→и),
  each word once where it first occurs and without the punctuation around it (folded_once()): Pagefind's
  run grows with the words it reads (a third less at 10,000 priorities) and with the punctuation it must
  take apart (a fifth of its run), and the ranking then weighs which words a page has, not how often it
  repeats them; beside it, the hidden element whose data-pagefind-* attribute values (what a result shows,
  the filters and the funding sort) are written by templates/_search_index.html and never folded, so that results and
  filters show the official text as published.

The regular expressions rely on the priority template: an ignored element never holds an element of its
own tag once the labels are gone (tests/test_search_index.py reads a real page to keep that true).
"""
from __future__ import annotations

import html
import re

from . import fold

_DROP = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->", re.S | re.I)
# Pagefind joins the text of <dt>…</dt><dd>…</dd> into one word ("мерзіміқысқа"); a space keeps words apart.
_BLOCK_END = re.compile(r"(</(?:address|article|aside|blockquote|caption|dd|div|dl|dt|figcaption|footer|h[1-6]|header|"
                        r"li|main|nav|ol|p|section|table|td|th|tr|ul)>|<br\s*/?>)", re.I)
_MARKUP = re.compile(r"(<[^>]*>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")
_TAG = re.compile(r"<[^>]*>")
_TAG_NAME = re.compile(r"<([a-z][a-z0-9]*)\b")
_LANG = re.compile(r'<html\b[^>]*\blang="([^"]*)"')
_LABELS = re.compile(r'<(dt|h2|h3|aside)\b[^>]*>.*?</\1>|<span class="visually-hidden">[^<]*</span>', re.S)
_PUNCTUATION = "".join(chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum()) + "«»„“”‘’—–…·№"
IGNORE = "data-pagefind-ignore"
_SEARCH_DATA_START = "<div hidden data-pagefind-ignore data-search-data>"


def prepared(page: str) -> tuple[str, str]:
    """The copy Pagefind reads of a page and the original text a result quotes from (see the module's text);
    a page without an indexed element is folded whole and quotes nothing."""
    region = indexed_region(page)
    if not region:
        return fold_html(page), ""
    region = _DROP.sub("", region)
    words = _words(_unignored(_LABELS.sub(" ", region)))
    text = " ".join(words)
    lang = _LANG.search(page)
    copy = (f'<!doctype html><html lang="{lang.group(1) if lang else ""}"><head><meta charset="utf-8"></head>'
            f'<body data-pagefind-body>{_search_data(region)}<p>{html.escape(folded_once(words), quote=False)}'
            f'</p></body></html>\n')
    return copy, text


def folded_once(words: list[str]) -> str:
    """The words folded by fold.fold(), each once where it first occurs and without the punctuation around it.

    Each distinct word is folded on its own and remembered: most words of a page are on many others, and
    folding each page's text whole was half of making its copy.  (Folding keeps words apart and never
    touches punctuation, so a word folds the same alone as in its text.)"""
    kept: dict[str, None] = {}
    for word in dict.fromkeys(words):  # a word repeated as it is goes at once (a third of them)
        folded = _FOLDED.get(word)
        if folded is None:
            if len(_FOLDED) >= _FOLDED_LIMIT:
                _FOLDED.clear()
            folded = _FOLDED[word] = fold.fold(word.strip(_PUNCTUATION))
        if folded:
            kept[folded] = None
    return " ".join(kept)


_FOLDED: dict[str, str] = {}  # a word as a page has it → folded, without the punctuation around it
_FOLDED_LIMIT = 1 << 18  # some 10 MB; a 10,000-priority site has fewer distinct words


def indexed_region(page: str) -> str:
    """The element marked data-pagefind-body, or ''."""
    at = page.find(" data-pagefind-body")
    start = page.rfind("<", 0, at)
    tag = _TAG_NAME.match(page, start) if at >= 0 else None
    end = page.rfind(f"</{tag.group(1)}>") if tag else -1
    return page[start:end + len(tag.group(1)) + 3] if tag and end > start else ""


def _spaced(page: str) -> str:
    """A space after the end of each block (a function, not a template: Python expands a template in Python
    at every match, 90 of them a page)."""
    return _BLOCK_END.sub(_after, page)


def _after(match: re.Match) -> str:
    return match.group(0) + " "


def _search_data(region: str) -> str:
    """The hidden element of what a result shows (templates/_search_index.html): it holds no <div> of its own."""
    start = region.find(_SEARCH_DATA_START)
    end = region.find("</div>", start)
    return region[start:end + 6] if start >= 0 and end >= 0 else ""


def _unignored(region: str) -> str:
    """The region less every element marked data-pagefind-ignore (each up to the first end tag of its name;
    one inside another goes with it), a space in its place.  Found by the attribute, a few a page: a regular
    expression tried at every tag took ten times as long."""
    kept, at = [], 0
    found = region.find(IGNORE)
    while found >= 0:
        start = region.rfind("<", at, found)
        tag = _TAG_NAME.match(region, start) if start >= 0 else None
        end = region.find(f"</{tag.group(1)}>", found) if tag and _an_attribute(region, start, found) else -1
        if end < 0:  # not an attribute of a tag (or the element never ends): look further on
            found = region.find(IGNORE, found + len(IGNORE))
            continue
        kept += [region[at:start], " "]
        at = end + len(tag.group(1)) + 3
        found = region.find(IGNORE, at)
    kept.append(region[at:])
    return "".join(kept)


def _an_attribute(region: str, start: int, found: int) -> bool:
    """The attribute name at `found` stands alone inside the tag that starts at `start`."""
    before, after = region[found - 1], region[found + len(IGNORE): found + len(IGNORE) + 1]
    return ">" not in region[start:found] and not _word_character(before) and not _word_character(after)


def _word_character(c: str) -> bool:
    return c.isalnum() or c == "_"


def _words(region: str) -> list[str]:
    """The words of some HTML, as its text shows them (each block's end keeps the words around it apart)."""
    return html.unescape(_TAG.sub("", _BLOCK_END.sub(" ", region))).split()


def fold_html(page: str) -> str:
    """The page with every text node folded (and blocks kept apart); tags, attributes and character references kept."""
    parts = _MARKUP.split(_spaced(_DROP.sub("", page)))  # odd items: tags, '&amp;' and the like
    texts = parts[0::2]
    # one call for the whole page (a NUL never occurs in a page: the checker refuses control characters)
    folded = fold.fold("\0".join(texts)).split("\0")
    if len(folded) != len(texts):
        folded = [fold.fold(text) for text in texts]
    parts[0::2] = folded
    return "".join(parts)
