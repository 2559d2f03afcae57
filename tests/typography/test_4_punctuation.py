"""Rule 4: two full-width marks side by side do not leave a full em of blank between them."""

from pdf_reading import body_lines, text_of
from whitepaper.typography import CLOSING_MARKS, OPENING_MARKS


def mark_pairs(pages):
    for line in body_lines(pages):
        for before, after in zip(line, line[1:]):
            if (before.char in CLOSING_MARKS and after.char in CLOSING_MARKS + OPENING_MARKS
                    or before.char in OPENING_MARKS and after.char in OPENING_MARKS):
                yield before, after, text_of(line)


def test_adjacent_marks_are_set_closer_than_a_full_em(edition):
    pairs = list(mark_pairs(edition.pages))
    assert len(pairs) >= 4
    # Half an em for the compressed mark, plus at most the line's justification gap.
    assert not [(before.char + after.char, text) for before, after, text in pairs
                if after.left - before.left > 0.65 * before.em]


def test_a_mark_between_han_keeps_its_full_width(sample):
    line = next(line for lines in sample.pages for line in lines if "（社会责任），" in text_of(line))
    opening = next(index for index, glyph in enumerate(line) if glyph.char == "（")
    assert line[opening + 1].left - line[opening].left >= line[opening].em
