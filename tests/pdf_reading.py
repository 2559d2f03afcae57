"""Read a built PDF back the way a reader meets it: text per page, the body without running heads and folios."""

from pathlib import Path

import pypdfium2

MARGIN_TOP = 70  # points: the running head sits above this (the top margin is 26 mm = 73.7 pt)
MARGIN_BOTTOM = 64  # points: the folio sits below this (the bottom margin is 24 mm = 68 pt)


def squeeze(text: str) -> str:
    """Text without any white space, so line breaks and spacing do not hide a match."""
    return "".join(text.split())


def page_texts(pdf: Path) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def body_texts(pdf: Path) -> list[str]:
    """Each page's text inside the margins, in reading order (top to bottom, left to right): what runs on
    from page to page, without heads and folios. Reading order matters because WeasyPrint draws the
    charts' text after the page's other text."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [_reading_order(page) for page in document]
    finally:
        document.close()


def _reading_order(page) -> str:
    _, _, _, height = page.get_trimbox()
    text_page = page.get_textpage()
    chars = []
    for index in range(text_page.count_chars()):
        left, bottom, right, top = text_page.get_charbox(index, loose=True)
        middle = (bottom + top) / 2
        if MARGIN_BOTTOM < middle < height - MARGIN_TOP:
            chars.append((middle, left, text_page.get_text_range(index, 1)))
    lines: list[list[tuple]] = []
    for char in sorted(chars, key=lambda char: -char[0]):
        if lines and abs(lines[-1][0][0] - char[0]) < 4:
            lines[-1].append(char)
        else:
            lines.append([char])
    return "\n".join("".join(char[2] for char in sorted(line, key=lambda char: char[1])) for line in lines)


def band_text(pdf: Path, index: int, top: bool) -> str:
    """The running head (top=True) or folio (top=False) of one page."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[index]
        _, _, width, height = page.get_trimbox()  # the print edition's trim starts at 0, 0, as A4 does
        bottom, top_edge = (height - MARGIN_TOP, height) if top else (0, MARGIN_BOTTOM)
        return " ".join(page.get_textpage().get_text_bounded(0, bottom, width, top_edge).split())
    finally:
        document.close()
