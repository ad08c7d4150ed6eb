"""Glyphs laid out in a PDF table cell → the paragraphs they were typed as.

A PDF keeps glyphs and their places, not paragraphs: a paragraph is wrapped into lines at the cell's
edge, and a cell cut by a page break is in two pieces on two pages.  The lines are put back the way
the .docx reader gives a cell, one string per paragraph ("" for an empty paragraph):

- a line ends its paragraph when the first word of the next line would have fitted after it (the
  writer wrapped nothing there), when the next line starts a numbered entry or the outcomes' heading,
  or when the space between the lines is larger than between wrapped lines (spacing after a paragraph;
  an empty paragraph leaves a whole line free);
- otherwise the lines are one paragraph, joined by a space, or by nothing after a line broken at a
  hyphen within a word («іс-» + «шараларды») or inside a word too long for the cell.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from .document import OUTCOME_HEADING

SPACES = {" ", "\u00a0", "\u2009", "\u202f", "\t"}
BREAK_AFTER = set("-‐–—/")  # a writer may wrap a line after these, inside a word
DIGITS = re.compile(r"^\d{1,3}$")
GROUP = re.compile(r"^\d{3}(?!\d)")
ENTRY = re.compile(r"^\d{1,2}\s*[.)]")
ENDS_ITEM = re.compile(r"[.;:!?»)]$")
SENTENCE_END = re.compile(r"[.;:!?]$")
CAPITAL = re.compile(r"^[«\-–—]?\s*[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ\d]")
FIT_SLACK = -1.0  # points: a word fits when it leaves this much room (the glyphs' places are rounded)


@dataclass(frozen=True)
class Line:
    """One line of text: its words joined by single spaces, where it lies, and the width of its first piece
    (up to the first place the writer could have wrapped it)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    space: float  # width of a space glyph of the line, or a quarter of the font size
    lead: float
    paragraph: int | None = None  # the paragraph a tagged PDF puts the line in

    @property
    def width(self) -> float:
        return self.x1 - self.x0


def lines_of(chars: list[dict]) -> list[Line]:
    """Glyphs (pdfplumber's chars, with the "paragraph" a tagged PDF puts each in) → lines from top to
    bottom, each read left to right."""
    rows: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (c["bottom"], c["x0"])):
        if rows and abs(char["bottom"] - rows[-1][0]["bottom"]) <= 0.3 * char["size"]:
            rows[-1].append(char)
        else:
            rows.append([char])
    lines = [_line(sorted(row, key=lambda c: c["x0"])) for row in rows]
    return sorted((line for line in lines if line), key=lambda line: line.top)


def _line(chars: list[dict]) -> Line | None:
    size = max(c["size"] for c in chars)
    spaces = [c["x1"] - c["x0"] for c in chars if c["text"] in SPACES]
    ink = [c for c in chars if c["text"] not in SPACES and c["text"].strip()]
    if not ink:
        return None
    words: list[list[dict]] = []
    spaced = True
    for char in chars:
        if char["text"] in SPACES or not char["text"].strip():
            spaced = True
        elif spaced or char["x0"] - words[-1][-1]["x1"] > 0.2 * size:  # a space with no glyph of its own
            words.append([char])
            spaced = False
        else:
            words[-1].append(char)
    texts = ["".join(c["text"] for c in word) for word in words]
    return Line(" ".join(texts), ink[0]["x0"], ink[-1]["x1"], min(c["top"] for c in ink),
                max(c["bottom"] for c in ink), size, min(spaces, default=size / 4), _lead(words, texts),
                ink[0].get("paragraph"))


def _lead(words: list[list[dict]], texts: list[str]) -> float:
    """Width of a line's first piece: its first word up to a hyphen inside it, or an amount's digit groups
    («400 000»: the space between them is a no-break space in the document, a plain one in the PDF)."""
    last = 0
    while last + 1 < len(texts) and DIGITS.match(texts[last]) and GROUP.match(texts[last + 1]):
        last += 1
    first = words[0]
    cut = next((i for i, c in enumerate(first[:-1]) if c["text"] in BREAK_AFTER and i > 0), len(first) - 1)
    end = words[last][-1] if last else first[cut]
    return end["x1"] - first[0]["x0"]


@dataclass(frozen=True)
class Spacing:
    """How lines are spaced in a table: the step between wrapped lines, the extra step after a paragraph."""

    pitch: float
    extra: float = 0.0

    @classmethod
    def of(cls, pieces: list[list[Line]]) -> Spacing:
        steps = sorted(b.bottom - a.bottom for lines in pieces for a, b in zip(lines, lines[1:])
                       if b.bottom - a.bottom >= 0.8 * a.size)
        if not steps:
            return cls(pitch=0.0)
        pitch = statistics.median([s for s in steps if s <= steps[0] * 1.1])
        spaced = [s - pitch for s in steps if pitch * 1.1 < s < pitch * 1.9]
        return cls(pitch, statistics.median(spaced) if len(spaced) * 20 >= len(steps) else 0.0)

    def gap(self, above: Line, below: Line) -> str:
        """'blank' when a whole empty line lies between, 'paragraph' for a paragraph's spacing, else ''."""
        if not self.pitch:
            return ""
        step = below.bottom - above.bottom
        if step > self.pitch + self.extra + 0.6 * self.pitch:
            return "blank"
        return "paragraph" if self.extra > 0.15 * self.pitch and step > self.pitch + self.extra / 2 else ""


@dataclass(frozen=True)
class Piece:
    """A cell's lines in one table row on one page, the edges they were wrapped between, and how the piece
    follows the one before: 'new' (another table row: a new paragraph), 'continued' (the same cell after
    a page break) or 'blank' (the same cell after a page break, below an empty paragraph)."""

    lines: list[Line]
    left: float
    right: float
    follows: str = "new"

    @property
    def flush_left(self) -> bool:
        return sum(abs(line.x0 - self.left) < 1 for line in self.lines) * 2 >= len(self.lines)

    def room(self, line: Line) -> float:
        """Room left on a line for more words."""
        return self.right - line.x1 if self.flush_left else self.right - self.left - line.width


def paragraphs(pieces: list[Piece], spacing: Spacing) -> list[str]:
    """A cell's pieces → its paragraphs, as the .docx reader gives them.  On a page, a tagged PDF says which
    lines make a paragraph; in an untagged one the spacing between lines does, and if the paragraphs have
    no spacing, a line ending a sentence before one starting with a capital is taken as a paragraph's end."""
    out: list[str] = []
    last: tuple[Line, Piece] | None = None
    for piece in pieces:
        for n, line in enumerate(piece.lines):
            gap = spacing.gap(last[0], line) if n else {"new": "paragraph", "continued": ""}.get(piece.follows, "blank")
            if last is None:
                out.append(line.text)
            elif gap == "blank":
                out += ["", line.text]
            elif n and line.paragraph is not None and last[0].paragraph is not None:
                if line.paragraph == last[0].paragraph:
                    out[-1] = _joined(out[-1], last[0], line)
                else:
                    out.append(line.text)
            elif gap == "paragraph" or _ends_paragraph(*last, line, guess=not n or not spacing.extra):
                out.append(line.text)
            else:
                out[-1] = _joined(out[-1], last[0], line)
            last = line, piece
    return out


def _ends_paragraph(line: Line, piece: Piece, following: Line, guess: bool) -> bool:
    if line.space + following.lead <= piece.room(line) + FIT_SLACK:
        return True  # the next word would have fitted: the line was ended, not wrapped
    if ENTRY.match(following.text) and ENDS_ITEM.search(line.text) or OUTCOME_HEADING.match(following.text):
        return True
    return guess and bool(SENTENCE_END.search(line.text) and CAPITAL.match(following.text))


def _joined(text: str, line: Line, following: Line) -> str:
    at_hyphen = line.text[-1] in BREAK_AFTER and len(line.text) > 1 and not line.text[-2].isspace()
    return text + ("" if at_hyphen else " ") + following.text
