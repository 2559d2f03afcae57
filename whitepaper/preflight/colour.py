"""Colour for the press: the PDF/X-4 markers a print shop's preflight looks for, and colour spaces that
separate into the four process plates.

The colour check walks every content stream (pages, and the form XObjects they draw) with a fast reader of
operators (content.py), following the current fill colour, so it also sees text set in four-colour black.
"""

import re

from .content import operations
from .reading import PdfUnderTest, by_pages, page_list

PDFX_VERSION = "PDF/X-4"
MIN_PDF_VERSION = (1, 6)
RGB_OPERATORS = {b"rg": "fill", b"RG": "stroke"}
SET_SPACE = {b"cs": "fill", b"CS": "stroke"}
SET_COLOUR = {b"sc", b"scn"}
CMYK_FILL = b"k"
SHOW_TEXT = {b"Tj", b"TJ", b"'", b'"'}
RICH_BLACK = 0.9  # a K at least this high with any C, M or Y is four-colour black
COLOURS_FILE = "styles/colours.yaml"
DEVICE_COMPONENTS = {"/DeviceGray": 1, "/CalGray": 1, "/DeviceRGB": 3, "/CalRGB": 3, "/DeviceCMYK": 4}


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
    findings = []
    for number, page in enumerate(subject.reader.pages, start=1):
        group = page.get("/Group")
        if group is not None and _is_rgb(group.get_object().get("/CS")):
            findings.append((number, "the page's transparency group blends in RGB"))
        findings += [(number, message) for message in _walk(page.get_contents(), page.get("/Resources"), subject,
                                                              set())]
    return by_pages(findings)


def _walk(contents, resources, subject: PdfUnderTest, seen: set) -> list[str]:
    """Findings in one content stream and every form or image it draws."""
    if contents is None:
        return []
    resources = resources.get_object() if resources is not None else {}
    spaces = (resources.get("/ColorSpace") or {})
    findings = []
    fill = None  # the current fill colour as (space name, components), for the text-black rule
    fill_space = "/DeviceGray"
    for operands, operator in operations(contents, subject.reader):
        if operator in RGB_OPERATORS:
            findings.append(f"RGB {RGB_OPERATORS[operator]} colour {_numbers(operands)}: the print edition takes "
                            f"CMYK only; give every colour in {COLOURS_FILE}")
        elif operator in SET_SPACE:
            space = _resolve_space(operands[0], spaces)
            if _is_rgb(space):
                findings.append(f"RGB colour space {operands[0]} used to {SET_SPACE[operator]}: the print edition "
                                f"takes CMYK only; give every colour in {COLOURS_FILE}")
            if operator == b"cs":
                fill_space = "/DeviceCMYK" if _components(space) == 4 else str(operands[0])
        elif operator in SET_COLOUR:
            fill = (fill_space, [float(value) for value in operands if not isinstance(value, str)])
        elif operator == CMYK_FILL:
            fill = ("/DeviceCMYK", [float(value) for value in operands])
        elif operator in SHOW_TEXT and _is_rich_black(fill):
            findings.append(f"text in four-colour black {_numbers(fill[1])}: body text must be pure black "
                            f"(0 0 0 100 in {COLOURS_FILE})")
        elif operator == b"Do":
            findings += _xobject(resources, operands[0], subject, seen)
    return sorted(set(findings), key=findings.index)


def _xobject(resources, name, subject: PdfUnderTest, seen: set) -> list[str]:
    xobject = (resources.get("/XObject") or {}).get(name)
    if xobject is None:
        return []
    reference = xobject.indirect_reference
    if reference is not None:
        if reference.idnum in seen:
            return []
        seen.add(reference.idnum)
    xobject = xobject.get_object()
    if xobject.get("/Subtype") == "/Image":
        if _is_rgb(xobject.get("/ColorSpace")):
            return [f"an RGB picture ({name}): convert it to CMYK before placing it in the print edition"]
        return []
    return _walk(xobject, xobject.get("/Resources"), subject, seen)


def _resolve_space(name, spaces):
    return spaces.get(name, name) if isinstance(spaces, dict) else name


def _components(space) -> int | None:
    """How many components a colour space has (3 means RGB); None for one we do not judge, such as Lab."""
    space = space.get_object() if hasattr(space, "get_object") else space
    if isinstance(space, list) and space:
        family = space[0]
        if family == "/ICCBased":
            return int(space[1].get_object().get("/N", 0))
        if family in ("/Separation", "/DeviceN"):
            return _components(space[2])  # the alternate space: what the colour falls back to
        if family == "/Indexed":
            return _components(space[1])
        return DEVICE_COMPONENTS.get(family)  # [/CalRGB <<…>>] and the like
    return DEVICE_COMPONENTS.get(space)


def _is_rgb(space) -> bool:
    return space is not None and _components(space) == 3


def _is_rich_black(fill) -> bool:
    if fill is None or fill[0] != "/DeviceCMYK" or len(fill[1]) != 4:
        return False
    cyan, magenta, yellow, black = fill[1]
    return black >= RICH_BLACK and cyan + magenta + yellow > 0


def _numbers(values) -> str:
    return " ".join(f"{float(value):g}" for value in values if not isinstance(value, str))
