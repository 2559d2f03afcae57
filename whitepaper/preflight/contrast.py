"""Contrast in the screen edition (WCAG 2.2): text against what it is drawn on, 4.5:1, or 3:1 for large text
(18 pt, or 14 pt bold; §1.4.3); a chart's marks (bars, segments, legend keys) against what lies under them,
3:1 (§1.4.11). Segments of one bar, slices of a pie and bars of a group are parted by a line of the paper's
colour, so what a mark stands against is what lies under it other than another mark: the chart's ground.

Read from the finished page with pypdfium2: each text's fill colour and size, and the filled shapes drawn
before it; what lies under a piece is the last filled shape of one outline (not a border's frame) whose box
holds the piece's centre, or the white page. A mark is a filled shape inside a chart (marked content tagged Figure).
"""

import ctypes
import math
from dataclasses import dataclass

import pypdfium2.raw as pdfium

from ..messages import say
from .reading import PdfUnderTest, by_pages

TEXT_MINIMUM, LARGE_TEXT_MINIMUM, MARK_MINIMUM = 4.5, 3.0, 3.0
LARGE, LARGE_BOLD = 18.0, 14.0  # pt
PAGE = (255, 255, 255)


@dataclass(frozen=True)
class Shape:
    box: tuple[float, float, float, float]  # left, bottom, right, top
    colour: tuple[int, int, int]
    mark: bool = False  # a filled shape inside a chart

    def holds(self, x: float, y: float) -> bool:
        return self.box[0] <= x <= self.box[2] and self.box[1] <= y <= self.box[3]


def check(subject: PdfUnderTest) -> list[str]:
    findings = []
    for index in range(subject.page_count):
        findings += [(index + 1, message) for message in _page_findings(subject.page(index))]
    return by_pages(findings)


def _page_findings(page) -> list[str]:
    shapes: list[Shape] = []
    findings: list[str] = []
    top, top_scale = None, 1.0
    for item in page.get_objects(max_depth=15):
        if item.level == 0:
            top, top_scale = item, _scale(item)
        if item.type == pdfium.FPDF_PAGEOBJ_PATH and item.level == 0 and _filled(item.raw) and _one_area(item.raw):
            shape = Shape(item.get_bounds(), _fill(item.raw), _in_figure(item.raw))
            under = _under([other for other in shapes if not other.mark], shape.box)
            if shape.mark and shape.colour != under:
                ratio = contrast(shape.colour, under)
                if ratio < MARK_MINIMUM:
                    findings.append(say("preflight.mark_contrast", colour=_hex(shape.colour), under=_hex(under),
                                        ratio=f"{ratio:.2f}", minimum=f"{MARK_MINIMUM:g}"))
            shapes.append(shape)
        elif item.type == pdfium.FPDF_PAGEOBJ_TEXT:
            box = (top if item.level else item).get_bounds()
            colour, under = _fill(item.raw), _under(shapes, box)
            size = round(_font_size(item.raw) * _scale(item) * (top_scale if item.level else 1.0), 1)  # pt
            minimum = LARGE_TEXT_MINIMUM if size >= LARGE or (size >= LARGE_BOLD and _bold(item.raw)) else TEXT_MINIMUM
            ratio = contrast(colour, under)
            if ratio < minimum:
                findings.append(say("preflight.text_contrast", colour=_hex(colour), under=_hex(under),
                                    ratio=f"{ratio:.2f}", minimum=f"{minimum:g}"))
    return list(dict.fromkeys(findings))


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: tuple[int, int, int]) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(channel) for channel in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _under(shapes: list[Shape], box) -> tuple[int, int, int]:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return next((shape.colour for shape in reversed(shapes) if shape.holds(x, y) and shape.box != tuple(box)), PAGE)


def _filled(raw) -> bool:
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    return bool(pdfium.FPDFPath_GetDrawMode(raw, ctypes.byref(mode), ctypes.byref(stroke))) and mode.value != 0


def _one_area(raw) -> bool:
    """A shape of one outline (a rectangle, a bar), not a frame: a border is drawn as its box less the inside,
    and what lies inside the frame is not on the border's colour."""
    starts = sum(pdfium.FPDFPathSegment_GetType(pdfium.FPDFPath_GetPathSegment(raw, index)) == pdfium.FPDF_SEGMENT_MOVETO
                 for index in range(pdfium.FPDFPath_CountSegments(raw)))
    return starts <= 1


def _fill(raw) -> tuple[int, int, int]:
    channels = [ctypes.c_uint() for _ in range(4)]
    pdfium.FPDFPageObj_GetFillColor(raw, *(ctypes.byref(channel) for channel in channels))
    return tuple(channel.value for channel in channels[:3])


def _scale(item) -> float:
    a, b, c, d, _, _ = item.get_matrix().get()
    return math.sqrt(abs(a * d - b * c))


def _font_size(raw) -> float:
    size = ctypes.c_float()
    pdfium.FPDFTextObj_GetFontSize(raw, ctypes.byref(size))
    return size.value


def _bold(raw) -> bool:
    buffer = ctypes.create_string_buffer(200)
    pdfium.FPDFFont_GetBaseFontName(pdfium.FPDFTextObj_GetFont(raw), buffer, 200)
    return "Bold" in buffer.value.decode("latin-1")


def _in_figure(raw) -> bool:
    for number in range(pdfium.FPDFPageObj_CountMarks(raw)):
        length = ctypes.c_ulong()
        buffer = ctypes.create_string_buffer(64)
        pdfium.FPDFPageObjMark_GetName(pdfium.FPDFPageObj_GetMark(raw, number),
                                       ctypes.cast(buffer, ctypes.POINTER(pdfium.FPDF_WCHAR)), 64, ctypes.byref(length))
        if buffer.raw[:max(length.value - 2, 0)].decode("utf-16-le") == "Figure":
            return True
    return False


def _hex(colour: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{channel:02x}" for channel in colour)
