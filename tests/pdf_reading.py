"""Read a built PDF back the way a reader meets it: text per page, the body without running heads and folios."""

import ctypes
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
from fontTools.ttLib import TTFont

from whitepaper.fonts import bundled_fonts

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
    _, height = page.get_size()
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
        width, height = page.get_size()
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
    _, height = page.get_size()
    text_page = page.get_textpage()
    x, y, flags = ctypes.c_double(), ctypes.c_double(), ctypes.c_int()
    name = ctypes.create_string_buffer(128)
    lines: dict[tuple, list[Glyph]] = {}
    for index in range(text_page.count_chars()):
        char = text_page.get_text_range(index, 1)
        if pdfium_c.FPDFText_IsGenerated(text_page.raw, index) or not char.strip():
            continue
        pdfium_c.FPDFText_GetCharOrigin(text_page.raw, index, x, y)
        if not MARGIN_BOTTOM < y.value < height - MARGIN_TOP:
            continue
        pdfium_c.FPDFText_GetFontInfo(text_page.raw, index, name, len(name), flags)
        font = name.value.decode().split("+")[-1]
        em = pdfium_c.FPDFText_GetFontSize(text_page.raw, index) * PX
        glyph = Glyph(char, x.value, _advance(fonts_dir, font, char) * em, y.value, em, font)
        lines.setdefault((round(y.value, 1), font.removesuffix("-Bold")), []).append(glyph)
    ordered = sorted(lines.items(), key=lambda item: (-item[0][0], item[0][1]))
    return [sorted(glyphs, key=lambda glyph: glyph.left) for _, glyphs in ordered]


@lru_cache(maxsize=None)
def _font_metrics(fonts_dir: Path, pdf_name: str):
    path = next(font.path for font in bundled_fonts(fonts_dir) if font.pdf_name == pdf_name)
    font = TTFont(path, lazy=True)
    return font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm


def _advance(fonts_dir: Path, pdf_name: str, char: str) -> float:
    """The character's advance in em, as the font defines it."""
    cmap, hmtx, units_per_em = _font_metrics(fonts_dir, pdf_name)
    return hmtx[cmap[ord(char)]][0] / units_per_em
