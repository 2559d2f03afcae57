"""Rule 1: every line of a paragraph but its last fills the measure, the extra space spread evenly."""

import re

from pdf_reading import TEXT_RIGHT, justified_lines, text_of
from whitepaper import typography

HAN = re.compile(f"[{typography.HAN}]")
LATIN = re.compile("[A-Za-z0-9]{2}")


def han_gaps(line) -> list[float]:
    return [after.left - before.right for before, after in zip(line, line[1:])
            if HAN.match(before.char) and HAN.match(after.char)]


def test_sample_has_lines_of_pure_chinese_and_of_mixed_text(sample):
    texts = [text_of(line) for line in justified_lines(sample.pages)]
    assert any(all(HAN.match(char) for char in text) for text in texts)
    assert any(re.search("[A-Za-z0-9]", text) for text in texts)


def test_lines_end_flush_with_the_right_edge(edition):
    lines = justified_lines(edition.pages)
    assert len(lines) > 10
    ragged = [(round(line[-1].right - TEXT_RIGHT, 2), text_of(line)) for line in lines
              if abs(line[-1].right - TEXT_RIGHT) > 0.5]
    assert not ragged


def test_the_extra_space_is_spread_evenly_between_characters(edition):
    for line in justified_lines(edition.pages):
        gaps = han_gaps(line)
        if not gaps:
            continue
        assert max(gaps) - min(gaps) < 0.05, text_of(line)
        widest = max(after.left - before.right for before, after in zip(line, line[1:])
                     if not LATIN.match(before.char + after.char))  # Latin ligatures: ffi is one glyph
        assert widest < max(gaps) + 0.25 * line[0].em + 0.05, f"space piled into one gap: {text_of(line)}"


def test_justification_never_spaces_out_the_letters_of_a_latin_word(edition):
    """The extra space goes between Chinese characters, never inside ESG or 2022 (clreq §3.8)."""
    inside_words = [(before, after) for line in justified_lines(edition.pages)
                    for before, after in zip(line, line[1:]) if LATIN.match(before.char + after.char)]
    assert len(inside_words) > 10
    # The PDF's glyphs carry no spaces: a gap of a fifth of an em or more is a word space, not letter spacing.
    # Inside a word only the font's kerning remains, well under a tenth of a point.
    spaced = [(before.char + after.char, round(after.left - before.right, 2)) for before, after in inside_words
              if 0.1 < after.left - before.right < 0.2 * before.em]
    assert not spaced
