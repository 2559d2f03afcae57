"""Where each chart stands against the sentence that first cites it (「见表 5」): the layout pass that brings a chart
to that sentence's page, and the count the build reports.

A reader who meets 「见表 5」 looks for 表 5 on the same page; on the facing page of a spread it is still in
view, a page turn away it is not. The HTML gives each paragraph that first cites a chart an anchor; once the
book is laid out, the page of the mention and the page of the chart are compared, and a chart that stands later
than it must is moved, one change at a time, each kept only when the next layout shows it helped:
- pulled: set right after the citing paragraph, when the rest of that page holds it (editors often put a chart
  a few paragraphs further on);
- broken: the citation starts a new page, so that it and its chart share one, when the chart would otherwise
  stand a page turn away and the page left behind stays at least MIN_FILL full.
A chart is never put before the paragraph that cites it, so a screen reader meets it after the citation.
"""

import re
from dataclasses import dataclass, replace
from typing import Callable

from .messages import listed, say
from .model import Book, Chapter, Figure, Heading, Paragraph
from .progress import stage_column

MIN_FILL = 0.6  # of its text block, a page keeps when a citation moves on to the next page
MAX_TRIALS = 8  # layouts tried beyond the first: each lays the book out up to the chart it moves
INVISIBLE = re.compile(r"[\s\u200b\u2060\u00ad]")  # spaces, joiners and soft hyphens the typesetter puts in the text


def chart_mention(label: str) -> re.Pattern:
    """「表 5」 in the text, with the book's word for a chart (labels.table): group 1 is the number."""
    return re.compile(rf"{re.escape(label)}\s*(\d{{1,9}})")


def citation_anchors(book: Book) -> dict[int, tuple[Paragraph, str]]:
    """Chart number -> the paragraph that first cites it, and that paragraph's anchor."""
    mention = chart_mention(book.labels.table)
    cited: dict[int, tuple[Paragraph, str]] = {}
    for block in book.blocks():
        if isinstance(block, Paragraph):
            for number in (int(match[1]) for match in mention.finditer(block.text)):
                anchor = next((name for paragraph, name in cited.values() if paragraph is block), f"cites-{number}")
                cited.setdefault(number, (block, anchor))
    return cited


@dataclass(frozen=True)
class Placement:
    """What the layout changed so that charts stand by their citations."""
    pulled: tuple[int, ...] = ()  # charts set right after the paragraph that first cites them
    breaks: tuple[tuple[int, str], ...] = ()  # (chart, element id): a page starts there, before the citation

    @property
    def moved(self) -> list[int]:
        return sorted(set(self.pulled) | {chart for chart, _ in self.breaks})

    def css(self) -> str:
        return "".join(f'[id="{name}"] {{ break-before: page; }}\n' for _, name in self.breaks)

    def applied(self, book: Book) -> Book:
        """The book with the pulled charts right after their citing paragraph (in number order), when both
        stand in the same chapter or section; nothing else changes."""
        cited = citation_anchors(book)
        after: dict[int, list[Figure]] = {}
        for chart in sorted(self.pulled):
            figure = next((block for block in book.blocks() if isinstance(block, Figure) and block.chart.number == chart),
                          None)
            if figure is not None and chart in cited:
                after.setdefault(id(cited[chart][0]), []).append(figure)

        def reordered(blocks: tuple) -> tuple:
            here = {id(block) for block in blocks}
            moving = {id(figure) for paragraph, figures in after.items() if paragraph in here for figure in figures}
            result = []
            for block in blocks:
                if id(block) not in moving:
                    result.append(block)
                if id(block) in after:
                    result.extend(figure for figure in after[id(block)] if id(figure) in here)
            return tuple(result)

        def chapter(part: Chapter) -> Chapter:
            return replace(part, blocks=reordered(part.blocks),
                           sections=tuple(replace(section, blocks=reordered(section.blocks))
                                          for section in part.sections))

        return replace(book, chapters=tuple(map(chapter, book.chapters)),
                       appendices=tuple(map(chapter, book.appendices)))


@dataclass(frozen=True)
class Part:
    """The part of one element that stands on one page, in CSS px from the page's top edge."""
    page: int  # from 0
    top: float
    bottom: float
    text: str


class Layout:
    """Where the elements with an id stand in a laid-out document, and where each chart and its citation are.

    The document's pages are read as far as a question needs them (typeset.Typesetter.layout lays out no page
    before it is read): where a chart and its citation stand needs the pages up to both, so a trial layout is
    judged on the pages before and by the chart it moved. What `parts` and `text_block` hold stands on the pages
    read so far, and every element before a chart read whole once the chart's page is."""

    def __init__(self, book: Book, source):
        self.source = source  # a typeset.Typesetter.layout: its pages, made as they are read
        self.parts: dict[str, list[Part]] = {}
        self.text_block: list[tuple[float, float]] = []  # each page's (top, bottom)
        self._mention = chart_mention(book.labels.table)
        self._cited = citation_anchors(book)
        self._anchors = {chart.number: chart.anchor for chart in book.charts}
        self._book = book
        self._ended = False

    @property
    def document(self):
        """The complete WeasyPrint Document, every page laid out."""
        return self.source.complete()

    def completed(self) -> "Layout":
        """This layout with every page laid out, read afresh from the complete document (whose later passes may
        have remade pages of the first)."""
        self.source.complete()
        return Layout(self._book, self.source)

    def _read_page(self) -> bool:
        """Reads the next page; False when there is none."""
        number = len(self.text_block)
        box = None if self._ended else self.source.page(number)
        if box is None:
            self._ended = True
            return False
        self.text_block.append((box.content_box_y(), box.content_box_y() + box.height))
        self._read(box, None, number)
        return True

    def chart_page(self, chart: int) -> int | None:
        """The page where the chart starts, if it stands in the document."""
        anchor = self._anchors.get(chart)
        while anchor is not None and anchor not in self.parts and self._read_page():
            pass
        return self.parts[anchor][0].page if anchor in self.parts else None

    def cited_page(self, chart: int) -> int | None:
        """The page where the paragraph that first cites the chart mentions it."""
        if chart not in self._cited:
            return None
        _, anchor = self._cited[chart]
        read = 0
        text = ""
        while True:
            parts = self.parts.get(anchor, [])
            for part in parts[read:]:
                text += part.text
                if any(int(match[1]) == chart for match in self._mention.finditer(INVISIBLE.sub("", text))):
                    return part.page
            read = len(parts)
            if not self._read_page():
                break
        # the mention laid out in a way not foreseen: the paragraph's first page stands for it
        return parts[0].page if parts else None

    def _read(self, box, parent_element, page: int) -> None:
        element = getattr(box, "element", None)
        name = element.get("id") if element is not None and element is not parent_element else None
        if name:
            text = "".join(_texts(box)) if name.startswith("cites-") else ""
            self.parts.setdefault(name, []).append(Part(page, box.position_y, box.position_y + box.margin_height(),
                                                        text))
        for child in getattr(box, "children", None) or ():
            self._read(child, element, page)

    def standing(self, chart: int) -> int | None:
        """0: on the page of its citation; 1: on the facing page; 2: a page turn away; None: not cited."""
        cited, page = self.cited_page(chart), self.chart_page(chart)
        if cited is None or page is None:
            return None
        return 0 if cited == page else 1 if spread(cited) == spread(page) else 2

    def fill(self, page: int, y: float) -> float:
        """How much of the page's text block lies above y."""
        top, bottom = self.text_block[page]
        return (y - top) / (bottom - top)


def _texts(box):
    if hasattr(box, "text"):
        yield box.text
    for child in getattr(box, "children", None) or ():
        yield from _texts(child)


def spread(page: int) -> int:
    """The spread of a page counted from 0: the first page is a right-hand page on its own, then each even
    page faces the odd page after it (2|3, 4|5 … as printed page numbers)."""
    return (page + 1) // 2


def charts_away_from_citation(book: Book, layout: Layout, worst: int = 1) -> list[int]:
    """The charts that stand at least `worst` away from the sentence that first cites them (1: on another page,
    2: a page turn away), by number."""
    return [chart.number for chart in book.charts if (layout.standing(chart.number) or 0) >= worst]


def place_charts(book: Book, lay_out: Callable[[Placement], object]) -> tuple[Layout, Placement]:
    """Lays the book out, then moves charts towards their citations while a change helps and MAX_TRIALS allow.

    Each change moves only what follows the citation it serves, so the charts cited before it stay where they
    were; one change is tried at a time, in reading order, and kept when its chart then stands on the page of
    its citation and no chart cited earlier stands worse."""
    placement = Placement()
    layout = Layout(book, lay_out(placement))
    tried: set = set()
    for _ in range(MAX_TRIALS):
        change = _next_change(book, layout, placement, tried)
        if change is None:
            break
        chart, candidate = change
        trial = Layout(book, lay_out(candidate))
        if trial.standing(chart) == 0 and all((trial.standing(earlier) or 0) <= (layout.standing(earlier) or 0)
                                              for earlier in range(1, chart)):
            placement, layout = candidate, trial
        del trial  # the layout not kept is garbage before the next is made (see lay_out in pipeline.py)
    return layout.completed(), placement


def _next_change(book: Book, layout: Layout, placement: Placement, tried: set) -> tuple[int, Placement] | None:
    """The first chart, in reading order, that stands later than the rule allows and a change not yet tried
    may bring to its citation's page."""
    cited = citation_anchors(book)
    placed = placement.applied(book)
    for chart in book.charts:
        number = chart.number
        if not layout.standing(number) or layout.chart_page(number) < layout.cited_page(number):
            continue
        paragraph, anchor = cited[number]
        blocks, index = _container(placed, paragraph)
        if index < 0:
            continue  # cited in the preface, a quotation or a box: left where it stands
        if ("pull", number) not in tried and _fits_after(layout, blocks, index, chart, anchor, cited):
            tried.add(("pull", number))
            return number, replace(placement, pulled=placement.pulled + (number,))
        target = _page_start(placed, blocks, index, anchor)
        if layout.standing(number) == 2 and ("break", target) not in tried and _breakable(layout, target, chart):
            tried.add(("break", target))
            return number, replace(placement, breaks=placement.breaks + ((number, target),))
    return None


def _container(book: Book, paragraph: Paragraph) -> tuple[tuple, int]:
    """The blocks of the chapter or section that hold the paragraph, and its place among them."""
    for part in book.chapters + book.appendices:
        for blocks in (part.blocks, *(section.blocks for section in part.sections)):
            for index, block in enumerate(blocks):
                if block is paragraph:
                    return blocks, index
    return (), -1


def _fits_after(layout: Layout, blocks: tuple, index: int, chart, anchor: str, cited) -> bool:
    """Whether the chart stands further on in the same blocks than its citing paragraph and the charts it cites,
    and the rest of the page where the citation is holds it."""
    following = blocks[index + 1:]
    between = []
    for block in following:
        if isinstance(block, Figure) and block.chart.number == chart.number:
            break
        between.append(block)
    else:
        return False  # not in the same chapter or section
    if all(isinstance(block, Figure) and cited.get(block.chart.number, (None, None))[1] == anchor
           for block in between):
        return False  # already right after its citation
    page = layout.cited_page(chart.number)
    before = [anchor] + [block.chart.anchor for block in between
                         if isinstance(block, Figure) and cited.get(block.chart.number, (None, None))[1] == anchor
                         and block.chart.number < chart.number]
    ends = [part for name in before for part in layout.parts.get(name, [])]
    if not ends or max(part.page for part in ends) != page:
        return False
    end = max(part.bottom for part in ends if part.page == page)
    figure = layout.parts[chart.anchor][0]
    return layout.text_block[page][1] - end >= figure.bottom - figure.top


def _page_start(book: Book, blocks: tuple, index: int, anchor: str) -> str:
    """The element a new page would start at to carry the citing paragraph along: its section or subsection
    when the paragraph opens it, so that no heading is left alone at the foot of a page."""
    if index > 0:
        return blocks[index - 1].anchor if isinstance(blocks[index - 1], Heading) else anchor
    for part in book.chapters + book.appendices:
        if part.blocks is blocks:
            return part.anchor
        for section in part.sections:
            if section.blocks is blocks:
                return section.anchor
    return anchor


def _breakable(layout: Layout, target: str, chart) -> bool:
    """Whether a page started at `target` leaves its page at least MIN_FILL full, and the next page holds
    everything from `target` to the end of the chart."""
    parts = layout.parts.get(target)
    if not parts:
        return False
    start, figure = parts[0], layout.parts[chart.anchor][0]
    if start.page != layout.cited_page(chart.number) or figure.page != start.page + 1:
        return False
    (_, bottom), (next_top, next_bottom) = layout.text_block[start.page], layout.text_block[figure.page]
    return (layout.fill(start.page, start.top) >= MIN_FILL
            and (bottom - start.top) + (figure.bottom - next_top) <= next_bottom - next_top)


def placement_report(book: Book, layout: Layout, placement: Placement) -> str:
    """The build's line: how many charts stand a page turn away from their first citation, how many on the facing
    page, how many the layout moved, and which."""
    turned = charts_away_from_citation(book, layout, worst=2)
    facing = [number for number in charts_away_from_citation(book, layout) if number not in turned]

    def named(numbers) -> str:
        return listed(f"{book.labels.table} {number}" for number in numbers) or say("placement.no_charts")

    return stage_column("placement") + " " + say(
        "placement.charts", turned=len(turned), total=len(book.charts), turned_charts=named(turned),
        facing=len(facing), facing_charts=named(facing), moved=len(placement.moved), moved_charts=named(placement.moved))
