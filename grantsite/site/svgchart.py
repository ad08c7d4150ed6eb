"""Static horizontal bar charts as inline SVG, written at build time.

Hand-written rather than matplotlib or pygal: a bar chart is small, those libraries write inline `style`
attributes that the site's Content-Security-Policy (`style-src 'self'`) forbids, and their text is not in the
site's number format.  Colours are presentation attributes, so the site's stylesheet may still override them
(a dark theme), and a flagged amount is hatched and named in words: colour never carries meaning alone.

layout() is the geometry alone, so tests check lengths and positions without parsing SVG; bar_chart() draws
it.  The caller formats the numbers (value_text) and writes the same figures into a table beside the chart.
"""
from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

FONT = 12  # font-size of every text, in viewBox units
LINE = 15  # distance between two label lines
BAR = 12  # height of a bar
LABEL_GAP = 3  # between the last label line and its bar
ROW_GAP = 12  # between one row's bar (or value line) and the next row's label
VALUE_ROOM = 110  # kept right of the longest bar for its value text
VALUE_GAP = 4  # between a bar's end and its value text
# A generous average glyph width (0.64 em) of the site's system fonts in Cyrillic: 52 characters on 400 units.
CHAR = 400 / 52
INK, BAR_FILL, HATCH_INK, HATCH_PAPER = "#1a1f26", "#00587a", "#8a5a00", "#fff4d1"
ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class Bar:
    """One row: value in thousand tenge, of which flagged is the part made of flagged amounts."""

    label: str
    value: float
    flagged: float = 0.0
    href: str | None = None


@dataclass(frozen=True)
class Row:
    """Where one bar's pieces sit in the chart's viewBox (y: top of the row; lengths from x = 0)."""

    label_lines: tuple[str, ...]
    y: float
    bar_y: float
    bar_length: float
    flagged_length: float
    value_x: float
    value_y: float  # baseline of the value text: on the bar's line, or on a line below when it would not fit
    bottom: float


def line_chars(width: int) -> int:
    """How many characters a label line may hold in a chart of this width (52 at 400)."""
    return max(10, int(width / CHAR))


def wrap(label: str, limit: int) -> tuple[str, ...]:
    """A label in lines of at most limit characters, cut at spaces; a longer word is cut, nothing is lost."""
    # hyphens are not break points, so the lines joined with spaces give the label back
    return tuple(textwrap.wrap(label, limit, break_long_words=True, break_on_hyphens=False)) or ("",)


def text_width(text: str) -> float:
    """An upper estimate of the width of a text at FONT: the chart cannot measure glyphs at build time."""
    return len(text) * CHAR


def _checked(bars: Sequence[Bar]) -> list[Bar]:
    """The bars, if they can be drawn."""
    bars = list(bars)
    if not bars:
        raise ValueError("a chart needs at least one bar")
    for bar in bars:
        if not (math.isfinite(bar.value) and math.isfinite(bar.flagged)):
            raise ValueError(f"{bar.label!r}: value and flagged must be finite numbers")
        if bar.value < 0 or bar.flagged < 0:
            raise ValueError(f"{bar.label!r}: a bar cannot be negative ({bar.value}, flagged {bar.flagged})")
        if bar.flagged > bar.value:
            raise ValueError(f"{bar.label!r}: flagged {bar.flagged} is more than the whole value {bar.value}")
    return bars


def layout(bars: Sequence[Bar], width: int = 400, value_texts: Sequence[str] | None = None) -> list[Row]:
    """Each bar's row, top to bottom in the given order; a value text too long for its line goes below."""
    bars = _checked(bars)
    if width <= VALUE_ROOM:
        raise ValueError(f"a chart must be wider than {VALUE_ROOM}")
    full = width - VALUE_ROOM
    top = max(bar.value for bar in bars)
    scale = full / top if top else 0.0
    limit = line_chars(width)
    rows, y = [], 0.0
    for i, bar in enumerate(bars):
        lines = wrap(bar.label, limit)
        bar_y = y + len(lines) * LINE + LABEL_GAP
        length = round(bar.value * scale, 1)
        value_x, value_y, bottom = round(length + VALUE_GAP, 1), bar_y + BAR - 2, bar_y + BAR
        if value_texts is not None and value_x + text_width(value_texts[i]) > width:
            value_x, value_y, bottom = 0.0, bar_y + BAR + LINE, bar_y + BAR + LINE + 3
        rows.append(Row(lines, y, bar_y, length, round(bar.flagged * scale, 1), value_x, value_y, bottom))
        y = bottom + ROW_GAP
    return rows


def without_flagged(bars: Sequence[Bar]) -> list[Bar]:
    """The same bars with their flagged amounts left out: the chart one huge figure does not flatten."""
    return [Bar(bar.label, max(0.0, bar.value - bar.flagged), 0.0, bar.href) for bar in _checked(bars)]


def _n(x: float) -> str:
    """A coordinate as SVG text: one decimal at most, so the output is the same on every build."""
    text = f"{round(x, 1):.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def _label(row: Row, href: str | None) -> str:
    """A row's label, one tspan per line, inside a link when the row has one."""
    spans = "".join(f'<tspan x="0" y="{_n(row.y + FONT + i * LINE)}">{escape(line)}</tspan>'
                    for i, line in enumerate(row.label_lines))
    if href is None:
        return f'<text font-size="{FONT}" fill="{INK}">{spans}</text>'
    # underlined, so a link is told from plain text without relying on its colour
    return (f'<a href="{escape(href)}"><text font-size="{FONT}" fill="{INK}" text-decoration="underline">'
            f"{spans}</text></a>")


def _bars(row: Row, hatch: str) -> str:
    """A row's bar: the unflagged part solid, the flagged part hatched after it."""
    solid = round(row.bar_length - row.flagged_length, 1)
    parts = []
    if solid > 0:
        parts.append(f'<rect x="0" y="{_n(row.bar_y)}" width="{_n(solid)}" height="{BAR}" fill="{BAR_FILL}"/>')
    if row.flagged_length > 0:
        parts.append(f'<rect x="{_n(solid)}" y="{_n(row.bar_y)}" width="{_n(row.flagged_length)}" '
                     f'height="{BAR}" fill="url(#{hatch})" stroke="{HATCH_INK}" stroke-width="1"/>')
    return "".join(parts)


def _hatch(hatch: str) -> str:
    """The pattern of flagged parts: dark diagonal stripes on pale yellow."""
    return (f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{HATCH_PAPER}"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH_INK}" stroke-width="3"/></pattern></defs>')


def bar_chart(bars: Sequence[Bar], *, title: str, desc: str, value_text: Callable[[float], str],
              flagged_text: str, chart_id: str, width: int = 400) -> Markup:
    """An inline <svg> horizontal bar chart of bars, with its title and description for screen readers."""
    if not ID.fullmatch(chart_id):
        raise ValueError(f"chart_id {chart_id!r} must be a letter then letters, digits, '-' or '_'")
    bars = _checked(bars)
    texts = [value_text(bar.value) + (f" \u26a0 {flagged_text}" if bar.flagged > 0 else "") for bar in bars]
    rows = layout(bars, width, texts)
    height = math.ceil(rows[-1].bottom + 4)  # room for the descenders of a last value line
    ids = {part: f"{chart_id}-{part}" for part in ("title", "desc", "hatch")}
    # a role="img" makes its content presentational, and axe-core then reports any link inside it
    # (nested-interactive); with links the chart is a group whose texts and links stay reachable
    role = "group" if any(bar.href is not None for bar in bars) else "img"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="{role}" aria-labelledby="{ids["title"]} {ids["desc"]}">',
           f'<title id="{ids["title"]}">{escape(title)}</title>',
           f'<desc id="{ids["desc"]}">{escape(desc)}</desc>']
    if any(bar.flagged > 0 for bar in bars):
        out.append(_hatch(ids["hatch"]))
    for bar, row, text in zip(bars, rows, texts):
        value = (f'<text x="{_n(row.value_x)}" y="{_n(row.value_y)}" font-size="{FONT}" fill="{INK}">'
                 f"{escape(text)}</text>")
        out.append(f"<g>{_label(row, bar.href)}{_bars(row, ids['hatch'])}{value}</g>")
    out.append("</svg>")
    return Markup("\n".join(out))
