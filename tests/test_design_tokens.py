"""A designer changes the brand colour or the body size in one place, and the book follows: the cover band and
the charts take the brand colour, the 目录 and the captions their sizes from the body's. Built on the small
parts book (tests/parts_book/)."""

import ctypes
import re
import shutil
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

from whitepaper.editions import PRINT, SCREEN
from whitepaper.pipeline import Builder, Project

from pdf_reading import MM, page_lines, squeeze, text_of
from test_parts_book import PRINTED, Built, chart_glyphs

PARTS_BOOK = Path(__file__).parent / "parts_book"
BRAND = r"  accent: *\{screen: \"#\w+\", print: \[[\d., ]+\]\}"  # whatever it is now
BODY = r"  --body-size: [^;]+;"


def build(project, root: Path, replace: tuple[str, str, str], edition=None) -> Path:
    """The parts book with one line of styles/`file` (a pattern) replaced."""
    shutil.copytree(PARTS_BOOK / "content", root / "content")
    shutil.copytree(project.styles, root / "styles")
    (root / "fonts").symlink_to(project.fonts)
    file, old, new = replace
    path = root / "styles" / file
    text, count = re.subn(old, new, path.read_text(encoding="utf-8"))
    assert count == 1
    path.write_text(text, encoding="utf-8")
    output = root / "book.pdf"
    (Builder(Project(root), edition) if edition else Builder(Project(root))).build(output)
    return output


def filled(pdf: Path, rgb: tuple[int, int, int]) -> list[tuple[int, float, float]]:
    """(page, width mm, height mm) of each shape filled with the colour."""
    document = pypdfium2.PdfDocument(pdf)
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    shapes = []
    try:
        for index, page in enumerate(document):
            for item in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
                pdfium_c.FPDFPageObj_GetFillColor(item.raw, r, g, b, a)
                if (r.value, g.value, b.value) == rgb and a.value:
                    left, bottom, right, top = item.get_bounds()
                    shapes.append((index, (right - left) / MM, (top - bottom) / MM))
    finally:
        document.close()
    return shapes


def test_the_brand_colour_recolours_the_cover_band_and_the_charts(project, tmp_path):
    wine = (0x7a, 0x1f, 0x2b)
    pdf = build(project, tmp_path, ("colours.yaml", BRAND, '  accent: {screen: "#7a1f2b", print: [0, 90, 70, 30]}'),
                SCREEN)
    shapes = filled(pdf, wine)
    assert [shape for shape in shapes if shape[0] == 0 and shape[1] >= 210], "no cover band in the brand colour"
    chart_pages = {index for index, lines in enumerate(page_lines(pdf, project.fonts))
                   if any(squeeze(text_of(line)).startswith("表1") for line in lines)}
    bars = [shape for shape in shapes if shape[0] in chart_pages and shape[1] > 3 and shape[2] > 3]
    assert bars, "no chart bar in the brand colour"
    assert not filled(pdf, (0x1f, 0x4e, 0x79)), "the 2022 brand colour is still drawn"


def test_the_body_size_sets_the_sizes_of_the_toc_the_captions_and_the_chart_text(project, tmp_path):
    # the print edition, which also overprints the chart text as small as the page shows it (ink.py)
    pdf = build(project, tmp_path, ("book.css", BODY, "  --body-size: 11pt;"), PRINT)
    pages = page_lines(pdf, project.fonts)
    toc_page = next(lines for lines in pages if any(squeeze(text_of(line)) == "目录" for line in lines))
    toc_entries = [line for line in toc_page if squeeze(text_of(line)) != "目录"]
    # chapters at the body's size; sections at 11 pt x 20/21 (10 pt at 10.5)
    assert {round(line[0].em, 2) for line in toc_entries} == {11.0, 10.48}
    captions = [line for lines in pages for line in lines if squeeze(text_of(line)).startswith("表")
                and squeeze(text_of(line))[1:2].isdigit()]
    assert len(captions) == 7  # the parts book's charts
    assert {round(glyph.em, 2) for line in captions for glyph in line} == {9.95}  # 11 pt x 19/21 (9.5 at 10.5)
    chart_text = list(chart_glyphs(Built(tmp_path, pdf, []), project.fonts, PRINTED))
    assert len(chart_text) > 40
    assert {round(glyph.em, 2) for line in chart_text for glyph in line} == {9.43}  # 11 pt x 18/21 (9 at 10.5)
