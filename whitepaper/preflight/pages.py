"""Page boxes and the live area: where the print shop trims, how far colour runs past the trim, and that
nothing an eye must read sits so near the edge that trimming could cut it."""

import pypdfium2.raw as pdfium

from ..messages import say
from ..page_geometry import MM
from .reading import PdfUnderTest, by_pages

A4 = (595.276, 841.890)  # points
TOLERANCE = 0.5  # points
BLEED_MM = 3
LIVE_AREA_INSET_MM = 10
# A table's outer rule straddles the text block's edge, and PDFium's box of a ruled line reaches past it by about
# its width: up to 1 mm beyond the block is a rule, not a chart too wide.
TEXT_BLOCK_TOLERANCE = 1 * MM
READABLE_OBJECTS = [pdfium.FPDF_PAGEOBJ_TEXT, pdfium.FPDF_PAGEOBJ_IMAGE, pdfium.FPDF_PAGEOBJ_FORM]
DRAWINGS = [pdfium.FPDF_PAGEOBJ_PATH, pdfium.FPDF_PAGEOBJ_IMAGE, pdfium.FPDF_PAGEOBJ_FORM]


def check_print_boxes(subject: PdfUnderTest) -> list[str]:
    bleed = BLEED_MM * MM
    findings = []
    for number, page in enumerate(subject.reader.pages, start=1):
        trim, bleed_box, media = _box(page, "/TrimBox"), _box(page, "/BleedBox"), _box(page, "/MediaBox")
        if trim is None:
            findings.append((number, say("preflight.no_trim_box")))
            continue
        findings += [(number, message) for message in _a4(trim, "TrimBox")]
        if bleed_box is None or _same(bleed_box, trim):
            findings.append((number, say("preflight.no_bleed", mm=BLEED_MM)))
        elif not _same(bleed_box, _grown(trim, bleed)):
            widths = [abs(a - b) / MM for a, b in zip(bleed_box, trim)]
            findings.append((number, say("preflight.bleed_width", widths="/".join(f"{width:.1f}" for width in widths),
                                         mm=BLEED_MM)))
        elif not _contains(media, _grown(bleed_box, 1 * MM)):
            findings.append((number, say("preflight.no_room_for_marks")))
    return by_pages(findings)


def check_screen_boxes(subject: PdfUnderTest) -> list[str]:
    findings = []
    for number, page in enumerate(subject.reader.pages, start=1):
        media = _box(page, "/MediaBox")
        findings += [(number, message) for message in _a4(media, say("preflight.the_page"))]
        trim = _box(page, "/TrimBox")
        if trim is not None and not _same(trim, media):
            findings.append((number, say("preflight.screen_bleed")))
    return by_pages(findings)


def check_live_area(subject: PdfUnderTest) -> list[str]:
    """Text, images and charts must keep clear of the trim; backgrounds and rules may run into the bleed."""
    inset = LIVE_AREA_INSET_MM * MM
    findings = []
    for number in range(1, subject.page_count + 1):
        page = subject.page(number - 1)
        left, bottom, right, top = page.get_trimbox()
        for item in page.get_objects(filter=READABLE_OBJECTS, max_depth=1):
            x0, y0, x1, y1 = item.get_bounds()
            distance = min(x0 - left, y0 - bottom, right - x1, top - y1)
            if distance < inset:
                is_text = item.type == pdfium.FPDF_PAGEOBJ_TEXT
                what = say("preflight.text") if is_text else say("preflight.picture_or_chart")
                where = say("preflight.outside_page") if distance < 0 else say("preflight.from_trim",
                                                                                 mm=f"{distance / MM:.1f}")
                findings.append((number, say("preflight.outside_live_area", what=what, where=where,
                                             mm=LIVE_AREA_INSET_MM)))
    return by_pages(findings)


def check_text_block(subject: PdfUnderTest, page_margins: list[tuple[float, float, float, float]]) -> list[str]:
    """Charts and pictures stay inside the width of the text block `@page { margin }` leaves (each page's
    margins top, right, bottom, left, in points): one wider runs into the margin, out of line with the text. A
    chart is many drawings (bars, rules, figures); a band that runs to the trim (the cover's) is meant to. A
    page without margins (the cover, 版权页, 封底) is laid out by hand and has no text block."""
    findings = []
    for number, margins in enumerate(page_margins, start=1):
        if not any(margins):
            continue
        page = subject.page(number - 1)
        left, bottom, right, top = page.get_trimbox()
        block = left + margins[3], bottom + margins[2], right - margins[1], top - margins[0]
        drawn = [item.get_bounds() for item in page.get_objects(filter=DRAWINGS, max_depth=1)]
        over = max((max(block[0] - x0, x1 - block[2]) for x0, _, x1, _ in drawn
                    if x0 > left + TOLERANCE and x1 < right - TOLERANCE), default=0)  # else a band to the trim
        if over > TEXT_BLOCK_TOLERANCE:
            findings.append((number, say("preflight.outside_text_block", over=f"{over / MM:.1f}",
                                         width=f"{(block[2] - block[0]) / MM:.1f}")))
    return by_pages(findings)


def _box(page, name: str):
    box = page.get(name)
    if box is None:
        return None
    left, right = sorted(float(value) for value in box.get_object()[0::2])
    bottom, top = sorted(float(value) for value in box.get_object()[1::2])
    return left, bottom, right, top


def _a4(box, name: str) -> list[str]:
    """A4 upright, or turned sideways (a page a wide table asks for)."""
    size = (box[2] - box[0], box[3] - box[1])
    if any(abs(actual - wanted) > TOLERANCE for actual, wanted in zip(sorted(size), A4)):
        return [say("preflight.not_a4", box=name, width=f"{size[0]:.1f}", height=f"{size[1]:.1f}")]
    return []


def _grown(box, by: float):
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def _same(first, second) -> bool:
    return all(abs(a - b) <= TOLERANCE for a, b in zip(first, second))


def _contains(outer, inner) -> bool:
    return (outer[0] <= inner[0] + TOLERANCE and outer[1] <= inner[1] + TOLERANCE and
            outer[2] >= inner[2] - TOLERANCE and outer[3] >= inner[3] - TOLERANCE)
