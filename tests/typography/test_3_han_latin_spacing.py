"""Rule 3: a quarter em between Han and Latin letters or digits, whatever the source had, none at a line's
edge; the source's ASCII spaces there are not printed."""

import re
from statistics import median

from pdf_reading import INDENT, TEXT_LEFT, body_lines, text_of
from whitepaper import typography

HAN = re.compile(f"[{typography.HAN}]")
LATIN = re.compile("[A-Za-z0-9]")


def han_latin_gaps(line) -> list[float]:
    """Each Han-Latin gap less the gap justification put between this line's Han characters."""
    han_gaps = [after.left - before.right for before, after in zip(line, line[1:])
                if HAN.match(before.char) and HAN.match(after.char)]
    justification = median(han_gaps) if han_gaps else 0
    return [after.left - before.right - justification for before, after in zip(line, line[1:])
            if HAN.match(before.char) and LATIN.match(after.char) or LATIN.match(before.char) and HAN.match(after.char)]


def test_a_quarter_em_between_han_and_latin(edition):
    lines = body_lines(edition.pages)
    gaps = [(round(gap / line[0].em, 3), text_of(line)) for line in lines for gap in han_latin_gaps(line)]
    assert len(gaps) > 5
    assert not [(gap, text) for gap, text in gaps if abs(gap - 0.25) > 0.02]


def test_no_space_is_printed_between_han_and_latin(edition):
    lines = [text_of(line) for line in body_lines(edition.pages)]
    spaced = [text for text in lines if re.search(rf"{HAN.pattern}[ \u00a0\u2005][A-Za-z0-9]|"
                                                  rf"[A-Za-z0-9%][ \u00a0\u2005]{HAN.pattern}", text)]
    assert not spaced


def test_the_source_spaces_make_no_difference(sample):
    """「占比 38%」 and 「占比38%」, 「发布 ESG 报告」 and 「发布ESG报告」 print alike."""
    line = next(line for lines in sample.pages for line in lines if text_of(line).count("占比38%") == 2)
    gaps = han_latin_gaps(line)
    assert len(gaps) == 6 and max(gaps) - min(gaps) < 0.05


def test_a_line_starting_with_latin_starts_at_the_margin(edition):
    """(Lines set off on purpose, such as the preface's signature, are not in the text block's grid.)"""
    lines = [line for line in body_lines(edition.pages) if LATIN.match(line[0].char) and line[0].left < INDENT + 1]
    assert lines
    assert not [text_of(line) for line in lines
                if min(abs(line[0].left - TEXT_LEFT), abs(line[0].left - INDENT)) > 0.05]
