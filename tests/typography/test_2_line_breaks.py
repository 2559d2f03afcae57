"""Rule 2: no line starts with a closing or middle mark nor ends with an opening one; a number keeps its
unit (302 家, 2022 年) and its percent sign (85%)."""

import re

from pdf_reading import body_lines, consecutive_lines, text_of
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
