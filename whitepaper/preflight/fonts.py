"""Fonts: every font embedded and subset, only the bundled families, and no character that the fonts lack.

A character the fonts lack still reaches the PDF's text layer, but prints as a blank or a box: comparing the
text with the fonts' coverage finds it, whichever font WeasyPrint fell back to.
"""

import re
from dataclasses import dataclass

from ..fonts import bundled_fonts, covered_codepoints
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
            findings.append(f"font {font.name} ({pages}) is not one of the bundled fonts "
                            f"({', '.join(sorted(bundled))}): some text fell back to another font")
        if not font.embedded_bytes:
            findings.append(f"font {font.name} ({pages}) is not embedded: the print shop will reject the file")
        elif font.embedded_bytes > WHOLE_FONT_SHARE * bundled.get(font.name, float("inf")):
            findings.append(f"font {font.name} ({pages}) is embedded whole, not subset: the file is needlessly "
                            f"large and carries more of the font than its licence needs to travel")
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
    return [f"「{char}」 (U+{ord(char):04X}, {page_list(pages)}) is not in the bundled fonts, so it prints as a blank "
            f"or a box: add it to the fonts (fonts/README.md) or replace it in the content"
            for char, pages in missing.items()]
