"""A PDF cell's lines put back into the paragraphs they were typed as (grantsite/importer/pdf_lines.py), on
glyphs laid out here: each glyph 5 pt wide, lines 12 pt apart, a cell 100 pt (20 glyphs) wide."""
from __future__ import annotations

from grantsite.importer.document import header_column
from grantsite.importer.pdf_lines import Piece, Spacing, lines_of, paragraphs

GLYPH, PITCH, SIZE, LEFT = 5.0, 12.0, 10.0, 10.0


def glyphs(*rows: str | tuple[str, float, int | None]) -> list[dict]:
    """Glyphs of lines, one under another; a row may be (text, its top, its paragraph tag)."""
    out, top = [], 0.0
    for row in rows:
        text, top, tag = row if isinstance(row, tuple) else (row, top, None)
        out += [{"text": c, "x0": LEFT + i * GLYPH, "x1": LEFT + (i + 1) * GLYPH, "top": top, "bottom": top + SIZE,
                 "size": SIZE, "paragraph": tag} for i, c in enumerate(text)]
        top += PITCH
    return out


def read(*rows, width: int = 20) -> list[str]:
    lines = lines_of(glyphs(*rows))
    return paragraphs([Piece(lines, LEFT, LEFT + width * GLYPH)], Spacing.of([lines]))


def test_a_line_wrapped_at_the_cells_edge_is_joined_to_the_next_by_a_space():
    assert read("aaaa bbbb cccc dddd", "eeeeee ffff") == ["aaaa bbbb cccc dddd eeeeee ffff"]


def test_a_line_after_which_the_next_word_would_have_fitted_ends_its_paragraph():
    assert read("aaaa bbbb", "cccc dddd") == ["aaaa bbbb", "cccc dddd"]


def test_a_word_wrapped_after_its_hyphen_is_joined_without_a_space():
    assert read("aaaa bbbb cccc іс-", "шараларды") == ["aaaa bbbb cccc іс-шараларды"]


def test_a_line_ending_with_a_spaced_dash_is_joined_by_a_space():
    assert read("aaaa bbbb cccc dd -", "шараларды") == ["aaaa bbbb cccc dd - шараларды"]


def test_an_amounts_digit_groups_wrap_as_one_piece():
    assert read("4", "400 000", width=7) == ["4 400 000"]


def test_a_numbered_entry_starts_a_paragraph_where_it_would_not_have_fitted():
    assert read("1. aaaa bbbb cccc;", "2. dddddddddd eeee") == ["1. aaaa bbbb cccc;", "2. dddddddddd eeee"]


def test_a_whole_free_line_between_two_lines_is_an_empty_paragraph():
    assert read("aaaa bbbb cccc dddd", "eeee", ("ffff", 3 * PITCH, None)) == ["aaaa bbbb cccc dddd eeee", "", "ffff"]


def test_a_tagged_pdfs_lines_are_grouped_by_their_paragraph_tags():
    assert read(("aaaa", 0.0, 1), ("bbbb", PITCH, 1), ("cccc", 2 * PITCH, 2)) == ["aaaa bbbb", "cccc"]


def test_a_cell_cut_by_a_page_break_joins_the_line_wrapped_there():
    first, rest = lines_of(glyphs("aaaa bbbb cccc dddd")), lines_of(glyphs("eeeeee ffff"))
    pieces = [Piece(first, LEFT, LEFT + 100), Piece(rest, LEFT, LEFT + 100, "continued")]
    assert paragraphs(pieces, Spacing.of([first, rest])) == ["aaaa bbbb cccc dddd eeeeee ffff"]


def test_another_table_row_of_the_same_priority_starts_a_paragraph():
    first, rest = lines_of(glyphs("aaaa bbbb cccc dddd")), lines_of(glyphs("eeeeee ffff"))
    pieces = [Piece(first, LEFT, LEFT + 100), Piece(rest, LEFT, LEFT + 100, "new")]
    assert paragraphs(pieces, Spacing.of([first, rest])) == ["aaaa bbbb cccc dddd", "eeeeee ffff"]


def test_glyphs_drawn_out_of_order_are_read_left_to_right():
    shuffled = glyphs("Ақмола облысы")
    shuffled.sort(key=lambda g: g["text"] not in "ққ")  # a fallback font's letters drawn after the others
    assert read_glyphs(shuffled) == ["Ақмола облысы"]


def read_glyphs(chars: list[dict]) -> list[str]:
    lines = lines_of(chars)
    return paragraphs([Piece(lines, LEFT, LEFT + 100)], Spacing.of([lines]))


def test_a_header_word_cut_in_two_lines_still_names_its_column():
    assert header_column("Қаржыландыр у көлемі (мың теңге)") == 5
