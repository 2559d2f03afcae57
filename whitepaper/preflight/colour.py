"""Colour for the press: the PDF/X-4 markers a print shop's preflight looks for, and colour spaces that
separate into the four process plates.

The colour check follows every content stream (pages, and the form XObjects they draw) in the walk it shares
with the font-codes rule (drawing.py), following the current fill colour, so it also sees text set in four-colour
black.
"""

import re

from . import drawing
from ..messages import say
from .drawing import is_rgb, resolve_space
from .graphics import SHOW_TEXT, SMALL_TEXT_PT, Ink
from .reading import PdfUnderTest, by_pages, page_list

PDFX_VERSION = "PDF/X-4"
MIN_PDF_VERSION = (1, 6)
RGB_OPERATORS = {b"rg": "fill", b"RG": "stroke"}
SET_SPACE = {b"cs": "fill", b"CS": "stroke"}
RICH_BLACK = 0.9  # a K at least this high with any C, M or Y is four-colour black
COLOURS_FILE = "styles/colours.yaml"


def check_pdfx(subject: PdfUnderTest) -> list[str]:
    findings = []
    header = re.match(r"%PDF-(\d)\.(\d)", subject.reader.pdf_header)
    if header is None or tuple(map(int, header.groups())) < MIN_PDF_VERSION:
        findings.append(say("preflight.pdf_version", version=subject.reader.pdf_header.lstrip("%")))
    intents = [intent.get_object() for intent in subject.catalog.get("/OutputIntents") or []]
    pdfx = [intent for intent in intents if intent.get("/S") == "/GTS_PDFX"]
    if not pdfx:
        findings.append(say("preflight.no_output_intent"))
    else:
        profile = pdfx[0].get("/DestOutputProfile")
        if profile is None or profile.get_object().get("/N") != 4:
            findings.append(say("preflight.no_cmyk_profile"))
        if not str(pdfx[0].get("/RegistryName") or "").strip():
            findings.append(say("preflight.no_registry_name", condition=pdfx[0].get("/OutputConditionIdentifier")))
    if "GTS_PDFXConformance" in subject.xmp:
        findings.append(say("preflight.pdfx_conformance_key"))
    if not subject.reader.trailer.get("/ID"):
        findings.append(say("preflight.no_file_id"))
    if f"<pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>" not in subject.xmp:
        findings.append(say("preflight.no_pdfx_version", version=PDFX_VERSION))
    if subject.reader.metadata is None or "/Trapped" not in subject.reader.metadata:
        findings.append(say("preflight.no_trapped_key"))
    annotated = [number for number, page in enumerate(subject.reader.pages, start=1) if page.get("/Annots")]
    if annotated:
        findings.append(say("preflight.annotations", pages=page_list(annotated)))
    return findings


def check_print_colours(subject: PdfUnderTest) -> list[str]:
    return by_pages(drawing.read(subject, PrintColours)[0].findings)


class PrintColours(drawing.Reader):
    """The colour rule's reading of the drawing: RGB wherever it is set, and the ink of every text drawn, in the
    state of the first place that draws it."""

    def __init__(self):
        self.findings: list[tuple[int, str]] = []

    def page(self, number: int, page) -> None:
        group = page.get("/Group")
        if group is not None and is_rgb(group.get_object().get("/CS")):
            self._found(number, say("preflight.page_group_rgb"))

    def operation(self, stream: drawing.Stream, operands: list, operator: bytes) -> None:
        if not stream.first:
            return
        if operator in RGB_OPERATORS:
            self._found(stream.page, say("preflight.rgb_colour", use=_use(RGB_OPERATORS[operator]),
                                         values=_numbers(operands), file=COLOURS_FILE))
        elif operator in SET_SPACE and is_rgb(resolve_space(operands[0], stream.resources.get("/ColorSpace") or {})):
            self._found(stream.page, say("preflight.rgb_space", space=operands[0], use=_use(SET_SPACE[operator]),
                                         file=COLOURS_FILE))
        elif operator in SHOW_TEXT:
            for finding in _text_ink(stream.state.ink, stream.blending, stream.where):
                self._found(stream.page, finding)

    def image(self, stream: drawing.Stream, name: str, image, first: bool) -> None:
        if first and is_rgb(image.get("/ColorSpace")):
            self._found(stream.page, say("preflight.rgb_picture", name=name))

    def _found(self, page: int, message: str) -> None:
        self.findings.append((page, message))


def _text_ink(ink: Ink, blending: str | None, where: str) -> list[str]:
    """What is wrong with the ink of text drawn now."""
    if _is_rich_black(ink):
        return [say("preflight.rich_black_text", values=_numbers(ink.fill), where=where, file=COLOURS_FILE)]
    if ink.black_only and blending is not None:
        return [say("preflight.black_text_blended", where=where, space=blending)]
    if ink.small_black_text and not ink.overprints:
        return [say("preflight.black_text_knocks_out", where=where, size=f"{SMALL_TEXT_PT:g}")]
    if ink.paper_white and ink.overprint:
        return [say("preflight.white_text_overprints", where=where)]
    return []


def _use(what: str) -> str:
    return say("preflight.fill") if what == "fill" else say("preflight.stroke")


def _is_rich_black(ink: Ink) -> bool:
    if ink.fill_space != "/DeviceCMYK" or len(ink.fill) != 4:
        return False
    cyan, magenta, yellow, black = ink.fill
    return black >= RICH_BLACK and cyan + magenta + yellow > 0


def _numbers(values) -> str:
    return " ".join(f"{float(value):g}" for value in values if not isinstance(value, str))
