"""The charts' series colours are worked out from the one brand colour: recolour the brand and every series
follows, in both editions, while white figures stay legible on each (screen) and no colour asks the press for
more than 300% ink (print). Built on the small parts book; the colours are read from the finished PDFs."""

import ctypes
import re
from pathlib import Path

import pypdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from whitepaper.editions import PRINT, SCREEN

from pdf_reading import page_lines, squeeze, text_of
from test_design_tokens import BRAND, build

MM = 72 / 25.4
WINE = '  accent: {screen: "#7a1f2b", print: [0, 90, 70, 30]}'
UNCHANGED = r"\g<0>"
CMYK_FILL = re.compile(rb"(?<![\w.])(\d*\.?\d+) (\d*\.?\d+) (\d*\.?\d+) (\d*\.?\d+) (?:k|scn?)\b")  # 4 values: CMYK


@pytest.fixture(scope="module")
def books(project, tmp_path_factory):
    """(edition, brand) -> PDF of the parts book."""
    return {(edition.name, brand): build(project, tmp_path_factory.mktemp(f"{edition.name}-{index}"),
                                         ("colours.yaml", BRAND, line), edition)
            for edition in (SCREEN, PRINT) for index, (brand, line) in enumerate([("2022", UNCHANGED),
                                                                                   ("wine", WINE)])}


def chart_colours(pdf: Path, fonts: Path) -> set[tuple[int, int, int]]:
    """The colours of the chart marks (shapes larger than 3 mm each way on the charts' pages), greys left out."""
    chart_pages = {index for index, lines in enumerate(page_lines(pdf, fonts))
                   if any(re.match(r"表\d", squeeze(text_of(line))) for line in lines)}
    document = pypdfium2.PdfDocument(pdf)
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    colours = set()
    try:
        for index in chart_pages:
            for item in document[index].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
                left, bottom, right, top = item.get_bounds()
                pdfium_c.FPDFPageObj_GetFillColor(item.raw, r, g, b, a)
                if a.value and right - left > 3 * MM and top - bottom > 3 * MM and \
                        max(r.value, g.value, b.value) - min(r.value, g.value, b.value) > 8:  # not ink or a grey
                    colours.add((r.value, g.value, b.value))
    finally:
        document.close()
    return colours


def cmyk_fills(pdf: Path) -> set[tuple[float, ...]]:
    """Every CMYK fill (`c m y k k`, or `c m y k scn` in /DeviceCMYK) the content streams set, forms too."""
    fills = set()
    reader = pypdf.PdfReader(pdf)
    for number in range(1, reader.trailer["/Size"]):
        stream = reader.get_object(number)
        if isinstance(stream, pypdf.generic.StreamObject) and stream.get("/Subtype") not in ("/Image", "/Type1C",
                                                                                             "/CIDFontType0C"):
            fills.update(tuple(float(value) for value in match.groups())
                         for match in CMYK_FILL.finditer(stream.get_data()))
    return fills


def contrast_with_white(rgb: tuple[int, int, int]) -> float:
    """WCAG 2.2's contrast ratio of white against the colour."""
    channels = [value / 255 for value in rgb]
    linear = [value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4 for value in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_recolouring_the_brand_recolours_every_chart_series_on_screen(books, project):
    before, after = (chart_colours(books["screen", brand], project.fonts) for brand in ("2022", "wine"))
    assert len(before) >= 4 and len(after) >= 4  # the pie's four parts at least, each its own colour
    assert not before & after, f"series kept their colour: {before & after}"
    assert (0x7a, 0x1f, 0x2b) in after
    assert all(contrast_with_white(colour) >= 4.5 for colour in after), after  # the figures are white on them


def test_recolouring_the_brand_recolours_the_print_series_within_300_percent_ink(books):
    before, after = (cmyk_fills(books["print", brand]) for brand in ("2022", "wine"))
    coloured = [{fill for fill in fills if any(fill[:3])} for fills in (before, after)]  # not a grey of K alone
    assert len(coloured[1]) >= 5 and not coloured[0] & coloured[1]
    assert (0, 0.9, 0.7, 0.3) in coloured[1]
    assert all(sum(fill) <= 3.0 for fill in after), max(after, key=sum)
