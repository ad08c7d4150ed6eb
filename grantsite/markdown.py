"""Long text (Markdown in content) → safe HTML: CommonMark with raw HTML off and no images."""
from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup
from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # html off: tags in content are shown as text; breaks on: official texts put one paragraph per line.
    # Images are off because a picture from another host would be a request the site must never make.
    return MarkdownIt("commonmark", {"html": False, "breaks": True}).disable("image")


def block(text: str | None) -> Markup:
    """Paragraphs, lists and emphasis of a long text."""
    return Markup(_parser().render(text or ""))


def inline(text: str | None) -> Markup:
    """A short text (a direction, an indicator) without a paragraph around it."""
    return Markup(_parser().renderInline(text or "").strip())
