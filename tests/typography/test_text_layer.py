"""The text layer holds the source's characters only: spacing is drawn, never typed into the text."""

import re

import pypdfium2

from pdf_reading import page_texts, text_of
from whitepaper import typography

HAN = f"[{typography.HAN}]"
INVISIBLE = re.compile("[\u2000-\u200f\u2028-\u202f\u2060-\u2064\ufeff]")


def source_text(content) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(content.rglob("*")) if path.is_file())


def test_no_space_or_invisible_character_is_added(edition):
    """Read glyph by glyph: a PDF reader may show a wide gap as a space, but no character is there."""
    typed = set(re.findall(f"{HAN}[ \u00a0\u3000]+{HAN}", source_text(edition.content)))  # such as 目 录
    for number, lines in enumerate(edition.pages):
        text = "\n".join(text_of(line) for line in lines)
        assert not INVISIBLE.findall(text), f"page {number + 1}"
        added = set(re.findall(f"{HAN}[ \u00a0\u3000]+{HAN}", text)) - typed
        assert not added, f"page {number + 1}"


def test_a_search_finds_words_in_justified_lines(edition):
    document = pypdfium2.PdfDocument(edition.pdf)
    try:
        found = sum(1 for page in document for _ in iter(page.get_textpage().search("社会责任").get_next, None))
    finally:
        document.close()
    assert found >= sum(text.count("社会责任") for text in page_texts(edition.pdf)) > 0
