"""The 目录, its links and the bookmarks, read back from the PDF.

A 目录 line is a title, a dot leader and a page number. The bookmarks say on which page each heading is, one
bookmark per 目录 line, in order; the number on the 目录 line must be the folio printed on that page. In the
screen edition each bookmark must read as its heading prints (a 目录 line may shorten a title: `toc_title`),
and each 目录 line must be a link to its heading's page. (The print edition has no links: PDF/X allows no
annotations on the printed area.)
"""

import re
from dataclasses import dataclass

from ..messages import say
from .reading import PdfUnderTest
from .structure import headings

FOLIO_BAND = 60  # points above the trim's bottom edge where the folio is printed (footnotes end 68 pt above it)
TOC_LINE = re.compile(r"^(?P<title>\S.*?)\s*[.·…]{4,}\s*(?P<number>\d+)$")  # a leader of dots makes a 目录 line


@dataclass(frozen=True)
class TocLine:
    title: str  # as printed, white space squeezed
    number: str  # the page number printed after the leader, e.g. "05"
    page: int  # 1-based page the 目录 line is on


@dataclass(frozen=True)
class Bookmark:
    title: str  # white space squeezed
    level: int  # 1 for a chapter, 2 for a section
    page: int  # 1-based page of the heading


def check_numbers(subject: PdfUnderTest) -> list[str]:
    lines, bookmarks = read_toc_lines(subject), read_bookmarks(subject)
    if not lines:
        return [say("preflight.no_toc")]
    if not bookmarks:
        return [say("preflight.no_bookmarks_for_toc")]
    findings = _count_findings(lines, bookmarks)
    for line, bookmark in zip(lines, bookmarks):
        page = bookmark.page
        printed = folio(subject, page - 1)
        if line.number != printed:
            findings.append(say("preflight.toc_number", title=line.title, number=line.number, page=page,
                                folio=_quoted(printed or None)))
    return findings


def check_outline(subject: PdfUnderTest) -> list[str]:
    bookmarks = read_bookmarks(subject)
    if not bookmarks:
        return [say("preflight.no_bookmarks")]
    findings = _count_findings(read_toc_lines(subject), bookmarks)
    printed = headings(subject)
    for index, bookmark in enumerate(bookmarks, start=1):
        on_page = printed.get(bookmark.page, [])
        if bookmark.title not in on_page:
            heading = next((title for title in on_page if _key(title) == _key(bookmark.title)),
                           on_page[0] if on_page else None)
            findings.append(say("preflight.bookmark_unlike_heading", index=index, title=bookmark.title,
                                page=bookmark.page, heading=_quoted(heading)))
    return findings


def _count_findings(lines: list[TocLine], bookmarks: list[Bookmark]) -> list[str]:
    """The 目录's lines and the bookmarks are paired in order, so their numbers must agree."""
    if len(lines) == len(bookmarks):
        return []
    return [say("preflight.toc_bookmark_count", entries=len(lines), bookmarks=len(bookmarks))]


def check_links(subject: PdfUnderTest) -> list[str]:
    """Each 目录 line is a link landing on the page of its heading."""
    links = read_links(subject)
    lines, bookmarks = read_toc_lines(subject), read_bookmarks(subject)
    findings = []
    for index, line in enumerate(lines):
        target = next((page for text, page in links if _key(text).startswith(_key(line.title))), None)
        heading = bookmarks[index].page if index < len(bookmarks) else None
        if target is None:
            findings.append(say("preflight.toc_not_linked", title=line.title))
        elif heading is not None and heading != target:
            findings.append(say("preflight.toc_link_target", title=line.title, target=target, heading=heading))
    return findings


def read_toc_lines(subject: PdfUnderTest) -> list[TocLine]:
    lines = []
    for index in range(subject.page_count):
        for text in subject.text_page(index).get_text_range().splitlines():
            match = TOC_LINE.match(" ".join(text.split()))
            if match:
                lines.append(TocLine(" ".join(match.group("title").split()), match.group("number"), index + 1))
    return lines


def read_bookmarks(subject: PdfUnderTest) -> list[Bookmark]:
    """Every bookmark, depth first, as a reader sees them in the side panel."""
    reader = subject.reader

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, level + 1)
            else:
                yield Bookmark(" ".join(item.title.split()), level, reader.get_destination_page_number(item) + 1)

    return list(walk(reader.outline, 1))


def read_links(subject: PdfUnderTest) -> list[tuple[str, int]]:
    """(text under the link, 1-based target page) of every internal link; one 目录 line may be several boxes."""
    reader = subject.reader
    destinations = {name: reader.get_destination_page_number(destination)
                    for name, destination in reader.named_destinations.items()}
    links = []
    for index, page in enumerate(reader.pages):
        boxes: dict[str, tuple[float, float, float, float]] = {}
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            target = annotation.get("/Dest")
            if annotation.get("/Subtype") == "/Link" and isinstance(target, str) and target in destinations:
                boxes[target] = _union(boxes.get(target), [float(value) for value in annotation["/Rect"]])
        links += [(" ".join(subject.text_page(index).get_text_bounded(*box).split()), destinations[target] + 1)
                  for target, box in boxes.items()]
    return links


def _union(box, rect: list[float]) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) covering `box` and a PDF rectangle, whose corners may come in any order."""
    left, right = sorted(rect[0::2])
    bottom, top = sorted(rect[1::2])
    if box is None:
        return left, bottom, right, top
    return min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top)


def folio(subject: PdfUnderTest, index: int) -> str:
    left, bottom, right, _ = subject.page(index).get_trimbox()
    text = subject.text_page(index).get_text_bounded(left, bottom, right, bottom + FOLIO_BAND)
    return " ".join(text.split())


def _key(title: str) -> str:
    """Titles compared without any white space: the 目录 sets the space of 「1 概述」 as a margin, not a character."""
    return "".join(title.split())


def _quoted(title: str | None) -> str:
    return say("preflight.nothing") if title is None else f"「{title}」"
