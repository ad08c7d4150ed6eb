"""Long text (Markdown in content) → safe HTML: CommonMark with raw HTML off and no images."""
from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

# A line of Markdown structure (a list item, a quote, a table row, an indented block): two such lines in a
# row keep their single newline, so a list stays one tight list.
_STRUCTURE = re.compile(r"^\s*([-*+>|]|\d+[.)])\s|^\s{2,}\S")


@lru_cache(maxsize=2)
def _parser(breaks: bool) -> MarkdownIt:
    # html off: tags in content are shown as text, never interpreted.  Images are off because a picture
    # from another host would be a request the site must never make.  Indented code is off: a paragraph
    # pasted with a tab or spaces in front is still a paragraph of an official text, not program code.
    return MarkdownIt("commonmark", {"html": False, "breaks": breaks}).disable(["image", "code"])


def paragraphs(text: str) -> str:
    """Official texts put one paragraph per line: make each such line a Markdown paragraph."""
    lines = text.replace("\r\n", "\n").split("\n")
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if line.strip() and after.strip() and not (_STRUCTURE.match(line) and _STRUCTURE.match(after)):
            out.append("")
    return "\n".join(out)


# Each text is rendered once per process: a priority's texts appear on its page, on its list's page and
# (the direction) on every facet page it is listed on.  The cache is keyed by the text itself (Python hashes
# its content); a bound keeps a 10,000-priority build's memory in check.
CACHE_SIZE = 1 << 16


def block(text: str | None) -> Markup:
    """Paragraphs, lists and emphasis of a long text."""
    return _block(text or "")


def inline(text: str | None) -> Markup:
    """A short text (a direction, an indicator) without a paragraph around it; line breaks kept."""
    return _inline(text or "")


@lru_cache(maxsize=CACHE_SIZE)
def _block(text: str) -> Markup:
    plain = _plain_block(text)
    return Markup(_parser(False).render(paragraphs(text)) if plain is None else plain)


@lru_cache(maxsize=CACHE_SIZE)
def _inline(text: str) -> Markup:
    if "\n" not in text and not _NOT_PLAIN.search(text) and text[:1] != " " and text[-1:] != " ":
        return Markup(_escape(text))
    return Markup(_parser(True).renderInline(text).strip())


# Most official texts are plain: no character that may begin Markdown inside a line (emphasis, code,
# links, escapes, entities, tags), no control character, no white space but spaces and line ends.  Those
# are rendered here as markdown-it renders them (each line a paragraph, & < > " escaped), for a fraction
# of the parser's time; tests/test_render_shortcuts.py holds the two to the same output.
# (one character class, so one quick scan: the last part lists str.isspace() but " " and "\n")
_NOT_PLAIN = re.compile("[*_`\\[\\]\\\\&<\x00-\x09\x0b-\x1f\x7f"
                        "\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_BLOCK_START = frozenset("#>-+*_=~| ")  # a line starting so may be a heading, quote, list, rule or code


def _plain_block(text: str) -> str | None:
    """The HTML of a plain text, one paragraph per line; None when it is not plain (the parser decides)."""
    if _NOT_PLAIN.search(text):
        return None
    out = []
    for line in text.split("\n"):
        if not line.strip(" "):
            continue
        if line[0] in _BLOCK_START or line[0].isdigit() or line[-1] == " ":
            return None
        out.append(f"<p>{_escape(line)}</p>\n")
    return "".join(out)


def _escape(text: str) -> str:
    """markdown-it's escaping of text: &, <, > and " (not ')."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
