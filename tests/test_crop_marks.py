"""The print edition's crop marks, as the print shop's RIP sees them: at each corner of the trim, outside the
bleed, on every printing plate (registration colour)."""

import pypdf
import pytest

from other_readers import PLATES, separations
from pdf_reading import MM

DPI = 72  # one pixel a point: the sheet's coordinates in pixels are its PDF coordinates
BLEED = 3 * MM
MARK_FROM, MARK_TO = 5 * MM, 10 * MM  # each mark runs from 5 to 10 mm outside the trim
PAGE = 2  # the 目录: nothing on it reaches the bleed


@pytest.fixture(scope="module")
def sheet(built_pdf):
    page = pypdf.PdfReader(built_pdf).pages[PAGE - 1]
    media, trim, bleed = (tuple(float(value) for value in page[box]) for box in ("/MediaBox", "/TrimBox",
                                                                                 "/BleedBox"))
    return media, trim, bleed, separations(built_pdf, PAGE, whole_sheet=True, dpi=DPI)


def test_the_marks_print_on_every_plate_alike(sheet):
    """Outside the bleed, each plate carries the same marks and nothing else."""
    media, _, bleed, plates = sheet
    inside_bleed = (round(bleed[0] - media[0]), round(media[3] - bleed[3]), round(bleed[2] - media[0]),
                    round(media[3] - bleed[1]))
    outside = {}
    for plate in PLATES:
        inked = plates[plate].point(lambda v: 255 if v > 128 else 0)
        inked.paste(0, inside_bleed)
        outside[plate] = inked
    assert outside["Black"].histogram()[255] > 100
    assert all(outside[plate].tobytes() == outside["Black"].tobytes() for plate in PLATES)


def test_each_corner_has_a_horizontal_and_a_vertical_mark_outside_the_bleed(sheet):
    media, trim, bleed, plates = sheet
    cyan = plates["Cyan"]  # only the marks put ink on cyan on this page
    left, bottom, right, top = trim

    def pixel(x: float, y: float) -> int:
        """The most ink within a pixel of the point (PDF coordinates; the picture's origin is its top left)."""
        column, row = round(x - media[0]), round(media[3] - y)
        return max(cyan.getpixel((column + dx, row + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1))

    for x, y, out_x, out_y in ((left, bottom, -1, -1), (right, bottom, 1, -1), (left, top, -1, 1),
                               (right, top, 1, 1)):
        along_x = [pixel(x + out_x * distance, y) for distance in (MARK_FROM + 1, (MARK_FROM + MARK_TO) / 2,
                                                                  MARK_TO - 1)]
        along_y = [pixel(x, y + out_y * distance) for distance in (MARK_FROM + 1, (MARK_FROM + MARK_TO) / 2,
                                                                  MARK_TO - 1)]
        assert min(along_x + along_y) > 128, (x, y)
        # Nothing of the mark inside the bleed, nor in the 2 mm kept clear outside it.
        assert max(pixel(x + out_x * distance, y) for distance in range(1, round(MARK_FROM) - 1)) == 0, (x, y)
        assert max(pixel(x, y + out_y * distance) for distance in range(1, round(MARK_FROM) - 1)) == 0, (x, y)
    assert bleed == pytest.approx((left - BLEED, bottom - BLEED, right + BLEED, top + BLEED), abs=0.01)


def test_the_marks_are_in_registration_colour(built_pdf):
    resources = pypdf.PdfReader(built_pdf).pages[0]["/Resources"]
    registration = resources["/ColorSpace"]["/Registration"].get_object()
    assert registration[0] == "/Separation" and registration[1] == "/All"
