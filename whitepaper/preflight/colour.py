"""Colour for the press: the PDF/X-4 markers a print shop's preflight looks for, and colour spaces that
separate into the four process plates.

The colour check follows every content stream (pages, and the form XObjects they draw) in the walk it shares
with the font-codes rule (drawing.py), following the current fill colour, so it also sees text set in four-colour
black.
"""

import re

from . import drawing
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
        findings.append(f"the file is {subject.reader.pdf_header.lstrip('%')}; PDF/X-4 needs PDF 1.6 or later")
    intents = [intent.get_object() for intent in subject.catalog.get("/OutputIntents") or []]
    pdfx = [intent for intent in intents if intent.get("/S") == "/GTS_PDFX"]
    if not pdfx:
        findings.append("no PDF/X output intent: the print shop cannot tell which press and paper the colours are "
                        "for (styles/edition-print.css declares it with @color-profile device-cmyk)")
    else:
        profile = pdfx[0].get("/DestOutputProfile")
        if profile is None or profile.get_object().get("/N") != 4:
            findings.append("the PDF/X output intent has no CMYK ICC profile")
        if not str(pdfx[0].get("/RegistryName") or "").strip():
            findings.append(f"the output intent names no registered printing condition "
                            f"(OutputConditionIdentifier `{pdfx[0].get('/OutputConditionIdentifier')}`, no "
                            f"RegistryName): print-shop preflight looks for one such as FOGRA39 at "
                            f"http://www.color.org; name it in styles/print-condition.yaml")
    if "GTS_PDFXConformance" in subject.xmp:
        findings.append("the XMP metadata carries GTS_PDFXConformance, a PDF/X-1a and X-3 key that PDF/X-4 "
                        "does not use")
    if not subject.reader.trailer.get("/ID"):
        findings.append("the trailer has no /ID, which PDF/X requires to tell one file from another")
    if f"<pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>" not in subject.xmp:
        findings.append(f"the XMP metadata does not declare {PDFX_VERSION} (pdfxid:GTS_PDFXVersion)")
    if subject.reader.metadata is None or "/Trapped" not in subject.reader.metadata:
        findings.append("the document information has no /Trapped key, which PDF/X requires")
    annotated = [number for number, page in enumerate(subject.reader.pages, start=1) if page.get("/Annots")]
    if annotated:
        findings.append(f"annotations (links, notes) on {page_list(annotated)}: PDF/X allows none on the printed "
                        f"area; links belong in the screen edition")
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
            self._found(number, "the page's transparency group blends in RGB")

    def operation(self, stream: drawing.Stream, operands: list, operator: bytes) -> None:
        if not stream.first:
            return
        if operator in RGB_OPERATORS:
            self._found(stream.page, f"RGB {RGB_OPERATORS[operator]} colour {_numbers(operands)}: the print "
                                     f"edition takes CMYK only; give every colour in {COLOURS_FILE}")
        elif operator in SET_SPACE and is_rgb(resolve_space(operands[0], stream.resources.get("/ColorSpace") or {})):
            self._found(stream.page, f"RGB colour space {operands[0]} used to {SET_SPACE[operator]}: the print "
                                     f"edition takes CMYK only; give every colour in {COLOURS_FILE}")
        elif operator in SHOW_TEXT:
            for finding in _text_ink(stream.state.ink, stream.blending, stream.where):
                self._found(stream.page, finding)

    def image(self, stream: drawing.Stream, name: str, image, first: bool) -> None:
        if first and is_rgb(image.get("/ColorSpace")):
            self._found(stream.page, f"an RGB picture ({name}): convert it to CMYK before placing it in the print "
                                     f"edition")

    def _found(self, page: int, message: str) -> None:
        self.findings.append((page, message))


def _text_ink(ink: Ink, blending: str | None, where: str) -> list[str]:
    """What is wrong with the ink of text drawn now."""
    if _is_rich_black(ink):
        return [f"text in four-colour black {_numbers(ink.fill)}{where}: body text must be pure black "
                f"(0 0 0 100 in {COLOURS_FILE})"]
    if ink.black_only and blending is not None:
        return [f"black text{where} in a transparency group that blends in {blending}: a RIP converts it "
                f"through the profile into four-colour black; groups must blend in DeviceCMYK"]
    if ink.small_black_text and not ink.overprints:
        return [f"black text{where} knocks out: black text of {SMALL_TEXT_PT:g} pt or less must overprint "
                f"(OP true, OPM 1), or misregistration shows a white halo"]
    if ink.paper_white and ink.overprint:
        return [f"white text{where} is set to overprint: on press it vanishes"]
    return []


def _is_rich_black(ink: Ink) -> bool:
    if ink.fill_space != "/DeviceCMYK" or len(ink.fill) != 4:
        return False
    cyan, magenta, yellow, black = ink.fill
    return black >= RICH_BLACK and cyan + magenta + yellow > 0


def _numbers(values) -> str:
    return " ".join(f"{float(value):g}" for value in values if not isinstance(value, str))
