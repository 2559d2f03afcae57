"""Rule 8: running heads and bookmarks, which show text without markup, keep the quarter em between Han and
Latin letters or digits as a space (「1 概述」, 「2024 年」), where the body has it as a margin."""

import re

import pypdf
import pypdfium2

from pdf_reading import MARGIN_TOP
from whitepaper.typography import HAN

TOUCHING = re.compile(rf"[{HAN}][A-Za-z0-9]|[A-Za-z0-9][{HAN}]")


def test_bookmarks_keep_a_space_between_han_and_digits(edition):
    titles = [item.title for item in _flatten(pypdf.PdfReader(edition.pdf).outline)]
    assert any(re.match(r"\d+ ", title) for title in titles)
    assert not [title for title in titles if TOUCHING.search(title)]


def test_running_heads_keep_a_space_between_han_and_digits(edition):
    heads = _running_heads(edition.pdf)
    assert any(re.search(r"\d ", head) for head in heads)
    assert not [head for head in heads if TOUCHING.search(head)]


def test_the_sample_has_a_title_where_han_meets_digits_and_latin(sample):
    """tests/typography/sample/08-running-heads.md: 「2024年ESG报告」, written without spaces."""
    assert any(head.endswith("8 2024 年 ESG 报告") for head in _running_heads(sample.pdf))


def _flatten(outline) -> list:
    items = []
    for item in outline:
        items += _flatten(item) if isinstance(item, list) else [item]
    return items


def _running_heads(pdf) -> set[str]:
    """The text above the page area of every page: its running heads."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        heads = set()
        for page in document:
            _, _, _, top = page.get_trimbox()
            text = page.get_textpage().get_text_bounded(top=top, bottom=top - MARGIN_TOP)
            heads.update(line.strip() for line in text.splitlines() if line.strip())
        return heads
    finally:
        document.close()
