"""Fonts: every font embedded and subset, only the bundled families, no character that the fonts lack, and
codes that every reader maps to the same glyph.

A character the fonts lack still reaches the PDF's text layer, but prints as a blank or a box: comparing the
text with the fonts' coverage finds it, whichever font WeasyPrint fell back to.
"""

import io
import re
from dataclasses import dataclass

from fontTools.cffLib import CFFFontSet
from fontTools.ttLib import TTFont

from ..fonts import bundled_fonts, covered_codepoints
from . import drawing
from ..messages import listed, say
from .graphics import SHOW_TEXT
from .reading import PdfUnderTest, page_list

SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
SOFT_LINE_END_HYPHEN = "\ufffe"  # how PDFium reads a `-` that ends a line (the glyph drawn is the `-`)
WHOLE_FONT_SHARE = 0.5  # an embedded program this large next to the bundled file is the whole font, not a subset


@dataclass(frozen=True)
class EmbeddedFont:
    name: str  # without the subset tag
    embedded_bytes: int  # size of the embedded font program, 0 when the font is not embedded
    pages: tuple[int, ...]  # 1-based


def check(subject: PdfUnderTest) -> list[str]:
    bundled = {font.pdf_name: font.path.stat().st_size for font in bundled_fonts(subject.fonts_dir)}
    findings = []
    for font in embedded_fonts(subject.reader):
        pages = page_list(font.pages)
        if font.name not in bundled:
            findings.append(say("preflight.font_not_bundled", font=font.name, pages=pages,
                                bundled=listed(sorted(bundled))))
        if not font.embedded_bytes:
            findings.append(say("preflight.font_not_embedded", font=font.name, pages=pages))
        elif font.embedded_bytes > WHOLE_FONT_SHARE * bundled.get(font.name, float("inf")):
            findings.append(say("preflight.font_not_subset", font=font.name, pages=pages))
    return findings + _missing_glyphs(subject)


def embedded_fonts(reader) -> list[EmbeddedFont]:
    found: dict[str, tuple[int, set[int]]] = {}
    for number, page in enumerate(reader.pages, start=1):
        for font in _page_fonts(page.get("/Resources"), set()):
            name = SUBSET_TAG.sub("", str(font.get("/BaseFont", "(unnamed)")).lstrip("/"))
            if name not in found:
                found[name] = (_embedded_bytes(font), set())
            found[name][1].add(number)
    return [EmbeddedFont(name, size, tuple(sorted(pages))) for name, (size, pages) in sorted(found.items())]


def _page_fonts(resources, seen: set):
    """Fonts of a page, including those used inside form XObjects (charts may be drawn as such)."""
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        reference = xobject.indirect_reference
        if reference is not None:
            if reference.idnum in seen:
                continue
            seen.add(reference.idnum)
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from _page_fonts(xobject.get("/Resources"), seen)


def _embedded_bytes(font) -> int:
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return 0
    descriptor = descriptor.get_object()
    program = next((descriptor[key] for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in descriptor), None)
    return len(program.get_object().get_data()) if program is not None else 0


def _missing_glyphs(subject: PdfUnderTest) -> list[str]:
    covered = covered_codepoints(subject.fonts_dir)
    missing: dict[str, set[int]] = {}
    for index in range(subject.page_count):
        for char in subject.text_page(index).get_text_range():
            if not char.isspace() and char != SOFT_LINE_END_HYPHEN and ord(char) not in covered:
                missing.setdefault(char, set()).add(index + 1)
    return [say("preflight.missing_glyph", char=char, code=f"U+{ord(char):04X}", pages=page_list(pages))
            for char, pages in missing.items()]


def check_codes(subject: PdfUnderTest) -> list[str]:
    """Every code drawn with a CID-keyed CFF font reaches, through the font's charset, the glyph the text was
    shaped with. Readers look a code up two ways: PDFium and poppler take it as the glyph's number; Ghostscript,
    MuPDF, pdf.js, Acrobat and RIPs take it as a CID and find the glyph through the CFF charset. The two agree
    only where the glyph numbered N has CID N; and the glyph found must be as wide as /W says."""
    used = drawing.read(subject, FontCodes)[0].used
    findings = []
    for font, codes, pages in used.values():
        problem = _code_problem(font, codes)
        if problem:
            name = SUBSET_TAG.sub("", str(font.get("/BaseFont", "(unnamed)")).lstrip("/"))
            findings.append(say("preflight.font_codes_differ", font=name, pages=page_list(pages), problem=problem))
    return findings


class FontCodes(drawing.Reader):
    """The font-codes rule's reading of the drawing: the codes drawn with each CID-keyed CFF font, and where."""

    def __init__(self):
        self.used: dict[int, tuple[object, set[int], set[int]]] = {}  # font object number -> (font, codes, pages)

    def operation(self, stream: drawing.Stream, operands: list, operator: bytes) -> None:
        if operator == b"Tf" and operands:
            reference = (stream.resources.get("/Font") or {}).get(operands[0])
            stream.font = reference if reference is not None and _is_cid_keyed_cff(reference.get_object()) else None
        elif operator in SHOW_TEXT and stream.font is not None:
            current = stream.font
            key = current.indirect_reference.idnum if current.indirect_reference else id(current)
            font, codes, pages = self.used.setdefault(key, (current.get_object(), set(), set()))
            pages.add(stream.page)
            for text in _strings(operands):
                codes.update(int.from_bytes(text[index:index + 2], "big") for index in range(0, len(text) - 1, 2))


def _strings(operands) -> list[bytes]:
    found = []
    for operand in operands:
        if isinstance(operand, bytes):
            found.append(operand)
        elif isinstance(operand, list):
            found += _strings(operand)
    return found


def _is_cid_keyed_cff(font) -> bool:
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
        return False
    descendant = font["/DescendantFonts"][0].get_object()
    descriptor = (descendant.get("/FontDescriptor") or {})
    return descendant.get("/Subtype") == "/CIDFontType0" and "/FontFile3" in descriptor.get_object()


def _code_problem(font, codes: set[int]) -> str | None:
    """What a reader that goes through the charset draws instead, in words; None when all is well."""
    descendant = font["/DescendantFonts"][0].get_object()
    program = descendant["/FontDescriptor"].get_object()["/FontFile3"].get_object()
    try:
        charset, widths = _charset_and_widths(program.get("/Subtype"), program.get_data())
    except Exception as error:  # fontTools raises many kinds on a damaged program  # noqa: BLE001
        return say("preflight.font_program_unreadable", error=type(error).__name__)
    if charset is None:
        return None  # not CID-keyed: the code is the glyph number for every reader
    glyph_of_cid = {cid: glyph for glyph, cid in enumerate(charset)}
    differing = sorted(code for code in codes if glyph_of_cid.get(code) != code)
    if differing:
        code = differing[0]
        by_cid = glyph_of_cid.get(code, ".notdef")
        return say("preflight.codes_other_glyph", differing=len(differing), codes=len(codes), code=code, by_cid=by_cid)
    pdf_widths = _pdf_widths(descendant)
    wrong_width = sorted(code for code in codes if widths is not None
                         and abs(widths[code] - pdf_widths.get(code, pdf_widths["default"])) > 1)
    if wrong_width:
        return say("preflight.codes_other_width", differing=len(wrong_width), codes=len(codes), code=wrong_width[0])
    return None


def _charset_and_widths(subtype, data: bytes) -> tuple[list[int] | None, list[float] | None]:
    """The CFF's CID of each glyph (None when the font is not CID-keyed), and each glyph's advance in
    thousandths of an em when the program carries its metrics (an OpenType program does)."""
    if subtype == "/OpenType":
        font = TTFont(io.BytesIO(data))
        cff = font["CFF "].cff
        units = font["head"].unitsPerEm
        advances = font["hmtx"].metrics if "hmtx" in font else None
    else:
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(data), None)
        advances = None
    top = cff.topDictIndex[0]
    if not hasattr(top, "ROS"):
        return None, None
    names = top.charset
    cids = [0 if name == ".notdef" else int(name[3:]) for name in names]
    widths = [advances[name][0] * 1000 / units for name in names] if advances is not None else None
    return cids, widths


def _pdf_widths(descendant) -> dict:
    """/W as {code: width}, with "default" for /DW."""
    widths: dict = {"default": float(descendant.get("/DW", 1000))}
    entries = list(descendant.get("/W") or [])
    index = 0
    while index < len(entries):
        first = int(entries[index])
        following = entries[index + 1]
        if isinstance(following, list):
            widths.update({first + offset: float(width) for offset, width in enumerate(following)})
            index += 2
        else:
            widths.update({code: float(entries[index + 2]) for code in range(first, int(following) + 1)})
            index += 3
    return widths
