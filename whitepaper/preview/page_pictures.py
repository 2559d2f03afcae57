"""The preview's pages as JPEG pictures, drawn again only where a page changed.

After an edit most pages are as they were. Each page gets a key: a hash of everything it is drawn from (its
content streams, fonts, pictures and other resources, followed through the file), read straight from the
preview's uncompressed PDF. A page whose key is unchanged keeps its picture. A PDF that cannot be read that
way (compressed, from elsewhere) is simply drawn whole.

The keys err on the side of drawing: WeasyPrint gives all pages one resource dictionary, so whatever changes
a font or a chart (a character the book did not use before, a chart's data) draws every page again. Pages
are taken to inherit nothing from the page tree, as WeasyPrint writes them.
"""

import hashlib
import io
import re
from concurrent.futures import ThreadPoolExecutor

import pypdfium2

PAGE_SCALE = 1.25  # PDF points to pixels: about 90 dpi, a page 1050 pixels high
JPEG_QUALITY = 90  # JPEG, not PNG: six times faster to encode, and text stays crisp at this quality
ENCODERS = 2  # threads encoding pictures; Pillow lets go of Python's lock while it encodes

XREF_ENTRY = re.compile(rb"(\d{10}) \d{5} ([nf])")
OBJECT_HEADER = re.compile(rb"\d+ 0 obj\s*")
REFERENCE = re.compile(rb"(\d+) 0 R")
UPWARD = re.compile(rb"/(?:Parent|P) \d+ 0 R")  # back to the page tree or a page: not what a page is drawn from
PAGE = re.compile(rb"/Type\s*/Page\b")


class PagePictures:
    """Draws a PDF's pages, reusing the pictures of the previous PDF's unchanged pages."""

    def __init__(self):
        self._by_key: dict[bytes, bytes] = {}

    def draw(self, pdf: bytes) -> tuple[bytes, ...]:
        """PDFium draws the changed pages one by one in this thread (it must never run in two threads at once)
        while other threads encode them, which halves the time."""
        document = pypdfium2.PdfDocument(pdf)
        bitmaps = []  # closed here, not in an encoder thread: PDFium must only ever run in this one
        try:
            keys = page_keys(pdf) or [None] * len(document)
            with ThreadPoolExecutor(ENCODERS) as encoders:
                pictures = []
                for index, key in enumerate(keys):
                    if key in self._by_key:
                        pictures.append(self._by_key[key])
                    else:
                        bitmaps.append(_draw(document[index]))
                        pictures.append(encoders.submit(_jpeg, bitmaps[-1].to_pil()))
                pictures = [picture if isinstance(picture, bytes) else picture.result() for picture in pictures]
        finally:
            for bitmap in bitmaps:
                bitmap.close()
            document.close()
        self._by_key = {key: picture for key, picture in zip(keys, pictures) if key is not None}
        return tuple(pictures)


def page_keys(pdf: bytes) -> list[bytes] | None:
    """A key for each page, in page order, that changes whenever anything the page is drawn from changes; None
    for a PDF without a plain cross-reference table."""
    objects = _objects(pdf)
    if objects is None:
        return None
    pages = [number for number, body in objects.items() if PAGE.search(_dictionary(body))]
    order = _page_order(objects, pages)
    if not order:
        return None
    digests: dict[int, bytes] = {}
    try:
        return [_digest(number, objects, digests, frozenset(pages)) for number in order]
    except RecursionError:  # a cycle that does not pass through a page: not how WeasyPrint writes a PDF
        return None


def _objects(pdf: bytes) -> dict[int, bytes] | None:
    """Object number -> its bytes, cut out of the file at the offsets its cross-reference table gives."""
    try:
        start = int(pdf[pdf.rindex(b"startxref") + len(b"startxref"):].split()[0])
    except ValueError:
        return None
    if not pdf.startswith(b"xref", start):
        return None  # a cross-reference stream: objects may sit compressed inside object streams
    table = pdf[start:pdf.find(b"trailer", start)]
    if not re.match(rb"xref\s+0 \d+\s", table):
        return None  # more than one section: entries would not be numbered from 0
    offsets = {number: int(entry[1]) for number, entry in enumerate(XREF_ENTRY.finditer(table)) if entry[2] == b"n"}
    ends = sorted(offsets.values()) + [start]
    following = dict(zip(ends, ends[1:]))
    return {number: pdf[offset:following[offset]] for number, offset in offsets.items()}


def _dictionary(body: bytes) -> bytes:
    """An object's own words, without its stream's bytes."""
    return body.partition(b"stream\n")[0]


def _digest(number: int, objects: dict[int, bytes], digests: dict[int, bytes], pages: frozenset[int]) -> bytes:
    """A hash of the object and, in place of each reference, the hash of what it refers to. A reference to a
    page (a link's destination) stays as it is: another page is not part of how this one looks, and the page
    tree's only cycles run through pages."""
    if number not in digests:
        body = OBJECT_HEADER.sub(b"", objects.get(number, b""), count=1)
        words, separator, data = body.partition(b"stream\n")

        def referred(match: re.Match) -> bytes:
            target = int(match[1])
            return match[0] if target in pages else _digest(target, objects, digests, pages)

        words = REFERENCE.sub(referred, UPWARD.sub(b"", words))
        digests[number] = hashlib.blake2b(words + separator + data, digest_size=16).digest()
    return digests[number]


def _page_order(objects: dict[int, bytes], pages: list[int]) -> list[int] | None:
    """The pages in reading order: the /Kids of a page tree written flat, as WeasyPrint writes it."""
    for body in objects.values():
        words = _dictionary(body)
        if b"/Type /Pages" in words:
            kids = [int(number) for number in REFERENCE.findall(words.partition(b"/Kids")[2].partition(b"]")[0])]
            if sorted(kids) == sorted(pages):
                return kids
    return None


def _draw(page: pypdfium2.PdfPage) -> pypdfium2.PdfBitmap:
    """The page cut at the trim box as the reader will hold it (no bleed, no crop marks)."""
    left, bottom, right, top = page.get_mediabox()
    trim_left, trim_bottom, trim_right, trim_top = page.get_trimbox()
    crop = (trim_left - left, trim_bottom - bottom, right - trim_right, top - trim_top)
    return page.render(scale=PAGE_SCALE, crop=crop)


def _jpeg(image) -> bytes:
    picture = io.BytesIO()
    image.save(picture, format="JPEG", quality=JPEG_QUALITY)
    return picture.getvalue()
