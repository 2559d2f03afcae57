"""Checks on the finished PDF itself, not on the HTML: what the print shop and the reader will get.

In: PDF bytes and the fonts folder. Out: a list of findings in plain words (empty when the PDF passes).
Each check reads the PDF back with a PDF library, so it also works on a PDF made elsewhere.
"""

import io
import re
from dataclasses import dataclass

import pypdf
import pypdfium2

from .fonts import bundled_fonts

A4 = (595.276, 841.890)  # points
SIZE_TOLERANCE = 0.5  # points
FOLIO_BAND = 70  # points from the bottom edge where the folio is printed
SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


@dataclass(frozen=True)
class EmbeddedFont:
    name: str  # without the subset tag
    embedded: bool
    pages: tuple[int, ...]  # 1-based


@dataclass(frozen=True)
class TocLink:
    text: str  # what the 目录 line says, e.g. "5.1 企业性质及社会责任开展情况 ....... 05"
    printed_number: str  # "05"
    target_page: int  # 1-based index of the page the heading is on
    target_folio: str  # the folio printed on that page


def check(pdf: bytes, fonts_dir) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    document = pypdfium2.PdfDocument(pdf)
    try:
        return (_check_page_sizes(reader) + _check_fonts(reader, fonts_dir) +
                _check_toc(toc_links(reader, document)))
    finally:
        document.close()


def _check_page_sizes(reader: pypdf.PdfReader) -> list[str]:
    findings = []
    for number, page in enumerate(reader.pages, start=1):
        box = page.trimbox  # equals the MediaBox when the PDF has no bleed
        size = (float(box.width), float(box.height))
        if any(abs(actual - wanted) > SIZE_TOLERANCE for actual, wanted in zip(size, A4)):
            findings.append(f"page {number} is {size[0]:.1f} x {size[1]:.1f} pt, not A4 (595.3 x 841.9 pt)")
    return findings


def embedded_fonts(reader: pypdf.PdfReader) -> list[EmbeddedFont]:
    found: dict[str, tuple[bool, set[int]]] = {}
    for number, page in enumerate(reader.pages, start=1):
        for font in _page_fonts(page.get("/Resources"), set()):
            name = SUBSET_TAG.sub("", str(font.get("/BaseFont", "(unnamed)")).lstrip("/"))
            embedded, pages = found.setdefault(name, (_is_embedded(font), set()))
            pages.add(number)
    return [EmbeddedFont(name, embedded, tuple(sorted(pages))) for name, (embedded, pages) in sorted(found.items())]


def _page_fonts(resources, seen: set):
    """Fonts of a page, including those used inside form XObjects (charts are drawn as such)."""
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


def _is_embedded(font) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _check_fonts(reader: pypdf.PdfReader, fonts_dir) -> list[str]:
    allowed = {font.pdf_name for font in bundled_fonts(fonts_dir)}
    findings = []
    for font in embedded_fonts(reader):
        pages = _page_list(font.pages)
        if font.name not in allowed:
            findings.append(f"font {font.name} ({pages}) is not one of the bundled fonts "
                            f"({', '.join(sorted(allowed))}): some text fell back to another font")
        if not font.embedded:
            findings.append(f"font {font.name} ({pages}) is not embedded: the print shop will reject the file")
    return findings


def _page_list(pages: tuple[int, ...]) -> str:
    shown = ", ".join(str(page) for page in pages[:5])
    return f"page{'s' if len(pages) > 1 else ''} {shown}{' …' if len(pages) > 5 else ''}"


def toc_links(reader: pypdf.PdfReader, document: pypdfium2.PdfDocument) -> list[TocLink]:
    """Every internal link whose text ends in a page number: the 目录's entries, read back from the PDF."""
    destinations = {name: reader.get_destination_page_number(destination)
                    for name, destination in reader.named_destinations.items()}
    links = []
    for index, page in enumerate(reader.pages):
        boxes: dict[str, tuple[float, float, float, float]] = {}  # one entry's text, leader and number together
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            target = annotation.get("/Dest")
            if annotation.get("/Subtype") == "/Link" and isinstance(target, str):
                boxes[target] = _union(boxes.get(target), [float(value) for value in annotation["/Rect"]])
        if not boxes:
            continue
        text_page = document[index].get_textpage()
        for target, box in boxes.items():
            text = " ".join(text_page.get_text_bounded(*box).split())
            number = re.search(r"(\d+)$", text)
            if number and target in destinations:
                target_index = destinations[target]
                links.append(TocLink(text, number.group(1), target_index + 1, folio(document, target_index)))
    return links


def _union(box, rect: list[float]) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) covering `box` and a PDF rectangle, whose corners may come in any order."""
    left, right = sorted(rect[0::2])
    bottom, top = sorted(rect[1::2])
    if box is None:
        return left, bottom, right, top
    return min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top)


def folio(document: pypdfium2.PdfDocument, index: int) -> str:
    page = document[index]
    text = page.get_textpage().get_text_bounded(0, 0, page.get_width(), FOLIO_BAND)
    return " ".join(text.split())


def _check_toc(links: list[TocLink]) -> list[str]:
    if not links:
        return ["the 目录 has no working links to the headings, so its page numbers cannot be checked"]
    return [f"目录 entry 「{link.text}」 says page {link.printed_number}, but its heading is on page "
            f"{link.target_page}, whose folio reads 「{link.target_folio or 'nothing'}」"
            for link in links if link.printed_number != link.target_folio]
