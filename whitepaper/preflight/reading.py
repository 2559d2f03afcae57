"""The PDF under test, opened once with both PDF libraries the rules need.

pypdf reads the file's structure (boxes, dictionaries, content streams); pypdfium2 reads what a viewer shows
(text and where it sits). All rules share this one object.
"""

import io
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pypdf
import pypdfium2

from ..messages import listed, say
from .intake import UnreadablePdf



@dataclass
class PdfUnderTest:
    reader: pypdf.PdfReader
    document: pypdfium2.PdfDocument
    fonts_dir: Path
    _pages: dict = field(default_factory=dict)
    _text_pages: dict = field(default_factory=dict)
    _remembered: dict = field(default_factory=dict)

    def page(self, index: int):
        """pypdfium2's page (0-based), loaded once: several rules read the same pages, and each load parses it."""
        if index not in self._pages:
            self._pages[index] = self.document[index]
        return self._pages[index]

    def text_page(self, index: int):
        """The text layer of a page (0-based), made once."""
        if index not in self._text_pages:
            self._text_pages[index] = self.page(index).get_textpage()
        return self._text_pages[index]

    def remembered(self, key: str, make):
        """What `make()` returns, made once: several rules read the same structure."""
        if key not in self._remembered:
            self._remembered[key] = make()
        return self._remembered[key]

    @property
    def page_count(self) -> int:
        return len(self.document)

    @classmethod
    @contextmanager
    def open(cls, pdf: bytes, fonts_dir: Path):
        try:
            reader = pypdf.PdfReader(io.BytesIO(pdf))
            if reader.is_encrypted:
                raise pypdf.errors.DependencyError
            document = pypdfium2.PdfDocument(pdf)
        except pypdf.errors.DependencyError as error:  # what pypdf raises first on an AES-encrypted file
            raise UnreadablePdf(say("preflight.encrypted")) from error
        except (pypdfium2.PdfiumError, pypdf.errors.PdfReadError) as error:
            raise UnreadablePdf(say("preflight.incomplete", error=error)) from error
        try:
            yield cls(reader, document, fonts_dir)
        finally:
            document.close()

    @property
    def catalog(self):
        return self.reader.trailer["/Root"]

    @property
    def xmp(self) -> str:
        """The XMP metadata packet, where PDF/X and PDF/UA declare themselves ("" when there is none)."""
        metadata = self.catalog.get("/Metadata")
        return metadata.get_object().get_data().decode("utf-8", "replace") if metadata is not None else ""


def page_list(pages) -> str:
    """`page 3` or `pages 1, 2, 3, 4, 5 …` (第 1、2、3、4、5 等页): short enough for a terminal line."""
    pages = sorted(pages)
    shown = listed(pages[:5])
    if len(pages) > 5:
        return say("preflight.pages_and_more", pages=shown)
    return say("preflight.pages", pages=shown) if len(pages) > 1 else say("preflight.page", pages=shown)


def by_pages(findings) -> list[str]:
    """(page, message) pairs -> one line per message, naming every page it applies to."""
    pages: dict[str, set[int]] = defaultdict(set)
    for page, message in findings:
        pages[message].add(page)
    return [say("preflight.on_pages", pages=page_list(numbers), finding=message) for message, numbers in pages.items()]
