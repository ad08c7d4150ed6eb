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
    # from another host would be a request the site must never make.
    return MarkdownIt("commonmark", {"html": False, "breaks": breaks}).disable("image")


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


def block(text: str | None) -> Markup:
    """Paragraphs, lists and emphasis of a long text."""
    return Markup(_parser(False).render(paragraphs(text or "")))


def inline(text: str | None) -> Markup:
    """A short text (a direction, an indicator) without a paragraph around it; line breaks kept."""
    return Markup(_parser(True).renderInline(text or "").strip())
