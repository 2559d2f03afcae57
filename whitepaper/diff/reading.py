"""A PDF -> what `whitepaper diff` compares: the book's text as one run of glyphs, each with its page and box.

What a reader reads is kept apart from what the layout adds:
- body text: every glyph inside the trim, in the order the PDF draws it (WeasyPrint draws in reading order);
- charts: the text drawn inside a chart's box (its figures and labels), one unit per chart, named by its
  caption, the line just above the box. A chart's box is the filled rectangle its background paints, the one
  that holds the chart's other shapes (bars, legend keys);
- page furniture, compared as layout only: running heads and folios (in the page margins) and the 目录's dot
  leaders and page numbers, which move whenever a heading moves;
- nothing outside the trim (crop marks, a proof's stamp in the slug).
"""

import ctypes
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

from ..diagnostics import BuildFailure
from ..messages import say

# The running head sits in the top margin (26 mm = 73.7 pt, styles/book.css), the folio in the bottom one
# (24 mm = 68 pt): a glyph whose middle lies in these bands is furniture.
HEAD_BAND = 70.0
FOOT_BAND = 64.0
LEADER = re.compile(r"[.·…]{4,}\s*\d*\s*$")  # a 目录 entry's dot leader and page number, at a line's end
CAPTION = re.compile(r"^[^\d\s]{1,8} ?\d+(\s|$)")  # 表 5 …, Figure 5 …: a word and a number
MIN_CHART = 40.0  # points: a filled rectangle smaller than this each way is a shape, not a chart's background

Box = tuple[float, float, float, float]  # left, bottom, right, top in the page's own coordinates


@dataclass(eq=False)
class Glyph:
    char: str
    page: int  # from 0
    box: Box
    word: tuple[int, int] = (0, 0)  # page and number of the word it is in (white space apart)
    word_length: int = 0
    line: tuple[int, int] = (0, 0)  # page and number of its line


@dataclass
class Chart:
    """The text inside one chart's box: its words (a figure, a label) in drawing order."""
    page: int
    box: Box
    caption: str
    words: tuple[str, ...]

    @property
    def key(self) -> str:
        return "\x1f".join(self.words)


@dataclass(frozen=True)
class TocNumber:
    page: int
    title: str  # the entry's text before its leader
    number: str
    box: Box


@dataclass
class Page:
    index: int
    trim: Box
    boxes: dict[str, Box]  # MediaBox, TrimBox, BleedBox as the file states them


@dataclass
class Book:
    """A PDF read for comparison. `tokens` is the text in reading order: a Glyph per character of the body, and
    a Chart right after the last glyph of its caption."""
    path: Path
    pages: list[Page]
    tokens: list[Glyph | Chart]
    toc: list[TocNumber]


def read_book(path: Path) -> Book:
    """The file's text and layout, or a BuildFailure that says in one line why it cannot be read."""
    if path.is_dir():
        raise BuildFailure(say("diff.a_folder", path=path))
    if not path.is_file():
        raise BuildFailure(say("diff.no_such_file", path=path))
    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        raise BuildFailure(say("diff.unreadable", path=path, error=error)) from None
    try:
        pages, tokens, toc = [], [], []
        for index in range(len(document)):
            page = document[index]
            layout, page_tokens, page_toc = _read_page(page, index)
            pages.append(layout)
            tokens += page_tokens
            toc += page_toc
            page.close()
        return Book(path, pages, tokens, toc)
    finally:
        document.close()


def _read_page(page, index: int) -> tuple[Page, list, list[TocNumber]]:
    trim = tuple(page.get_trimbox())
    boxes = {"MediaBox": tuple(page.get_mediabox()), "TrimBox": trim, "BleedBox": tuple(page.get_bleedbox())}
    layout = Page(index, trim, boxes)
    chart_boxes = _chart_boxes(page, trim)
    chart_words: list[list[list[Glyph]]] = [[] for _ in chart_boxes]
    body_lines: list[list[list[Glyph]]] = []  # lines of words
    toc: list[TocNumber] = []
    for line in _lines(page, index, trim):
        body = []
        for word in line:
            inside = next((number for number, box in enumerate(chart_boxes) if _contains(box, union(
                [glyph.box for glyph in word]))), None)
            if inside is None:
                body.append(word)
            else:
                chart_words[inside].append(word)
        body, number = _without_leader(body, index)
        if number:
            toc.append(number)
        if body:
            body_lines.append(body)
    tokens: list[Glyph | Chart] = [glyph for line in body_lines for word in line for glyph in word]
    for box, words in zip(chart_boxes, chart_words):
        caption = _caption(body_lines, box)
        chart = Chart(index, box, " ".join(_text(word) for word in caption), tuple(_text(word) for word in words))
        at = tokens.index(caption[-1][-1]) + 1 if caption else len(tokens)
        tokens.insert(at, chart)
    return layout, tokens, toc


def _text(glyphs: list[Glyph]) -> str:
    return "".join(glyph.char for glyph in glyphs)


def _lines(page, index: int, trim: Box) -> list[list[list[Glyph]]]:
    """The page's text inside the trim and outside the furniture bands, as lines of words, in drawing order.
    A line ends where pdfium sees one end (a generated line break); a word at any white space."""
    text_page = page.get_textpage()
    left, bottom, right, top = trim
    lines: list[list[list[Glyph]]] = [[[]]]
    rect = pdfium_c.FS_RECTF()
    for char_index in range(text_page.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(text_page.raw, char_index)
        char = chr(code) if code else ""
        if char in ("\r", "\n"):
            if char == "\n" or lines[-1] != [[]]:
                lines.append([[]])
            continue
        if not char or char.isspace() or pdfium_c.FPDFText_IsGenerated(text_page.raw, char_index) == 1:
            if lines[-1][-1]:
                lines[-1].append([])
            continue
        pdfium_c.FPDFText_GetLooseCharBox(text_page.raw, char_index, ctypes.byref(rect))
        box = (rect.left, rect.bottom, rect.right, rect.top)
        middle_x, middle_y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        if not (left <= middle_x <= right and bottom + FOOT_BAND < middle_y < top - HEAD_BAND):
            continue
        lines[-1][-1].append(Glyph(char, index, box))
    text_page.close()
    words = [(line_number, word) for line_number, line in enumerate(lines) for word in line if word]
    for number, (line_number, word) in enumerate(words):
        for glyph in word:
            glyph.word, glyph.word_length, glyph.line = (index, number), len(word), (index, line_number)
    return [[word for word in line if word] for line in lines if any(line)]


def _without_leader(line: list[list[Glyph]], page: int) -> tuple[list[list[Glyph]], TocNumber | None]:
    """A 目录 line's title, and its page number apart: the number follows the heading's page, not the text."""
    glyphs = [glyph for word in line for glyph in word]
    found = LEADER.search(_text(glyphs))
    if not found:
        return line, None
    title, rest = glyphs[:found.start()], glyphs[found.start():]
    digits = [glyph for glyph in rest if glyph.char.isdigit()]
    kept = {id(glyph) for glyph in title}
    words = [kept_word for word in line if (kept_word := [glyph for glyph in word if id(glyph) in kept])]
    title_text = " ".join(_text(word) for word in words)
    return words, TocNumber(page, title_text, _text(digits), union([glyph.box for glyph in digits or rest]))


def _caption(lines: list[list[list[Glyph]]], box: Box) -> list[list[Glyph]]:
    """A chart's caption (表 N …): the nearest line below its box, or above it, that starts with a short word and
    a number; failing that, the nearest line below or above."""
    def distance(line) -> float:
        glyphs = [glyph for word in line for glyph in word]
        below = box[1] - max(glyph.box[3] for glyph in glyphs)
        above = min(glyph.box[1] for glyph in glyphs) - box[3]
        return below if below >= -1 else above + 1000 if above >= -1 else float("inf")

    near = sorted((line for line in lines if distance(line) < float("inf")), key=distance)
    labelled = [line for line in near if CAPTION.match(" ".join(_text(word) for word in line))]
    return (labelled or near or [[]])[0]


def _chart_boxes(page, trim: Box) -> list[Box]:
    """Filled rectangles inside the trim, big enough, that hold at least two other filled shapes (bars, legend
    keys): a chart's background, not a box around text."""
    shapes = []
    for obj in page.get_objects(max_depth=1):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            fill, stroke = ctypes.c_int(), ctypes.c_int()
            pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
            shapes.append((tuple(obj.get_bounds()), fill.value != 0))
    boxes = []
    for box, filled in shapes:
        if (filled and box[2] - box[0] >= MIN_CHART and box[3] - box[1] >= MIN_CHART and _contains(trim, box)
                and sum(1 for other, full in shapes if full and other != box and _contains(box, other)) >= 2):
            boxes.append(box)
    return [box for box in boxes if not any(other != box and _contains(other, box) for other in boxes)]


def _contains(outer: Box, inner: Box, slack: float = 0.5) -> bool:
    return (outer[0] - slack <= inner[0] and outer[1] - slack <= inner[1] and inner[2] <= outer[2] + slack
            and inner[3] <= outer[3] + slack)


def union(boxes: list[Box]) -> Box:
    return (min(box[0] for box in boxes), min(box[1] for box in boxes), max(box[2] for box in boxes),
            max(box[3] for box in boxes))
