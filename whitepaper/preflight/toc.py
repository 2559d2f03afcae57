"""The 目录 and the bookmarks, read back from the PDF: each 目录 entry is a link whose text ends in a page
number; that number must be the folio printed on the page the link lands on, and the bookmarks must list
the same entries, in the same order, landing on the same pages."""

import re
from dataclasses import dataclass

from .reading import PdfUnderTest

FOLIO_BAND = 70  # points above the trim's bottom edge where the folio is printed
LEADER = re.compile(r"[\s.·…]*\d+$")  # the dot leader and page number after an entry's title


@dataclass(frozen=True)
class TocLink:
    text: str  # what the 目录 line says, e.g. "5.1 企业性质及社会责任开展情况 ....... 05"
    printed_number: str  # "05"
    target_page: int  # 1-based index of the page the heading is on
    target_folio: str  # the folio printed on that page

    @property
    def title(self) -> str:
        return LEADER.sub("", self.text)


def check_numbers(subject: PdfUnderTest) -> list[str]:
    links = read_toc_links(subject)
    if not links:
        return ["the 目录 has no working links to the headings, so its page numbers cannot be checked"]
    return [f"目录 entry 「{link.text}」 says page {link.printed_number}, but its heading is on page "
            f"{link.target_page}, whose folio reads 「{link.target_folio or 'nothing'}」"
            for link in links if link.printed_number != link.target_folio]


def check_outline(subject: PdfUnderTest) -> list[str]:
    bookmarks = [(" ".join(title.split()), page) for title, page in _bookmarks(subject)]
    entries = [(" ".join(link.title.split()), link.target_page) for link in read_toc_links(subject)]
    if not bookmarks:
        return ["the PDF has no bookmarks: readers cannot jump to a chapter from the side panel"]
    findings = []
    for index in range(max(len(bookmarks), len(entries))):
        bookmark = bookmarks[index] if index < len(bookmarks) else None
        entry = entries[index] if index < len(entries) else None
        if bookmark != entry:
            findings.append(f"bookmark {index + 1} is {_describe(bookmark)}, but the 目录 has {_describe(entry)}")
    return findings


def _describe(item) -> str:
    return "nothing" if item is None else f"「{item[0]}」 on page {item[1]}"


def _bookmarks(subject: PdfUnderTest):
    """(title, 1-based page) of every bookmark, depth first, as a reader sees them in the side panel."""

    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item.title, subject.reader.get_destination_page_number(item) + 1

    return list(walk(subject.reader.outline))


def read_toc_links(subject: PdfUnderTest) -> list[TocLink]:
    """Every internal link whose text ends in a page number: the 目录's entries."""
    reader, document = subject.reader, subject.document
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


def folio(document, index: int) -> str:
    page = document[index]
    left, bottom, right, _ = page.get_trimbox()
    text = page.get_textpage().get_text_bounded(left, bottom, right, bottom + FOLIO_BAND)
    return " ".join(text.split())
