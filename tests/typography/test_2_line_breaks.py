"""Rule 2: no line starts with a closing or middle mark nor ends with an opening one; a number keeps its
unit (302 家, 2022 年) and its percent sign (85%)."""

import re

from pdf_reading import body_blocks, body_lines, consecutive_lines, text_of
from whitepaper import typography
from whitepaper.typography import NOT_AT_LINE_END, NOT_AT_LINE_START

HAN = re.compile(f"[{typography.HAN}]")


def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(edition):
    lines = body_lines(edition.pages)
    assert len(lines) > 20
    assert not [text_of(line) for line in lines if line[0].char in NOT_AT_LINE_START]
    assert not [text_of(line) for line in lines if line[-1].char in NOT_AT_LINE_END]


def test_a_number_stays_with_its_unit(edition):
    split = [(text_of(first)[-8:], text_of(second)[:8]) for first, second in consecutive_lines(edition.pages)
             if re.search("[0-9%]$", text_of(first).rstrip()) and HAN.match(second[0].char)]
    assert not split


def test_the_sample_puts_each_case_at_a_line_end(sample):
    """The sample's paragraphs are cut so that each mark falls where a line would break."""
    starts = {text_of(second)[:3] for _, second in consecutive_lines(sample.pages)}
    assert {"卷——", "302", "卷“社", "202"} <= starts


def test_a_reference_keeps_its_number(edition):
    """「见表 5」 never ends a line on 表 with 5 starting the next; nor 图 3, 第 6 章."""
    split = [(text_of(first)[-8:], text_of(second)[:8]) for first, second in consecutive_lines(edition.pages)
             if text_of(first).rstrip()[-1:] in ("表", "图", "第") and second[0].char.isdigit()]
    assert not split


def test_no_paragraph_ends_with_a_line_of_one_character(edition):
    """「骗。」 alone on a paragraph's last line: at least two characters keep it company."""
    lonely = [text_of(block.lines[-1]) for block in body_blocks(edition.pages) if len(block.lines) > 1
              and not block.continued and len([glyph for glyph in block.lines[-1] if HAN.match(glyph.char)]) < 2
              and len(block.lines[-1]) <= 2]
    assert not lonely
