"""What a print shop's RIP and every viewer draw is what the proof shows.

Our preflight reads PDFs with PDFium and pypdf, which forgave faults that Ghostscript, MuPDF, pdf.js, Acrobat
and RIPs do not (a CFF charset that does not map glyph N to CID N; black text blended through an ICC profile).
These tests read the files with those other readers: Ghostscript and MuPDF render every page, Ghostscript
separates the plates, qpdf checks the syntax.
"""

from pathlib import Path

import pytest

from broken_pdfs import blend_forms_through_the_profile
from fixture_books import fixture_project
from other_readers import (black_text_off_the_black_plate, differing_pages, ghostscript_pages, mupdf_pages,
                           pdfium_pages, qpdf_check, total_ink)
from whitepaper.editions import PRINT, SCREEN
from whitepaper.pipeline import Builder

READERS = Path(__file__).parent / "readers"
MAX_TOTAL_INK = 300  # percent: what a coated-paper press takes (FOGRA39 allows up to about 330)
CHART_PAGE = 5  # the fixture book: cover, 目录, 前言, 编委会, then its chapter with both charts


@pytest.fixture(scope="module")
def fixture_book(project, tmp_path_factory) -> dict[str, Path]:
    """Both editions of tests/readers/book."""
    book = READERS / "book"
    readers_project = fixture_project(project, tmp_path_factory.mktemp("readers"), book / "chapters",
                                      sorted((book / "charts").glob("*.yaml")))
    built = {}
    for edition in (PRINT, SCREEN):
        built[edition.name] = readers_project.root / edition.output_name
        Builder(readers_project, edition).build(built[edition.name])
    return built


@pytest.fixture(params=["fixture print", "fixture screen", "book print", "book screen"])
def pdf(request, fixture_book, built_pdf, built_screen_pdf) -> Path:
    """Each edition of the fixture book and of the real book."""
    book, edition = request.param.split()
    return fixture_book[edition] if book == "fixture" else {"print": built_pdf, "screen": built_screen_pdf}[edition]


def test_ghostscript_and_mupdf_draw_every_page_as_pdfium_does(pdf):
    reference = pdfium_pages(pdf)
    assert differing_pages(reference, ghostscript_pages(pdf)) == {}
    assert differing_pages(reference, mupdf_pages(pdf)) == {}


def test_qpdf_finds_nothing_wrong(pdf):
    assert qpdf_check(pdf) == ""


def test_the_old_fonts_are_caught_by_the_comparison():
    """The fonts as they were: PDFium draws the text, Ghostscript and MuPDF draw boxes or other characters."""
    old = READERS / "old-fonts.pdf"
    reference = pdfium_pages(old)
    assert {1, 3, 4, 5} <= set(differing_pages(reference, ghostscript_pages(old)))
    assert {1, 3, 4, 5} <= set(differing_pages(reference, mupdf_pages(old)))


def test_black_chart_text_prints_on_the_black_plate_alone(fixture_book):
    pdf = fixture_book["print"]
    assert black_text_off_the_black_plate(pdf, CHART_PAGE) == {"Cyan": 0, "Magenta": 0, "Yellow": 0}
    assert total_ink(pdf, CHART_PAGE) <= MAX_TOTAL_INK


def test_chart_text_blended_through_the_profile_is_caught(fixture_book, tmp_path):
    """What WeasyPrint wrote before: each centred or right-aligned chart label in a transparency group that
    blends in the output intent's ICC space. Ghostscript then separates the black text into four colours."""
    blended = tmp_path / "blended.pdf"
    blended.write_bytes(blend_forms_through_the_profile(fixture_book["print"].read_bytes()))
    found = black_text_off_the_black_plate(blended, CHART_PAGE)
    assert all(pixels > 0 for pixels in found.values()), found
