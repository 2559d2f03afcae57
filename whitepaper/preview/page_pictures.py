"""The preview's pages as JPEG pictures, drawn again only where a page changed.

After an edit most pages are as they were. Each laid-out page has a key (layout_keys.py); a page whose key is
unchanged keeps its picture, and only the others are written to a PDF of their own and drawn, before the whole
book's PDF is written. The pictures belong to one set of stylesheets and fonts: the preview starts a new
PagePictures with each new Builder.
"""

import io
from concurrent.futures import ThreadPoolExecutor

import pypdfium2

PAGE_SCALE = 1.25  # PDF points to pixels: about 90 dpi, a page 1050 pixels high
JPEG_QUALITY = 90  # JPEG, not PNG: six times faster to encode, and text stays crisp at this quality
ENCODERS = 2  # threads encoding pictures; Pillow lets go of Python's lock while it encodes


class PagePictures:
    """The pictures of the last pages drawn, by their layout keys."""

    def __init__(self):
        self._by_key: dict[bytes, bytes] = {}

    def to_draw(self, keys: list[bytes]) -> list[int]:
        """The pages (from 0) whose key has no picture yet: the pages a PDF given to draw() must hold."""
        return [index for index, key in enumerate(keys) if key not in self._by_key]

    def draw(self, keys: list[bytes], pdf: bytes | None) -> tuple[bytes, ...]:
        """Every page's picture: for the pages to_draw(keys) names, drawn from the PDF, which holds just those
        pages in order (None when there are none); for the others, the pictures kept."""
        missing = self.to_draw(keys)
        drawn = dict(zip(missing, _pictures(pdf, len(missing)))) if missing else {}
        pictures = tuple(drawn[index] if index in drawn else self._by_key[key] for index, key in enumerate(keys))
        self._by_key = dict(zip(keys, pictures))
        return pictures


def _pictures(pdf: bytes, count: int) -> list[bytes]:
    """The PDF's pages as pictures. PDFium draws them one by one in this thread (it must never run in two threads
    at once) while other threads encode them, which halves the time."""
    document = pypdfium2.PdfDocument(pdf)
    bitmaps = []  # closed here, not in an encoder thread: PDFium must only ever run in this one
    try:
        assert len(document) == count  # the PDF holds the pages to draw, no more, no fewer
        with ThreadPoolExecutor(ENCODERS) as encoders:
            pictures = []
            for page in document:
                bitmaps.append(_draw(page))
                pictures.append(encoders.submit(_jpeg, bitmaps[-1].to_pil()))
            return [picture.result() for picture in pictures]
    finally:
        for bitmap in bitmaps:
            bitmap.close()
        document.close()


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
