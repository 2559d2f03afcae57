"""Colour for the press: the PDF/X-4 markers a print shop's preflight looks for, and colour spaces that
separate into the four process plates.

The colour check walks every content stream (pages, and the form XObjects they draw) with a fast reader of
operators (content.py), following the current fill colour, so it also sees text set in four-colour black.
"""

import re

from ..messages import say
from .content import operations
from .graphics import SHOW_TEXT, SMALL_TEXT_PT, GraphicsState, Ink
from .reading import PdfUnderTest, by_pages, page_list

PDFX_VERSION = "PDF/X-4"
MIN_PDF_VERSION = (1, 6)
RGB_OPERATORS = {b"rg": "fill", b"RG": "stroke"}
SET_SPACE = {b"cs": "fill", b"CS": "stroke"}
RICH_BLACK = 0.9  # a K at least this high with any C, M or Y is four-colour black
COLOURS_FILE = "styles/colours.yaml"
DEVICE_COMPONENTS = {"/DeviceGray": 1, "/CalGray": 1, "/DeviceRGB": 3, "/CalRGB": 3, "/DeviceCMYK": 4}


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
    findings = []
    for number, page in enumerate(subject.reader.pages, start=1):
        group = page.get("/Group")
        if group is not None and _is_rgb(group.get_object().get("/CS")):
            findings.append((number, say("preflight.page_group_rgb")))
        findings += [(number, message) for message in _walk(page.get_contents(), page.get("/Resources"), subject,
                                                              set(), Ink(), None, "")]
    return by_pages(findings)


def _walk(contents, resources, subject: PdfUnderTest, seen: set, ink: Ink, blending: str | None,
          where: str) -> list[str]:
    """Findings in one content stream and every form or image it draws. `ink` is the graphics state it starts
    in; `blending`, the colour space of the transparency group it is drawn in, if that is not DeviceCMYK."""
    if contents is None:
        return []
    resources = resources.get_object() if resources is not None else {}
    spaces = (resources.get("/ColorSpace") or {})
    states = (resources.get("/ExtGState") or {})
    state = GraphicsState(lambda name: _fill_space(_resolve_space(name, spaces)),
                          lambda name: _entries(states.get(name)), ink)
    findings = []
    for operands, operator in operations(contents, subject.reader):
        if operator in RGB_OPERATORS:
            findings.append(say("preflight.rgb_colour", use=_use(RGB_OPERATORS[operator]), values=_numbers(operands),
                                file=COLOURS_FILE))
        elif operator in SET_SPACE and _is_rgb(_resolve_space(operands[0], spaces)):
            findings.append(say("preflight.rgb_space", space=operands[0], use=_use(SET_SPACE[operator]),
                                file=COLOURS_FILE))
        elif operator in SHOW_TEXT:
            findings += _text_ink(state.ink, blending, where)
        elif operator == b"Do":
            findings += _xobject(resources, operands[0], subject, seen, state.ink, blending)
        state.apply(operands, operator)
    return sorted(set(findings), key=findings.index)


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


def _xobject(resources, name, subject: PdfUnderTest, seen: set, ink: Ink, blending: str | None) -> list[str]:
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
            return [say("preflight.rgb_picture", name=name)]
        return []
    group = (xobject.get("/Group") or {})
    if group.get("/S") == "/Transparency" and "/CS" in group:
        space = group["/CS"]
        blending = None if _family(space) == "/DeviceCMYK" else _space_name(space)
    matrix = [float(value) for value in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
    return _walk(xobject, xobject.get("/Resources"), subject, seen, ink.transformed(matrix), blending,
                 say("preflight.in_form"))


def _use(what: str) -> str:
    return say("preflight.fill") if what == "fill" else say("preflight.stroke")


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


def _is_rich_black(ink: Ink) -> bool:
    if ink.fill_space != "/DeviceCMYK" or len(ink.fill) != 4:
        return False
    cyan, magenta, yellow, black = ink.fill
    return black >= RICH_BLACK and cyan + magenta + yellow > 0


def _family(space) -> str:
    """A device space's name, or the family of an array space (/ICCBased, /Separation …)."""
    space = space.get_object() if hasattr(space, "get_object") else space
    if isinstance(space, list) and space:
        return str(space[0])
    return str(space)


def _fill_space(space) -> str:
    """As _family, with an ICC-based CMYK space counted as CMYK: four-colour black in it is still four-colour."""
    return "/DeviceCMYK" if _components(space) == 4 else _family(space)


def _space_name(space) -> str:
    space = space.get_object() if hasattr(space, "get_object") else space
    if isinstance(space, list) and space and space[0] == "/ICCBased":
        components = {1: "gray", 3: "RGB", 4: "CMYK"}.get(_components(space), "")
        return say("preflight.icc_space", components=components).replace("  ", " ")
    return _family(space).lstrip("/")


def _entries(state) -> dict:
    return {str(key).lstrip("/"): value for key, value in state.get_object().items()} if state is not None else {}


def _numbers(values) -> str:
    return " ".join(f"{float(value):g}" for value in values if not isinstance(value, str))
