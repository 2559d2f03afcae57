"""Pictures' resolution at the size they are printed: under 300 ppi a photograph looks soft on coated paper
(a warning), under 150 ppi it shows its pixels (a failure)."""

import pypdfium2.raw as pdfium

from ..messages import say
from .reading import PdfUnderTest, by_pages

GOOD_PPI = 300
LEAST_PPI = 150


def check_least(subject: PdfUnderTest) -> list[str]:
    return _under(subject, LEAST_PPI, say("preflight.shows_pixels"))


def check_good(subject: PdfUnderTest) -> list[str]:
    return _under(subject, GOOD_PPI, say("preflight.looks_soft"))


def _under(subject: PdfUnderTest, least: float, effect: str) -> list[str]:
    findings = []
    for number, width, height, ppi in subject.remembered("pictures", lambda: _pictures(subject)):
        if ppi < least:
            findings.append((number, say("preflight.low_resolution", width=width, height=height, ppi=f"{ppi:.0f}",
                                         effect=effect, wanted=round(width * GOOD_PPI / ppi), good=GOOD_PPI)))
    return by_pages(findings)


def _pictures(subject: PdfUnderTest) -> list[tuple[int, int, int, float]]:
    """(page, width, height, ppi as printed) of every picture, found once for both rules."""
    found = []
    for number in range(1, subject.page_count + 1):
        for image in subject.page(number - 1).get_objects(filter=[pdfium.FPDF_PAGEOBJ_IMAGE], max_depth=3):
            metadata = image.get_metadata()
            ppi = min(metadata.horizontal_dpi, metadata.vertical_dpi)
            found.append((number, metadata.width, metadata.height, ppi))
    return found
