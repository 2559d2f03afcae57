"""Read a built PDF back the way a reader meets it: text per page, the body without running heads and folios."""

import ctypes
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
from fontTools.ttLib import TTFont

from whitepaper.fonts import bundled_fonts
from whitepaper.model import Book, BulletList, Paragraph
from whitepaper.typography import CLOSING_MARKS, OPENING_MARKS

# The page and type as styles/book.css sets them, read here with patterns of its own (not with the build's
# page_geometry.py), so a designer's new margins or body size move the tests' expectations with them.
MM = 72 / 25.4  # PDF points per millimetre: the tests' own, not the build's
BOOK_CSS = (Path(__file__).parent.parent / "styles" / "book.css").read_text(encoding="utf-8")
PAGE_MARGINS_MM = [float(value) for value in re.search(r"@page \{[^{}]*?margin: ([\d.]+)mm ([\d.]+)mm ([\d.]+)mm "
                                                        r"([\d.]+)mm;", BOOK_CSS).groups()]  # top right bottom left
MARGIN_TOP = PAGE_MARGINS_MM[0] * MM - 3.7  # points: the running head sits above this (26 mm: 70 pt)
MARGIN_BOTTOM = PAGE_MARGINS_MM[2] * MM - 4  # points: the folio sits below this (24 mm: 64 pt)


def squeeze(text: str) -> str:
    """Text without any white space, so line breaks and spacing do not hide a match."""
    return "".join(text.split())


def paragraph_texts(book: Book) -> list[str]:
    """What the body of the book must read: every paragraph and list item, in reading order."""
    texts = []
    for block in book.blocks():
        if isinstance(block, Paragraph):
            texts.append(block.text)
        elif isinstance(block, BulletList):
            texts.extend(block.items)
    return texts


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


# Glyphs and lines, for the typography rules: where each character starts and how far it advances.

PX = 0.75  # WeasyPrint draws in CSS pixels: a font size of 14 in the PDF's text space is 10.5 pt on paper


@dataclass(frozen=True)
class Glyph:
    char: str
    left: float  # the origin, in points from the page's left edge
    advance: float  # the glyph's own width in points (from the font), before any spacing after it
    baseline: float
    em: float  # font size in points
    font: str  # the PDF font name without its subset tag: "Noto-Serif-CJK-SC"

    @property
    def right(self) -> float:
        return self.left + self.advance


def page_lines(pdf: Path, fonts_dir: Path) -> list[list[list[Glyph]]]:
    """Each page's lines inside the margins, top to bottom, each line's glyphs left to right. A line is the
    glyphs of one font family sharing a baseline, so a chart's labels never join a paragraph's line."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [_lines(page, fonts_dir) for page in document]
    finally:
        document.close()


def _lines(page, fonts_dir: Path) -> list[list[Glyph]]:
    _, _, _, height = page.get_trimbox()
    text_page = page.get_textpage()
    x, y, flags = ctypes.c_double(), ctypes.c_double(), ctypes.c_int()
    name = ctypes.create_string_buffer(128)
    drawn = []
    for index in range(text_page.count_chars()):
        char = text_page.get_text_range(index, 1)
        if pdfium_c.FPDFText_IsGenerated(text_page.raw, index) or char in "\r\n":
            continue  # the reader's guesses: spaces for wide gaps, line ends
        pdfium_c.FPDFText_GetCharOrigin(text_page.raw, index, x, y)
        pdfium_c.FPDFText_GetFontInfo(text_page.raw, index, name, len(name), flags)
        em = pdfium_c.FPDFText_GetFontSize(text_page.raw, index) * PX
        drawn.append((char, x.value, y.value, em, name.value.decode().split("+")[-1]))
    lines: dict[tuple, list[Glyph]] = {}
    for index, (char, left, baseline, em, font) in enumerate(drawn):
        if not MARGIN_BOTTOM < baseline < height - MARGIN_TOP:
            continue
        neighbours = "".join(drawn[i][0] if 0 <= i < len(drawn) else " " for i in (index - 1, index + 1))
        advance = _advance(fonts_dir, font, char) * (0.5 if _half_width(char, *neighbours) else 1)
        glyph = Glyph(char, left, advance * em, baseline, em, font)
        lines.setdefault((round(baseline, 1), font.removesuffix("-Bold")), []).append(glyph)
    ordered = sorted(lines.items(), key=lambda item: (-item[0][0], item[0][1]))
    return [sorted(glyphs, key=lambda glyph: glyph.left) for _, glyphs in ordered]


def _half_width(char: str, before: str, after: str) -> bool:
    """Set half width by the punctuation compression rule (whitepaper/typography.py, rule 4)?"""
    return bool(char in CLOSING_MARKS and after in CLOSING_MARKS + OPENING_MARKS
                or char in OPENING_MARKS and before in OPENING_MARKS)


@lru_cache(maxsize=None)
def _font_metrics(fonts_dir: Path, pdf_name: str):
    path = next(font.path for font in bundled_fonts(fonts_dir) if font.pdf_name == pdf_name)
    font = TTFont(path, lazy=True)
    return font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm


def _advance(fonts_dir: Path, pdf_name: str, char: str) -> float:
    """The character's advance in em, as the font defines it (0 for one it lacks)."""
    cmap, hmtx, units_per_em = _font_metrics(fonts_dir, pdf_name)
    glyph = cmap.get(ord(char))
    return hmtx[glyph][0] / units_per_em if glyph else 0


# The text block of the print edition: A4 less the side margins; body text in Noto Serif (10.5 pt, leading 1.8
# in the 2022 book).
TEXT_LEFT = PAGE_MARGINS_MM[3] * MM
TEXT_RIGHT = (210 - PAGE_MARGINS_MM[1]) * MM
BODY_EM = float(re.search(r"--body-size: ([\d.]+)pt;", BOOK_CSS).group(1))
INDENT = TEXT_LEFT + 2 * BODY_EM
LEADING = float(re.search(r"--leading: ([\d.]+);", BOOK_CSS).group(1)) * BODY_EM


def text_of(line: list[Glyph]) -> str:
    return "".join(glyph.char for glyph in line)


def is_body(line: list[Glyph]) -> bool:
    return line[0].font.startswith("Noto-Serif") and abs(line[0].em - BODY_EM) < 0.01


@dataclass
class Block:
    """Body lines set one under the other at the body's leading: a paragraph, a list item, or the part of
    one that is on one page. `continued` when the paragraph goes on at the top of the next page."""
    page: int
    lines: list[list[Glyph]]
    continued: bool = False
    continues_previous: bool = False


def body_blocks(pages: list[list[list[Glyph]]]) -> list[Block]:
    blocks: list[Block] = []
    for number, lines in enumerate(pages):
        previous = None
        for line in filter(is_body, lines):
            follows = (previous is not None and abs(previous[0].baseline - line[0].baseline - LEADING) < 0.5
                       and abs(line[0].left - TEXT_LEFT) < 0.5)
            if follows:
                blocks[-1].lines.append(line)
            else:
                blocks.append(Block(number, [line]))
            previous = line
    for before, after in zip(blocks, blocks[1:]):
        if (after.page == before.page + 1 and after is _first_on_page(blocks, after.page)
                and before is _last_on_page(blocks, before.page) and abs(after.lines[0][0].left - TEXT_LEFT) < 0.5
                and abs(before.lines[-1][-1].right - TEXT_RIGHT) < 1):
            before.continued = after.continues_previous = True
    return blocks


def _first_on_page(blocks: list[Block], page: int) -> Block:
    return next(block for block in blocks if block.page == page)


def _last_on_page(blocks: list[Block], page: int) -> Block:
    return [block for block in blocks if block.page == page][-1]


def justified_lines(pages) -> list[list[Glyph]]:
    """Body lines that are not the last of their paragraph: those that must fill the measure."""
    lines = []
    for block in body_blocks(pages):
        lines.extend(block.lines if block.continued else block.lines[:-1])
    return lines


def consecutive_lines(pages) -> list[tuple[list[Glyph], list[Glyph]]]:
    """Each pair of lines where a paragraph breaks, across a page too."""
    pairs, carried = [], None
    for block in body_blocks(pages):
        lines = ([carried] if block.continues_previous and carried else []) + block.lines
        pairs.extend(zip(lines, lines[1:]))
        carried = block.lines[-1]
    return pairs


def body_lines(pages) -> list[list[Glyph]]:
    return [line for lines in pages for line in lines if is_body(line)]
